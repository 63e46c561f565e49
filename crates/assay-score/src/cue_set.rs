//! Matching many cues against one analysed answer.

use std::collections::HashMap;
use std::sync::Arc;

use assay_text::{Analysis, Span, Token};

use crate::cue::{Cue, Step, Term};

/// Words that may stand between two adjacent cue words without a `...`.
const FILLERS: &[&str] = &[
    "a", "an", "the", "my", "your", "his", "her", "their", "our", "its", "this", "that", "these",
    "those", "some", "any",
];

/// One place where a cue matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueMatch {
    /// Index of the cue in the set.
    pub cue: usize,
    /// Index of the first and one past the last matched token.
    pub tokens: (usize, usize),
    /// The matched words in the original text.
    pub span: Span,
    /// Whether the match sits inside a negation and so earns nothing.
    pub negated: bool,
}

/// A set of cues indexed by the words they can start with, so an answer is
/// matched in one pass over its tokens rather than once per cue.
#[derive(Debug, Clone, Default)]
pub struct CueSet {
    cues: Vec<Cue>,
    by_stem: HashMap<Arc<str>, Vec<usize>>,
    by_prefix: HashMap<Arc<str>, Vec<usize>>,
    prefix_lengths: Vec<usize>,
}

impl CueSet {
    /// An empty set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `cue`; returns its index in the set.
    pub fn push(&mut self, cue: Cue) -> usize {
        let index = self.cues.len();
        for term in first_terms(&cue.steps) {
            match term {
                Term::Stem(stem) => self.by_stem.entry(stem.clone()).or_default().push(index),
                Term::Prefix(prefix) => {
                    let length = prefix.chars().count();
                    if !self.prefix_lengths.contains(&length) {
                        self.prefix_lengths.push(length);
                    }
                    self.by_prefix.entry(prefix.clone()).or_default().push(index);
                }
            }
        }
        self.cues.push(cue);
        index
    }

    /// The cue at `index`.
    #[must_use]
    pub fn cue(&self, index: usize) -> &Cue {
        &self.cues[index]
    }

    /// Number of cues.
    #[must_use]
    pub fn len(&self) -> usize {
        self.cues.len()
    }

