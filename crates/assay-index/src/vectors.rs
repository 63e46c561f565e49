//! TF-IDF vectors over stems and their cosine.

use std::collections::HashMap;
use std::sync::Arc;

use assay_text::{Analysis, KeyBuildHasher};

/// Stem counts of one text, by the stem's [`assay_text::stem_key`], each
/// with the stem (for building a search query).
pub type TermCounts = HashMap<u64, (u32, Arc<str>), KeyBuildHasher>;

/// A stem's key, its count in a text, and the stem.
type StemCount = (u64, u32, &'static str);

include!(concat!(env!("OUT_DIR"), "/exemplar_counts.rs"));

/// The stem counts of `text` when it is one of the built-in corpus' answers,
/// counted when the crate was built (see `build.rs`): what
/// [`term_counts`] gives for its analysis, without analysing it.
pub fn built_in_counts(text: &str) -> Option<TermCounts> {
    let found = EXEMPLAR_COUNTS.binary_search_by(|(known, _)| (*known).cmp(text)).ok()?;
    let mut counts = TermCounts::default();
    for &(key, count, stem) in EXEMPLAR_COUNTS[found].1 {
        counts.insert(key, (count, Arc::from(stem)));
    }
    Some(counts)
}

/// Counts the stems of `analysis`.
pub fn term_counts(analysis: &Analysis) -> TermCounts {
    let mut counts = TermCounts::default();
    for token in analysis.tokens.iter().filter(|t| !t.is_question_mark()) {
        counts.entry(token.stem_key).or_insert_with(|| (0, token.shared_stem())).0 += 1;
    }
    counts
}

/// Inverse document frequencies over the indexed exemplars, worked out
/// once per stem when the index is made.
#[derive(Debug, Clone, Default)]
pub struct Idf {
    /// `ln((N + 1) / (df + 1))` of each stem seen, by stem key.
    weights: HashMap<u64, f64, KeyBuildHasher>,
    /// The weight of a stem no document has (df = 0).
    unseen: f64,
}

impl Idf {
    /// Frequencies over `documents`.
    pub fn new<'a>(documents: impl IntoIterator<Item = &'a TermCounts>) -> Self {
        let mut frequency: HashMap<u64, u32, KeyBuildHasher> = HashMap::default();
        let mut total = 0usize;
        for counts in documents {
            total += 1;
            for &key in counts.keys() {
                *frequency.entry(key).or_default() += 1;
            }
        }
        let weight = |df: u32| ((total as f64 + 1.0) / (f64::from(df) + 1.0)).ln();
        Idf {
            weights: frequency.into_iter().map(|(key, df)| (key, weight(df))).collect(),
            unseen: weight(0),
        }
    }

    /// `ln((N + 1) / (df + 1))` of the stem with key `key`.
    pub fn weight(&self, key: u64) -> f64 {
        self.weights.get(&key).copied().unwrap_or(self.unseen)
    }
}

/// A TF-IDF vector with its norm. Entries are keyed by the stem's
/// [`assay_text::stem_key`] and sorted by it, so a cosine compares integers
/// rather than strings, and every sum runs in the same order: similarities
/// are bit-for-bit repeatable.
#[derive(Debug, Clone, Default)]
pub struct Vector {
    weights: Vec<(u64, f64)>,
    stems: Vec<Arc<str>>,
    norm: f64,
}

impl Vector {
    /// `(1 + ln tf) * idf` per stem.
    pub fn new(counts: &TermCounts, idf: &Idf) -> Self {
        let mut entries: Vec<(u64, f64, &Arc<str>)> = counts
            .iter()
            .map(|(&key, (tf, stem))| (key, (1.0 + f64::from(*tf).ln()) * idf.weight(key), stem))
            .filter(|(_, w, _)| *w > 0.0)
            .collect();
        entries.sort_by_key(|e| e.0);
        let norm = entries.iter().map(|(_, w, _)| w * w).sum::<f64>().sqrt();
        let stems = entries.iter().map(|(_, _, stem)| Arc::clone(stem)).collect();
        let weights = entries.into_iter().map(|(key, w, _)| (key, w)).collect();
        Vector { weights, stems, norm }
    }

