//! The harm model's tokens, read in one pass over the answer: sentences cut
//! as `scripts/harm_model.py` cuts them, each word hashed as it is read
//! (see [`crate::ngram_key`]), a word after a negator in its clause marked.

use std::ops::Range;

use assay_text::Span;

use crate::ngram_key::{fnv_continue, token_hash, FNV_OFFSET, FNV_PRIME};

/// An answer's token hashes, sentence by sentence.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    /// The hash of every token, in order.
    pub(crate) hashes: Vec<u64>,
    /// Each sentence that has tokens: its span in the answer and its
    /// tokens' range in `hashes`. A sentence without tokens weighs nothing,
    /// so it is not kept.
    pub(crate) sentences: Vec<(Span, Range<usize>)>,
}

/// The tokens of `text`.
///
/// Sentences: cut after `.`, `!` or `?` followed by white space (the white
/// space belongs to neither side). Tokens, lower-cased: runs of letters and
/// digits, an apostrophe between two of them dropped ("don't" is `dont`).
/// A token after a [`NEGATORS`] word in the same clause (cut at
/// `, ; : ( ) — –`, a spaced hyphen and the end of a sentence) is hashed
/// with `~` in front. Bytes below 128 are read as they are; only other
/// characters are decoded.
pub(crate) fn tokenize(text: &str) -> Tokens {
    let mut tokens = Tokens {
        hashes: Vec::with_capacity(text.len() / 4),
        sentences: Vec::with_capacity(text.len() / 64 + 1),
    };
    let mut token = TokenHash::new();
    let mut negated = false;
    // The previous character of the sentence (none at its start).
    let mut previous = None;
    let mut sentence_start = 0;
    let mut first_token = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        // Letters, digits and spaces, nearly every byte, first.
        let byte = bytes[i];
        if is_ascii_alphanumeric(byte) {
            // The whole run of ASCII letters and digits at once.
            i = token.push_ascii_run(bytes, i, negated);
            previous = Some(char::from(bytes[i - 1]));
            continue;
        }
        if byte == b' ' && !matches!(previous, Some('.' | '!' | '?')) {
            token.flush(&mut negated, &mut tokens.hashes);
            previous = Some(' ');
            i += 1;
            continue;
        }
        let c = char_at(text, i);
        if c.is_alphanumeric() {
            let mut utf8 = [0u8; 4];
            for lower in c.to_lowercase() {
                token.push(lower.encode_utf8(&mut utf8).as_bytes(), negated);
            }
        } else if c.is_whitespace() && matches!(previous, Some('.' | '!' | '?')) {
            token.flush(&mut negated, &mut tokens.hashes);
            tokens.end_sentence(Span { start: sentence_start, end: i }, first_token);
            let after = i + c.len_utf8();
            i = text[after..].find(|w: char| !w.is_whitespace()).map_or(text.len(), |j| after + j);
            sentence_start = i;
            first_token = tokens.hashes.len();
            negated = false;
            previous = None;
            continue;
        } else {
            let next = text[i + c.len_utf8()..].chars().next();
            let joins = matches!(c, '\'' | '\u{2019}' | '\u{2018}')
                && !token.is_empty()
                && next.is_some_and(char::is_alphanumeric);
            if !joins {
                token.flush(&mut negated, &mut tokens.hashes);
            }
            let spaced_hyphen = c == '-'
                && previous.is_some_and(char::is_whitespace)
                && next.is_some_and(char::is_whitespace);
            if matches!(c, ',' | ';' | ':' | '(' | ')' | '\u{2014}' | '\u{2013}') || spaced_hyphen {
                negated = false;
            }
        }
        previous = Some(c);
        i += c.len_utf8();
    }
    token.flush(&mut negated, &mut tokens.hashes);
    tokens.end_sentence(Span { start: sentence_start, end: text.len() }, first_token);
    tokens
}

impl Tokens {
    /// Ends the sentence `span`, whose tokens start at `first_token`.
    fn end_sentence(&mut self, span: Span, first_token: usize) {
        if self.hashes.len() > first_token {
            self.sentences.push((span, first_token..self.hashes.len()));
        }
    }
}

