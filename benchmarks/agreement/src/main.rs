//! `benchmarks/agreement/run DATASETS_DIR [OUT_DIR]`: learns a rubric per
//! task on each dataset's training split, reports the test figures next to
//! TF-IDF + logistic regression and the best published figure, and writes
//! `results.json` (a list of `{"task", "metric", "value"}`) to OUT_DIR
//! (default: this folder, where the learned rubrics are committed).
//!
//! `--dev` leaves the test splits alone: it holds out a fifth of each
//! training split (by group) and reports on that, for trying changes.
//! `--dev-fifth K` (0 to 4) holds out fifth K instead (`--dev` is fifth 0);
//! the five runs' mean is an outer cross-validation on the training split.
//! `--only NAME` (repeatable) runs only the tasks whose name contains NAME.
//! Mohler runs only without `--dev`, `--dev-fifth` and `--only`.
//! `--max-cues N` caps the cues per rubric (default 150). `--context` gives
//! each text what it responds to (EPITOME: the seeker's post; AnnoMI: the
//! turn before), so learned cues may use `@context`; off by default, since
//! on `--dev` it did not help.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use assay_agreement::datasets::{annomi, epitome, semeval, Task};
use assay_agreement::{mohler, run_task, REFERENCES};
use assay_eval::LearnOptions;

fn main() -> Result<()> {
    let mut options = LearnOptions::default();
    let mut paths = Vec::new();
    let mut dev = None;
    let mut only: Vec<String> = Vec::new();
    let mut context = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--max-cues" => {
                options.max_cues = args.next().context("--max-cues needs a number")?.parse()?
            }
            "--dev" => dev = Some(0),
            "--dev-fifth" => {
                dev = Some(args.next().context("--dev-fifth needs 0 to 4")?.parse()?);
            }
            "--only" => only.push(args.next().context("--only needs part of a task name")?),
            "--context" => context = true,
            _ => paths.push(PathBuf::from(arg)),
        }
    }
    let mut paths = paths.into_iter();
    let Some(datasets) = paths.next() else {
        eprintln!("usage: benchmarks/agreement/run DATASETS_DIR [OUT_DIR] [--max-cues N] [--dev | --dev-fifth K] [--only NAME]... [--context]");
        std::process::exit(2);
    };
    let out = paths.next().unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let mut tasks = epitome(&datasets)?;
    tasks.extend(annomi(&datasets)?);
    if datasets.join("semeval2013-task7").exists() {
        tasks.extend(semeval(&datasets)?);
    }
    if !only.is_empty() {
        tasks.retain(|t| only.iter().any(|o| t.name.contains(o.as_str())));
    }
    if let Some(fifth) = dev {
        anyhow::ensure!(fifth < 5, "--dev-fifth takes 0 to 4");
        tasks.iter_mut().for_each(|t| t.hold_out_dev(fifth));
    }
    if !context {
        tasks.iter_mut().for_each(Task::drop_context);
    }
    println!("| task | metric | TF-IDF + LR | assay learned | best published | train CV | rubrics | cues | train / test |");
    println!("|---|---|---|---|---|---|---|---|---|");
    let mut results = Vec::new();
    let started = Instant::now();
    for task in &tasks {
        let result = run_task(task, &options, &out.join(task.dataset))?;
        let reference = REFERENCES.iter().find(|r| r.task == task.name);
        println!(
            "| {} | {} | {} | {:.3} | {} | {} | {}{} | {} | {} / {} |",
            result.task,
            result.metric,
            reference.map_or("-".into(), |r| format!("{:.3}", r.tfidf_lr)),
            result.value,
            reference.and_then(|r| r.published).map_or("-".into(), |p| format!("~{p:.3}")),
            result.cross_validated.map_or("-".into(), |cv| format!("{cv:.3}")),
            result.rubrics.0,
            if result.rubrics.1 > 0 {
                format!(" (+{} majority)", result.rubrics.1)
            } else {
                String::new()
            },
            result.cues,
            task.train_len(),
            task.test_len()
        );
        results.push(serde_json::json!({"task": result.task, "metric": result.metric, "value": (result.value * 1000.0).round() / 1000.0}));
    }
    if datasets.join("mohler").exists() && dev.is_none() && only.is_empty() {
        let result = mohler(&datasets, &out.join("mohler"))?;
        let reference = REFERENCES.iter().find(|r| r.task == "mohler-pearson");
        println!(
            "| mohler-pearson | Pearson r | {} | {:.3} | {} | - | {} (from reference answers) | - | 5 folds of questions / {} |",
            reference.map_or("-".into(), |r| format!("{:.3}", r.tfidf_lr)),
            result.pearson,
            reference.and_then(|r| r.published).map_or("-".into(), |p| format!("~{p:.3}")),
            result.sizes.0,
            result.sizes.1
        );
        results.push(serde_json::json!({"task": "mohler-pearson", "metric": "Pearson r", "value": (result.pearson * 1000.0).round() / 1000.0}));
    }
    let path = out.join("results.json");
    let json = serde_json::to_string_pretty(&results)? + "\n";
    let temporary = path.with_extension("json.tmp");
    std::fs::write(&temporary, json).with_context(|| format!("writing {}", temporary.display()))?;
    std::fs::rename(&temporary, &path).with_context(|| format!("writing {}", path.display()))?;
    eprintln!(
        "{} tasks in {:.0} s; results in {}",
        tasks.len(),
        started.elapsed().as_secs_f64(),
        path.display()
    );
    Ok(())
}
