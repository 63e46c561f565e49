//! The few things a candidate should work on first, chosen across all
//! their answers: every red flag (always), then the concepts not found that
//! are worth most over the answers, recurring ones first.

use crate::model::{Priority, QuestionReport};

/// How many things to work on are listed (red flags may add more).
pub const TOP_PRIORITIES: usize = 3;

/// Red flags first, each with the answers that raised it; then concepts
/// missing from answers below the top level, by how many answers miss them, then by the points they would
/// add over those answers, then by name; at most [`TOP_PRIORITIES`] unless
/// there are more red flags.
#[must_use]
pub fn priorities(questions: &[QuestionReport]) -> Vec<Priority> {
    let mut out: Vec<Priority> = Vec::new();
    for q in questions {
        for flag in &q.red_flags {
            match out.iter_mut().find(|p| p.title == flag.name) {
                Some(p) => p.questions.push(q.label.clone()),
                None => out.push(Priority {
                    kind: "red-flag",
                    title: flag.name.clone(),
                    detail: flag.warning.clone(),
                    questions: vec![q.label.clone()],
                }),
            }
        }
    }
    // (id, name, guidance, labels, points)
    let mut misses: Vec<(String, String, String, Vec<String>, f64)> = Vec::new();
    // An answer already at the top level has nothing to gain.
    for q in questions.iter().filter(|q| q.reason.is_none() && q.making.next.is_some()) {
        for c in &q.missing {
            match misses.iter_mut().find(|m| m.0 == c.id) {
                Some(m) => {
                    m.3.push(q.label.clone());
                    m.4 += c.worth;
                }
                None => misses.push((
                    c.id.clone(),
                    c.name.clone(),
                    c.guidance.clone(),
                    vec![q.label.clone()],
                    c.worth,
                )),
            }
        }
    }
    misses.sort_by(|a, b| {
        b.3.len().cmp(&a.3.len()).then(b.4.total_cmp(&a.4)).then_with(|| a.1.cmp(&b.1))
    });
    let room = TOP_PRIORITIES.saturating_sub(out.len());
    out.extend(misses.into_iter().take(room).map(|(_, name, guidance, questions, _)| Priority {
        kind: "missing",
        title: name,
        detail: guidance,
        questions,
    }));
    out
}
