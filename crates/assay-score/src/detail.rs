//! How fully an answer is developed: its distinct content words.
//!
//! People score a thin answer that names the right ideas below a developed
//! one that works them through, and a developed answer above what its
//! concepts alone would earn. So the concept points are multiplied by a
//! detail factor: the answer's distinct content words (stems that are not
//! stop words; repeating a sentence adds none) over [`FULL_DETAIL_WORDS`],
//! at most [`MAX_DETAIL_LIFT`]. Below 1 it shrinks every concept's points;
//! above 1 it lifts only the question's own concepts (not the library's
//! general ones, which a good answer to any question earns). The constants
//! are calibrated on the labelled answers (`rubrics/README.md`, "How a
//! score is made").

use assay_text::Analysis;

/// Distinct content words at which concept points count in full (factor 1),
/// when a question does not set `detail-words`: the cross-validated choice
/// for cues with the learned concept estimate (the default;
/// `scripts/calibrate_detail.py`).
pub const FULL_DETAIL_WORDS: u32 = 35;

/// The same for cues alone, without the concept estimate
/// ([`crate::RubricSet::without_concept_estimate`]), which earn fewer
/// concepts, so points count in full a little sooner.
pub const CUE_DETAIL_WORDS: u32 = 30;

/// The same with the semantic matcher on
/// ([`crate::RubricSet::with_semantic_matcher`]), which earns more concepts
/// on a whole answer, so points count in full a little later (chosen by
/// `scripts/calibrate_detail.py --semantic`).
pub const SEMANTIC_DETAIL_WORDS: u32 = 35;

/// The largest factor detail can apply to the question's own concepts: their
/// points at most double, so length alone never makes a thin answer
/// exemplary.
pub const MAX_DETAIL_LIFT: f64 = 2.0;

/// An answer's detail and the factor it gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detail {
    /// Distinct content words (stems of words that are not stop words).
    pub words: u32,
    /// The distinct content words at which points count in full (the
    /// question's `detail-words`; 0: no detail factor).
    pub full_words: u32,
    /// What the concept points are multiplied by.
    pub factor: f64,
}

impl Detail {
    /// The detail of an analysed answer, for a question whose points count
    /// in full at `full_words` distinct content words (0: factor 1).
    #[must_use]
    pub fn of(analysis: &Analysis, full_words: u32) -> Self {
        let stems = analysis.tokens.iter().filter(|t| !t.is_stop_word()).map(|t| t.stem_key);
        let words = distinct_count(stems, analysis.tokens.len());
        Self::from_words(u32::try_from(words).unwrap_or(u32::MAX), full_words)
    }

    /// The factor for `words` distinct content words when points count in
    /// full at `full_words` (0: factor 1).
    #[must_use]
    pub fn from_words(words: u32, full_words: u32) -> Self {
        if full_words == 0 {
            return Self { words, full_words, factor: 1.0 };
        }
        let factor =
            ((1.0 + f64::from(words)) / (1.0 + f64::from(full_words))).min(MAX_DETAIL_LIFT);
        Self { words, full_words, factor: (factor * 1000.0).round() / 1000.0 }
    }
}

/// How many distinct keys `keys` (at most `most` of them) has, counted in
/// an open-addressed table at most half full: cheaper than sorting them.
fn distinct_count(keys: impl Iterator<Item = u64>, most: usize) -> usize {
    /// The mark of an empty slot; the key 0 itself is counted apart.
    const EMPTY: u64 = 0;
    let size = (most * 2).max(2).next_power_of_two();
    let shift = 64 - size.trailing_zeros();
    let mut slots = vec![EMPTY; size];
    let (mut distinct, mut zero) = (0, false);
    for key in keys {
        if key == EMPTY {
            zero = true;
            continue;
        }
        // Stem keys are hashes: their high bits are already well mixed.
        let mut slot = (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as usize;
        while slots[slot] != EMPTY && slots[slot] != key {
            slot = (slot + 1) & (size - 1);
        }
        distinct += usize::from(slots[slot] == EMPTY);
        slots[slot] = key;
    }
    distinct + usize::from(zero)
}

#[cfg(test)]
mod tests {
    use super::*;
    use assay_text::Analyzer;

    #[test]
    fn repeated_and_stop_words_add_no_detail() {
        let mut analyzer = Analyzer::new();
        let once = analyzer.analyze("I would listen to her and reflect her feelings.");
        let twice = analyzer.analyze(
            "I would listen to her and reflect her feelings. I would listen to her and reflect her feelings.",
        );
        let (once, twice) =
            (Detail::of(&once, FULL_DETAIL_WORDS), Detail::of(&twice, FULL_DETAIL_WORDS));
        assert_eq!(once, twice);
        assert_eq!(once.words, 4, "i, listen, reflect, feel");
    }

    #[test]
    fn distinct_keys_are_counted_once_zero_among_them() {
        let keys = [5, 9, 5, 0, 1 << 63, 9, 0, 5];
        assert_eq!(distinct_count(keys.into_iter(), keys.len()), 4);
        assert_eq!(distinct_count(std::iter::empty(), 0), 0);
    }

    #[test]
    fn the_factor_grows_with_detail_up_to_its_cap() {
        assert_eq!(Detail::from_words(FULL_DETAIL_WORDS, FULL_DETAIL_WORDS).factor, 1.0);
        assert!(Detail::from_words(15, FULL_DETAIL_WORDS).factor < 0.6);
        assert_eq!(Detail::from_words(500, FULL_DETAIL_WORDS).factor, MAX_DETAIL_LIFT);
        assert_eq!(Detail::from_words(2, 0).factor, 1.0, "detail-words = 0 turns it off");
    }
}