    /// Cosine similarity, 0 when either vector is empty.
    pub fn cosine(&self, other: &Vector) -> f64 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < self.weights.len() && j < other.weights.len() {
            let (a, b) = (self.weights[i], other.weights[j]);
            match a.0.cmp(&b.0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += a.1 * b.1;
                    i += 1;
                    j += 1;
                }
            }
        }
        (dot / (self.norm * other.norm)).clamp(0.0, 1.0)
    }

    /// The entries, `(stem key, weight)`, in key order.
    pub fn entries(&self) -> &[(u64, f64)] {
        &self.weights
    }

    /// The vector's length.
    pub fn norm(&self) -> f64 {
        self.norm
    }

    /// The stems with a weight, for building a query.
    pub fn stems(&self) -> impl Iterator<Item = &Arc<str>> {
        self.stems.iter()
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
    fn the_counts_made_at_build_time_are_the_analysers() {
        assert!(EXEMPLAR_COUNTS.len() > 100, "the built-in corpus' answers are in the table");
        let mut analyzer = Analyzer::new();
        for (text, _) in EXEMPLAR_COUNTS {
            let built = built_in_counts(text).expect("every listed text is found");
            let counted = term_counts(&analyzer.analyze(text));
            assert_eq!(built, counted, "{text}");
        }
        assert_eq!(built_in_counts("not a model answer"), None);
        let corpus = assay_cli::builtin().load().expect("built-in data loads").corpus;
        for exemplar in &corpus.exemplars {
            assert!(built_in_counts(&exemplar.text).is_some(), "{} is counted", exemplar.id);
        }
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
    fn postings_give_the_cosines_bit_for_bit() {
        let docs = [
            counts("call the crisis line with them and stay"),
            counts("write factual notes the same day"),
            counts("stay calm, call for help, write it up"),
        ];
        let idf = Idf::new(&docs);
        let vectors: Vec<Vector> = docs.iter().map(|d| Vector::new(d, &idf)).collect();
        let postings = Postings::new(&vectors);
        let query = Vector::new(&counts("I would call the crisis line and write notes"), &idf);
        let direct: Vec<f64> = vectors.iter().map(|v| query.cosine(v)).collect();
        assert_eq!(postings.cosines(&query), direct);
        assert!(direct.iter().all(|&c| c > 0.0));
    }

    #[test]
    fn a_stem_in_every_document_weighs_nothing() {
        let docs = [counts("the crisis"), counts("the notes")];
        let idf = Idf::new(&docs);
        let weight = |stem: &str| idf.weight(assay_text::stem_key(stem));
        assert_eq!(weight("the"), 0.0);
        assert!(weight("crisi") > 0.0);
        assert!(weight("unseen") > weight("crisi"));
    }
}

/// Many vectors compared with one query at a time through an inverted
/// list: each of the query's stems adds its products to the vectors that
/// have it. The sums run in key order, as [`Vector::cosine`]'s do, so the
/// similarities are the same to the bit.
#[derive(Debug, Clone, Default)]
pub struct Postings {
    lists: std::collections::HashMap<u64, Vec<(u32, f64)>>,
    norms: Vec<f64>,
}

impl Postings {
    /// The inverted lists of `vectors`.
    pub fn new<'a>(vectors: impl IntoIterator<Item = &'a Vector>) -> Self {
        let mut postings = Postings::default();
        for (i, vector) in vectors.into_iter().enumerate() {
            let i = u32::try_from(i).expect("fewer than 4 billion vectors");
            for &(key, weight) in vector.entries() {
                postings.lists.entry(key).or_default().push((i, weight));
            }
            postings.norms.push(vector.norm());
        }
        postings
    }

    /// The cosine of `query` with each vector, in their order.
    pub fn cosines(&self, query: &Vector) -> Vec<f64> {
        let mut dots = vec![0.0; self.norms.len()];
        for &(key, weight) in query.entries() {
            for &(i, other) in self.lists.get(&key).map_or(&[][..], Vec::as_slice) {
                dots[i as usize] += weight * other;
            }
        }
        dots.iter()
            .zip(&self.norms)
            .map(|(dot, norm)| {
                if query.norm() == 0.0 || *norm == 0.0 {
                    0.0
                } else {
                    (dot / (query.norm() * norm)).clamp(0.0, 1.0)
                }
            })
            .collect()
    }
}
