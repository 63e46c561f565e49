//! The words a cue can begin with.

use std::sync::Arc;

use assay_text::Token;

use crate::cue::{Node, Term};

/// The terms a match of a cue can begin with, arranged for a fast check:
/// a cue is only tried at a token one of them matches.
#[derive(Debug, Clone, Default)]
pub struct FirstTerms {
    /// One bit per stem key modulo 64: a token whose bit is clear matches
    /// none of `stems`.
    stem_bits: u64,
    /// Keys of the stem terms.
    stems: Vec<u64>,
    /// The prefix terms.
    prefixes: Vec<Arc<str>>,
}

impl FirstTerms {
    /// The first terms of a cue with pattern `nodes`.
    #[must_use]
    pub fn of(nodes: &[Node]) -> Self {
        let mut terms = Vec::new();
        collect(nodes, &mut terms);
        let mut first = FirstTerms::default();
        for term in terms {
            match term {
                Term::Stem(_, key) => {
                    first.stem_bits |= 1 << (key % 64);
                    first.stems.push(*key);
                }
                Term::Prefix(prefix) => first.prefixes.push(Arc::clone(prefix)),
            }
        }
        first
    }

    /// Whether one of the terms matches `token` (stems by key alone).
    #[must_use]
    pub fn match_token(&self, token: &Token) -> bool {
        let key = token.stem_key;
        (self.stem_bits >> (key % 64) & 1 == 1 && self.stems.contains(&key))
            || self.prefixes.iter().any(|prefix| token.word.starts_with(&**prefix))
    }
}

/// Adds the terms a match of `nodes` can begin with to `out`; returns
/// whether `nodes` can match no words at all.
pub fn collect<'a>(nodes: &'a [Node], out: &mut Vec<&'a Term>) -> bool {
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
                    any_nullable |= collect(option, out);
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
