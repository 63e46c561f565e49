//! Writing insights: length against the model answers, most-used words,
//! hedging, and whether the answer tells an example of the candidate's own.
//!
//! - **Word count**: whitespace-separated chunks with at least one letter or
//!   digit, the way a word processor counts ("don't" is one word). Compared
//!   with the shortest and longest non-harmful exemplars of the question at
//!   its top two levels.
//! - **Most-used words**: the analysis words (lower-cased, contractions
//!   expanded, hyphenated words split; *not* stemmed, so "listen" and
//!   "listening" count apart and read as the candidate wrote them) of three
//!   letters or more, without digits, that are not [stop words](assay_text::is_stop_word)
//!   and occur at least twice; the eight most frequent, ties alphabetical.
//! - **Hedging and filler**: see [`crate::hedging`].
//! - **Own example**: the parts of a story ([`assay_text::Story`]): the
//!   same detector that earns a `story = true` concept in the score.

use std::collections::HashMap;

use assay_text::{is_stop_word, Analysis, Story};
use serde::Serialize;

use crate::hedging::count_hedges;

/// How many most-used words are listed.
pub const TOP_WORDS: usize = 8;

/// A word or phrase and how often it occurs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordCount {
    /// The word or phrase, lower-case.
    pub word: String,
    /// How many times it occurs.
    pub count: usize,
}

/// The range of word counts of the model answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WordRange {
    /// The shortest model answer, in words.
    pub min: usize,
    /// The longest model answer, in words.
    pub max: usize,
}

/// How the answer's length compares with the model answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Length {
    /// Shorter than the shortest model answer.
    Short,
    /// Within the range of the model answers.
    Within,
    /// Longer than the longest model answer.
    Long,
    /// No model answers to compare with.
    Unknown,
}

/// Everything the report says about the writing of one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Insights {
    /// Words in the answer.
    pub word_count: usize,
    /// Word counts of the question's top-level model answers, if any.
    pub model_range: Option<WordRange>,
    /// How the length compares.
    pub length: Length,
    /// A sentence saying so.
    pub length_note: String,
    /// The most-used content words.
    pub top_words: Vec<WordCount>,
    /// Hedging and filler words found.
    pub hedges: Vec<WordCount>,
    /// The parts of an own example found.
    pub own_example: OwnExample,
    /// A sentence about the own example.
    pub own_example_note: String,
}

impl Insights {
    /// The insights on `answer` (analysed as `analysis`), comparing its
    /// length with `model_word_counts`.
    #[must_use]
    pub fn new(answer: &str, analysis: &Analysis, model_word_counts: &[usize]) -> Self {
        let word_count = count_words(answer);
        let model_range = match (model_word_counts.iter().min(), model_word_counts.iter().max()) {
            (Some(&min), Some(&max)) => Some(WordRange { min, max }),
            _ => None,
        };
        let (length, length_note) = match model_range {
            None => (Length::Unknown, "There are no model answers to compare the length with.".to_owned()),
            Some(r) if word_count < r.min => (
                Length::Short,
                format!("Shorter than the strongest model answers ({} to {} words): there is room to say more about what you would do and why.", r.min, r.max),
            ),
            Some(r) if word_count > r.max => (
                Length::Long,
                format!("Longer than the strongest model answers ({} to {} words): check every sentence earns its place.", r.min, r.max),
            ),
            Some(r) => (
                Length::Within,
                format!("Within the range of the strongest model answers ({} to {} words).", r.min, r.max),
            ),
        };
        let own_example = OwnExample::of(answer, &Story::find(analysis));
        let own_example_note = own_example_note(&own_example);
        Insights {
            word_count,
            model_range,
            length,
            length_note,
            top_words: top_words(analysis),
            hedges: count_hedges(analysis),
            own_example,
            own_example_note,
        }
    }
}

fn own_example_note(example: &OwnExample) -> String {
    let parts = [
        ("the situation", example.situation.is_some()),
        ("what you did", example.action.is_some()),
        ("how it turned out", example.result.is_some()),
    ];
    let missing: Vec<&str> = parts.iter().filter(|(_, found)| !found).map(|(p, _)| *p).collect();
    match missing.len() {
        0 => "You back the answer with an example of your own: situation, action and result are all there.".to_owned(),
        3 => "No example of your own was found. One short story (the situation, what you did, how it turned out) makes an answer far more convincing.".to_owned(),
        _ => format!("Part of an example of your own was found; it would be stronger with {}.", missing.join(" and ")),
    }
}

/// The parts of a story an answer tells, in the answer's own words.
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
    /// The words of `story`'s parts in `answer`.
    #[must_use]
    pub fn of(answer: &str, story: &Story) -> Self {
        let words = |span: Option<assay_text::Span>| span.map(|s| answer[s.range()].to_owned());
        OwnExample {
            situation: words(story.situation),
            action: words(story.action),
            result: words(story.result),
        }
    }
}

/// Words as a word processor counts them.
#[must_use]
pub fn count_words(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

fn top_words(analysis: &Analysis) -> Vec<WordCount> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for token in &analysis.tokens {
        let word = token.word();
        if word.chars().count() >= 3 && word.chars().all(char::is_alphabetic) && !is_stop_word(word)
        {
            *counts.entry(word).or_default() += 1;
        }
    }
    let mut list: Vec<WordCount> = counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(word, count)| WordCount { word: word.to_owned(), count })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
    list.truncate(TOP_WORDS);
    list
}

#[cfg(test)]
mod tests {
    use assay_text::Analyzer;

    use super::*;

    fn insights(text: &str, models: &[usize]) -> Insights {
        Insights::new(text, &Analyzer::new().analyze(text), models)
    }

    #[test]
    fn words_are_counted_as_written() {
        assert_eq!(count_words("I don't know - really. 42 times!"), 6);
        assert_eq!(count_words("   "), 0);
    }

    #[test]
    fn length_is_compared_with_the_models() {
        assert_eq!(insights("one two three", &[5, 9]).length, Length::Short);
        assert_eq!(insights("one two three", &[3, 9]).length, Length::Within);
        assert_eq!(insights("one two three", &[1, 2]).length, Length::Long);
        let none = insights("one two three", &[]);
        assert_eq!((none.length, none.model_range), (Length::Unknown, None));
    }

    #[test]
    fn top_words_leave_out_stop_words_and_singletons() {
        let found = insights(
            "I listen, and I listen again; listening matters. Safety, safety, safety. The peer.",
            &[],
        );
        let words: Vec<(&str, usize)> =
            found.top_words.iter().map(|w| (w.word.as_str(), w.count)).collect();
        assert_eq!(words, [("safety", 3), ("listen", 2)]);
    }

    #[test]
    fn notes_name_the_missing_parts() {
        let found = insights("Last year I called the team.", &[]);
        assert!(found.own_example_note.contains("how it turned out"), "{}", found.own_example_note);
        assert!(!found.own_example_note.contains("the situation"));
    }
}
