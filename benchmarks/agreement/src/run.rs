//! One task: learn on train, write the rubric, score test with assay.

use std::fs;
use std::path::Path;

use anyhow::{anyhow, Context, Result};
use assay_eval::{learn, LearnOptions, QuestionText, Sample};
use assay_score::{RubricSet, Scorer, SourceFile, Weighting};

use crate::datasets::Task;

/// What one task gave.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskResult {
    /// Task name.
    pub task: &'static str,
    /// The metric's name.
    pub metric: &'static str,
    /// The metric on the test split.
    pub value: f64,
    /// The metric on out-of-fold training predictions.
    pub cross_validated: f64,
    /// Cues in the learned rubric.
    pub cues: usize,
    /// Training and test answers.
    pub sizes: (usize, usize),
}

/// Learns `task`'s rubric from its training split, writes it to
/// `rubrics/questions/<task>.toml` under `out`, loads it back and scores the
/// test split with it.
///
/// # Errors
///
/// When learning fails, the file cannot be written or the rubric does not
/// load.
pub fn run_task(task: &Task, options: &LearnOptions, out: &Path) -> Result<TaskResult> {
    let samples: Vec<Sample> = task
        .train
        .iter()
        .map(|i| Sample { text: &i.text, level: i.level, group: i.group })
        .collect();
    let options = LearnOptions { objective: task.objective, ..*options };
    let learned = learn(&samples, task.levels.len(), &options)
        .with_context(|| format!("learning {}", task.name))?;
    let text = learned.question_toml(&QuestionText {
        id: task.name,
        question: task.question,
        source: &format!(
            "learned from the {} training split by benchmarks/agreement",
            task.dataset
        ),
        levels: &task.levels,
    });
    let folder = out.join("rubrics/questions");
    fs::create_dir_all(&folder).with_context(|| format!("creating {}", folder.display()))?;
    let path = folder.join(format!("{}.toml", task.name));
    fs::write(&path, &text).with_context(|| format!("writing {}", path.display()))?;
    let file = SourceFile::new(path.display().to_string(), text);
    let rubrics = RubricSet::load(&[], &[file]).map_err(|e| anyhow!("{e}"))?;
    let rubric = rubrics.get(task.name).ok_or_else(|| anyhow!("{} did not load", task.name))?;
    let weighting = Weighting::of(rubric);
    let mut scorer = Scorer::new();
    let predicted: Vec<usize> = task
        .test
        .iter()
        .map(|i| weighting.level_index(scorer.score(rubric, &i.text).total))
        .collect();
    let truth: Vec<usize> = task.test.iter().map(|i| i.level).collect();
    Ok(TaskResult {
        task: task.name,
        metric: task.metric,
        value: task.objective.measure(&truth, &predicted, task.levels.len()),
        cross_validated: learned.cross_validated,
        cues: learned.cues.len(),
        sizes: (task.train.len(), task.test.len()),
    })
}