    /// Whether the set has no cues.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.cues.is_empty()
    }

    /// Every match of every cue in `analysis`, ordered by cue then position.
    /// A cue's matches do not overlap: the earliest, shortest one wins.
    #[must_use]
    pub fn find(&self, analysis: &Analysis) -> Vec<CueMatch> {
        let tokens = &analysis.tokens;
        let mut found: Vec<CueMatch> = Vec::new();
        let mut candidates: Vec<usize> = Vec::new();
        for start in 0..tokens.len() {
            candidates.clear();
            self.candidates_at(&tokens[start], &mut candidates);
            for &cue in &candidates {
                if let Some(end) = match_steps(&self.cues[cue].steps, tokens, start, start) {
                    found.push(CueMatch {
                        cue,
                        tokens: (start, end),
                        span: tokens[start].span.cover(tokens[end - 1].span),
                        negated: tokens[start].is_negated(),
                    });
                }
            }
        }
        found.sort_by_key(|m| (m.cue, m.tokens.0));
        let mut kept: Vec<CueMatch> = Vec::with_capacity(found.len());
        for m in found {
            let overlaps = kept.last().is_some_and(|k| k.cue == m.cue && m.tokens.0 < k.tokens.1);
            if !overlaps {
                kept.push(m);
            }
        }
        kept
    }

    /// Cues that may start at `token`, without duplicates.
    fn candidates_at(&self, token: &Token, out: &mut Vec<usize>) {
        if let Some(cues) = self.by_stem.get(&token.stem) {
            out.extend_from_slice(cues);
        }
        for &length in &self.prefix_lengths {
            let Some((cut, _)) = token.word.char_indices().nth(length) else {
                if token.word.chars().count() == length {
                    if let Some(cues) = self.by_prefix.get(&token.word) {
                        out.extend_from_slice(cues);
                    }
                }
                continue;
            };
            if let Some(cues) = self.by_prefix.get(&token.word[..cut]) {
                out.extend_from_slice(cues);
            }
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// The terms a match of `steps` can begin with.
fn first_terms(steps: &[Step]) -> Vec<&Term> {
    let mut terms = Vec::new();
    for step in steps {
        match step {
            Step::Choice { options, optional } => {
                terms.extend(options.iter().filter_map(|o| o.first()));
                if !optional {
                    break;
                }
            }
            Step::Gap(_) => {}
        }
    }
    terms
}

/// Matches `steps` from token `at`; returns the index after the match.
/// `start` is where the whole match began (it fixes the sentence).
fn match_steps(steps: &[Step], tokens: &[Token], start: usize, at: usize) -> Option<usize> {
    let Some((step, rest)) = steps.split_first() else {
        return Some(at);
    };
    let sentence = tokens[start].sentence;
    let in_sentence = |i: usize| tokens.get(i).is_some_and(|t| t.sentence == sentence);
    match step {
        Step::Gap(max) => {
            for skipped in 0..=usize::from(*max) {
                if let Some(end) = match_steps(rest, tokens, start, at + skipped) {
                    return Some(end);
                }
                let next = at + skipped;
                if !in_sentence(next) || tokens[next].is_negator {
                    break;
                }
            }
            None
        }
        Step::Choice { options, optional } => {
            for option in options {
                if let Some(after) = match_terms(option, tokens, start, at) {
                    if let Some(end) = match_steps(rest, tokens, start, after) {
                        return Some(end);
                    }
                }
            }
            if *optional {
                return match_steps(rest, tokens, start, at);
            }
            None
        }
    }
}

/// Matches a sequence of terms from token `at`, allowing one filler word
/// before each term except the first of the whole cue.
fn match_terms(terms: &[Term], tokens: &[Token], start: usize, mut at: usize) -> Option<usize> {
    let sentence = tokens[start].sentence;
    for term in terms {
        let token = tokens.get(at).filter(|t| t.sentence == sentence)?;
        if term.matches(token) {
            at += 1;
            continue;
        }
        let filler_then_match = at > start
            && FILLERS.contains(&&*token.word)
            && tokens.get(at + 1).is_some_and(|t| t.sentence == sentence && term.matches(t));
        if !filler_then_match {
            return None;
        }
        at += 2;
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use assay_text::Analyzer;

    use super::*;

    /// The text of each non-overlapping match of `cue` in `text`, with `!`
    /// in front of negated ones.
    fn matches(cue: &str, text: &str) -> Vec<String> {
        let mut analyzer = Analyzer::new();
        let mut set = CueSet::new();
        set.push(Cue::parse(cue, &mut analyzer).unwrap());
        let analysis = analyzer.analyze(text);
        set.find(&analysis)
            .into_iter()
            .map(|m| format!("{}{}", if m.negated { "!" } else { "" }, &text[m.span.range()]))
            .collect()
    }

    #[test]
    fn stems_match_inflections() {
        assert_eq!(matches("listen carefully", "I listened carefully."), ["listened carefully"]);
        assert_eq!(matches("listen carefully", "I listen, carefully."), ["listen, carefully"]);
    }

    #[test]
    fn fillers_may_sit_between_words() {
        assert_eq!(matches("call crisis line", "I would call the crisis line."), ["call the crisis line"]);
        assert!(matches("call crisis line", "I would call them about a crisis line.").is_empty());
    }

    #[test]
    fn gaps_are_bounded() {
        assert_eq!(matches("ask ... question", "ask them an open question"), ["ask them an open question"]);
        assert!(matches("ask ... question", "ask them if they have a question").is_empty());
        assert_eq!(matches("ask ...5 question", "ask them if they have a question").len(), 1);
    }

    #[test]
    fn gaps_do_not_cross_negators_or_sentences() {
        assert!(matches("tell ... supervisor", "tell them I would not involve my supervisor").is_empty());
        assert!(matches("listen ... judge", "I listen. Judges decide.").is_empty());
    }

    #[test]
    fn prefixes_alternatives_and_optionals() {
        assert_eq!(matches("judg*", "judgmental and judging"), ["judgmental", "judging"]);
        assert_eq!(matches("(crisis line|hotline|988)", "call 988 or a hotline"), ["988", "hotline"]);
        assert_eq!(matches("[gently] ask", "I gently ask."), ["gently ask"]);
        assert_eq!(matches("[gently] ask", "I ask."), ["ask"]);
        assert_eq!(matches("ask|invite them", "I invite them"), ["invite them"]);
    }

    #[test]
    fn negated_matches_are_marked() {
        assert_eq!(matches("judg*", "I would never judge them."), ["!judge"]);
        assert_eq!(matches("never judg*", "I would never judge them."), ["never judge"]);
        assert_eq!(matches("call ... crisis line", "I wouldn't hesitate to call a crisis line."), ["call a crisis line"]);
        assert_eq!(matches("promise ... secret", "I would never promise to keep it secret."), ["!promise to keep it secret"]);
    }

    #[test]
    fn contractions_in_cues_match_both_forms() {
        assert_eq!(matches("don't judge", "I don't judge, I do not judge."), ["don't judge", "do not judge"]);
    }
}
