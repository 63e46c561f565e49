//! What the exemplar index says about an answer, in the terms scoring uses.
//! The index crate fills these in; the scorer blends them into the total.

use crate::Rubric;

/// One model answer close to the candidate's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbour {
    /// Question the exemplar answers.
    pub question: String,
    /// Exemplar id within its question.
    pub exemplar: String,
    /// The exemplar's level.
    pub level: String,
    /// Whether the exemplar shows harmful practice.
    pub harmful: bool,
    /// Similarity to the answer, from 0 (no shared weighted words) to 1.
    pub similarity: f64,
}

/// The level the nearest exemplars of the same question point to.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelEstimate {
    /// Name of the nearest level.
    pub level: String,
    /// Similarity-weighted mean of the neighbours' level ranks (0 is the
    /// lowest level), before rounding to `level`.
    pub rank: f64,
    /// The estimate as a score: the similarity-weighted mean of the middles
    /// of the neighbours' level bands.
    pub score: f64,
}

impl LevelEstimate {
    /// Estimates the level from `neighbours` of `rubric`'s question,
    /// weighting each by its similarity. `None` when no neighbour is similar
    /// at all or none has a level of the rubric.
    #[must_use]
    pub fn from_neighbours(rubric: &Rubric, neighbours: &[Neighbour]) -> Option<LevelEstimate> {
        let mut weight = 0.0;
        let mut rank = 0.0;
        let mut score = 0.0;
        for n in neighbours.iter().filter(|n| n.question == rubric.id && n.similarity > 0.0) {
            let Some(i) = rubric.levels.iter().position(|l| l.name == n.level) else {
                continue;
            };
            let low = rubric.levels[i].min;
            let high = rubric.levels.get(i + 1).map_or(100.0, |l| l.min);
            weight += n.similarity;
            rank += n.similarity * i as f64;
            score += n.similarity * (low + high) / 2.0;
        }
        if weight <= 0.0 {
            return None;
        }
        let rank = rank / weight;
        let nearest = (rank.round() as usize).min(rubric.levels.len() - 1);
        Some(LevelEstimate {
            level: rubric.levels[nearest].name.clone(),
            rank,
            score: score / weight,
        })
    }
}

/// The answer reads like an answer to another question.
#[derive(Debug, Clone, PartialEq)]
pub struct OffTopic {
    /// The question it most likely answers.
    pub likely_question: String,
    /// Best similarity to that question's exemplars.
    pub similarity: f64,
    /// Best similarity to the asked question's exemplars.
    pub own_similarity: f64,
}

/// Everything the exemplar index contributes to one score.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ExemplarEvidence {
    /// Closest exemplars of the asked question, most similar first.
    pub neighbours: Vec<Neighbour>,
    /// The level those neighbours point to.
    pub estimate: Option<LevelEstimate>,
    /// Set when another question's exemplars match far better.
    pub off_topic: Option<OffTopic>,
}