/// Whether `byte` is an ASCII letter or digit, by table: the test every
/// byte of an answer goes through.
fn is_ascii_alphanumeric(byte: u8) -> bool {
    ASCII_ALPHANUMERIC[usize::from(byte)]
}

/// [`u8::is_ascii_alphanumeric`] of every byte.
const ASCII_ALPHANUMERIC: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};

/// [`fnv_continue`] over the ASCII letters and digits `run`, lower-cased
/// as they are read.
fn fnv_lower_cased(hash: u64, run: &[u8]) -> u64 {
    run.iter().fold(hash, |hash, &byte| (hash ^ u64::from(byte | 0x20)).wrapping_mul(FNV_PRIME))
}

/// The character that starts at byte `i` of `text`, a char boundary.
fn char_at(text: &str, i: usize) -> char {
    match text.as_bytes()[i] {
        byte @ 0..0x80 => char::from(byte),
        _ => text[i..].chars().next().expect("i is a char boundary inside text"),
    }
}

/// Words after which the rest of a clause is negated.
const NEGATORS: [&str; 24] = [
    "not", "no", "never", "dont", "doesnt", "didnt", "wont", "wouldnt", "cant", "cannot",
    "couldnt", "shouldnt", "isnt", "arent", "wasnt", "werent", "havent", "hasnt", "hadnt", "nor",
    "without", "neither", "nobody", "nothing",
];

/// The [`token_hash`] of each of [`NEGATORS`].
const NEGATOR_HASHES: [u64; NEGATORS.len()] = {
    let mut hashes = [0; NEGATORS.len()];
    let mut i = 0;
    while i < NEGATORS.len() {
        hashes[i] = token_hash(NEGATORS[i]);
        i += 1;
    }
    hashes
};

/// The longest of [`NEGATORS`], in bytes: a longer token is none of them.
const NEGATOR_MAX_LEN: usize = 8;

/// A 256-bit filter over [`filter_bit`] of each of [`NEGATOR_HASHES`]: a
/// token whose bit is clear is no negator, found without scanning the
/// list.
const NEGATOR_FILTER: [u64; 4] = {
    let mut filter = [0; 4];
    let mut i = 0;
    while i < NEGATOR_HASHES.len() {
        let bit = filter_bit(NEGATOR_HASHES[i]);
        filter[bit / 64] |= 1 << (bit % 64);
        i += 1;
    }
    filter
};

