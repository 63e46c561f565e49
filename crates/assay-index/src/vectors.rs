//! TF-IDF vectors over stems and their cosine.

use std::collections::HashMap;
use std::sync::Arc;

use assay_text::Analysis;

/// Stem counts of one text.
pub type TermCounts = HashMap<Arc<str>, u32>;

/// Counts the stems of `analysis`.
pub fn term_counts(analysis: &Analysis) -> TermCounts {
    let mut counts = TermCounts::new();
    for token in analysis.tokens.iter().filter(|t| !t.is_question_mark()) {
        *counts.entry(token.shared_stem()).or_default() += 1;
    }
    counts
}

/// Document frequencies over the indexed exemplars.
#[derive(Debug, Clone, Default)]
pub struct Idf {
    documents: usize,
    frequency: HashMap<Arc<str>, u32>,
}

impl Idf {
    /// Frequencies over `documents`.
    pub fn new<'a>(documents: impl IntoIterator<Item = &'a TermCounts>) -> Self {
        let mut idf = Idf::default();
        for counts in documents {
            idf.documents += 1;
            for stem in counts.keys() {
                *idf.frequency.entry(Arc::clone(stem)).or_default() += 1;
            }
        }
        idf
    }

    /// `ln((N + 1) / (df + 1))`.
    pub fn weight(&self, stem: &str) -> f64 {
        let df = self.frequency.get(stem).copied().unwrap_or(0);
        ((self.documents as f64 + 1.0) / (f64::from(df) + 1.0)).ln()
    }
}

/// A TF-IDF vector with its norm, its entries sorted by stem so that every
/// sum runs in the same order and similarities are bit-for-bit repeatable.
#[derive(Debug, Clone, Default)]
pub struct Vector {
    weights: Vec<(Arc<str>, f64)>,
    norm: f64,
}

impl Vector {
    /// `(1 + ln tf) * idf` per stem.
    pub fn new(counts: &TermCounts, idf: &Idf) -> Self {
        let mut weights: Vec<(Arc<str>, f64)> = counts
            .iter()
            .map(|(stem, &tf)| (Arc::clone(stem), (1.0 + f64::from(tf).ln()) * idf.weight(stem)))
            .filter(|(_, w)| *w > 0.0)
            .collect();
        weights.sort_by(|a, b| a.0.cmp(&b.0));
        let norm = weights.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        Vector { weights, norm }
    }

    /// Cosine similarity, 0 when either vector is empty.
    pub fn cosine(&self, other: &Vector) -> f64 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < self.weights.len() && j < other.weights.len() {
            match self.weights[i].0.cmp(&other.weights[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += self.weights[i].1 * other.weights[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        (dot / (self.norm * other.norm)).clamp(0.0, 1.0)
    }

    /// The stems with a weight, for building a query.
    pub fn stems(&self) -> impl Iterator<Item = &Arc<str>> {
        self.weights.iter().map(|(stem, _)| stem)
    }
}

#[cfg(test)]
mod tests {
    use assay_text::Analyzer;

    use super::*;

    fn counts(text: &str) -> TermCounts {
        term_counts(&Analyzer::new().analyze(text))
    }

    #[test]
    fn identical_texts_are_similar_and_disjoint_ones_are_not() {
        let docs =
            [counts("call the crisis line"), counts("write factual notes"), counts("the end")];
        let idf = Idf::new(&docs);
        let a = Vector::new(&docs[0], &idf);
        let b = Vector::new(&docs[1], &idf);
        assert!((a.cosine(&a) - 1.0).abs() < 1e-12);
        assert_eq!(a.cosine(&b), 0.0);
    }

    #[test]
    fn a_stem_in_every_document_weighs_nothing() {
        let docs = [counts("the crisis"), counts("the notes")];
        let idf = Idf::new(&docs);
        assert_eq!(idf.weight("the"), 0.0);
        assert!(idf.weight("crisi") > 0.0);
        assert!(idf.weight("unseen") > idf.weight("crisi"));
    }
}
