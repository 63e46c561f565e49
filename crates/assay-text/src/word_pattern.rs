//! A tiny word-sequence pattern over analysed tokens, for finding stories
//! ([`crate::Story`]) and the report's writing insights. Not the rubric cue language: these rules look at word forms
//! (past tense, subjects), not stems.
//!
//! A pattern is words separated by spaces; each word may list alternatives
//! with `|`. These placeholders stand for a class of words:
//!
//! - `PAST`: a past-tense verb form ([`is_past_tense`]);
//! - `ACT`: a past-tense verb that is not a state (*was, had, felt,
//!   thought, ...*): something the speaker did;
//! - `SUBJ`: a subject pronoun (*i, we, he, she, they, it*);
//! - `*`: any one word;
//! - `ADV`: an adverb that may stand between a subject and its verb (a word
//!   ending in *-ly*, or *then, also, just, first, still, later*).

use crate::word_class::WordClasses;
use crate::Token;

/// Irregular past-tense forms (and regular ones the suffix rule misses).
const IRREGULAR_PAST: &[&str] = &[
    "agreed",
    "ate",
    "began",
    "bought",
    "brought",
    "came",
    "caught",
    "chose",
    "did",
    "drove",
    "fell",
    "felt",
    "found",
    "gave",
    "got",
    "grew",
    "had",
    "heard",
    "held",
    "kept",
    "knew",
    "led",
    "left",
    "lost",
    "made",
    "meant",
    "met",
    "paid",
    "ran",
    "said",
    "sat",
    "saw",
    "sent",
    "sought",
    "spent",
    "spoke",
    "stood",
    "taught",
    "thought",
    "told",
    "took",
    "understood",
    "was",
    "went",
    "were",
    "woke",
    "won",
    "wrote",
];

/// Words ending in `-ed` that are not past-tense verbs.
const NOT_PAST: &[&str] = &["hundred", "indeed", "kindred", "naked", "sacred", "wicked"];

/// Past forms that describe a state rather than an action, and `did`,
/// mostly an auxiliary ("I didn't tell him").
const STATES: &[&str] = &[
    "believed",
    "did",
    "felt",
    "had",
    "hoped",
    "knew",
    "liked",
    "loved",
    "needed",
    "remembered",
    "seemed",
    "thought",
    "wanted",
    "was",
    "were",
    "wished",
];

/// Adverbs allowed between a subject and its verb besides `-ly` words.
const ADVERBS: &[&str] = &["also", "first", "just", "later", "then", "still"];

/// Whether `word` (lower-case) looks like a past-tense verb: an irregular
/// form, or a word of five letters or more ending in `-ed` (not `-eed`).
#[must_use]
pub fn is_past_tense(word: &str) -> bool {
    IRREGULAR_PAST.binary_search(&word).is_ok()
        || (word.len() >= 5
            && word.ends_with("ed")
            && !word.ends_with("eed")
            && !NOT_PAST.contains(&word))
}

/// Whether `word` is a past-tense verb that is not a state (`ACT`).
pub(crate) fn is_action(word: &str) -> bool {
    is_past_tense(word) && STATES.binary_search(&word).is_err()
}

/// Whether `word` is a subject pronoun (`SUBJ`).
pub(crate) fn is_subject(word: &str) -> bool {
    matches!(word, "i" | "we" | "he" | "she" | "they" | "it")
}

/// Whether `word` is an adverb (`ADV`): ends in *-ly*, or one of [`ADVERBS`].
pub(crate) fn is_adverb(word: &str) -> bool {
    (word.len() > 3 && word.ends_with("ly")) || ADVERBS.contains(&word)
}

/// One alternative of a pattern word.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Alternative {
    /// `*`: any word.
    Any,
    /// `PAST`: [`is_past_tense`].
    Past,
    /// `ACT`: a past-tense verb that is not a state.
    Act,
    /// `SUBJ`: a subject pronoun.
    Subject,
    /// `ADV`: an adverb.
    Adverb,
    /// The word itself.
    Word(String),
}

impl Alternative {
    fn parse(text: &str) -> Self {
        match text {
            "*" => Self::Any,
            "PAST" => Self::Past,
            "ACT" => Self::Act,
            "SUBJ" => Self::Subject,
            "ADV" => Self::Adverb,
            word => Self::Word(word.to_owned()),
        }
    }

