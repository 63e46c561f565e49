//! The closed-class words negation scoping tests for (and stop words, and
//! the word classes of story patterns), as bits worked out once per
//! distinct word (in the stem cache) instead of by string comparisons at
//! every token of every answer.

use crate::{negation, word_pattern};

/// A set of [`WordClasses`] bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct WordClasses(u32);

impl WordClasses {
    /// *but*, *because*, *so*, ...: starts a clause.
    pub const CLAUSE_STARTER: u32 = 1;
    /// *instead*.
    pub const INSTEAD: u32 = 1 << 1;
    /// *rather*.
    pub const RATHER: u32 = 1 << 2;
    /// *i* or *we*.
    pub const I_OR_WE: u32 = 1 << 3;
    /// *of*.
    pub const OF: u32 = 1 << 4;
    /// *than*.
    pub const THAN: u32 = 1 << 5;
    /// *no*.
    pub const NO: u32 = 1 << 6;
    /// *matter*.
    pub const MATTER: u32 = 1 << 7;
    /// *and*.
    pub const AND: u32 = 1 << 8;
    /// A verb after which a subject does not start a clause (*think*).
    pub const RAISING: u32 = 1 << 9;
    /// *not*, *never*, ...
    pub const VERBAL_NEGATOR: u32 = 1 << 10;
    /// *avoid*, *refuse*: negating verbs, by stem.
    pub const NEGATING_VERB: u32 = 1 << 11;
    /// *no*, *without*.
    pub const NOMINAL_NEGATOR: u32 = 1 << 12;
    /// *ever*, *even*, ...: skipped when looking for a neutralising word.
    pub const SKIPPED_ADVERB: u32 = 1 << 13;
    /// *hesitate*, *fail*, ...: turns a preceding negator into an
    /// affirmation, by stem.
    pub const NEUTRALISING: u32 = 1 << 14;
    /// *would*, *will*, ...: after *and*, starts a new verb phrase.
    pub const NEW_VERB_PHRASE: u32 = 1 << 15;
    /// A preposition (or *to*).
    pub const PREPOSITION: u32 = 1 << 16;
    /// A stop word ([`crate::is_stop_word`]).
    pub const STOP_WORD: u32 = 1 << 17;
    /// *or*, *nor*: the last item of a list.
    pub const OR: u32 = 1 << 18;
    /// The question-mark token ([`crate::QUESTION_MARK`]).
    pub const QUESTION_MARK: u32 = 1 << 19;
    /// A past-tense verb form (`PAST` in a word pattern).
    pub const PAST_TENSE: u32 = 1 << 20;
    /// A past-tense verb that is not a state (`ACT`).
    pub const ACTION: u32 = 1 << 21;
    /// A subject pronoun (`SUBJ`).
    pub const SUBJECT: u32 = 1 << 22;
    /// An adverb (`ADV`).
    pub const ADVERB: u32 = 1 << 23;
    /// One of [`DETERMINERS`].
    pub const DETERMINER: u32 = 1 << 24;

    /// The classes of a word with this stem.
    pub fn of(word: &str, stem: &str) -> WordClasses {
        let mut bits = 0;
        let mut set = |class: u32, test: bool| {
            if test {
                bits |= class;
            }
        };
        set(Self::CLAUSE_STARTER, negation::is_clause_starter(word));
        set(Self::INSTEAD, word == "instead");
        set(Self::RATHER, word == "rather");
        set(Self::I_OR_WE, matches!(word, "i" | "we"));
        set(Self::OF, word == "of");
        set(Self::THAN, word == "than");
        set(Self::NO, word == "no");
        set(Self::MATTER, word == "matter");
        set(Self::AND, word == "and");
        set(Self::RAISING, negation::RAISING_STEMS.contains(&stem));
        set(Self::VERBAL_NEGATOR, negation::is_verbal_negator(word));
        set(Self::NEGATING_VERB, negation::is_verbal_negator_stem(stem));
        set(Self::NOMINAL_NEGATOR, negation::is_nominal_negator(word));
        set(Self::SKIPPED_ADVERB, negation::SKIPPED_ADVERBS.contains(&word));
        set(Self::NEUTRALISING, negation::NEUTRALISING_STEMS.contains(&stem));
        set(Self::NEW_VERB_PHRASE, negation::NEW_VERB_PHRASE.contains(&word));
        set(Self::QUESTION_MARK, word == crate::QUESTION_MARK);
        set(Self::PREPOSITION, negation::is_preposition(word));
        set(Self::STOP_WORD, crate::is_stop_word(word));
        set(Self::OR, matches!(word, "or" | "nor"));
        set(Self::PAST_TENSE, word_pattern::is_past_tense(word));
        set(Self::ACTION, word_pattern::is_action(word));
        set(Self::SUBJECT, word_pattern::is_subject(word));
        set(Self::ADVERB, word_pattern::is_adverb(word));
        set(Self::DETERMINER, DETERMINERS.contains(&word));
        WordClasses(bits)
    }

    /// Whether the word is in `class` (one of the constants above).
    pub fn has(self, class: u32) -> bool {
        self.0 & class != 0
    }
}

/// Articles, demonstratives, possessives and the like: the words a cue
/// lets stand between two of its words (see `assay-score`'s cue matching).
pub const DETERMINERS: &[&str] = &[
    "a", "an", "the", "my", "your", "his", "her", "their", "our", "its", "this", "that", "these",
    "those", "some", "any",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_the_word_lists() {
        let never = WordClasses::of("never", "never");
        assert!(never.has(WordClasses::VERBAL_NEGATOR));
        assert!(!never.has(WordClasses::NOMINAL_NEGATOR));
        let no = WordClasses::of("no", "no");
        assert!(no.has(WordClasses::NO) && no.has(WordClasses::NOMINAL_NEGATOR));
        assert!(WordClasses::of("refusing", "refus").has(WordClasses::NEGATING_VERB));
        assert!(WordClasses::of("hesitated", "hesit").has(WordClasses::NEUTRALISING));
        assert!(WordClasses::of("through", "through").has(WordClasses::PREPOSITION));
        assert!(WordClasses::of("their", "their").has(WordClasses::DETERMINER));
        assert!(!WordClasses::of("there", "there").has(WordClasses::DETERMINER));
        assert_eq!(WordClasses::of("listen", "listen"), WordClasses::default());
    }
}
