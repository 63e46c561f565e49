//! `assay tune`: fitting concept weights and level thresholds per question
//! to agree with human levels, cross-validated.
//!
//! The objective is quadratic weighted kappa between the human levels (from
//! the human scores through the rubric's *original* levels, which stay the
//! reference) and assay's levels under the candidate weights and
//! thresholds. The search is coordinate ascent over fixed grids: each
//! concept weight in [`WEIGHT_GRID`], each level's `min` in steps of
//! [`THRESHOLD_STEP`], a change kept only when it raises kappa, until a
//! full pass changes nothing. Concept strengths are computed once; only the
//! total is recomputed ([`assay_score::retotal`]). Everything is
//! deterministic: folds come from a seed, the grids are walked in order.
//!
//! A trainer bounds the search with [`Bounds`]: the lowest weight it may
//! give a concept, the smallest gap between two levels' `min`s, and how far
//! a level's `min` may move from where the rubric has it.

use assay_score::{retotal, Rubric, RubricSet, Weighting};
use serde::Serialize;

use crate::agreement::{Agreement, Pair};
use crate::evaluation::{level_count, pair, Judged};
use crate::labels::LabelSet;
use crate::metrics::Confusion;

/// Concept weights the search tries.
pub const WEIGHT_GRID: [f64; 8] = [0.25, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0];
/// Step of the level thresholds the search tries.
pub const THRESHOLD_STEP: f64 = 5.0;
/// A question with fewer training answers than this keeps its rubric.
pub const MIN_TRAINING_ANSWERS: usize = 8;
/// Coordinate ascent stops after this many passes even if still improving.
const MAX_PASSES: usize = 6;

/// Limits a trainer sets on what the search may propose.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// No concept weight is set below this (the grid's weights under it
    /// are skipped; a weight already under it may stay).
    pub min_weight: f64,
    /// Each level's `min` stays at least this far above the level below's
    /// (and below the level above's).
    pub min_level_gap: f64,
    /// How far a level's `min` may move from the rubric's, either way;
    /// `None` for no limit, `Some(0.0)` to keep the levels as they are.
    pub max_threshold_shift: Option<f64>,
}

impl Default for Bounds {
    /// The whole grid, levels [`THRESHOLD_STEP`] apart at least, no limit
    /// on how far a level moves.
    fn default() -> Self {
        Self {
            min_weight: WEIGHT_GRID[0],
            min_level_gap: THRESHOLD_STEP,
            max_threshold_shift: None,
        }
    }
}

/// What tuning found for one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TunedQuestion {
    /// Question id.
    pub question: String,
    /// Labelled answers it was fitted on.
    pub answers: usize,
    /// Weights and levels in the rubric now.
    pub before: Weighting,
    /// Weights and levels fitted on all labelled answers.
    pub after: Weighting,
}

/// Cross-validated agreement, untuned against tuned on the same folds.
#[derive(Debug, Clone, Serialize)]
pub struct CrossValidated {
    /// Number of folds.
    pub folds: usize,
    /// The rubric as it is, on every answer.
    pub untuned: Agreement,
    /// Each answer scored by weights fitted without its fold.
    pub tuned: Agreement,
    /// The same per question: `(question, untuned, tuned)`.
    pub questions: Vec<(String, Agreement, Agreement)>,
}

/// Fits one question's weights and levels to `answers` (scores made with
/// `rubric`, with their human level), starting from `start`, within
/// `bounds`.
#[must_use]
pub fn fit(
    rubric: &Rubric,
    answers: &[(&Judged, usize)],
    start: &Weighting,
    bounds: &Bounds,
) -> Weighting {
    let levels = rubric.levels.len();
    let kappa = |w: &Weighting| -> f64 {
        let pairs =
            answers.iter().map(|(j, human)| (*human, w.level_index(retotal(rubric, w, &j.score))));
        Confusion::new(levels, pairs).quadratic_weighted_kappa().unwrap_or(-1.0)
    };
    let mut best = start.clone();
    let mut best_kappa = kappa(&best);
    for _ in 0..MAX_PASSES {
        let mut changed = false;
        for i in 0..best.weights.len() {
            for &w in WEIGHT_GRID.iter().filter(|&&w| w >= bounds.min_weight) {
                let mut candidate = best.clone();
                candidate.weights[i] = w;
                let k = kappa(&candidate);
                if k > best_kappa + 1e-9 {
                    (best, best_kappa, changed) = (candidate, k, true);
                }
            }
        }
        for level in 1..best.level_mins.len() {
            let mut low = best.level_mins[level - 1] + bounds.min_level_gap.max(THRESHOLD_STEP);
            let mut high = best
                .level_mins
                .get(level + 1)
                .map_or(100.0, |m| m - bounds.min_level_gap.max(THRESHOLD_STEP));
            if let Some(shift) = bounds.max_threshold_shift {
                low = low.max(start.level_mins[level] - shift);
                high = high.min(start.level_mins[level] + shift);
            }
            let mut min = (low / THRESHOLD_STEP).ceil() * THRESHOLD_STEP;
            while min <= high {
                let mut candidate = best.clone();
                candidate.level_mins[level] = min;
                let k = kappa(&candidate);
                if k > best_kappa + 1e-9 {
                    (best, best_kappa, changed) = (candidate, k, true);
                }
                min += THRESHOLD_STEP;
            }
        }
        if !changed {
            break;
        }
    }
    best
}

