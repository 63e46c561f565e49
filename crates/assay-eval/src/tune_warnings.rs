//! What a trainer should know before taking `assay tune`'s proposal: a
//! kappa gained by collapsing the levels rather than by better totals, a
//! correlation that falls, a mean difference that does not move, and a
//! sample too small for the folds.
//!
//! The rules, each checked on the figures `tune` reports:
//! - a level's `min` in the proposal is more than a third below the
//!   rubric's ([`MAX_THRESHOLD_DROP`]), or two neighbouring levels end up
//!   closer than [`MIN_LEVEL_SPREAD`] points (and were not already);
//! - cross-validated Pearson r falls by more than [`PEARSON_SLACK`], over
//!   all answers or on a question whose rubric the proposal changes;
//! - cross-validated QWK rises while the standardised mean difference
//!   moves by less than [`SMD_UNMOVED`] and stays outside the readiness
//!   bound ([`crate::MAX_SMD`]): the levels moved, the totals did not;
//! - there are fewer than [`MIN_ANSWERS_PER_FOLD`] answers a fold, or a
//!   fold's answers all have one human level.

use std::fmt;

use assay_score::RubricSet;
use serde::Serialize;

use crate::agreement::Agreement;
use crate::evaluation::Judged;
use crate::tune::{human_levels, CrossValidated, TunedQuestion};
use crate::verdict::MAX_SMD;

/// Largest share a level's `min` may drop by without a warning.
pub const MAX_THRESHOLD_DROP: f64 = 1.0 / 3.0;
/// Neighbouring levels closer than this many points get a warning.
pub const MIN_LEVEL_SPREAD: f64 = 10.0;
/// How far Pearson r may fall before it is worth a warning (noise).
pub const PEARSON_SLACK: f64 = 0.005;
/// A change in standardised mean difference smaller than this is "unmoved".
pub const SMD_UNMOVED: f64 = 0.05;
/// Fewer answers than this in a fold make its figures unstable.
pub const MIN_ANSWERS_PER_FOLD: usize = 10;

/// One reason to doubt a tuning proposal.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TuneWarning {
    /// A level's `min` drops by more than a third.
    ThresholdDrop {
        /// Question id.
        question: String,
        /// Level name.
        level: String,
        /// The rubric's `min`.
        before: f64,
        /// The proposed `min`.
        after: f64,
    },
    /// Two neighbouring levels end up closer than [`MIN_LEVEL_SPREAD`].
    LevelsClose {
        /// Question id.
        question: String,
        /// The lower level's name.
        lower: String,
        /// The upper level's name.
        upper: String,
        /// Their proposed `min`s' distance, in points.
        gap: f64,
    },
    /// Cross-validated Pearson r falls.
    PearsonDrops {
        /// Question id, or `None` over all answers.
        question: Option<String>,
        /// Untuned r.
        before: f64,
        /// Tuned r.
        after: f64,
    },
    /// Cross-validated QWK rises but the standardised mean difference
    /// stays where it was, outside the readiness bound.
    SmdUnmoved {
        /// Question id, or `None` over all answers.
        question: Option<String>,
        /// Untuned and tuned QWK.
        qwk: (f64, f64),
        /// Untuned and tuned SMD.
        smd: (f64, f64),
    },
    /// Fewer than [`MIN_ANSWERS_PER_FOLD`] answers a fold.
    FewAnswersPerFold {
        /// Labelled answers.
        answers: usize,
        /// Folds.
        folds: usize,
    },
    /// Every answer in a fold has the same human level (or the fold is
    /// empty), so agreement on it says little.
    SingleLevelFold {
        /// Fold index, from 0.
        fold: usize,
        /// Answers in the fold.
        answers: usize,
    },
}

impl fmt::Display for TuneWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scope =
            |question: &Option<String>| question.clone().unwrap_or_else(|| "overall".into());
        match self {
            TuneWarning::ThresholdDrop { question, level, before, after } => write!(
                f,
                "{question}: `{level}` would begin at {after} instead of {before}, more than a third lower"
            ),
            TuneWarning::LevelsClose { question, lower, upper, gap } => write!(
                f,
                "{question}: `{lower}` and `{upper}` would begin only {gap} points apart"
            ),
            TuneWarning::PearsonDrops { question, before, after } => write!(
                f,
                "{}: cross-validated Pearson r falls from {before:.3} to {after:.3}",
                scope(question)
            ),
            TuneWarning::SmdUnmoved { question, qwk, smd } => write!(
                f,
                "{}: cross-validated QWK rises ({:.3} -> {:.3}) but the standardised mean difference stays beyond +/-{MAX_SMD} ({:.2} -> {:.2})",
                scope(question),
                qwk.0,
                qwk.1,
                smd.0,
                smd.1
            ),
            TuneWarning::FewAnswersPerFold { answers, folds } => write!(
                f,
                "{answers} answers over {folds} folds is fewer than {MIN_ANSWERS_PER_FOLD} a fold: the cross-validated figures will swing with the draw of the folds"
            ),
            TuneWarning::SingleLevelFold { fold, answers: 0 } => {
                write!(f, "fold {} holds no answers", fold + 1)
            }
            TuneWarning::SingleLevelFold { fold, answers: 1 } => {
                write!(f, "fold {} holds a single answer: agreement on it says little", fold + 1)
            }
            TuneWarning::SingleLevelFold { fold, answers } => write!(
                f,
                "the {answers} answers of fold {} all have one human level: agreement on it says little",
                fold + 1
            ),
        }
    }
}

