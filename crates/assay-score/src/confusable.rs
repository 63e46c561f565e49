//! Example sentences that sit closer to another concept than to their own:
//! places where the semantic matcher will credit the wrong concept.

use assay_embed::{Embedding, StaticModel};

use crate::{CueOwner, RubricSet, Site};

/// An example sentence whose nearest neighbour among the other examples of
/// its rubric belongs to another concept.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfusableExample {
    /// Where the example is written: `concepts/<id>` or `questions/<id>`.
    pub file: String,
    /// The concept it is an example of.
    pub concept: String,
    /// The example.
    pub example: String,
    /// Where the example is written (its string, quotes included).
    pub site: Site,
    /// Its highest similarity to another example of its own concept.
    pub own: f64,
    /// The other concept it is closest to.
    pub other: String,
    /// The other concept's example it is closest to, and the similarity.
    pub other_example: String,
    /// The similarity to `other_example`.
    pub similarity: f64,
}

/// Every confusable example, once each, in rubric and concept order: for
/// each question, each concept's examples are compared (leave one out)
/// with the examples of every concept of that question.
#[must_use]
pub fn confusable_examples(rubrics: &RubricSet) -> Vec<ConfusableExample> {
    let model = StaticModel::builtin();
    let mut found: Vec<ConfusableExample> = Vec::new();
    for rubric in rubrics.rubrics() {
        let embedded: Vec<Vec<Embedding>> = rubric
            .concepts
            .iter()
            .map(|c| c.examples.examples.iter().map(|e| model.embed(e)).collect())
            .collect();
        for (c, concept) in rubric.concepts.iter().enumerate() {
            let file = rubric.written_in(CueOwner::Concept(c));
            for (e, example) in concept.examples.examples.iter().enumerate() {
                let vector = &embedded[c][e];
                let own = embedded[c]
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != e)
                    .map(|(_, v)| vector.cosine(v))
                    .fold(f32::MIN, f32::max);
                let nearest_other = embedded
                    .iter()
                    .enumerate()
                    .filter(|(o, _)| *o != c)
                    .flat_map(|(o, vs)| vs.iter().enumerate().map(move |(i, v)| (o, i, v)))
                    .map(|(o, i, v)| (vector.cosine(v), o, i))
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                let Some((similarity, o, i)) = nearest_other else { continue };
                let known = found.iter().any(|f| f.file == file && f.example == *example);
                if similarity > own && !known {
                    found.push(ConfusableExample {
                        file: file.clone(),
                        concept: concept.id.clone(),
                        example: example.clone(),
                        site: concept.examples.sites.get(e).cloned().unwrap_or_default(),
                        own: round3(own),
                        other: rubric.concepts[o].id.clone(),
                        other_example: rubric.concepts[o].examples.examples[i].clone(),
                        similarity: round3(similarity),
                    });
                }
            }
        }
    }
    found
}

fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}
