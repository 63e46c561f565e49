//! Hedging and filler words: words that soften or pad an answer without
//! adding to it. In an interview a few are natural; many make the candidate
//! sound unsure.
//!
//! The list ([`HEDGES`]) is matched as whole words on the lower-cased,
//! contraction-expanded words of the analysis. *kind of* and *sort of* are
//! not counted after a determiner or *what*, where they mean "type of"
//! ("what kind of support"). *Like* is left out: as a filler it cannot be
//! told apart from the verb and the preposition by word patterns.

use assay_text::Analysis;

use crate::insights::WordCount;
use assay_text::word_pattern::WordPattern;

/// The hedging and filler phrases counted, as word patterns.
pub const HEDGES: &[&str] = &[
    "maybe",
    "perhaps",
    "probably",
    "possibly",
    "kind of",
    "sort of",
    "i guess",
    "i suppose",
    "i think",
    "i feel like",
    "basically",
    "just",
    "honestly",
    "actually",
    "literally",
    "you know",
    "a bit",
    "somewhat",
];

/// Words before *kind of* / *sort of* that make it mean "type of".
const TYPE_OF: &[&str] =
    &["what", "the", "a", "this", "that", "any", "some", "every", "which", "same", "one"];

/// Each hedge found in `analysis` with its count, most frequent first
/// (ties alphabetical).
#[must_use]
pub fn count_hedges(analysis: &Analysis) -> Vec<WordCount> {
    let tokens = &analysis.tokens;
    let mut counts: Vec<WordCount> = HEDGES
        .iter()
        .map(|hedge| {
            let pattern = WordPattern::new(hedge);
            let mut count = 0;
            let mut from = 0;
            while let Some(range) = pattern.find(&tokens[from..]) {
                let start = from + range.start;
                let type_of = hedge.ends_with(" of")
                    && start > 0
                    && TYPE_OF.contains(&tokens[start - 1].word());
                if !type_of {
                    count += 1;
                }
                from += range.end;
            }
            WordCount { word: (*hedge).to_owned(), count }
        })
        .filter(|c| c.count > 0)
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.word.cmp(&b.word)));
    counts
}

#[cfg(test)]
mod tests {
    use assay_text::Analyzer;

    use super::*;

    fn hedges(text: &str) -> Vec<(String, usize)> {
        count_hedges(&Analyzer::new().analyze(text))
            .into_iter()
            .map(|c| (c.word, c.count))
            .collect()
    }

    #[test]
    fn hedges_are_counted() {
        assert_eq!(
            hedges("Maybe I would just, I think, kind of listen. Just maybe."),
            [("just".into(), 2), ("maybe".into(), 2), ("i think".into(), 1), ("kind of".into(), 1)]
        );
    }

    #[test]
    fn type_of_is_not_a_hedge() {
        assert!(hedges("What kind of support helps? The sort of thing I offer.").is_empty());
        assert!(hedges("I would listen and call the crisis line.").is_empty());
    }
}
