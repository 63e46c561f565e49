//! Does the answer tell a concrete example of the candidate's own?
//!
//! Interviewers ask for examples, and a convincing one has three parts: the
//! situation, what the speaker did, and what came of it. Each part is
//! looked for with word patterns ([`crate::word_pattern`]) over the
//! [`assay_text`] tokens of the answer (lower-cased words, contractions
//! expanded):
//!
//! - **situation**: a story opener (*there was a time, I remember, I once,
//!   one time, once when, once* + subject + past tense, *once a/an/my/our/
//!   the* + a word + past tense (*once a caller told me*), *last
//!   week/month/year/spring/...,
//!   days/weeks/months/years ago, in/at my last/previous/old/first
//!   job/role/placement/position/team*) or *when* + subject + past tense
//!   (*when I started*, *when he told me*);
//! - **action**: *I* or *we* + a past-tense verb that is not a state (*I
//!   asked*, *we called*; not *I was*, *I felt*, nor *I did*, mostly an
//!   auxiliary as in *I didn't*), optionally with an adverb
//!   between (*I gently asked*);
//! - **result**: an outcome marker (*as a result, in the end, by the end,
//!   afterwards, eventually, ended up, turned out, since then, it/that/this/
//!   which helped*, or *so* + subject + past tense) in a sentence that
//!   has a past-tense verb, so "as a result, people feel heard" in a
//!   general answer is not taken for the outcome of a story.
//!
//! Hypothetical answers ("I would ask ...") have none of the three, which
//! is the point: the insight says whether the candidate grounded the answer
//! in something that happened.

use assay_text::Analysis;
use serde::Serialize;

use crate::word_pattern::{find, is_past_tense};

const SITUATION: &[&str] = &[
    "there was a time",
    "i remember",
    "i once",
    "one time",
    "once when",
    "once SUBJ PAST",
    "once a|an|my|our|the * PAST",
    "last week|month|year|spring|summer|autumn|fall|winter|shift",
    "days|weeks|months|years ago",
    "in|at my last|previous|old|first job|role|placement|position|team",
    "when SUBJ PAST",
    "when SUBJ ADV PAST",
];

const ACTION: &[&str] = &["i|we ACT", "i|we ADV ACT"];

const RESULT: &[&str] = &[
    "as a result",
    "in the end",
    "by the end",
    "afterwards|afterward|eventually",
    "ended up",
    "turned out",
    "since then",
    "it|that|this|which helped",
    "so SUBJ PAST",
    "so SUBJ ADV PAST",
];

/// Which parts of a concrete example the answer has, each with the
/// answer's own words where it was found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OwnExample {
    /// The words that set the scene, if found.
    pub situation: Option<String>,
    /// The words that say what the candidate did, if found.
    pub action: Option<String>,
    /// The words that say how it turned out, if found.
    pub result: Option<String>,
}

impl OwnExample {
    /// Looks for the three parts in `analysis` of `answer`.
    #[must_use]
    pub fn find(answer: &str, analysis: &Analysis) -> Self {
        let quote = |patterns: &[&str], past_sentence_only: bool| -> Option<String> {
            patterns.iter().find_map(|p| {
                let tokens = &analysis.tokens;
                let mut from = 0;
                while let Some(range) = find(p, &tokens[from..]) {
                    let (start, end) = (from + range.start, from + range.end);
                    let sentence = tokens[start].sentence;
                    let past =
                        tokens.iter().any(|t| t.sentence == sentence && is_past_tense(t.word()));
                    if !past_sentence_only || past {
                        let span = tokens[start].span.cover(tokens[end - 1].span);
                        return Some(answer[span.range()].to_owned());
                    }
                    from = start + 1;
                }
                None
            })
        };
        OwnExample {
            situation: quote(SITUATION, false),
            action: quote(ACTION, false),
            result: quote(RESULT, true),
        }
    }

    /// Whether all three parts are there.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.situation.is_some() && self.action.is_some() && self.result.is_some()
    }
}

#[cfg(test)]
mod tests {
    use assay_text::Analyzer;

    use super::*;

    fn example(text: &str) -> OwnExample {
        OwnExample::find(text, &Analyzer::new().analyze(text))
    }

    #[test]
    fn a_story_has_all_three_parts() {
        let found = example(
            "Last spring a man at the drop-in kept raising his rent. I quietly reflected back \
             that he sounded scared, so he opened up about the eviction notice.",
        );
        assert_eq!(found.situation.as_deref(), Some("Last spring"));
        assert_eq!(found.action.as_deref(), Some("I quietly reflected"));
        assert_eq!(found.result.as_deref(), Some("so he opened"));
        assert!(found.is_complete());
    }

    #[test]
    fn a_hypothetical_answer_has_none() {
        let found = example(
            "I would listen and ask open questions. When I'm with a peer I put my phone away, \
             so they feel heard. As a result, people trust me.",
        );
        assert_eq!(found, OwnExample::default());
        assert!(!found.is_complete());
    }

    #[test]
    fn states_are_not_actions_and_results_need_the_past() {
        let found = example("When I was new I felt lost. In the end, trust matters.");
        assert_eq!(found.situation.as_deref(), Some("When I was"));
        assert_eq!(found.action, None);
        assert_eq!(found.result, None);
        let found = example("Once a caller told me he was stuck. I didn't argue; I asked why.");
        assert_eq!(found.situation.as_deref(), Some("Once a caller told"));
        assert_eq!(found.action.as_deref(), Some("I asked"));
        let found = example("We called her sister. In the end she agreed to go.");
        assert_eq!(found.action.as_deref(), Some("We called"));
        assert_eq!(found.result.as_deref(), Some("In the end"));
    }
}
