//! The analysis pipeline.

use std::collections::HashMap;
use std::sync::Arc;

use crate::contraction;
use crate::negation;
use crate::sentence::SentenceSpans;
use crate::token::WordEntry;
use crate::tokenizer::{scan, Piece};
use crate::word_class::WordClasses;
use crate::{FnvBuildHasher, Span, StemCache, Token};

/// The word of the token a question mark becomes: the last token of a
/// question, which cues can ask for as `?`.
pub const QUESTION_MARK: &str = "?";

/// The result of analysing one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// The words, in text order.
    pub tokens: Vec<Token>,
    /// The byte span of each sentence; `Token::sentence` indexes this.
    pub sentences: Vec<Span>,
}

impl Analysis {
    /// Whether the text had no words at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Marks the tokens that are content words (not stop words) whose stem
    /// also occurs in `context`, the text the answer responds to (a
    /// question, a post, the other person's last turn): what a cue's
    /// `@context` matches.
    pub fn mark_context(&mut self, context: &Analysis) {
        let mut stems: Vec<u64> =
            context.tokens.iter().filter(|t| !t.is_stop_word()).map(|t| t.stem_key).collect();
        stems.sort_unstable();
        stems.dedup();
        for token in &mut self.tokens {
            token.in_context =
                !token.is_stop_word() && stems.binary_search(&token.stem_key).is_ok();
        }
    }
}

/// Turns text into an [`Analysis`]. Holds a stem cache, so keep one analyzer
/// per thread and reuse it.
#[derive(Debug, Default, Clone)]
pub struct Analyzer {
    stems: StemCache,
    /// What [`Analyzer::stems`] gave for each text, up to
    /// [`REMEMBERED_STEM_LISTS`] of them: compiling a rubric asks for the
    /// same cue words ("them", "tell", "crisis") hundreds of times.
    stem_lists: HashMap<Box<str>, Vec<Arc<str>>, FnvBuildHasher>,
}

/// How many texts' stems [`Analyzer::stems`] remembers; beyond that it
/// analyses each anew (a server answering search queries stays bounded).
const REMEMBERED_STEM_LISTS: usize = 1 << 16;

/// A token at `span` of the word `looked_up` in the stem cache, in
/// `sentence` and `clause`, before negation is worked out.
fn new_token(
    span: Span,
    looked_up: (Arc<WordEntry>, u64, WordClasses),
    sentence: u32,
    clause: u32,
) -> Token {
    let (entry, stem_key, classes) = looked_up;
    Token {
        span,
        entry,
        stem_key,
        sentence,
        clause,
        negation_depth: 0,
        negator: None,
        is_negator: false,
        in_context: false,
        classes,
    }
}

impl Analyzer {
    /// An analyzer with an empty stem cache.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Analyses `text`: tokens, stems, sentences, clauses and negation.
    pub fn analyze(&mut self, text: &str) -> Analysis {
        let mut tokens = Vec::with_capacity(text.len() / 5);
        let mut sentences = SentenceSpans::default();
        let mut sentence = 0u32;
        let mut clause = 0u32;
        let stems = &mut self.stems;
        scan(text, |piece| match piece {
            Piece::Word { text, offsets } if !contraction::may_expand(text) => {
                let span = offsets.span(0, offsets.chars());
                sentences.add_token(span);
                tokens.push(new_token(span, stems.lookup(text), sentence, clause));
            }
            Piece::Word { text, offsets } => {
                let (first, second) = contraction::expand(text);
                for part in std::iter::once(first).chain(second) {
                    let span = offsets.span(part.first_char, part.end_char);
                    sentences.add_token(span);
                    tokens.push(new_token(span, stems.lookup(&part.word), sentence, clause));
                }
            }
            // A question mark ends a question: one with words.
            Piece::QuestionMark { span } if sentences.is_open() => {
                sentences.add_token(span);
                tokens.push(new_token(span, stems.lookup(QUESTION_MARK), sentence, clause));
            }
            Piece::QuestionMark { .. } => {}
            Piece::ClauseBreak => clause += 1,
            Piece::SentenceBreak { end } => {
                if sentences.close(end) {
                    sentence += 1;
                }
                clause += 1;
            }
        });
        negation::apply(&mut tokens);
        // A question mark is never negated: "don't you think?" still asks.
        for token in tokens.iter_mut().filter(|t| t.is_question_mark()) {
            token.negation_depth = 0;
            token.negator = None;
        }
        Analysis { tokens, sentences: sentences.finish() }
    }

    /// The stems of `text`'s words in order, without sentence or negation
    /// information: what a rubric cue word or a search query reduces to.
    pub fn stems(&mut self, text: &str) -> Vec<Arc<str>> {
        if let Some(stems) = self.stem_lists.get(text) {
            return stems.clone();
        }
        let stems: Vec<Arc<str>> =
            self.analyze(text).tokens.iter().map(Token::shared_stem).collect();
        if self.stem_lists.len() < REMEMBERED_STEM_LISTS {
            self.stem_lists.insert(text.into(), stems.clone());
        }
        stems
    }
}
