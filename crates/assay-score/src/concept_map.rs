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

use std::cell::OnceCell;

use assay_embed::{Embedding, StaticModel};

use crate::columns::Columns;
use crate::example_set::Examples;

/// How far below the nearest centroid a concept's centroid may be and
/// still be earned.
pub const CONCEPT_MARGIN: f32 = 0.05;

/// One unit centroid per concept, then one per red flag.
#[derive(Debug, Default)]
pub(crate) struct ConceptMap {
    /// The concepts' centroids.
    concepts: Columns,
    /// The red flags' centroids: compared only when a red flag's examples
    /// are (with resemblance on), so a concept's check never pays for them.
    flags: Columns,
    /// How many concepts there are.
    concept_count: usize,
}

/// A run's dot products with the centroids of a [`ConceptMap`], each part
/// computed when first asked for.
#[derive(Debug, Default)]
pub(crate) struct Nearness {
    /// With the concepts' centroids, and the largest of them.
    concepts: OnceCell<(Vec<f32>, f32)>,
    /// With the red flags' centroids, and the largest of them.
    flags: OnceCell<(Vec<f32>, f32)>,
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
        let split = (concepts * dims).min(centroids.len());
        Self {
            concepts: Columns::new(&centroids[..split], dims),
            flags: Columns::new(&centroids[split..], dims),
            concept_count: concepts,
        }
    }

    /// Whether centroid `k` is, within [`CONCEPT_MARGIN`], the nearest to
    /// the run with summed vector `vector` of length `norm`: among the
    /// concepts for a concept, among all for a red flag. `nearness` keeps
    /// the run's dot products once computed.
    pub fn is_nearest(&self, k: usize, vector: &[f32], norm: f32, nearness: &Nearness) -> bool {
        let most = |columns: &Columns| {
            let dots = columns.dots_with(vector);
            let max = dots.iter().copied().fold(f32::MIN, f32::max);
            (dots, max)
        };
        let (concept_dots, nearest_concept) =
            nearness.concepts.get_or_init(|| most(&self.concepts));
        let (dot, nearest) = match k.checked_sub(self.concept_count) {
            None => (concept_dots[k], *nearest_concept),
            Some(flag) => {
                let (flag_dots, nearest_flag) = nearness.flags.get_or_init(|| most(&self.flags));
                (flag_dots[flag], nearest_concept.max(*nearest_flag))
            }
        };
        norm > 0.0 && (nearest - dot) / norm <= CONCEPT_MARGIN
    }
}
