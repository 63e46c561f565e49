//! Anchors: the words a cue cannot match without.
//!
//! Most cues begin with a frequent word (`not`, `i`, `what`, `the`), so
//! trying every cue wherever its first word occurs means hundreds of failed
//! attempts per answer. Instead, each cue is indexed by an *anchor*: a set of
//! terms such that every match of the cue contains one of them, chosen to be
//! as rare as possible, with a bound on how many tokens of a match can come
//! before the anchor. A cue is then only tried at starts just before an
//! occurrence of its anchor. Which matches are found does not change: a
//! match always contains its anchor within that bound.

use crate::cue::{Cue, Node, Term};
use crate::stem_frequency::{prefix_frequency, stem_frequency};

/// Where to look for a cue: the terms of which every match contains one,
/// and how many tokens of a match can precede the token matching it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The anchor terms.
    pub terms: Vec<Term>,
    /// Most tokens a match can have before the token matching an anchor
    /// term.
    pub lead: usize,
}

impl Anchor {
    /// The cheapest anchor of `cue`. Every cue has one, because a cue that
    /// could match no words at all is rejected when it is parsed; should one
    /// slip through, its first terms anchor it with the cue's full length as
    /// the lead, which is always safe.
    #[must_use]
    pub fn of(cue: &Cue) -> Anchor {
        match best(&cue.nodes, 0) {
            Some(choice) => Anchor {
                lead: choice.terms.iter().map(|(_, lead)| *lead).max().unwrap_or(0),
                terms: choice.terms.into_iter().map(|(term, _)| term.clone()).collect(),
            },
            None => {
                let mut terms = Vec::new();
                crate::first_terms::collect(&cue.nodes, &mut terms);
                Anchor { terms: terms.into_iter().cloned().collect(), lead: max_span(&cue.nodes) }
            }
        }
    }
}

/// A candidate anchor: terms with the lead of each, and its cost (how
/// often one of its terms occurs).
struct Candidate<'a> {
    terms: Vec<(&'a Term, usize)>,
    cost: u32,
}

/// The cheapest anchor of the sequence `nodes`, whose match starts at most
/// `before` tokens after the start of the whole match; `None` when the
/// sequence can match without any term in particular.
fn best(nodes: &[Node], before: usize) -> Option<Candidate<'_>> {
    let mut offset = before;
    let mut best: Option<Candidate<'_>> = None;
    for node in nodes {
        let candidate = match node {
            // A term may take one filler word before it.
            Node::Term(term) => {
                Some(Candidate { terms: vec![(term, offset + 1)], cost: cost(term) })
            }
            Node::Choice { optional: false, options } => union(options, offset),
            Node::Choice { optional: true, .. } | Node::Gap(_) => None,
        };
        if let Some(candidate) = candidate {
            if best.as_ref().is_none_or(|b| candidate.cost < b.cost) {
                best = Some(candidate);
            }
        }
        offset += node_span(node);
    }
    best
}

/// One anchor per option, together: every match goes through one option.
fn union(options: &[Vec<Node>], before: usize) -> Option<Candidate<'_>> {
    let mut terms = Vec::new();
    let mut cost = 0u32;
    for option in options {
        let candidate = best(option, before)?;
        terms.extend(candidate.terms);
        cost = cost.saturating_add(candidate.cost);
    }
    Some(Candidate { terms, cost })
}

/// How often `term` matches a token of an answer, as occurrences per
/// 100,000 tokens.
fn cost(term: &Term) -> u32 {
    match term {
        Term::Stem(stem, _) => stem_frequency(stem),
        Term::Prefix(prefix) => prefix_frequency(prefix),
        // Any word of the context: the last thing to anchor on.
        Term::Context => u32::MAX,
    }
}

/// Most tokens a match of `nodes` can cover.
fn max_span(nodes: &[Node]) -> usize {
    nodes.iter().map(node_span).sum()
}

/// Most tokens a match of `node` can cover: a term one word and perhaps a
/// filler before it, a gap its length.
fn node_span(node: &Node) -> usize {
    match node {
        Node::Term(_) => 2,
        Node::Gap(max) => usize::from(*max),
        Node::Choice { options, .. } => options.iter().map(|o| max_span(o)).max().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use assay_text::Analyzer;

    use super::*;

    /// The anchor of `cue` as (stems or `prefix*`, lead).
    fn anchor(cue: &str) -> (Vec<String>, usize) {
        let cue = Cue::parse(cue, &mut Analyzer::new()).unwrap();
        let anchor = Anchor::of(&cue);
        let terms = anchor
            .terms
            .iter()
            .map(|t| match t {
                Term::Stem(stem, _) => stem.to_string(),
                Term::Prefix(prefix) => format!("{prefix}*"),
                Term::Context => "@context".to_owned(),
            })
            .collect();
        (terms, anchor.lead)
    }

    #[test]
    fn a_rare_word_beats_frequent_ones() {
        assert_eq!(anchor("what i am hearing"), (vec!["hear".to_owned()], 7));
        assert_eq!(anchor("listen carefully"), (vec!["care".to_owned()], 3));
    }

    #[test]
    fn a_choice_anchors_on_one_term_per_option() {
        assert_eq!(
            anchor("(eye contact|nod) matters"),
            (vec!["eye".to_owned(), "nod".to_owned()], 1)
        );
        assert_eq!(
            anchor("the (eye contact|nod|tone of voice)"),
            (vec!["eye".to_owned(), "nod".to_owned(), "tone".to_owned()], 3)
        );
    }

    #[test]
    fn gaps_and_optional_parts_widen_the_lead() {
        assert_eq!(anchor("[gently] ask ...5 question"), (vec!["question".to_owned()], 10));
    }

    #[test]
    fn optional_parts_are_never_anchors() {
        let (terms, _) = anchor("[crisis] the");
        assert_eq!(terms, ["the"]);
    }
}
