//! Contraction expansion.
//!
//! Cues are written with full words ("do not", "i would"), while candidates
//! write "don't" and "I'd". A contracted word is split into parts, each with
//! the range of characters it came from so offsets stay exact.

/// One part of a possibly contracted word: the expanded word and the range of
/// characters (not bytes) of the original word it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The expanded word, lower-case.
    pub word: String,
    /// First character of the original word covered by this part.
    pub first_char: usize,
    /// One past the last character covered.
    pub end_char: usize,
}

/// Words whose `'s` is "is" rather than a possessive.
const IS_BASES: &[&str] = &[
    "it",
    "that",
    "there",
    "here",
    "what",
    "who",
    "he",
    "she",
    "where",
    "how",
    "everyone",
    "someone",
    "everything",
    "something",
    "nobody",
    "this",
];

/// Expands `word` (folded, lower-case, apostrophes as `'`) into its parts.
#[must_use]
pub fn expand(word: &str) -> Vec<Part> {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    if word == "cannot" {
        return vec![part("can", 0, 3), part("not", 3, 6)];
    }
    if !word.contains('\'') {
        return vec![part(word, 0, n)];
    }
    if let Some(base) = word.strip_suffix("n't") {
        let base_chars = n - 3;
        let expanded = match base {
            "wo" => "will",
            "ca" => "can",
            "sha" => "shall",
            "ai" => "is",
            other => other,
        };
        let mut parts = Vec::with_capacity(2);
        if base_chars > 0 {
            parts.push(part(&strip_apostrophes(expanded), 0, base_chars));
        }
        parts.push(part("not", base_chars, n));
        return parts;
    }
    for (suffix, expanded) in [
        ("'ll", "will"),
        ("'ve", "have"),
        ("'re", "are"),
        ("'m", "am"),
        ("'d", "would"),
    ] {
        if let Some(base) = word.strip_suffix(suffix) {
            return split(base, expanded, n);
        }
    }
    if let Some(base) = word.strip_suffix("'s") {
        if base == "let" {
            return split(base, "us", n);
        }
        if IS_BASES.contains(&base) {
            return split(base, "is", n);
        }
        // A possessive: the word is its base, spanning the whole original.
        return vec![part(&strip_apostrophes(base), 0, n)];
    }
    vec![part(&strip_apostrophes(word), 0, n)]
}

fn split(base: &str, expanded: &str, n: usize) -> Vec<Part> {
    let base_chars = base.chars().count();
    let mut parts = Vec::with_capacity(2);
    if base_chars > 0 {
        parts.push(part(&strip_apostrophes(base), 0, base_chars));
    }
    parts.push(part(expanded, base_chars, n));
    parts
}

fn strip_apostrophes(word: &str) -> String {
    word.chars().filter(|&c| c != '\'').collect()
}

fn part(word: &str, first_char: usize, end_char: usize) -> Part {
    Part {
        word: word.to_owned(),
        first_char,
        end_char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(word: &str) -> Vec<String> {
        expand(word).into_iter().map(|p| p.word).collect()
    }

    #[test]
    fn negative_contractions() {
        assert_eq!(words("don't"), ["do", "not"]);
        assert_eq!(words("won't"), ["will", "not"]);
        assert_eq!(words("can't"), ["can", "not"]);
        assert_eq!(words("cannot"), ["can", "not"]);
        assert_eq!(words("wouldn't"), ["would", "not"]);
        assert_eq!(words("shan't"), ["shall", "not"]);
    }

    #[test]
    fn pronoun_contractions() {
        assert_eq!(words("i'd"), ["i", "would"]);
        assert_eq!(words("i'm"), ["i", "am"]);
        assert_eq!(words("we'll"), ["we", "will"]);
        assert_eq!(words("they're"), ["they", "are"]);
        assert_eq!(words("i've"), ["i", "have"]);
        assert_eq!(words("it's"), ["it", "is"]);
        assert_eq!(words("let's"), ["let", "us"]);
    }

    #[test]
    fn possessives_and_plain_words() {
        assert_eq!(words("peer's"), ["peer"]);
        assert_eq!(words("o'clock"), ["oclock"]);
        assert_eq!(words("listen"), ["listen"]);
    }

    #[test]
    fn parts_cover_the_original_characters() {
        let parts = expand("won't");
        assert_eq!((parts[0].first_char, parts[0].end_char), (0, 2));
        assert_eq!((parts[1].first_char, parts[1].end_char), (2, 5));
        let parts = expand("peer's");
        assert_eq!((parts[0].first_char, parts[0].end_char), (0, 6));
    }
}
