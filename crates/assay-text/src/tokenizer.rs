//! The first pass: words with their offsets, and the punctuation that
//! separates clauses and sentences.

use crate::normalize::{fold_char, is_long_dash, is_word_char};
use crate::Span;

/// What the tokenizer sees, in text order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A word: folded, lower-cased, apostrophes kept for contraction
    /// expansion. `char_offsets[i]` is the byte offset in the original text
    /// of the character that produced the word's `i`-th character, with one
    /// extra entry for the end of the word.
    Word {
        text: String,
        char_offsets: Vec<usize>,
    },
    /// Punctuation that ends a clause: `,` `;` `:` brackets, long dashes.
    ClauseBreak,
    /// The end of a sentence; `end` is the byte after its final punctuation.
    SentenceBreak { end: usize },
}

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &["dr", "mr", "mrs", "ms", "st", "vs", "etc"];

/// Splits `text` into pieces.
#[must_use]
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut word = WordBuilder::default();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (offset, raw) = chars[i];
        let c = fold_char(raw);
        if is_word_char(c) {
            word.push(offset, raw);
            i += 1;
            continue;
        }
        let next_is_word = chars
            .get(i + 1)
            .is_some_and(|&(_, n)| is_word_char(fold_char(n)));
        if c == '\'' && !word.is_empty() && next_is_word {
            // An apostrophe inside a word: a contraction or possessive.
            word.push(offset, c);
            i += 1;
            continue;
        }
        let last_word = word.finish(offset, &mut out);
        match c {
            ',' | ';' | ':' | '(' | ')' | '[' | ']' | '{' | '}' => out.push(Piece::ClauseBreak),
            '-' if is_long_dash(raw) || !next_is_word || last_word.is_none() => {
                out.push(Piece::ClauseBreak);
            }
            '.' | '!' | '?' | '\u{2026}' => {
                i = sentence_end(&chars, i, text.len(), last_word.as_deref(), &mut out);
                continue;
            }
            '\n' if paragraph_or_item_follows(&chars, i) => {
                out.push(Piece::SentenceBreak { end: offset });
            }
            _ => {}
        }
        i += 1;
    }
    word.finish(text.len(), &mut out);
    out
}

/// Handles a run of `.`, `!`, `?` starting at `i`; returns the index after
/// the run.
fn sentence_end(
    chars: &[(usize, char)],
    mut i: usize,
    text_len: usize,
    last_word: Option<&str>,
    out: &mut Vec<Piece>,
) -> usize {
    let first = fold_char(chars[i].1);
    let run_start = i;
    while i < chars.len() && matches!(fold_char(chars[i].1), '.' | '!' | '?' | '\u{2026}') {
        i += 1;
    }
    // A decimal point or a dotted abbreviation inside a word ("e.g"): no break.
    if i < chars.len() && is_word_char(fold_char(chars[i].1)) {
        return i;
    }
    // Closing quotes and brackets belong to the sentence they end.
    while i < chars.len() && matches!(fold_char(chars[i].1), '"' | '\'' | ')' | ']') {
        i += 1;
    }
    let end = chars.get(i).map_or(text_len, |&(o, _)| o);
    let single_stop = i - run_start == 1 && first == '.';
    let abbreviation = single_stop && last_word.is_some_and(|w| ABBREVIATIONS.contains(&w));
    let next = chars[i..]
        .iter()
        .map(|&(_, c)| c)
        .find(|c| !c.is_whitespace());
    let continues_lower = next.is_some_and(char::is_lowercase);
    if abbreviation || continues_lower {
        out.push(Piece::ClauseBreak);
    } else {
        out.push(Piece::SentenceBreak { end });
    }
    i
}

/// A newline ends a sentence when a blank line or a list item follows.
fn paragraph_or_item_follows(chars: &[(usize, char)], i: usize) -> bool {
    let mut j = i + 1;
    while j < chars.len() && chars[j].1 != '\n' && chars[j].1.is_whitespace() {
        j += 1;
    }
    match chars.get(j).map(|&(_, c)| fold_char(c)) {
        Some('\n' | '-' | '*' | '\u{2022}') => true,
        Some(c) if c.is_ascii_digit() => {
            chars[j..]
                .iter()
                .map(|&(_, c)| c)
                .find(|c| !c.is_ascii_digit())
                == Some('.')
        }
        _ => false,
    }
}

/// Accumulates the characters of one word.
#[derive(Default)]
struct WordBuilder {
    text: String,
    char_offsets: Vec<usize>,
}

impl WordBuilder {
    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn push(&mut self, offset: usize, raw: char) {
        let folded = fold_char(raw);
        for lower in folded.to_lowercase() {
            self.text.push(lower);
            self.char_offsets.push(offset);
        }
    }

    /// Emits the word, if any, ending at byte `end`; returns its text.
    fn finish(&mut self, end: usize, out: &mut Vec<Piece>) -> Option<String> {
        if self.text.is_empty() {
            return None;
        }
        let mut char_offsets = std::mem::take(&mut self.char_offsets);
        char_offsets.push(end);
        let text = std::mem::take(&mut self.text);
        out.push(Piece::Word {
            text: text.clone(),
            char_offsets,
        });
        Some(text)
    }
}

/// The byte span of characters `first..end` of a word.
#[must_use]
pub fn char_span(char_offsets: &[usize], first: usize, end: usize) -> Span {
    Span::new(char_offsets[first], char_offsets[end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(text: &str) -> Vec<String> {
        pieces(text)
            .into_iter()
            .map(|p| match p {
                Piece::Word { text, .. } => text,
                Piece::ClauseBreak => ",".to_owned(),
                Piece::SentenceBreak { .. } => ".".to_owned(),
            })
            .collect()
    }

    #[test]
    fn words_and_breaks() {
        assert_eq!(
            summary("Hi, I'm here. Okay?"),
            ["hi", ",", "i'm", "here", ".", "okay", "."]
        );
    }

    #[test]
    fn hyphen_splits_words_but_dash_breaks_clauses() {
        assert_eq!(summary("open-ended"), ["open", "ended"]);
        assert_eq!(
            summary("calm \u{2014} then act"),
            ["calm", ",", "then", "act"]
        );
        assert_eq!(summary("calm - then"), ["calm", ",", "then"]);
    }

    #[test]
    fn abbreviations_and_lower_case_continuations_do_not_end_sentences() {
        assert_eq!(summary("Dr. Lee came"), ["dr", ",", "lee", "came"]);
        assert_eq!(
            summary("tools, e.g. a plan"),
            ["tools", ",", "e", "g", ",", "a", "plan"]
        );
        assert_eq!(
            summary("It costs 2.50 now"),
            ["it", "costs", "2", "50", "now"]
        );
    }

    #[test]
    fn curly_apostrophe_is_part_of_the_word() {
        assert_eq!(summary("don\u{2019}t"), ["don't"]);
    }

    #[test]
    fn paragraphs_and_list_items_end_sentences() {
        assert_eq!(summary("one\n\ntwo"), ["one", ".", "two"]);
        assert_eq!(summary("one\n- two"), ["one", ".", ",", "two"]);
        assert_eq!(summary("one\ntwo"), ["one", "two"]);
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "Don\u{2019}t";
        let Piece::Word { char_offsets, .. } = &pieces(text)[0] else {
            panic!()
        };
        assert_eq!(char_offsets, &[0, 1, 2, 3, 6, 7]);
    }
}
