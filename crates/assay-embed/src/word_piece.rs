//! BERT's uncased tokenizer: basic words, then greedy longest-match word
//! pieces, as all-MiniLM-L6-v2 was trained with.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Longest word split into pieces; longer ones are unknown.
const MAX_WORD_CHARS: usize = 100;

/// The basic words of `text`: lower-cased, accents removed, split on white
/// space, and every punctuation mark or symbol a word of its own. Calls
/// `each` with each word, in order.
pub fn basic_words(text: &str, mut each: impl FnMut(&str)) {
    let mut word = String::new();
    if text.is_ascii() {
        // ASCII has nothing to decompose and no accents: the same words,
        // without the normalising iterators (most answers are ASCII).
        text.bytes()
            .for_each(|b| sort_char(char::from(b.to_ascii_lowercase()), &mut word, &mut each));
    } else {
        text.nfd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .for_each(|ch| sort_char(ch, &mut word, &mut each));
    }
    flush(&mut word, &mut each);
}

/// Adds a lower-cased character to the word being read, or ends it there:
/// at white space, or with the character as a word of its own.
fn sort_char(ch: char, word: &mut String, each: &mut impl FnMut(&str)) {
    if ch.is_whitespace() || ch.is_control() {
        flush(word, each);
    } else if ch.is_alphanumeric() {
        word.push(ch);
    } else {
        flush(word, each);
        let mut buf = [0u8; 4];
        each(ch.encode_utf8(&mut buf));
    }
}

fn flush(word: &mut String, each: &mut impl FnMut(&str)) {
    if !word.is_empty() {
        each(word);
        word.clear();
    }
}

/// Splits one basic word into vocabulary ids with `lookup` (which is given
/// the word's start, or a continuation piece prefixed `##`), calling `each`
/// with each id; a word that cannot be covered gives `unknown`.
pub fn word_pieces(
    word: &str,
    unknown: u32,
    lookup: impl Fn(&str) -> Option<u32>,
    mut each: impl FnMut(u32),
) {
    if word.chars().count() > MAX_WORD_CHARS {
        each(unknown);
        return;
    }
    if let Some(id) = lookup(word) {
        each(id);
        return;
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut piece = String::new();
    while start < word.len() {
        let mut end = word.len();
        let mut found = None;
        while start < end {
            piece.clear();
            if start > 0 {
                piece.push_str("##");
            }
            piece.push_str(&word[start..end]);
            if let Some(id) = lookup(&piece) {
                found = Some(id);
                break;
            }
            end = word[..end].char_indices().next_back().map_or(start, |(i, _)| i);
        }
        match found {
            Some(id) => pieces.push(id),
            None => {
                each(unknown);
                return;
            }
        }
        start = end;
    }
    pieces.into_iter().for_each(each);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        basic_words(text, |w| out.push(w.to_owned()));
        out
    }

    #[test]
    fn basic_words_lower_case_strip_accents_and_split_punctuation() {
        assert_eq!(
            words("I don't  know, Résumé!"),
            ["i", "don", "'", "t", "know", ",", "resume", "!"]
        );
    }

    #[test]
    fn ascii_text_splits_as_the_unicode_path_would() {
        let text = "Tabs\there, CAPS-lock (50%) & \"quotes\"\u{7f}end\r\n";
        let mut unicode = Vec::new();
        let decomposed: String = text.nfd().filter(|c| !is_combining_mark(*c)).collect();
        // The same text with one non-ASCII character added at the end takes
        // the Unicode path; its words are the ASCII path's plus that one.
        basic_words(&format!("{decomposed} é"), |w| unicode.push(w.to_owned()));
        assert_eq!(unicode.pop().as_deref(), Some("e"));
        assert_eq!(words(text), unicode);
    }

    #[test]
    fn word_pieces_take_the_longest_known_prefix_first() {
        let vocab = ["un", "##aff", "##able", "unaff", "[UNK]"];
        let lookup = |p: &str| vocab.iter().position(|v| *v == p).map(|i| i as u32);
        let mut ids = Vec::new();
        word_pieces("unaffable", 4, lookup, |i| ids.push(i));
        assert_eq!(ids, [3, 2]);
        ids.clear();
        word_pieces("xyz", 4, lookup, |i| ids.push(i));
        assert_eq!(ids, [4]);
    }
}
