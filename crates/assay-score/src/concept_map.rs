//! Where every concept of a rubric set sits in the embedding space: the
//! centroid of its example sentences.
//!
//! The semantic matcher compares a run of an answer with the examples of
//! one question's concepts, and in a whole answer some run nearly always
//! resembles some example: an answer to one question would earn another
//! question's concepts too. With the map, a run earns a concept only when
//! that concept's centroid is, within [`CONCEPT_MARGIN`], the nearest of
//! every concept of every question: what the run is about must be this
//! concept, not merely close to it. A red flag is resembled only when it
//! is, in the same way, the nearest of every concept and red flag: a run
//! closer to good practice than to the harm is not listed.

use assay_embed::{Embedding, StaticModel};

use crate::columns::Columns;
use crate::example_set::Examples;

/// How far below the nearest centroid a concept's centroid may be and
/// still be earned.
pub const CONCEPT_MARGIN: f32 = 0.05;

/// One unit centroid per concept, then one per red flag.
#[derive(Debug, Default)]
pub(crate) struct ConceptMap {
    /// The concepts' centroids, then the red flags'.
    centroids: Columns,
    /// How many of `centroids` are concepts'.
    concepts: usize,
}

/// A run's dot products with every centroid of a [`ConceptMap`], and the
/// largest among the concepts' and among all.
#[derive(Debug)]
pub(crate) struct Nearness {
    dots: Vec<f32>,
    nearest_concept: f32,
    nearest: f32,
}

impl ConceptMap {
    /// The centroids of `owners` (the first `concepts` of them concepts,
    /// the rest red flags), in order; one without examples gets a zero
    /// vector (it is never the nearest).
    pub fn new<'a>(owners: impl IntoIterator<Item = &'a Examples>, concepts: usize) -> Self {
        let model = StaticModel::builtin();
        let dims = model.dims();
        let mut centroids = Vec::new();
        for examples in owners {
            let mut sum = vec![0f32; dims];
            for text in &examples.examples {
                sum.iter_mut().zip(model.embed(text).values()).for_each(|(s, v)| *s += v);
            }
            centroids.extend_from_slice(Embedding::from_sum(sum).values());
        }
        Self { centroids: Columns::new(&centroids, dims), concepts }
    }

    /// The dot products of `vector` (a run's summed vector) with every
    /// centroid: what [`ConceptMap::is_nearest`] compares, computed once per
    /// run.
    pub fn nearness(&self, vector: &[f32]) -> Nearness {
        let dots = self.centroids.dots_with(vector);
        let max = |d: &[f32]| d.iter().copied().fold(f32::MIN, f32::max);
        let concepts = self.concepts.min(dots.len());
        let nearest_concept = max(&dots[..concepts]);
        let nearest = nearest_concept.max(max(&dots[concepts..]));
        Nearness { dots, nearest_concept, nearest }
    }

    /// Whether centroid `k` is, within [`CONCEPT_MARGIN`], the nearest to
    /// the run whose summed vector has length `norm` and the given
    /// [`Nearness`]: among the concepts for a concept, among all for a red
    /// flag.
    pub fn is_nearest(&self, k: usize, norm: f32, nearness: &Nearness) -> bool {
        let nearest = if k < self.concepts { nearness.nearest_concept } else { nearness.nearest };
        norm > 0.0 && (nearest - nearness.dots[k]) / norm <= CONCEPT_MARGIN
    }
}
