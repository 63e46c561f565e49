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

use crate::example_set::{dot, Examples};

/// How far below the nearest centroid a concept's centroid may be and
/// still be earned.
pub const CONCEPT_MARGIN: f32 = 0.05;

/// One unit centroid per concept, then one per red flag.
#[derive(Debug, Default)]
pub(crate) struct ConceptMap {
    dims: usize,
    /// The concepts' centroids, then the red flags'.
    centroids: Vec<f32>,
    /// How many of `centroids` are concepts'.
    concepts: usize,
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
        Self { dims, centroids, concepts }
    }

    /// The largest dot product of `vector` with a concept's centroid, and
    /// with any centroid (red flags' too): what [`ConceptMap::is_nearest`]
    /// compares with, computed once per run.
    pub fn nearest_dots(&self, vector: &[f32]) -> (f32, f32) {
        let dots: Vec<f32> =
            self.centroids.chunks_exact(self.dims.max(1)).map(|row| dot(row, vector)).collect();
        let max = |d: &[f32]| d.iter().copied().fold(f32::MIN, f32::max);
        let concepts = max(&dots[..self.concepts.min(dots.len())]);
        (concepts, concepts.max(max(&dots[self.concepts.min(dots.len())..])))
    }

    /// Whether centroid `k` is, within [`CONCEPT_MARGIN`], the nearest to
    /// the run whose summed vector is `vector` (of length `norm`), given
    /// its [`ConceptMap::nearest_dots`]: among the concepts for a concept,
    /// among all for a red flag.
    pub fn is_nearest(&self, k: usize, vector: &[f32], norm: f32, nearest: (f32, f32)) -> bool {
        let own = dot(&self.centroids[k * self.dims..(k + 1) * self.dims], vector);
        let nearest = if k < self.concepts { nearest.0 } else { nearest.1 };
        norm > 0.0 && (nearest - own) / norm <= CONCEPT_MARGIN
    }
}
