//! Which question an answer answers, and the off-topic rule.

use assay_score::{score_analysis, OffTopic, Rubric};
use assay_text::Analysis;

/// An answer is off topic when another question's best similarity is at
/// least this many times the asked question's best...
pub const OFF_TOPIC_RATIO: f64 = 1.5;
/// ...and at least this much higher in absolute terms.
pub const OFF_TOPIC_MARGIN: f64 = 0.1;

/// How well an answer matches one question.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionMatch {
    /// The question.
    pub question: String,
    /// Similarity to the question's profile (all its exemplars together).
    pub similarity: f64,
    /// This question's share of the summed best similarities of the
    /// questions listed: 1 when only one question matches at all.
    pub confidence: f64,
}

impl QuestionMatch {
    /// Keeps the `top` of `scored` (similarity and question, best first)
    /// and works out their confidences.
    #[must_use]
    pub fn rank(scored: Vec<(f64, &str)>, top: usize) -> Vec<QuestionMatch> {
        let mut best: Vec<QuestionMatch> = scored
            .into_iter()
            .take(top)
            .map(|(similarity, question)| QuestionMatch {
                question: question.to_owned(),
                similarity,
                confidence: 0.0,
            })
            .collect();
        let total: f64 = best.iter().map(|m| m.similarity).sum();
        for m in &mut best {
            m.confidence = if total > 0.0 { m.similarity / total } else { 0.0 };
        }
        best
    }
}

/// Off topic when the best other question beats `asked` by both
/// [`OFF_TOPIC_RATIO`] and [`OFF_TOPIC_MARGIN`]. `matches` lists every
/// question, best first.
#[must_use]
pub fn off_topic(asked: &str, matches: &[QuestionMatch]) -> Option<OffTopic> {
    let own = matches.iter().find(|m| m.question == asked).map_or(0.0, |m| m.similarity);
    let other = matches.iter().find(|m| m.question != asked)?;
    let beaten =
        other.similarity >= own * OFF_TOPIC_RATIO && other.similarity - own >= OFF_TOPIC_MARGIN;
    beaten.then(|| OffTopic {
        likely_question: other.question.clone(),
        similarity: other.similarity,
        own_similarity: own,
    })
}

/// Weight of the rubric evidence in [`crate::ExemplarIndex::match_with_rubrics`].
pub const RUBRIC_MATCH_WEIGHT: f64 = 0.5;

/// How much of a question's own concepts (those defined in its rubric, not
/// the shared library) `analysis` shows: their weighted mean strength, 0 to 1.
#[must_use]
pub fn own_concept_strength(rubric: &Rubric, analysis: &Analysis) -> f64 {
    let score = score_analysis(rubric, analysis, None);
    let (mut weight, mut earned) = (0.0, 0.0);
    for (concept, scored) in rubric.concepts.iter().zip(&score.concepts) {
        if !concept.from_library {
            weight += concept.weight;
            earned += concept.weight * scored.strength;
        }
    }
    if weight > 0.0 {
        earned / weight
    } else {
        0.0
    }
}