/// A token hash's bit in [`NEGATOR_FILTER`]: the top byte after one
/// multiplication, as FNV-1a's own top bits mix short words poorly.
const fn filter_bit(hash: u64) -> usize {
    (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize
}

/// Whether a token of `len` bytes with hash `hash` is one of [`NEGATORS`].
fn is_negator(hash: u64, len: usize) -> bool {
    len <= NEGATOR_MAX_LEN && passes_negator_filter(hash) && NEGATOR_HASHES.contains(&hash)
}

/// Whether [`NEGATOR_FILTER`] lets the token hash `hash` through.
fn passes_negator_filter(hash: u64) -> bool {
    let bit = filter_bit(hash);
    NEGATOR_FILTER[bit / 64] >> (bit % 64) & 1 == 1
}

/// The token being read, hashed as it grows: plain, and, in a negated
/// clause, with `~` in front.
struct TokenHash {
    plain: u64,
    negated: u64,
    len: usize,
}

impl TokenHash {
    /// FNV-1a after the one byte `~`.
    const TILDE: u64 = token_hash("~");

    fn new() -> Self {
        Self { plain: FNV_OFFSET, negated: Self::TILDE, len: 0 }
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds the lower-cased `bytes`; `negated` says whether the token is
    /// in a negated clause, the only place its `~` hash is needed. (A
    /// clause turns negated only between tokens.)
    fn push(&mut self, bytes: &[u8], negated: bool) {
        self.plain = fnv_continue(self.plain, bytes);
        if negated {
            self.negated = fnv_continue(self.negated, bytes);
        }
        self.len += bytes.len();
    }

    /// Adds the run of ASCII letters and digits that starts at byte
    /// `start` of `bytes`, lower-cased (setting the 0x20 bit lower-cases a
    /// letter and leaves a digit as it is), and returns where the run
    /// ends.
    fn push_ascii_run(&mut self, bytes: &[u8], start: usize, negated: bool) -> usize {
        let end = bytes[start..]
            .iter()
            .position(|&byte| !is_ascii_alphanumeric(byte))
            .map_or(bytes.len(), |length| start + length);
        let run = &bytes[start..end];
        self.plain = fnv_lower_cased(self.plain, run);
        if negated {
            self.negated = fnv_lower_cased(self.negated, run);
        }
        self.len += run.len();
        end
    }

    /// Ends the token, if any: its hash (with `~` in front when `negated`)
    /// goes to `out`; a negator negates the rest of its clause.
    fn flush(&mut self, negated: &mut bool, out: &mut Vec<u64>) {
        if self.is_empty() {
            return;
        }
        if is_negator(self.plain, self.len) {
            *negated = true;
            out.push(self.plain);
        } else {
            out.push(if *negated { self.negated } else { self.plain });
        }
        *self = Self::new();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence_texts(text: &str) -> Vec<&str> {
        tokenize(text).sentences.iter().map(|(span, _)| &text[span.range()]).collect()
    }

    #[test]
    fn the_longest_negator_bounds_the_check() {
        assert_eq!(NEGATORS.iter().map(|n| n.len()).max(), Some(NEGATOR_MAX_LEN));
    }

    #[test]
    fn every_negator_passes_the_filter_and_most_other_words_do_not() {
        for negator in NEGATORS {
            assert!(is_negator(token_hash(negator), negator.len()), "{negator}");
        }
        let others = "i would listen to them and ask what they need then check in the next day \
                      about how it went with their doctor so we can plan together what comes next \
                      for the group if anyone feels unsafe we call for help right away";
        let words: Vec<&str> = others.split(' ').collect();
        assert!(words.iter().all(|w| !is_negator(token_hash(w), w.len())));
        let through = words.iter().filter(|w| passes_negator_filter(token_hash(w))).count();
        assert!(through * 5 < words.len(), "{through} of {} words pass", words.len());
    }

    #[test]
    fn sentences_and_tokens_follow_the_training_script() {
        let text = "I'd listen.  Then what?\nWe don’t judge!   ";
        assert_eq!(sentence_texts(text), ["I'd listen.", "Then what?", "We don’t judge!"]);
        let text = "We DON’T judge -- 'ever', ok? No - fine; I wouldn't (ever) say";
        let words =
            ["we", "dont", "~judge", "~ever", "ok", "no", "fine", "i", "wouldnt", "ever", "say"];
        assert_eq!(tokenize(text).hashes, words.map(token_hash));
    }

    #[test]
    fn a_sentence_ends_negation_and_leading_space_stays_with_the_first() {
        let text = "  I won't judge. Judge them\u{a0}never!\u{2003}Ok ... ";
        assert_eq!(sentence_texts(text), ["  I won't judge.", "Judge them\u{a0}never!", "Ok ..."]);
        let words = ["i", "wont", "~judge", "judge", "them", "never", "ok"];
        assert_eq!(tokenize(text).hashes, words.map(token_hash));
    }

    #[test]
    fn letters_beyond_ascii_are_lower_cased_and_kept_in_the_word() {
        let text = "ÉCOUTER d’abord. Ça va";
        let words = ["écouter", "dabord", "ça", "va"];
        assert_eq!(tokenize(text).hashes, words.map(token_hash));
        assert_eq!(sentence_texts(text), ["ÉCOUTER d’abord.", "Ça va"]);
    }

    #[test]
    fn blank_and_wordless_text_has_no_sentences() {
        assert!(tokenize("").sentences.is_empty());
        assert!(tokenize(" ... !? ").sentences.is_empty());
    }
}
