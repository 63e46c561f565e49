//! Cue patterns arranged for matching: each choice keeps the fingerprint
//! of the words its options can begin with, so a choice none of whose
//! options can begin at a token is passed over with one check instead of
//! trying each option's first word in turn.

use crate::cue::{Node, Term};
use crate::first_terms::TokenBits;

/// One element of a cue pattern, as [`crate::cue_set::CueSet`] matches it.
#[derive(Debug, Clone)]
pub(crate) enum MatchNode {
    /// One word.
    Term(Term),
    /// One of several sequences.
    Choice {
        /// The alternatives, each a sequence of nodes.
        options: Vec<Vec<MatchNode>>,
        /// Whether the answer may leave this part out.
        optional: bool,
        /// The union of the fingerprints of the words the options can
        /// begin with; `None` when an option can begin with any word (a
        /// gap, `@context`, or an option that can match no words).
        first: Option<TokenBits>,
    },
    /// Up to this many other words.
    Gap(u8),
}

impl MatchNode {
    /// The pattern `nodes`, arranged for matching.
    pub(crate) fn compile(nodes: &[Node]) -> Vec<MatchNode> {
        nodes
            .iter()
            .map(|node| match node {
                Node::Term(term) => MatchNode::Term(term.clone()),
                Node::Gap(max) => MatchNode::Gap(*max),
                Node::Choice { options, optional } => MatchNode::Choice {
                    options: options.iter().map(|option| MatchNode::compile(option)).collect(),
                    optional: *optional,
                    first: union_of_firsts(options),
                },
            })
            .collect()
    }

    /// The pattern `nodes` with no choice fingerprints: every option of
    /// every choice is tried, as a reference for tests.
    #[cfg(test)]
    pub(crate) fn without_fingerprints(nodes: &[Node]) -> Vec<MatchNode> {
        nodes
            .iter()
            .map(|node| match node {
                Node::Choice { options, optional } => MatchNode::Choice {
                    options: options.iter().map(|o| MatchNode::without_fingerprints(o)).collect(),
                    optional: *optional,
                    first: None,
                },
                other => MatchNode::compile(std::slice::from_ref(other)).remove(0),
            })
            .collect()
    }
}

/// The union of [`first_bits`] of each of `options`, or `None` when one
/// of them can begin with any word.
fn union_of_firsts(options: &[Vec<Node>]) -> Option<TokenBits> {
    options
        .iter()
        .try_fold(TokenBits::default(), |bits, option| Some(bits.union(first_bits(option)?)))
}

/// The fingerprint of the words a match of `nodes` can begin with, or
/// `None` when it can begin with any word.
fn first_bits(nodes: &[Node]) -> Option<TokenBits> {
    let mut bits = TokenBits::default();
    for node in nodes {
        match node {
            Node::Term(term) => return Some(bits.union(TokenBits::of_term(term)?)),
            Node::Gap(_) => return None,
            Node::Choice { options, .. } => {
                bits = bits.union(union_of_firsts(options)?);
                if !node.is_nullable() {
                    return Some(bits);
                }
            }
        }
    }
    // Every node can match no words: the match may begin with whatever follows.
    None
}

#[cfg(test)]
mod tests {
    use assay_text::Analyzer;

    use super::*;
    use crate::cue::Cue;

    /// The first choice of `cue`'s pattern's fingerprint.
    fn choice_first(cue: &str) -> Option<TokenBits> {
        let cue = Cue::parse(cue, &mut Analyzer::new()).unwrap();
        MatchNode::compile(&cue.nodes).into_iter().find_map(|node| match node {
            MatchNode::Choice { first, .. } => Some(first),
            _ => None,
        })?
    }

    /// The fingerprint of `word`'s token.
    fn bits(word: &str) -> TokenBits {
        TokenBits::of(&Analyzer::new().analyze(word).tokens[0])
    }

    #[test]
    fn a_choice_knows_the_words_its_options_begin_with() {
        let first = choice_first("i (had|met ...2 someone|[really] helped)").unwrap();
        for word in ["had", "met", "really", "helped"] {
            assert!(first.meets(bits(word)), "{word}");
        }
    }

    #[test]
    fn an_option_that_may_begin_anywhere_lets_every_word_through() {
        assert_eq!(choice_first("i (had|[met])"), None);
        assert_eq!(choice_first("i (had|@context)"), None);
    }
}
