//! The practice history: one JSON object per attempt, one per line, in
//! `practice.jsonl` under `$ASSAY_HOME`, else `$XDG_DATA_HOME/assay`, else
//! `~/.local/share/assay` (`--history-file` overrides it).
//!
//! Each attempt is appended with a single write of one whole line to a
//! file opened for appending, so an interrupted run loses at most its last
//! line; a line that cannot be read is skipped with a warning naming it.

use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

/// File name of the history.
pub const HISTORY_FILE: &str = "practice.jsonl";

/// One practice attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    /// When, as RFC 3339 UTC.
    pub timestamp: String,
    /// Question id.
    pub question: String,
    /// Total from 0 to 100.
    pub total: f64,
    /// Level name.
    pub level: String,
    /// Ids of the concepts the answer showed.
    pub concepts_hit: Vec<String>,
    /// The answer as written (empty in histories from before it was kept).
    #[serde(default)]
    pub answer: String,
}

/// Progress on one question.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Question id.
    pub question: String,
    /// Number of attempts.
    pub attempts: usize,
    /// Total of the first attempt.
    pub first: f64,
    /// Best total.
    pub best: f64,
    /// Total of the last attempt.
    pub last: f64,
    /// Timestamp of the first attempt.
    pub first_at: String,
    /// Timestamp of the last attempt.
    pub last_at: String,
}

/// The default history file, from the environment.
///
/// # Errors
///
/// None of `ASSAY_HOME`, `XDG_DATA_HOME` and `HOME` is set.
pub fn default_path() -> anyhow::Result<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    match path_from(var("ASSAY_HOME"), var("XDG_DATA_HOME"), var("HOME")) {
        Some(path) => Ok(path),
        None => bail!(
            "cannot tell where to keep the practice history: set ASSAY_HOME or HOME, or pass --history-file FILE"
        ),
    }
}

/// The history file for these environment values.
fn path_from(
    assay_home: Option<OsString>,
    xdg_data_home: Option<OsString>,
    home: Option<OsString>,
) -> Option<PathBuf> {
    if let Some(dir) = assay_home {
        return Some(PathBuf::from(dir).join(HISTORY_FILE));
    }
    if let Some(dir) = xdg_data_home {
        return Some(PathBuf::from(dir).join("assay").join(HISTORY_FILE));
    }
    home.map(|h| PathBuf::from(h).join(".local/share/assay").join(HISTORY_FILE))
}

/// Appends `attempt` to the history at `path`, creating the file and its
/// folder.
///
/// # Errors
///
/// The folder or file cannot be created or written.
pub fn append(path: &Path, attempt: &Attempt) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut line = serde_json::to_vec(attempt).expect("an attempt serializes");
    line.push(b'\n');
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut file| file.write_all(&line))
        .with_context(|| format!("cannot write the practice history {}", path.display()))
}

/// The attempts in the history at `path` (none if it does not exist), and
/// a warning for each line that could not be read.
///
/// # Errors
///
/// The file exists but cannot be read.
pub fn read(path: &Path) -> anyhow::Result<(Vec<Attempt>, Vec<String>)> {
    if !path.exists() {
        return Ok((Vec::new(), Vec::new()));
    }
    let text = fs::read_to_string(path)
        .with_context(|| format!("cannot read the practice history {}", path.display()))?;
    let mut attempts = Vec::new();
    let mut warnings = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Attempt>(line) {
            Ok(attempt) => attempts.push(attempt),
            Err(e) => warnings.push(format!("{}:{}: skipped: {e}", path.display(), i + 1)),
        }
    }
    Ok((attempts, warnings))
}

/// Progress per question, sorted by question id; attempts count in file
/// order.
#[must_use]
pub fn progress(attempts: &[Attempt]) -> Vec<Progress> {
    let mut list: Vec<Progress> = Vec::new();
    for a in attempts {
        match list.iter_mut().find(|p| p.question == a.question) {
            Some(p) => {
                p.attempts += 1;
                p.best = p.best.max(a.total);
                p.last = a.total;
                p.last_at.clone_from(&a.timestamp);
            }
            None => list.push(Progress {
                question: a.question.clone(),
                attempts: 1,
                first: a.total,
                best: a.total,
                last: a.total,
                first_at: a.timestamp.clone(),
                last_at: a.timestamp.clone(),
            }),
        }
    }
    list.sort_by(|a, b| a.question.cmp(&b.question));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attempt(question: &str, total: f64, timestamp: &str) -> Attempt {
        Attempt {
            timestamp: timestamp.into(),
            question: question.into(),
            total,
            level: "x".into(),
            concepts_hit: vec![],
            answer: String::new(),
        }
    }

    #[test]
    fn the_location_follows_the_environment() {
        let os = |s: &str| Some(OsString::from(s));
        assert_eq!(
            path_from(os("/a"), os("/x"), os("/h")),
            Some(PathBuf::from("/a/practice.jsonl"))
        );
        assert_eq!(
            path_from(None, os("/x"), os("/h")),
            Some(PathBuf::from("/x/assay/practice.jsonl"))
        );
        assert_eq!(
            path_from(None, None, os("/h")),
            Some(PathBuf::from("/h/.local/share/assay/practice.jsonl"))
        );
        assert_eq!(path_from(None, None, None), None);
    }

    #[test]
    fn attempts_round_trip_and_bad_lines_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep/er/practice.jsonl");
        append(&path, &attempt("q1", 40.0, "2026-01-01T00:00:00Z")).unwrap();
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"{\"cut off\n").unwrap();
        append(&path, &attempt("q1", 70.0, "2026-01-02T00:00:00Z")).unwrap();
        let (attempts, warnings) = read(&path).unwrap();
        assert_eq!(attempts.len(), 2);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("practice.jsonl:2: skipped"), "{}", warnings[0]);
    }

    #[test]
    fn progress_per_question() {
        let list = progress(&[
            attempt("b", 40.0, "t1"),
            attempt("a", 10.0, "t2"),
            attempt("b", 80.0, "t3"),
            attempt("b", 60.0, "t4"),
        ]);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].question, "a");
        let b = &list[1];
        assert_eq!((b.attempts, b.first, b.best, b.last), (3, 40.0, 80.0, 60.0));
        assert_eq!((b.first_at.as_str(), b.last_at.as_str()), ("t1", "t4"));
    }
}
