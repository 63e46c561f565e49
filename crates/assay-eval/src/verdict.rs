//! Whether agreement is good enough for automated scoring, by the
//! thresholds Williamson, Xi and Breyer (2012) give for high-stakes use.

use serde::Serialize;

/// Lowest human-machine quadratic weighted kappa.
pub const MIN_QWK: f64 = 0.70;
/// Largest drop from human-human to human-machine kappa.
pub const MAX_QWK_DEGRADATION: f64 = 0.10;
/// Largest absolute standardised mean difference.
pub const MAX_SMD: f64 = 0.15;

/// One threshold check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Check {
    /// What is checked.
    pub name: &'static str,
    /// The measured value, if it could be measured.
    pub value: Option<f64>,
    /// The threshold, as text (`>= 0.70`).
    pub threshold: &'static str,
    /// Whether it passed; `None` when it could not be measured.
    pub passed: Option<bool>,
}

/// The verdict on deployment readiness.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The checks, in order.
    pub checks: Vec<Check>,
    /// `Some(true)` when every check passed, `Some(false)` when one failed,
    /// `None` when none failed but one could not be measured.
    pub ready: Option<bool>,
}

impl Verdict {
    /// Judges human-machine kappa `qwk`, human-human kappa `human_qwk`
    /// (with human-machine kappa `qwk_same_answers` on the answers that have
    /// two ratings) and the standardised mean difference `smd`.
    #[must_use]
    pub fn judge(
        qwk: Option<f64>,
        human_qwk: Option<f64>,
        qwk_same_answers: Option<f64>,
        smd: Option<f64>,
    ) -> Self {
        let degradation = human_qwk.zip(qwk_same_answers).map(|(h, m)| h - m);
        let checks = vec![
            Check {
                name: "human-machine QWK",
                value: qwk,
                threshold: ">= 0.70",
                passed: qwk.map(|v| v >= MIN_QWK),
            },
            Check {
                name: "human-human minus human-machine QWK",
                value: degradation,
                threshold: "<= 0.10",
                passed: degradation.map(|v| v <= MAX_QWK_DEGRADATION),
            },
            Check {
                name: "standardised mean difference",
                value: smd,
                threshold: "|smd| <= 0.15",
                passed: smd.map(|v| v.abs() <= MAX_SMD),
            },
        ];
        let ready = if checks.iter().any(|c| c.passed == Some(false)) {
            Some(false)
        } else if checks.iter().all(|c| c.passed == Some(true)) {
            Some(true)
        } else {
            None
        };
        Self { checks, ready }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_threshold_must_pass() {
        assert_eq!(Verdict::judge(Some(0.75), Some(0.8), Some(0.74), Some(0.1)).ready, Some(true));
        assert_eq!(Verdict::judge(Some(0.69), Some(0.7), Some(0.69), Some(0.0)).ready, Some(false));
        // A drop of 0.2 from the human ceiling fails even with a high kappa.
        assert_eq!(Verdict::judge(Some(0.8), Some(0.95), Some(0.75), Some(0.0)).ready, Some(false));
        assert_eq!(Verdict::judge(Some(0.8), Some(0.85), Some(0.8), Some(-0.2)).ready, Some(false));
    }

    #[test]
    fn without_a_second_rater_the_verdict_is_open() {
        let verdict = Verdict::judge(Some(0.8), None, None, Some(0.05));
        assert_eq!(verdict.ready, None);
        assert_eq!(verdict.checks[1].passed, None);
        // A failed check still decides.
        assert_eq!(Verdict::judge(Some(0.5), None, None, Some(0.05)).ready, Some(false));
    }
}
