//! `assay learn`: a rubric learned from scored answers, shown as a diff or
//! written over the question file, keeping its red flags.

mod util;

use std::fs;

use predicates::prelude::*;
use util::{assay, copy_rubric_folder, repo};

fn labelled() -> String {
    repo("examples/labelled/labelled.csv").display().to_string()
}

#[test]
fn learn_shows_a_diff_then_writes_a_rubric_that_loads_and_keeps_its_red_flags() {
    let dir = tempfile::tempdir().unwrap();
    copy_rubric_folder(dir.path());
    let file = dir.path().join("questions/suicidal-thoughts.toml");
    let before = fs::read_to_string(&file).unwrap();
    let learn = |write: bool| {
        let mut cmd = assay();
        cmd.args([
            "learn",
            &labelled(),
            "-q",
            "suicidal-thoughts",
            "--max-cues",
            "30",
            "--rubrics",
        ])
        .arg(dir.path());
        if write {
            cmd.arg("--write");
        } else {
            cmd.args(["--color", "always"]);
        }
        cmd.assert().success()
    };
    // The diff, coloured as asked: added lines green, removed lines red,
    // the file header plain.
    learn(false)
        .stdout(predicate::str::contains("learned `suicidal-thoughts` from 30 answers"))
        .stdout(predicate::str::contains("cross-validated QWK over 5 folds"))
        .stdout(predicate::str::contains("run again with --write to apply"))
        .stdout(predicate::str::contains("\n\u{1b}[32m+"))
        .stdout(predicate::str::contains("\n\u{1b}[31m-"))
        .stdout(predicate::str::contains("suicidal-thoughts.toml\n+++ "));
    assert_eq!(fs::read_to_string(&file).unwrap(), before, "without --write nothing changes");

    learn(true).stdout(predicate::str::contains("wrote "));
    let after = fs::read_to_string(&file).unwrap();
    assert!(after.contains("id = \"learned-weight-"), "{after}");
    assert!(after.contains("use = \"keeps-risk-secret\""), "safety checks are kept");
    assay().args(["rubric", "check"]).arg(dir.path()).assert().success();

    // The learned rubric puts the raters' exemplary answers above their
    // poor ones (on the answers it learned from: this shows it works, not
    // how well it generalises; the cross-validated figure does that).
    let mean_total = |level: &str| {
        let mut reader = csv::Reader::from_path(labelled()).unwrap();
        let headers = reader.headers().unwrap().clone();
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
        let (q, a, s) = (column("question_id"), column("answer"), column("score"));
        let mut totals = Vec::new();
        for row in reader.records().map(Result::unwrap) {
            let score: f64 = row[s].parse().unwrap_or(f64::NAN);
            let wanted = if level == "top" { score >= 75.0 } else { score < 20.0 };
            if &row[q] == "suicidal-thoughts" && wanted {
                let out = assay()
                    .args(["score", "--format", "json", "-q", "suicidal-thoughts", "--rubrics"])
                    .arg(dir.path())
                    .arg(&row[a])
                    .assert()
                    .success();
                let json: serde_json::Value =
                    serde_json::from_slice(&out.get_output().stdout).unwrap();
                totals.push(json["score"].as_f64().unwrap());
            }
        }
        totals.iter().sum::<f64>() / totals.len() as f64
    };
    assert!(mean_total("top") > mean_total("bottom") + 20.0);
}

#[test]
fn learn_refuses_a_question_with_too_few_answers() {
    let dir = tempfile::tempdir().unwrap();
    copy_rubric_folder(dir.path());
    assay()
        .args(["learn", &labelled(), "-q", "de-escalation", "--rubrics"])
        .arg(dir.path())
        .assert()
        .failure()
        .stderr(predicate::str::contains("at least 10 in all; got 8"));
}
