//! The words a cue can begin with.

use std::sync::Arc;

use assay_text::Token;

use crate::cue::{Node, Term};

/// The terms a match of a cue can begin with, arranged for a fast check:
/// a cue is only tried at a token one of them matches.
#[derive(Debug, Clone, Default)]
pub struct FirstTerms {
    /// The union of the terms' [`TokenBits`]: a token sharing no bit with
    /// it matches none of them.
    pub bits: TokenBits,
    /// Keys of the stem terms.
    stems: Vec<u64>,
    /// The prefix terms.
    prefixes: Vec<Arc<str>>,
    /// The cue can begin with `@context`.
    context: bool,
}

/// A token reduced to two one-bit fingerprints: its stem key modulo 64,
/// and its first two bytes modulo 64. A term can only match a token that
/// shares a bit with the term's own fingerprint, so most non-matching
/// tokens are turned away with one AND, without comparing strings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenBits {
    /// Bits of stem keys.
    pub stem: u64,
    /// Bits of the first two bytes of words.
    pub prefix: u64,
}

impl TokenBits {
    /// The fingerprint of `token`.
    #[must_use]
    pub fn of(token: &Token) -> Self {
        TokenBits { stem: stem_bit(token.stem_key), prefix: prefix_bit(token.word()) }
    }

    /// The fingerprint a prefix term gives the tokens it matches.
    #[must_use]
    pub fn of_prefix(prefix: &str) -> Self {
        TokenBits { stem: 0, prefix: prefix_bit(prefix) }
    }

    /// The fingerprint of the tokens `term` matches: one bit, or `None`
    /// for `@context`, which any word may match.
    #[must_use]
    pub fn of_term(term: &Term) -> Option<Self> {
        match term {
            Term::Stem(_, key) => Some(TokenBits { stem: stem_bit(*key), prefix: 0 }),
            Term::Prefix(prefix) => Some(Self::of_prefix(prefix)),
            Term::Context => None,
        }
    }

    /// The union of two fingerprints.
    #[must_use]
    pub fn union(self, other: TokenBits) -> Self {
        TokenBits { stem: self.stem | other.stem, prefix: self.prefix | other.prefix }
    }

    /// Whether every bit of `self` is in `other`.
    #[must_use]
    pub fn within(self, other: TokenBits) -> bool {
        self.stem & other.stem == self.stem && self.prefix & other.prefix == self.prefix
    }

    /// Whether the two fingerprints share a bit.
    #[must_use]
    pub fn meets(self, other: TokenBits) -> bool {
        (self.stem & other.stem) | (self.prefix & other.prefix) != 0
    }
}

fn stem_bit(key: u64) -> u64 {
    1 << (key % 64)
}

/// The bit of a word's (or prefix's) first two bytes; 0 for shorter words,
/// which no prefix term (two letters at least) can match.
fn prefix_bit(word: &str) -> u64 {
    match word.as_bytes() {
        [a, b, ..] => 1 << ((u64::from(*a) * 31 + u64::from(*b)) % 64),
        _ => 0,
    }
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
                    first.bits.stem |= stem_bit(*key);
                    first.stems.push(*key);
                }
                Term::Prefix(prefix) => {
                    first.bits.prefix |= prefix_bit(prefix);
                    first.prefixes.push(Arc::clone(prefix));
                }
                Term::Context => {
                    // Any word may be in the context: the fingerprint lets
                    // every token through and `match_token` decides.
                    first.bits.stem = u64::MAX;
                    first.context = true;
                }
            }
        }
        first
    }

    /// Whether one of the terms matches `token` (stems by key alone);
    /// `bits` is the token's [`TokenBits`].
    #[must_use]
    pub fn match_token(&self, token: &Token, bits: TokenBits) -> bool {
        (self.context && token.in_context)
            || (self.bits.stem & bits.stem != 0 && self.stems.contains(&token.stem_key))
            || (self.bits.prefix & bits.prefix != 0
                && self.prefixes.iter().any(|prefix| token.word().starts_with(&**prefix)))
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