/// The warnings on a tuning run: `tuned` the proposal, `cv` its
/// cross-validation on `judged` split by `folds` (below `k`).
#[must_use]
pub fn tune_warnings(
    rubrics: &RubricSet,
    judged: &[Judged],
    folds: &[usize],
    k: usize,
    cv: &CrossValidated,
    tuned: &[TunedQuestion],
) -> Vec<TuneWarning> {
    let mut warnings = sample_warnings(rubrics, judged, folds, k);
    for t in tuned.iter().filter(|t| t.after != t.before) {
        warnings.extend(threshold_warnings(rubrics, t));
    }
    let changed = |q: &str| tuned.iter().any(|t| t.question == q && t.after != t.before);
    let scopes = std::iter::once((None, &cv.untuned, &cv.tuned)).chain(
        cv.questions
            .iter()
            .filter(|(q, _, _)| changed(q))
            .map(|(q, untuned, tuned)| (Some(q.clone()), untuned, tuned)),
    );
    for (question, untuned, tuned) in scopes {
        warnings.extend(agreement_warnings(question, untuned, tuned));
    }
    warnings
}

/// A falling Pearson r and an unmoved mean difference, over all answers
/// (`question` `None`) or one question's, untuned against tuned.
fn agreement_warnings(
    question: Option<String>,
    untuned: &Agreement,
    tuned: &Agreement,
) -> Vec<TuneWarning> {
    let mut warnings = Vec::new();
    if let (Some(before), Some(after)) = (untuned.pearson, tuned.pearson) {
        if after < before - PEARSON_SLACK {
            warnings.push(TuneWarning::PearsonDrops { question: question.clone(), before, after });
        }
    }
    if let (Some(q0), Some(q1), Some(s0), Some(s1)) =
        (untuned.qwk, tuned.qwk, untuned.smd, tuned.smd)
    {
        if q1 > q0 && (s1 - s0).abs() < SMD_UNMOVED && s1.abs() > MAX_SMD {
            warnings.push(TuneWarning::SmdUnmoved { question, qwk: (q0, q1), smd: (s0, s1) });
        }
    }
    warnings
}

/// Too few answers for `k` folds, and folds of a single human level.
fn sample_warnings(
    rubrics: &RubricSet,
    judged: &[Judged],
    folds: &[usize],
    k: usize,
) -> Vec<TuneWarning> {
    let mut warnings = Vec::new();
    if judged.len() < MIN_ANSWERS_PER_FOLD * k {
        warnings.push(TuneWarning::FewAnswersPerFold { answers: judged.len(), folds: k });
    }
    let humans = human_levels(rubrics, judged);
    for fold in 0..k {
        let levels: Vec<usize> =
            folds.iter().zip(&humans).filter(|(f, _)| **f == fold).map(|(_, h)| *h).collect();
        if levels.windows(2).all(|pair| pair[0] == pair[1]) {
            warnings.push(TuneWarning::SingleLevelFold { fold, answers: levels.len() });
        }
    }
    warnings
}

/// Levels whose `min` falls by more than a third, and neighbours that end
/// up close.
fn threshold_warnings(rubrics: &RubricSet, t: &TunedQuestion) -> Vec<TuneWarning> {
    let Some(rubric) = rubrics.get(&t.question) else { return Vec::new() };
    let names: Vec<&str> = rubric.levels.iter().map(|l| l.name.as_str()).collect();
    let (before, after) = (&t.before.level_mins, &t.after.level_mins);
    let mut warnings = Vec::new();
    for level in 1..after.len().min(names.len()) {
        if after[level] < before[level] * (1.0 - MAX_THRESHOLD_DROP) {
            warnings.push(TuneWarning::ThresholdDrop {
                question: t.question.clone(),
                level: names[level].to_owned(),
                before: before[level],
                after: after[level],
            });
        }
        let gap = after[level] - after[level - 1];
        if gap < MIN_LEVEL_SPREAD && gap < before[level] - before[level - 1] {
            warnings.push(TuneWarning::LevelsClose {
                question: t.question.clone(),
                lower: names[level - 1].to_owned(),
                upper: names[level].to_owned(),
                gap,
            });
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agreement(qwk: f64, pearson: f64, smd: f64) -> Agreement {
        Agreement {
            n: 40,
            qwk: Some(qwk),
            pearson: Some(pearson),
            spearman: None,
            rmse: None,
            exact: None,
            adjacent: None,
            smd: Some(smd),
            human_mean: None,
            machine_mean: None,
            confusion: Vec::new(),
        }
    }

    #[test]
    fn a_kappa_gained_with_the_mean_difference_left_out_of_bounds_is_warned_of() {
        let question = Some("value-conflicts".to_owned());
        let warnings = agreement_warnings(
            question.clone(),
            &agreement(0.6, 0.8, 0.4),
            &agreement(0.7, 0.8, 0.38),
        );
        assert_eq!(
            warnings,
            vec![TuneWarning::SmdUnmoved { question, qwk: (0.6, 0.7), smd: (0.4, 0.38) }]
        );
        // Moved enough, or back within bounds, or no kappa gained: no warning.
        for tuned in [agreement(0.7, 0.8, 0.3), agreement(0.7, 0.8, 0.1), agreement(0.6, 0.8, 0.4)]
        {
            assert!(agreement_warnings(None, &agreement(0.6, 0.8, 0.4), &tuned).is_empty());
        }
    }

    #[test]
    fn a_falling_correlation_is_warned_of_beyond_the_slack() {
        let warnings =
            agreement_warnings(None, &agreement(0.6, 0.8, 0.0), &agreement(0.6, 0.7, 0.0));
        assert_eq!(
            warnings,
            vec![TuneWarning::PearsonDrops { question: None, before: 0.8, after: 0.7 }]
        );
        let within = agreement(0.6, 0.8 - PEARSON_SLACK / 2.0, 0.0);
        assert!(agreement_warnings(None, &agreement(0.6, 0.8, 0.0), &within).is_empty());
    }
}
