//! "How this score was made": an answer's total taken apart in words a
//! candidate can follow: the points each concept added, what happened to
//! them after (length, caps, penalties), where each level begins, and what
//! the next level takes.

use assay_score::{Adjustment, Score};

use crate::model::{Band, ScoreMaking, ScorePart};

/// Takes `score` apart.
#[must_use]
pub fn score_making(score: &Score) -> ScoreMaking {
    let name = |id: &str| {
        let concept = score.concepts.iter().find(|c| c.id == id).map(|c| c.name.as_str());
        let flag = score.red_flags.iter().find(|f| f.id == id).map(|f| f.name.as_str());
        concept.or(flag).unwrap_or(id).to_owned()
    };
    let mut parts: Vec<ScorePart> = score
        .concepts
        .iter()
        .filter(|c| c.points > 0.0)
        .map(|c| ScorePart { name: c.name.clone(), points: c.points, bonus: c.bonus })
        .collect();
    parts.sort_by(|a, b| b.points.total_cmp(&a.points));
    let mut steps: Vec<String> = score.adjustments.iter().map(|a| step(a, &name)).collect();
    let earned: f64 = parts.iter().map(|p| p.points).sum();
    if score.total >= 100.0 && (earned > 100.0 || !steps.is_empty()) {
        steps.push("A score stops at 100.".to_owned());
    }
    let bands = score
        .levels
        .iter()
        .map(|l| Band { name: l.name.clone(), min: l.min, current: l.name == score.level })
        .collect();
    let next = score.next_level.as_ref().map(|next| {
        let short = format!("{:.1} points short of {} (from {}).", next.gap, next.level, next.min);
        match &next.concept {
            Some(concept) => format!("{short} Showing {} would get you there.", name(concept)),
            None if score.red_flags.iter().any(|f| !f.by_estimate) => {
                format!("{short} The red flag holds the score down: remove it first.")
            }
            None if !score.red_flags.is_empty() => format!(
                "{short} The harm estimate holds the score down until a person reads the answer: if the marked sentence does not describe what you would do, make that plain."
            ),
            None => format!("{short} It takes more than one of the items not found."),
        }
    });
    ScoreMaking { parts, steps, bands, next }
}

/// One adjustment in words.
fn step(adjustment: &Adjustment, name: &dyn Fn(&str) -> String) -> String {
    match adjustment {
        Adjustment::Detail { words, full_words, factor } if *factor < 1.0 => format!(
            "Length: the answer has {words} different content words, and points count in full from {full_words}, so the concept points were scaled to {:.0}%.",
            factor * 100.0
        ),
        Adjustment::Detail { words, factor, .. } => format!(
            "Detail: with {words} different content words, the points of this question's own concepts were lifted by {:.0}%.",
            (factor - 1.0) * 100.0
        ),
        Adjustment::ExemplarBlend { weight, estimate } => format!(
            "{:.0}% of the score comes from the model answers yours reads most like, which suggest {estimate:.0}.",
            weight * 100.0
        ),
        Adjustment::RequiredMissing { concept, cap } => format!(
            "{} is needed for the top level and was not found, so the score can be at most {cap}.",
            name(concept)
        ),
        Adjustment::RedFlagCap { red_flag, cap } => {
            format!("Red flag “{}”: the score can be at most {cap}.", name(red_flag))
        }
        Adjustment::RedFlagPenalty { red_flag, penalty } => {
            format!("Red flag “{}”: {penalty} points off.", name(red_flag))
        }
    }
}
