//! Does an answer tell a story of the candidate's own: a concrete example?
//!
//! Interviewers ask for examples, and a convincing one has three parts: the
//! situation, what the speaker did, and what came of it. Each part is
//! looked for with word patterns ([`crate::word_pattern`]) over the
//! [`assay_text`] tokens of the answer (lower-cased words, contractions
//! expanded):
//!
//! The scorer credits a concept marked `story = true` (the library's
//! concrete example) to an answer with a situation and an action, and the
//! report quotes all three parts, so both say the same thing.
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

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::word_pattern::WordPattern;
use crate::{Analysis, FnvBuildHasher, Span};

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

/// [`SITUATION`], [`ACTION`] and [`RESULT`], each split once, and the
/// words they name.
struct StoryPatterns {
    situation: Vec<WordPattern>,
    action: Vec<WordPattern>,
    result: Vec<WordPattern>,
    /// Each word the patterns name, and its bit in a [`Present`] set.
    literals: HashMap<Box<str>, u32, FnvBuildHasher>,
}

/// Which of the patterns' words an answer has: one bit per word.
struct Present<'a> {
    bits: u128,
    literals: &'a HashMap<Box<str>, u32, FnvBuildHasher>,
}

impl Present<'_> {
    fn contains(&self, word: &str) -> bool {
        self.literals.get(word).is_some_and(|&bit| self.bits & 1 << bit != 0)
    }
}

impl StoryPatterns {
    fn get() -> &'static Self {
        static PATTERNS: OnceLock<StoryPatterns> = OnceLock::new();
        PATTERNS.get_or_init(|| {
            let split = |patterns: &[&str]| -> Vec<WordPattern> {
                patterns.iter().map(|p| WordPattern::new(p)).collect()
            };
            let (situation, action, result) = (split(SITUATION), split(ACTION), split(RESULT));
            let mut literals = HashMap::default();
            let patterns = situation.iter().chain(&action).chain(&result);
            for word in patterns.flat_map(WordPattern::literals) {
                let bit = u32::try_from(literals.len()).expect("a few words");
                literals.entry(Box::from(word)).or_insert(bit);
            }
            assert!(literals.len() <= 128, "the story patterns name at most 128 words");
            StoryPatterns { situation, action, result, literals }
        })
    }

    /// Which of the patterns' words `analysis` has.
    fn present(&self, analysis: &Analysis) -> Present<'_> {
        let bits = analysis.tokens.iter().fold(0u128, |bits, token| {
            self.literals.get(token.word()).map_or(bits, |&bit| bits | 1 << bit)
        });
        Present { bits, literals: &self.literals }
    }
}

/// Which parts of a story the answer has, each where it was found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Story {
    /// The words that set the scene, if found.
    pub situation: Option<Span>,
    /// The words that say what the candidate did, if found.
    pub action: Option<Span>,
    /// The words that say how it turned out, if found.
    pub result: Option<Span>,
}

impl Story {
    /// Looks for the three parts in `analysis`.
    #[must_use]
    pub fn find(analysis: &Analysis) -> Self {
        // A pattern is only scanned for when every literal word it needs is
        // in the answer: most answers lack most of the patterns' words.
        let patterns = StoryPatterns::get();
        let present = patterns.present(analysis);
        let part = |patterns: &[WordPattern], past_sentence_only: bool| -> Option<Span> {
            let mut candidates = patterns.iter().filter(|p| p.may_match(|w| present.contains(w)));
            candidates.find_map(|p| {
                let tokens = &analysis.tokens;
                let mut from = 0;
                while let Some(range) = p.find(&tokens[from..]) {
                    let (start, end) = (from + range.start, from + range.end);
                    let sentence = tokens[start].sentence;
                    let past = tokens.iter().any(|t| t.sentence == sentence && t.is_past_tense());
                    if !past_sentence_only || past {
                        return Some(tokens[start].span.cover(tokens[end - 1].span));
                    }
                    from = start + 1;
                }
                None
            })
        };
        Story {
            situation: part(&patterns.situation, false),
            action: part(&patterns.action, false),
            result: part(&patterns.result, true),
        }
    }

    /// Whether it tells what happened and what the candidate did: enough to
    /// count as a concrete example.
    #[must_use]
    pub fn is_told(&self) -> bool {
        self.situation.is_some() && self.action.is_some()
    }

    /// Whether all three parts are there.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.is_told() && self.result.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Analyzer;

    /// The words of each part found in `text`.
    #[derive(Debug, Default, PartialEq)]
    struct Parts {
        situation: Option<String>,
        action: Option<String>,
        result: Option<String>,
        complete: bool,
    }

    fn example(text: &str) -> Parts {
        let story = Story::find(&Analyzer::new().analyze(text));
        let words = |span: Option<Span>| span.map(|s| text[s.range()].to_owned());
        Parts {
            situation: words(story.situation),
            action: words(story.action),
            result: words(story.result),
            complete: story.is_complete(),
        }
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
        assert!(found.complete);
    }

    #[test]
    fn a_hypothetical_answer_has_none() {
        let found = example(
            "I would listen and ask open questions. When I'm with a peer I put my phone away, \
             so they feel heard. As a result, people trust me.",
        );
        assert_eq!(found, Parts::default());
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
