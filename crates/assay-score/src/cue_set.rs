//! Matching many cues against one analysed answer.

use std::collections::HashMap;
use std::sync::Arc;

use assay_text::{Analysis, FnvBuildHasher, KeyBuildHasher, Span, Token};

use crate::cue::{Cue, Node, Term};

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
    by_stem: HashMap<u64, Vec<usize>, KeyBuildHasher>,
    by_prefix: HashMap<Arc<str>, Vec<usize>, FnvBuildHasher>,
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
        let mut first = Vec::new();
        first_terms(&cue.nodes, &mut first);
        for term in first {
            match term {
                Term::Stem(_, key) => self.by_stem.entry(*key).or_default().push(index),
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
                let matcher = Matcher { tokens, start, sentence: tokens[start].sentence };
                if let Some(end) = matcher.sequence(&self.cues[cue].nodes, start, &|end| Some(end))
                {
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
        if let Some(cues) = self.by_stem.get(&token.stem_key) {
            out.extend_from_slice(cues);
        }
        let word = &*token.word;
        for &length in &self.prefix_lengths {
            // The first `length` characters; bytes when the word is ASCII.
            let cut = if word.is_ascii() {
                (length <= word.len()).then_some(length)
            } else {
                word.char_indices().map(|(i, _)| i).chain([word.len()]).nth(length)
            };
            if let Some(cues) = cut.and_then(|cut| self.by_prefix.get(&word[..cut])) {
                out.extend_from_slice(cues);
            }
        }
        out.sort_unstable();
        out.dedup();
    }
}

/// Adds the terms a match of `nodes` can begin with to `out`; returns
/// whether `nodes` can match no words at all.
fn first_terms<'a>(nodes: &'a [Node], out: &mut Vec<&'a Term>) -> bool {
    for node in nodes {
        let nullable = match node {
            Node::Term(term) => {
                out.push(term);
                false
            }
            Node::Gap(_) => true,
            Node::Choice { options, optional } => {
                let mut any_nullable = false;
                for option in options {
                    any_nullable |= first_terms(option, out);
                }
                *optional || any_nullable
            }
        };
        if !nullable {
            return false;
        }
    }
    true
}

/// Backtracking matcher for one cue at one start token, all in one
/// sentence.
struct Matcher<'a> {
    tokens: &'a [Token],
    start: usize,
    sentence: u32,
}

/// What to match after a node: given the token index reached, the end of
/// the whole match, if the rest matches.
type Rest<'r> = &'r dyn Fn(usize) -> Option<usize>;

impl Matcher<'_> {
    fn token(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i).filter(|t| t.sentence == self.sentence)
    }

    /// Matches `nodes` from token `at`, then `rest`.
    fn sequence(&self, nodes: &[Node], at: usize, rest: Rest<'_>) -> Option<usize> {
        let Some((node, tail)) = nodes.split_first() else {
            return rest(at);
        };
        let then = |after: usize| self.sequence(tail, after, rest);
        match node {
            Node::Term(term) => self.term(term, at, &then),
            Node::Gap(max) => {
                for skipped in 0..=usize::from(*max) {
                    if let Some(end) = then(at + skipped) {
                        return Some(end);
                    }
                    match self.token(at + skipped) {
                        Some(t) if !t.is_negator => {}
                        _ => break,
                    }
                }
                None
            }
            Node::Choice { options, optional } => options
                .iter()
                .find_map(|option| self.sequence(option, at, &then))
                .or_else(|| if *optional { then(at) } else { None }),
        }
    }

    /// Matches one word at `at`, or after one filler word unless it is the
    /// first word of the match.
    fn term(&self, term: &Term, at: usize, rest: Rest<'_>) -> Option<usize> {
        let token = self.token(at)?;
        if term.matches(token) {
            if let Some(end) = rest(at + 1) {
                return Some(end);
            }
        }
        let filler = at > self.start && FILLERS.contains(&&*token.word);
        if filler && self.token(at + 1).is_some_and(|next| term.matches(next)) {
            return rest(at + 2);
        }
        None
    }
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
        assert_eq!(
            matches("call crisis line", "I would call the crisis line."),
            ["call the crisis line"]
        );
        assert!(matches("call crisis line", "I would call them about a crisis line.").is_empty());
    }

    #[test]
    fn gaps_are_bounded() {
        assert_eq!(
            matches("ask ... question", "ask them an open question"),
            ["ask them an open question"]
        );
        assert!(matches("ask ... question", "ask them if they have a question").is_empty());
        assert_eq!(matches("ask ...5 question", "ask them if they have a question").len(), 1);
    }

    #[test]
    fn gaps_do_not_cross_negators_or_sentences() {
        assert!(matches("tell ... supervisor", "tell them I would not involve my supervisor")
            .is_empty());
        assert!(matches("listen ... judge", "I listen. Judges decide.").is_empty());
    }

    #[test]
    fn prefixes_alternatives_and_optionals() {
        assert_eq!(matches("judg*", "judgmental and judging"), ["judgmental", "judging"]);
        assert_eq!(
            matches("(crisis line|hotline|988)", "call 988 or a hotline"),
            ["988", "hotline"]
        );
        assert_eq!(matches("[gently] ask", "I gently ask."), ["gently ask"]);
        assert_eq!(matches("[gently] ask", "I ask."), ["ask"]);
        assert_eq!(matches("ask|invite them", "I invite them"), ["invite them"]);
        assert_eq!(
            matches("(let (them|her) know|tell) plan", "let her know the plan"),
            ["let her know the plan"]
        );
    }

    #[test]
    fn negated_matches_are_marked() {
        assert_eq!(matches("judg*", "I would never judge them."), ["!judge"]);
        assert_eq!(matches("never judg*", "I would never judge them."), ["never judge"]);
        assert_eq!(
            matches("call ... crisis line", "I wouldn't hesitate to call a crisis line."),
            ["call a crisis line"]
        );
        assert_eq!(
            matches("promise ... secret", "I would never promise to keep it secret."),
            ["!promise to keep it secret"]
        );
    }

    #[test]
    fn contractions_in_cues_match_both_forms() {
        assert_eq!(
            matches("don't judge", "I don't judge, I do not judge."),
            ["don't judge", "do not judge"]
        );
    }
}
