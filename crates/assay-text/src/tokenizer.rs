//! The first pass: words with their offsets, and the punctuation that
//! separates clauses and sentences.

use crate::normalize::{fold_char, is_long_dash, is_word_char};
use crate::Span;

/// What the tokenizer sees, in text order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A word: folded, lower-cased, apostrophes kept for contraction
    /// expansion, and where its characters came from. Both borrow the text
    /// or a buffer that is reused for the next word.
    Word { text: &'a str, offsets: CharOffsets<'a> },
    /// Punctuation that ends a clause: `,` `;` `:` brackets, long dashes.
    ClauseBreak,
    /// The end of a sentence; `end` is the byte after its final punctuation.
    SentenceBreak { end: usize },
    /// A question mark ending a sentence or clause (the first of a run such
    /// as `?!`), at these bytes. It comes just before the break it makes.
    QuestionMark { span: Span },
}

/// Where the characters of a [`Piece::Word`] came from in the original
/// text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharOffsets<'a> {
    /// The word is the original text as it stands, `chars` ASCII
    /// characters from byte `start`: most words.
    Verbatim { start: usize, chars: usize },
    /// `table[i]` is the byte offset of the character that produced the
    /// word's `i`-th character, with one extra entry for the end of the
    /// word.
    Table(&'a [usize]),
}

impl CharOffsets<'_> {
    /// How many characters the word has.
    pub fn chars(&self) -> usize {
        match self {
            CharOffsets::Verbatim { chars, .. } => *chars,
            CharOffsets::Table(table) => table.len() - 1,
        }
    }

    /// The byte span of the word's characters `first..end`.
    pub fn span(&self, first: usize, end: usize) -> Span {
        match self {
            CharOffsets::Verbatim { start, .. } => Span::new(start + first, start + end),
            CharOffsets::Table(table) => Span::new(table[first], table[end]),
        }
    }
}

/// In [`ASCII_WORD_BYTES`], an upper-case letter.
const UPPER_CASE: u8 = 2;

/// For each byte, what it is in a run of ASCII letters and digits: 1 for a
/// lower-case letter or a digit, [`UPPER_CASE`], or 0 for any other byte,
/// which ends the run. One table look-up a byte, where two tests would be.
const ASCII_WORD_BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = if b.is_ascii_uppercase() {
            UPPER_CASE
        } else if b.is_ascii_alphanumeric() {
            1
        } else {
            0
        };
        byte += 1;
    }
    table
};

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &["dr", "mr", "mrs", "ms", "st", "vs", "etc"];

/// Calls `emit` with each piece of `text`, in order, without allocating
/// per word.
pub fn scan(text: &str, mut emit: impl FnMut(Piece<'_>)) {
    let mut word = WordBuilder::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Fast paths for the common cases, with the same outcome as the
        // general path below: ASCII letters and digits, and plain spaces.
        match bytes[i] {
            b if ASCII_WORD_BYTES[usize::from(b)] != 0 => {
                // The whole run of ASCII letters and digits at once, noting
                // whether any is upper case.
                let mut end = i;
                let mut kinds = 0;
                while let Some(&byte) = bytes.get(end) {
                    let kind = ASCII_WORD_BYTES[usize::from(byte)];
                    if kind == 0 {
                        break;
                    }
                    kinds |= kind;
                    end += 1;
                }
                // A whole word in lower case before a space or the end, as
                // most are: the text itself, with nothing copied.
                if word.is_empty()
                    && bytes.get(end).is_none_or(|&next| next == b' ')
                    && kinds & UPPER_CASE == 0
                {
                    let offsets = CharOffsets::Verbatim { start: i, chars: end - i };
                    emit(Piece::Word { text: &text[i..end], offsets });
                } else {
                    word.push_ascii_run(i, &text[i..end]);
                }
                i = end;
                continue;
            }
            b' ' => {
                word.finish(i, &mut emit);
                i += 1;
                continue;
            }
            _ => {}
        }
        let Some(raw) = text[i..].chars().next() else { break };
        let next_i = i + raw.len_utf8();
        let c = fold_char(raw);
        if is_word_char(c) {
            word.push(i, raw);
            i = next_i;
            continue;
        }
        let next_is_word =
            text[next_i..].chars().next().is_some_and(|n| is_word_char(fold_char(n)));
        if c == '\'' && !word.is_empty() && next_is_word {
            // An apostrophe inside a word: a contraction or possessive.
            word.push(i, c);
            i = next_i;
            continue;
        }
        let last_word = word.finish(i, &mut emit);
        match c {
            ',' | ';' | ':' | '(' | ')' | '[' | ']' | '{' | '}' => emit(Piece::ClauseBreak),
            '-' if is_long_dash(raw) || !next_is_word || last_word == LastWord::None => {
                emit(Piece::ClauseBreak);
            }
            '.' | '!' | '?' | '\u{2026}' => {
                i = sentence_end(text, i, last_word, &mut emit);
                continue;
            }
            '\n' if paragraph_or_item_follows(&text[next_i..]) => {
                emit(Piece::SentenceBreak { end: i });
            }
            _ => {}
        }
        i = next_i;
    }
    word.finish(text.len(), &mut emit);
}