    /// Whether `token` matches, its word classes worked out once per
    /// distinct word.
    fn matches(&self, token: &Token) -> bool {
        match self {
            Self::Any => true,
            Self::Past => token.is_past_tense(),
            Self::Act => token.classes.has(WordClasses::ACTION),
            Self::Subject => token.classes.has(WordClasses::SUBJECT),
            Self::Adverb => token.classes.has(WordClasses::ADVERB),
            Self::Word(literal) => literal == token.word(),
        }
    }
}

/// A word pattern, split into its words and their alternatives once, to
/// be looked for in many answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordPattern {
    words: Vec<Vec<Alternative>>,
}

impl WordPattern {
    /// The pattern `pattern`: words separated by spaces, alternatives by `|`.
    #[must_use]
    pub fn new(pattern: &str) -> Self {
        Self {
            words: pattern
                .split(' ')
                .map(|w| w.split('|').map(Alternative::parse).collect())
                .collect(),
        }
    }

    /// The words the pattern names (not its classes), in pattern order.
    pub fn literals(&self) -> impl Iterator<Item = &str> {
        self.words.iter().flatten().filter_map(|alternative| match alternative {
            Alternative::Word(word) => Some(word.as_str()),
            _ => None,
        })
    }

    /// Whether the pattern can match where the words for which `present`
    /// is true are the only words: every pattern word that lists words
    /// rather than a class has one of them present.
    pub fn may_match(&self, mut present: impl FnMut(&str) -> bool) -> bool {
        self.words.iter().all(|alternatives| {
            alternatives.iter().any(|alternative| match alternative {
                Alternative::Word(word) => present(word),
                _ => true,
            })
        })
    }

    /// The first place in `tokens` where the pattern matches consecutive
    /// words of one sentence, as a token range.
    #[must_use]
    pub fn find(&self, tokens: &[Token]) -> Option<std::ops::Range<usize>> {
        (0..tokens.len()).find_map(|start| {
            let end = start + self.words.len();
            let window = tokens.get(start..end)?;
            // The words first: most starts fail on the first one.
            let matched = window
                .iter()
                .zip(&self.words)
                .all(|(t, alternatives)| alternatives.iter().any(|a| a.matches(t)));
            let same_sentence = || window.iter().all(|t| t.sentence == window[0].sentence);
            (matched && same_sentence()).then_some(start..end)
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::Analyzer;

    use super::*;

    fn found(pattern: &str, text: &str) -> Option<String> {
        let analysis = Analyzer::new().analyze(text);
        WordPattern::new(pattern).find(&analysis.tokens).map(|r| {
            let span = analysis.tokens[r.start].span.cover(analysis.tokens[r.end - 1].span);
            text[span.range()].to_owned()
        })
    }

    #[test]
    fn past_tense_forms() {
        for word in ["asked", "listened", "called", "went", "told", "agreed"] {
            assert!(is_past_tense(word), "{word}");
        }
        for word in ["need", "indeed", "ask", "listen", "red", "hundred", "bed"] {
            assert!(!is_past_tense(word), "{word}");
        }
    }

    #[test]
    fn a_pattern_names_its_words_and_needs_one_of_each_present() {
        let pattern = WordPattern::new("once a|an|my * PAST");
        assert_eq!(pattern.literals().collect::<Vec<_>>(), ["once", "a", "an", "my"]);
        assert!(pattern.may_match(|w| matches!(w, "once" | "my")));
        assert!(!pattern.may_match(|w| w == "once"), "none of a, an, my");
    }

    #[test]
    fn patterns_match_words_in_one_sentence() {
        assert_eq!(found("i ADV ACT", "Then I gently asked him."), Some("I gently asked".into()));
        assert_eq!(found("i|we ACT", "I was scared."), None, "a state is not an action");
        assert_eq!(found("when SUBJ PAST", "When I'm there."), None);
        assert_eq!(found("when SUBJ PAST", "When she left, we sat."), Some("When she left".into()));
        assert_eq!(found("there was a time", "There was. A time."), None, "crosses a sentence");
    }
}
