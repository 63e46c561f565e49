//! The cohort view on the index page: each question across all candidates,
//! and the answers a person should read. Gathered one report at a time, so
//! a caller can write each report and let it go.

use crate::input::RowProblem;
use crate::model::{CandidateReport, IndexEntry, IndexPage, QuestionStats, ReviewItem};

/// How many of a question's most-missed concepts are listed.
pub const MOST_MISSED: usize = 3;

/// An [`IndexPage`] being gathered from reports, in candidate order.
#[derive(Debug, Default)]
pub struct IndexBuilder {
    page: IndexPage,
    /// Sum of each question's totals (its mean at the end).
    sums: Vec<f64>,
    /// How often each concept was missed, per question.
    misses: Vec<Vec<(String, usize)>>,
}

impl IndexBuilder {
    /// An empty index.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `report`, written to `file` (relative to the index).
    pub fn add(&mut self, report: &CandidateReport, file: &str) {
        if self.page.entries.is_empty() {
            self.page.made.clone_from(&report.made);
        }
        self.page.entries.push(IndexEntry {
            candidate: report.candidate.clone(),
            file: file.to_owned(),
            answers: report.questions.len(),
            mean_score: report.mean_score,
            problems: report.problems.len(),
        });
        for q in &report.questions {
            let at = self.question(q);
            let stats = &mut self.page.questions[at];
            stats.answers += 1;
            self.sums[at] += q.score;
            if let Some(level) = stats.levels.iter_mut().find(|(name, _)| *name == q.level) {
                level.1 += 1;
            }
            stats.red_flags += usize::from(!q.red_flags.is_empty());
            stats.off_topic += usize::from(q.off_topic.is_some());
            for c in &q.missing {
                match self.misses[at].iter_mut().find(|(name, _)| *name == c.name) {
                    Some(m) => m.1 += 1,
                    None => self.misses[at].push((c.name.clone(), 1)),
                }
            }
            if !q.review.is_empty() {
                self.page.review.push(ReviewItem {
                    candidate: report.candidate.clone(),
                    link: format!("{file}#{}", q.anchor),
                    label: q.label.clone(),
                    question: q.question.clone(),
                    score: q.score,
                    why: q.review.clone(),
                });
            }
        }
    }

    /// The page, with `problems` that belong to no candidate.
    #[must_use]
    pub fn finish(mut self, problems: Vec<RowProblem>) -> IndexPage {
        let rows = self.page.questions.iter_mut().zip(self.sums).zip(self.misses);
        for ((stats, sum), mut missed) in rows {
            stats.mean_score = (sum / stats.answers as f64 * 10.0).round() / 10.0;
            missed.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            missed.truncate(MOST_MISSED);
            stats.most_missed = missed;
        }
        self.page.problems = problems;
        self.page
    }

    /// The position of `q`'s question among the stats, added if new.
    fn question(&mut self, q: &crate::model::QuestionReport) -> usize {
        if let Some(at) = self.page.questions.iter().position(|s| s.question_id == q.question_id) {
            return at;
        }
        self.page.questions.push(QuestionStats {
            question_id: q.question_id.clone(),
            question: q.question.clone(),
            answers: 0,
            mean_score: 0.0,
            levels: q.levels.iter().map(|l| (l.clone(), 0)).collect(),
            most_missed: Vec::new(),
            red_flags: 0,
            off_topic: 0,
        });
        self.sums.push(0.0);
        self.misses.push(Vec::new());
        self.page.questions.len() - 1
    }
}