/// Fits `rubric` to `training` within `bounds` when there are enough
/// answers, else keeps the rubric's own weights and levels.
fn fit_or_keep(rubric: &Rubric, training: &[(&Judged, usize)], bounds: &Bounds) -> Weighting {
    let own = Weighting::of(rubric);
    if training.len() >= MIN_TRAINING_ANSWERS {
        fit(rubric, training, &own, bounds)
    } else {
        own
    }
}

/// The human level index of each judged answer, under the rubric's own levels.
pub(crate) fn human_levels(rubrics: &RubricSet, judged: &[Judged]) -> Vec<usize> {
    judged.iter().map(|j| pair(rubrics, j, j.score.total).human_level).collect()
}

/// Fits every question on all of `judged`, within `bounds`.
#[must_use]
pub fn tune_all(
    rubrics: &RubricSet,
    labels: &LabelSet,
    judged: &[Judged],
    bounds: &Bounds,
) -> Vec<TunedQuestion> {
    let humans = human_levels(rubrics, judged);
    labels
        .questions()
        .into_iter()
        .map(|q| {
            let rubric = rubrics.get(q).expect("checked");
            let before = Weighting::of(rubric);
            let training: Vec<(&Judged, usize)> = judged
                .iter()
                .zip(&humans)
                .filter(|(j, _)| j.label.question == q)
                .map(|(j, &h)| (j, h))
                .collect();
            let after = fit_or_keep(rubric, &training, bounds);
            TunedQuestion { question: q.to_owned(), answers: training.len(), before, after }
        })
        .collect()
}

/// Scores each answer with weights fitted on the other folds, and compares
/// with the untuned rubric on the same answers. `folds[i]` is the fold of
/// `judged[i]`, below `k`; the fits keep within `bounds`.
#[must_use]
pub fn cross_validate(
    rubrics: &RubricSet,
    labels: &LabelSet,
    judged: &[Judged],
    folds: &[usize],
    k: usize,
    bounds: &Bounds,
) -> CrossValidated {
    let humans = human_levels(rubrics, judged);
    let mut tuned_pairs: Vec<Pair> =
        judged.iter().map(|j| pair(rubrics, j, j.score.total)).collect();
    for fold in 0..k {
        for q in labels.questions() {
            let rubric = rubrics.get(q).expect("checked");
            let training: Vec<(&Judged, usize)> = (0..judged.len())
                .filter(|&i| folds[i] != fold && judged[i].label.question == q)
                .map(|i| (&judged[i], humans[i]))
                .collect();
            let weighting = fit_or_keep(rubric, &training, bounds);
            for i in
                (0..judged.len()).filter(|&i| folds[i] == fold && judged[i].label.question == q)
            {
                let total = retotal(rubric, &weighting, &judged[i].score);
                tuned_pairs[i].machine = total;
                tuned_pairs[i].machine_level = weighting.level_index(total);
            }
        }
    }
    let untuned_pairs: Vec<Pair> = judged.iter().map(|j| pair(rubrics, j, j.score.total)).collect();
    let levels = level_count(rubrics, labels);
    let questions = labels
        .questions()
        .into_iter()
        .map(|q| {
            let of = |pairs: &[Pair]| -> Vec<Pair> {
                judged
                    .iter()
                    .zip(pairs)
                    .filter(|(j, _)| j.label.question == q)
                    .map(|(_, p)| *p)
                    .collect()
            };
            (
                q.to_owned(),
                Agreement::from_pairs(&of(&untuned_pairs), levels),
                Agreement::from_pairs(&of(&tuned_pairs), levels),
            )
        })
        .collect();
    CrossValidated {
        folds: k,
        untuned: Agreement::from_pairs(&untuned_pairs, levels),
        tuned: Agreement::from_pairs(&tuned_pairs, levels),
        questions,
    }
}
