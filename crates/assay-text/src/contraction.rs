//! Contraction expansion.
//!
//! Cues are written with full words ("do not", "i would"), while candidates
//! write "don't" and "I'd". A contracted word is split into parts, each with
//! the range of characters it came from so offsets stay exact.

use std::borrow::Cow;

/// One part of a possibly contracted word: the expanded word and the range of
/// characters (not bytes) of the original word it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    /// The expanded word, lower-case; borrowed from the input where possible.
    pub word: Cow<'a, str>,
    /// First character of the original word covered by this part.
    pub first_char: usize,
    /// One past the last character covered.
    pub end_char: usize,
}

/// The one or two parts of a word.
pub type Parts<'a> = (Part<'a>, Option<Part<'a>>);

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

/// Negative contractions often typed without the apostrophe, with the verb
/// each stands for. ("wont" and "cant" are left out: they are words too.)
const UNMARKED_NOT: &[(&str, &str)] = &[
    ("dont", "do"),
    ("doesnt", "does"),
    ("didnt", "did"),
    ("wouldnt", "would"),
    ("shouldnt", "should"),
    ("couldnt", "could"),
    ("isnt", "is"),
    ("arent", "are"),
    ("wasnt", "was"),
    ("werent", "were"),
    ("havent", "have"),
    ("hasnt", "has"),
    ("hadnt", "had"),
];

/// Whether [`expand`] may give `word` (folded, lower-case, apostrophes as
/// `'`) anything but itself, whole: false for nearly every word, which is
/// then not looked at again.
#[must_use]
pub fn may_expand(word: &str) -> bool {
    word.ends_with("nt") || word == "cannot" || word.bytes().any(|byte| byte == b'\'')
}

/// Expands `word` (folded, lower-case, apostrophes as `'`) into its parts.
/// Allocates only for rare words with an apostrophe that is not a known
/// contraction.
#[must_use]
pub fn expand(word: &str) -> Parts<'_> {
    let n = if word.is_ascii() { word.len() } else { word.chars().count() };
    if word == "cannot" {
        return (part("can", 0, 3), Some(part("not", 3, 6)));
    }
    if !word.contains('\'') {
        // Every unmarked negation ends in "nt": most words are not looked up.
        let unmarked = || UNMARKED_NOT.iter().find(|(w, _)| *w == word).map(|(_, b)| *b);
        if let Some(base) = word.ends_with("nt").then(unmarked).flatten() {
            // "dont", "wouldnt": a negation typed without its apostrophe.
            return split(base, n - 2, "not", n);
        }
        return (part(word, 0, n), None);
    }
    if let Some(base) = word.strip_suffix("n't") {
        let expanded = match base {
            "wo" => "will",
            "ca" => "can",
            "sha" => "shall",
            "ai" => "is",
            other => other,
        };
        return split(expanded, n - 3, "not", n);
    }
    for (suffix, expanded) in
        [("'ll", "will"), ("'ve", "have"), ("'re", "are"), ("'m", "am"), ("'d", "would")]
    {
        if let Some(base) = word.strip_suffix(suffix) {
            return split(base, base.chars().count(), expanded, n);
        }
    }
    if let Some(base) = word.strip_suffix("'s") {
        if base == "let" {
            return split(base, 3, "us", n);
        }
        if IS_BASES.contains(&base) {
            return split(base, base.chars().count(), "is", n);
        }
        // A possessive: the word is its base, spanning the whole original.
        return (Part { word: strip_apostrophes(base), first_char: 0, end_char: n }, None);
    }
    (Part { word: strip_apostrophes(word), first_char: 0, end_char: n }, None)
}

/// `base` over the first `base_chars` characters, then `expanded` over the
/// rest; a contraction with no base ("'d" alone) is just the expansion.
fn split<'a>(base: &'a str, base_chars: usize, expanded: &'a str, n: usize) -> Parts<'a> {
    let tail = part(expanded, base_chars, n);
    if base_chars == 0 {
        return (tail, None);
    }
    (Part { word: strip_apostrophes(base), first_char: 0, end_char: base_chars }, Some(tail))
}

fn strip_apostrophes(word: &str) -> Cow<'_, str> {
    if word.contains('\'') {
        Cow::Owned(word.chars().filter(|&c| c != '\'').collect())
    } else {
        Cow::Borrowed(word)
    }
}

fn part(word: &str, first_char: usize, end_char: usize) -> Part<'_> {
    Part { word: Cow::Borrowed(word), first_char, end_char }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(word: &str) -> Vec<String> {
        let (first, second) = expand(word);
        std::iter::once(first).chain(second).map(|p| p.word.into_owned()).collect()
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
    fn every_unmarked_negation_is_split() {
        for (word, base) in UNMARKED_NOT {
            assert_eq!(words(word), [*base, "not"], "{word}");
        }
        assert_eq!(words("want"), ["want"]);
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
    fn a_word_that_may_not_expand_is_its_one_part() {
        let words = ["listen", "wants", "peers", "café", "it", "canon", "they", "o", "xyz9"];
        for word in words {
            assert!(!may_expand(word), "{word}");
            let n = word.chars().count();
            assert_eq!(expand(word), (part(word, 0, n), None), "{word}");
        }
        for word in ["don't", "dont", "cannot", "i'd", "peer's", "o'clock"] {
            assert!(may_expand(word), "{word}");
            assert_ne!(expand(word), (part(word, 0, word.chars().count()), None), "{word}");
        }
    }

    #[test]
    fn parts_cover_the_original_characters() {
        let (base, not) = expand("won't");
        let not = not.unwrap();
        assert_eq!((base.first_char, base.end_char), (0, 2));
        assert_eq!((not.first_char, not.end_char), (2, 5));
        let (possessive, none) = expand("peer's");
        assert_eq!((possessive.first_char, possessive.end_char, none), (0, 6, None));
    }
}