/// Whether a word ended just before the current character, and whether it
/// was an abbreviation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LastWord {
    None,
    Word,
    Abbreviation,
}

fn is_stop(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '\u{2026}')
}

/// Handles a run of `.`, `!`, `?` starting at byte `i`; returns the byte
/// after the run.
fn sentence_end(
    text: &str,
    i: usize,
    last_word: LastWord,
    emit: &mut impl FnMut(Piece<'_>),
) -> usize {
    let run: usize =
        text[i..].chars().take_while(|&c| is_stop(fold_char(c))).map(char::len_utf8).sum();
    let single_stop = run == 1 && text.as_bytes()[i] == b'.';
    let mut j = i + run;
    // A decimal point or a dotted abbreviation inside a word ("e.g"): no break.
    if text[j..].chars().next().is_some_and(|c| is_word_char(fold_char(c))) {
        return j;
    }
    // Closing quotes and brackets belong to the sentence they end.
    j += text[j..]
        .chars()
        .take_while(|&c| matches!(fold_char(c), '"' | '\'' | ')' | ']'))
        .map(char::len_utf8)
        .sum::<usize>();
    if let Some((at, mark)) = text[i..i + run].char_indices().find(|&(_, c)| fold_char(c) == '?') {
        emit(Piece::QuestionMark { span: Span::new(i + at, i + at + mark.len_utf8()) });
    }
    let abbreviation = single_stop && last_word == LastWord::Abbreviation;
    let continues_lower =
        text[j..].chars().find(|c| !c.is_whitespace()).is_some_and(char::is_lowercase);
    if abbreviation || continues_lower {
        emit(Piece::ClauseBreak);
    } else {
        emit(Piece::SentenceBreak { end: j });
    }
    j
}

/// Whether the text after a newline starts a paragraph or a list item.
fn paragraph_or_item_follows(rest: &str) -> bool {
    let line = rest.trim_start_matches(|c: char| c != '\n' && c.is_whitespace());
    match line.chars().next().map(fold_char) {
        Some('\n' | '-' | '*' | '\u{2022}') => true,
        Some(c) if c.is_ascii_digit() => line.chars().find(|c| !c.is_ascii_digit()) == Some('.'),
        _ => false,
    }
}

/// Accumulates the characters of one word in buffers reused across words.
#[derive(Default)]
struct WordBuilder {
    text: String,
    char_offsets: Vec<usize>,
}

impl WordBuilder {
    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Adds `run`, ASCII letters and digits starting at byte `offset`.
    fn push_ascii_run(&mut self, offset: usize, run: &str) {
        let start = self.text.len();
        self.text.push_str(run);
        self.text[start..].make_ascii_lowercase();
        self.char_offsets.extend(offset..offset + run.len());
    }

    fn push(&mut self, offset: usize, raw: char) {
        if raw.is_ascii() {
            self.text.push(raw.to_ascii_lowercase());
            self.char_offsets.push(offset);
            return;
        }
        for lower in fold_char(raw).to_lowercase() {
            self.text.push(lower);
            self.char_offsets.push(offset);
        }
    }

    /// Emits the word, if any, ending at byte `end`.
    fn finish(&mut self, end: usize, emit: &mut impl FnMut(Piece<'_>)) -> LastWord {
        if self.text.is_empty() {
            return LastWord::None;
        }
        self.char_offsets.push(end);
        emit(Piece::Word { text: &self.text, offsets: CharOffsets::Table(&self.char_offsets) });
        let last = if ABBREVIATIONS.contains(&self.text.as_str()) {
            LastWord::Abbreviation
        } else {
            LastWord::Word
        };
        self.text.clear();
        self.char_offsets.clear();
        last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        scan(text, |piece| {
            out.push(match piece {
                Piece::Word { text, .. } => text.to_owned(),
                Piece::ClauseBreak => ",".to_owned(),
                Piece::SentenceBreak { .. } => ".".to_owned(),
                Piece::QuestionMark { .. } => "?".to_owned(),
            });
        });
        out
    }

    #[test]
    fn words_and_breaks() {
        assert_eq!(
            summary("Hi, I'm here. Okay?"),
            ["hi", ",", "i'm", "here", ".", "okay", "?", "."]
        );
        assert_eq!(summary("Really?! yes"), ["really", "?", ",", "yes"]);
    }

    #[test]
    fn hyphen_splits_words_but_dash_breaks_clauses() {
        assert_eq!(summary("open-ended"), ["open", "ended"]);
        assert_eq!(summary("calm \u{2014} then act"), ["calm", ",", "then", "act"]);
        assert_eq!(summary("calm - then"), ["calm", ",", "then"]);
    }

    #[test]
    fn abbreviations_and_lower_case_continuations_do_not_end_sentences() {
        assert_eq!(summary("Dr. Lee came"), ["dr", ",", "lee", "came"]);
        assert_eq!(summary("tools, e.g. a plan"), ["tools", ",", "e", "g", ",", "a", "plan"]);
        assert_eq!(summary("It costs 2.50 now"), ["it", "costs", "2", "50", "now"]);
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
        let mut offsets = Vec::new();
        scan("Don\u{2019}t", |piece| {
            if let Piece::Word { offsets: word, .. } = piece {
                offsets.extend((0..=word.chars()).map(|c| word.span(c, c).start));
            }
        });
        assert_eq!(offsets, [0, 1, 2, 3, 6, 7]);
    }

    /// Each word with the span of every character, as the analyzer reads
    /// them.
    fn words_and_char_spans(text: &str) -> Vec<(String, Vec<Span>)> {
        let mut words = Vec::new();
        scan(text, |piece| {
            if let Piece::Word { text, offsets } = piece {
                let spans = (0..offsets.chars()).map(|c| offsets.span(c, c + 1)).collect();
                words.push((text.to_owned(), spans));
            }
        });
        words
    }

    #[test]
    fn a_word_taken_as_it_stands_reads_like_one_built_up() {
        // "listen" is taken from the text as it stands (lower case, then a
        // space); "Listen," "listen." and "listen'" are built up.
        let text = "listen Listen, listen. don't listen";
        let words = words_and_char_spans(text);
        let texts: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(texts, ["listen", "listen", "listen", "don't", "listen"]);
        for (word, spans) in &words {
            assert_eq!(spans.len(), word.chars().count());
            for (c, span) in word.chars().zip(spans) {
                let original = &text[span.start..span.end];
                assert_eq!(original.to_lowercase(), c.to_string(), "{word}");
            }
        }
        assert_eq!(words[0].1[0], Span::new(0, 1));
        assert_eq!(words[4].1[5], Span::new(34, 35));
    }
}
