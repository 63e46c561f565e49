//! One task: learn each part's rubric on train, write it, load it back and
//! score the test answers with assay.

use std::fs;
use std::path::Path;

use anyhow::{anyhow, Context, Result};
use assay_eval::{learn, LearnError, LearnOptions, QuestionText, Sample};
use assay_score::{RubricSet, Scorer, SourceFile, Weighting};

use crate::datasets::{Part, Task};

/// What one task gave.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskResult {
    /// Task name.
    pub task: &'static str,
    /// The metric's name.
    pub metric: &'static str,
    /// The metric on the test split.
    pub value: f64,
    /// The metric on out-of-fold training predictions (for several parts,
    /// their mean weighted by training answers).
    pub cross_validated: Option<f64>,
    /// Cues over all learned rubrics.
    pub cues: usize,
    /// Rubrics learned, and parts whose training answers were too few or
    /// all at one level (their test answers get the most common training
    /// level).
    pub rubrics: (usize, usize),
}

/// Learns each part of `task` from its training answers, writes the rubric
/// to `rubrics/questions/<id>.toml` under `out`, loads it back and scores
/// the part's test answers with it; the metric is taken over all parts.
///
/// # Errors
///
/// When a file cannot be written or a learned rubric does not load.
pub fn run_task(task: &Task, options: &LearnOptions, out: &Path) -> Result<TaskResult> {
    let options =
        LearnOptions { objective: task.objective, min_support: task.min_support, ..*options };
    let folder = out.join("rubrics/questions");
    fs::create_dir_all(&folder).with_context(|| format!("creating {}", folder.display()))?;
    let (mut truth, mut predicted) = (Vec::new(), Vec::new());
    let (mut cues, mut learned_parts, mut fallback) = (0, 0, 0);
    let (mut cv_sum, mut cv_weight) = (0.0, 0.0);
    for part in &task.parts {
        truth.extend(part.test.iter().map(|i| i.level));
        match learn_part(task, part, &options, &folder)? {
            Some((levels, learned_cues, cv)) => {
                predicted.extend(levels);
                cues += learned_cues;
                learned_parts += 1;
                cv_sum += cv * part.train.len() as f64;
                cv_weight += part.train.len() as f64;
            }
            None => {
                let majority = most_common(part.train.iter().map(|i| i.level), task.levels.len());
                predicted.extend(part.test.iter().map(|_| majority));
                fallback += 1;
            }
        }
    }
    Ok(TaskResult {
        task: task.name,
        metric: task.metric,
        value: task.objective.measure(&truth, &predicted, task.levels.len()),
        cross_validated: (cv_weight > 0.0).then(|| cv_sum / cv_weight),
        cues,
        rubrics: (learned_parts, fallback),
    })
}

/// The test levels of one part, its cue count and cross-validated
/// objective; `None` when its training answers cannot be learned from.
fn learn_part(
    task: &Task,
    part: &Part,
    options: &LearnOptions,
    folder: &Path,
) -> Result<Option<(Vec<usize>, usize, f64)>> {
    let samples: Vec<Sample> = part
        .train
        .iter()
        .map(|i| Sample {
            text: &i.text,
            level: i.level,
            group: i.group,
            context: i.context.as_deref(),
        })
        .collect();
    let learned = match learn(&samples, task.levels.len(), options) {
        Ok(learned) => learned,
        Err(LearnError::TooFew { .. }) => return Ok(None),
    };
    let text = learned.question_toml(&QuestionText {
        id: &part.id,
        question: &part.question,
        source: &format!(
            "learned from the {} training split by benchmarks/agreement",
            task.dataset
        ),
        levels: &task.levels,
    });
    let path = folder.join(format!("{}.toml", part.id));
    fs::write(&path, &text).with_context(|| format!("writing {}", path.display()))?;
    let file = SourceFile::new(path.display().to_string(), text);
    let rubrics = RubricSet::load(&[], &[file]).map_err(|e| anyhow!("{e}"))?;
    let rubric = rubrics.get(&part.id).ok_or_else(|| anyhow!("{} did not load", part.id))?;
    let weighting = Weighting::of(rubric);
    let mut scorer = Scorer::new();
    let levels = part
        .test
        .iter()
        .map(|i| {
            let score = scorer.score_in_context(rubric, &i.text, i.context.as_deref());
            weighting.level_index(score.total)
        })
        .collect();
    Ok(Some((levels, learned.cues.len(), learned.cross_validated)))
}

/// The most common of `levels` (the lowest on a tie).
fn most_common(levels: impl Iterator<Item = usize>, count: usize) -> usize {
    let mut counts = vec![0usize; count];
    levels.for_each(|l| counts[l] += 1);
    (0..count).max_by_key(|&l| (counts[l], std::cmp::Reverse(l))).unwrap_or(0)
}
