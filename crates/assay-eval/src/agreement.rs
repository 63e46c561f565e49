//! Agreement between two sets of scores on the same answers.

use serde::Serialize;

use crate::metrics::{self, Confusion};

/// One answer as two raters saw it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// The reference rater's score (a human, or the human consensus).
    pub human: f64,
    /// The other rater's score (assay, or a second human).
    pub machine: f64,
    /// The reference rater's level index.
    pub human_level: usize,
    /// The other rater's level index.
    pub machine_level: usize,
}

/// How far two raters agree, on scores and on levels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Number of answers compared.
    pub n: usize,
    /// Quadratic weighted kappa on levels.
    pub qwk: Option<f64>,
    /// Pearson's r on scores.
    pub pearson: Option<f64>,
    /// Spearman's rank correlation on scores.
    pub spearman: Option<f64>,
    /// Root mean squared difference of scores (0-100 scale).
    pub rmse: Option<f64>,
    /// Share of answers given the same level.
    pub exact: Option<f64>,
    /// Share of answers at most one level apart.
    pub adjacent: Option<f64>,
    /// Standardised mean difference, second rater minus reference.
    pub smd: Option<f64>,
    /// Mean score of the reference rater.
    pub human_mean: Option<f64>,
    /// Mean score of the other rater.
    pub machine_mean: Option<f64>,
    /// Levels, reference rater by row, other rater by column.
    pub confusion: Vec<Vec<u32>>,
}

impl Agreement {
    /// Agreement over `pairs`, with levels below `levels`.
    #[must_use]
    pub fn from_pairs(pairs: &[Pair], levels: usize) -> Self {
        let human: Vec<f64> = pairs.iter().map(|p| p.human).collect();
        let machine: Vec<f64> = pairs.iter().map(|p| p.machine).collect();
        let confusion =
            Confusion::new(levels, pairs.iter().map(|p| (p.human_level, p.machine_level)));
        Self {
            n: pairs.len(),
            qwk: confusion.quadratic_weighted_kappa(),
            pearson: metrics::pearson(&human, &machine),
            spearman: metrics::spearman(&human, &machine),
            rmse: metrics::rmse(&human, &machine),
            exact: confusion.exact(),
            adjacent: confusion.adjacent(),
            smd: metrics::standardised_mean_difference(&human, &machine),
            human_mean: metrics::mean(&human),
            machine_mean: metrics::mean(&machine),
            confusion: confusion.counts,
        }
    }
}
