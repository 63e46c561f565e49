//! The cohort view on the index page: each question across all candidates,
//! and the answers a person should read.

use crate::model::{CandidateReport, QuestionStats, ReviewItem};

/// How many of a question's most-missed concepts are listed.
pub const MOST_MISSED: usize = 3;

/// Per-question statistics over `reports`, questions in order of first
/// appearance.
#[must_use]
pub fn question_stats(reports: &[CandidateReport]) -> Vec<QuestionStats> {
    let mut out: Vec<QuestionStats> = Vec::new();
    let mut misses: Vec<Vec<(String, usize)>> = Vec::new();
    for q in reports.iter().flat_map(|r| &r.questions) {
        let at = match out.iter().position(|s| s.question_id == q.question_id) {
            Some(at) => at,
            None => {
                out.push(QuestionStats {
                    question_id: q.question_id.clone(),
                    question: q.question.clone(),
                    answers: 0,
                    mean_score: 0.0,
                    levels: q.levels.iter().map(|l| (l.clone(), 0)).collect(),
                    most_missed: Vec::new(),
                    red_flags: 0,
                    off_topic: 0,
                });
                misses.push(Vec::new());
                out.len() - 1
            }
        };
        let stats = &mut out[at];
        stats.answers += 1;
        stats.mean_score += q.score;
        if let Some(level) = stats.levels.iter_mut().find(|(name, _)| *name == q.level) {
            level.1 += 1;
        }
        stats.red_flags += usize::from(!q.red_flags.is_empty());
        stats.off_topic += usize::from(q.off_topic.is_some());
        for c in &q.missing {
            match misses[at].iter_mut().find(|(name, _)| *name == c.name) {
                Some(m) => m.1 += 1,
                None => misses[at].push((c.name.clone(), 1)),
            }
        }
    }
    for (stats, mut missed) in out.iter_mut().zip(misses) {
        stats.mean_score = (stats.mean_score / stats.answers as f64 * 10.0).round() / 10.0;
        missed.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        missed.truncate(MOST_MISSED);
        stats.most_missed = missed;
    }
    out
}

/// Every answer with a reason to be read, in candidate then answer order;
/// `files` are the candidates' report files, in the same order.
#[must_use]
pub fn review_queue(reports: &[CandidateReport], files: &[String]) -> Vec<ReviewItem> {
    let mut out = Vec::new();
    for (report, file) in reports.iter().zip(files) {
        for q in report.questions.iter().filter(|q| !q.review.is_empty()) {
            out.push(ReviewItem {
                candidate: report.candidate.clone(),
                link: format!("{file}#{}", q.anchor),
                label: q.label.clone(),
                question: q.question.clone(),
                score: q.score,
                why: q.review.clone(),
            });
        }
    }
    out
}
