//! The unit of analysis.

use std::sync::Arc;

use crate::word_class::WordClasses;
use crate::Span;

/// One word of an analysed text.
///
/// A contraction yields two tokens ("won't" gives `will` and `not`), each
/// with the span of the characters it came from, so a token's
/// [`Token::word`] is not always the text under its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Where the word sits in the original text, in bytes.
    pub span: Span,
    /// The word and its stem, shared by every token of the same word: one
    /// reference count per token to raise and drop, not one per string.
    pub(crate) entry: Arc<WordEntry>,
    /// [`crate::stem_key`] of the stem, for fast comparison.
    pub stem_key: u64,
    /// Index of the sentence the token belongs to, from 0.
    pub sentence: u32,
    /// Index of the clause the token belongs to, from 0, counted over the
    /// whole text. Negation never reaches past a clause.
    pub clause: u32,
    /// How many active negators earlier in the same clause govern this
    /// token. A token is negated when this is odd (see [`crate::negation`]).
    pub negation_depth: u8,
    /// The nearest active negator governing this token, as a token index.
    pub negator: Option<u32>,
    /// Whether this token is itself an active negator.
    pub is_negator: bool,
    /// Whether the token is a content word that also occurs in the text the
    /// answer responds to ([`crate::Analysis::mark_context`]).
    pub in_context: bool,
    /// The closed classes of `word` negation scoping tests for.
    pub(crate) classes: WordClasses,
}

/// A distinct word as the analyzer met it: the word and its stem.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct WordEntry {
    /// The word, folded and lower-cased, with contractions expanded.
    pub word: Box<str>,
    /// The English Snowball stem of `word`.
    pub stem: Arc<str>,
}

impl Token {
    /// The word, folded and lower-cased, with contractions expanded.
    #[must_use]
    pub fn word(&self) -> &str {
        &self.entry.word
    }

    /// The English Snowball stem of [`Token::word`].
    #[must_use]
    pub fn stem(&self) -> &str {
        &self.entry.stem
    }

    /// The stem as a shared string, for keeping beyond the analysis.
    #[must_use]
    pub fn shared_stem(&self) -> Arc<str> {
        Arc::clone(&self.entry.stem)
    }

    /// Whether the word is a function word ([`crate::is_stop_word`]),
    /// worked out once per distinct word.
    #[must_use]
    pub fn is_stop_word(&self) -> bool {
        self.classes.has(WordClasses::STOP_WORD)
    }

    /// Whether the word is one of [`crate::DETERMINERS`], worked out once
    /// per distinct word.
    #[must_use]
    pub fn is_determiner(&self) -> bool {
        self.classes.has(WordClasses::DETERMINER)
    }

    /// Whether the word is a past-tense verb form
    /// ([`crate::word_pattern::is_past_tense`]), worked out once per
    /// distinct word.
    #[must_use]
    pub fn is_past_tense(&self) -> bool {
        self.classes.has(WordClasses::PAST_TENSE)
    }

    /// Whether the token is a question mark ([`crate::QUESTION_MARK`]), not
    /// a word: cues can match it, word counts and searches leave it out.
    #[must_use]
    pub fn is_question_mark(&self) -> bool {
        self.classes.has(WordClasses::QUESTION_MARK)
    }

    /// Whether the token sits inside an odd number of negation scopes.
    #[must_use]
    pub fn is_negated(&self) -> bool {
        self.negation_depth % 2 == 1
    }
}
