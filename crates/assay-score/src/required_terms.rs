//! The words a cue cannot match without, as fingerprints a sentence must
//! have: a cue whose anchor occurs in a sentence that lacks one of its
//! other words is turned away without trying it at each start.

use crate::cue::Node;
use crate::first_terms::TokenBits;

/// What a sentence's fingerprint (the union of its tokens' [`TokenBits`])
/// must have for a cue to match in it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequiredTerms {
    /// Bits of the terms every match has: each must be in the sentence.
    all: TokenBits,
    /// Bits of the first choice every match goes through, one term for
    /// each of its options: one at least must be in the sentence (no bits:
    /// no such choice).
    any: TokenBits,
}

impl RequiredTerms {
    /// What a cue with pattern `nodes` requires.
    #[must_use]
    pub fn of(nodes: &[Node]) -> Self {
        let mut required = RequiredTerms::default();
        for node in nodes {
            match node {
                Node::Term(term) => {
                    if let Some(bits) = TokenBits::of_term(term) {
                        required.all = required.all.union(bits);
                    }
                }
                Node::Choice { options, optional: false }
                    if required.any == TokenBits::default() =>
                {
                    required.any = one_per_option(options).unwrap_or_default();
                }
                Node::Choice { .. } | Node::Gap(_) => {}
            }
        }
        required
    }

    /// Whether a sentence with fingerprint `sentence` may hold a match.
    #[must_use]
    pub fn met_by(self, sentence: TokenBits) -> bool {
        self.all.within(sentence) && (self.any == TokenBits::default() || self.any.meets(sentence))
    }
}

/// The union of one required term's bits from each of `options`, or
/// `None` when an option requires no term with bits.
fn one_per_option(options: &[Vec<Node>]) -> Option<TokenBits> {
    options.iter().try_fold(TokenBits::default(), |bits, option| {
        let required = option.iter().find_map(|node| match node {
            Node::Term(term) => TokenBits::of_term(term),
            _ => None,
        })?;
        Some(bits.union(required))
    })
}

#[cfg(test)]
mod tests {
    use assay_text::Analyzer;

    use super::*;
    use crate::cue::Cue;

    /// Whether `cue` may match in the one sentence `text`, by fingerprint.
    fn may_match(cue: &str, text: &str) -> bool {
        let mut analyzer = Analyzer::new();
        let cue = Cue::parse(cue, &mut analyzer).unwrap();
        let analysis = analyzer.analyze(text);
        let sentence =
            analysis.tokens.iter().map(TokenBits::of).fold(TokenBits::default(), TokenBits::union);
        RequiredTerms::of(&cue.nodes).met_by(sentence)
    }

    #[test]
    fn a_sentence_without_a_required_word_is_turned_away() {
        assert!(may_match("call ... crisis line", "I would call the crisis line."));
        assert!(!may_match("call ... crisis line", "I would phone the crisis team."));
        assert!(may_match("(phone|call) crisis", "I would phone a crisis team."));
        assert!(!may_match("(phone|call) crisis", "I would email a crisis team."));
    }

    #[test]
    fn optional_parts_gaps_and_context_require_nothing() {
        assert!(may_match("[gently] ask", "I ask."));
        assert!(may_match("[gently] ask ... @context", "I ask."));
        assert!(may_match("(ask ... question|open-ended)", "It is open-ended."));
    }
}
