//! Calibration of assay against human raters.
//!
//! - [`LabelSet`] reads answers scored by people (the format is documented
//!   in [`labels`]) and checks them against the rubrics;
//! - [`evaluate`] measures agreement: quadratic weighted kappa, Pearson,
//!   Spearman, RMSE, exact and adjacent level agreement, a confusion
//!   matrix, the human-human ceiling, per-concept precision and recall, and
//!   a readiness [`Verdict`];
//! - [`cross_validate`] and [`tune_all`] fit concept weights and level
//!   thresholds per question within a trainer's [`Bounds`],
//!   [`tune_warnings`] says when the proposal deserves doubt, [`suggest`]
//!   points at rubric wording to review, and [`rewrite_question`] writes
//!   tuned values back into a rubric file without disturbing its comments.
//!
//! Like `assay-score`, this crate reads no files and prints nothing.
#![deny(missing_docs)]

mod agreement;
pub mod csv_line;
mod error;
mod evaluation;
mod folds;
pub mod labels;
mod learn;
pub mod metrics;
mod rewrite;
mod suggest;
mod tune;
mod tune_warnings;
mod verdict;

pub use agreement::{Agreement, Pair};
pub use error::{LabelError, LabelErrors, RewriteError};
pub use evaluation::{
    evaluate, judge, level_count, pair, Case, ConceptAgreement, CueAgreement, EvalReport,
    Exemplars, Judged, QuestionAgreement,
};
pub use folds::{mix64, random_folds, FoldMap};
pub use labels::{LabelFormat, LabelSet, LabelledAnswer, Rating, Scale};
pub use learn::{
    learn, LearnError, LearnOptions, Learned, LearnedCue, Objective, QuestionText, Sample,
    WEIGHT_STEPS,
};
pub use rewrite::rewrite_question;
pub use suggest::{suggest, CueSuggestion, SkippedQuestion, Suggestions, TermSuggestion};
pub use tune::{
    cross_validate, fit, tune_all, Bounds, CrossValidated, TunedQuestion, MIN_TRAINING_ANSWERS,
    THRESHOLD_STEP, WEIGHT_GRID,
};
pub use tune_warnings::{
    tune_warnings, TuneWarning, MAX_THRESHOLD_DROP, MIN_ANSWERS_PER_FOLD, MIN_LEVEL_SPREAD,
    PEARSON_SLACK, SMD_UNMOVED,
};
pub use verdict::{Check, Verdict, MAX_QWK_DEGRADATION, MAX_SMD, MIN_QWK};
