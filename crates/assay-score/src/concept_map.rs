//! Where every concept of a rubric set sits in the embedding space: the
//! centroid of its example sentences.
//!
//! The semantic matcher compares a run of an answer with the examples of
//! one question's concepts, and in a whole answer some run nearly always
//! resembles some example: an answer to one question would earn another
//! question's concepts too. With the map, a run earns a concept only when
//! that concept's centroid is, within [`CONCEPT_MARGIN`], the nearest of
//! every concept of every question: what the run is about must be this
//! concept, not merely close to it.

use assay_embed::StaticModel;

use crate::example_set::{dot, Examples};

/// How far below the nearest centroid a concept's centroid may be and
/// still be earned.
pub const CONCEPT_MARGIN: f32 = 0.05;

/// One unit centroid per concept.
#[derive(Debug, Default)]
pub(crate) struct ConceptMap {
    dims: usize,
    centroids: Vec<f32>,
}

impl ConceptMap {
    /// The centroids of `concepts`, in order; a concept without examples
    /// gets a zero vector (it is never the nearest).
    pub fn new<'a>(concepts: impl IntoIterator<Item = &'a Examples>) -> Self {
        let model = StaticModel::builtin();
        let dims = model.dims();
        let mut centroids = Vec::new();
        for examples in concepts {
            let mut sum = vec![0f32; dims];
            for text in &examples.examples {
                sum.iter_mut().zip(model.embed(text).values()).for_each(|(s, v)| *s += v);
            }
            let norm = sum.iter().map(|v| v * v).sum::<f32>().sqrt();
            if norm > 0.0 {
                sum.iter_mut().for_each(|v| *v /= norm);
            }
            centroids.extend_from_slice(&sum);
        }
        Self { dims, centroids }
    }

    /// The largest dot product of `vector` with any centroid: what
    /// [`ConceptMap::is_nearest`] compares with, computed once per run.
    pub fn nearest_dot(&self, vector: &[f32]) -> f32 {
        let rows = self.centroids.chunks_exact(self.dims.max(1));
        rows.map(|row| dot(row, vector)).fold(f32::MIN, f32::max)
    }

    /// Whether centroid `k` is, within [`CONCEPT_MARGIN`], the nearest to
    /// the run whose summed vector is `vector` (of length `norm`), given
    /// its [`ConceptMap::nearest_dot`].
    pub fn is_nearest(&self, k: usize, vector: &[f32], norm: f32, nearest_dot: f32) -> bool {
        let own = dot(&self.centroids[k * self.dims..(k + 1) * self.dims], vector);
        norm > 0.0 && (nearest_dot - own) / norm <= CONCEPT_MARGIN
    }
}
