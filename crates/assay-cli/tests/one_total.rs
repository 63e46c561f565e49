//! One total everywhere: `assay score` and `assay batch` (with and without
//! `--exemplars`) give the same number for the same answer and rubric, on
//! every question, including rubrics that blend the nearest exemplars into
//! the total (`exemplar-weight`).

mod util;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use util::{assay, copy_rubric_folder, repo};

const ANSWER: &str = "I would listen carefully and ask what they need. If they were at risk I \
would stay with them and call the crisis line, be honest that I cannot keep it secret, and \
check in the next day.";

/// The built-in rubrics, each question blending 30% of its total from the
/// nearest exemplars when `blend` is set.
fn rubrics(dir: &Path, blend: bool) -> PathBuf {
    let rubrics = dir.join("rubrics");
    copy_rubric_folder(&rubrics);
    if blend {
        for entry in fs::read_dir(rubrics.join("questions")).unwrap() {
            let path = entry.unwrap().path();
            let text = fs::read_to_string(&path).unwrap();
            let blended =
                text.replacen("\n[[concepts]]", "\nexemplar-weight = 0.3\n\n[[concepts]]", 1);
            fs::write(&path, blended).unwrap();
        }
    }
    rubrics
}

fn question_ids() -> Vec<String> {
    let mut ids: Vec<String> = fs::read_dir(repo("rubrics/questions"))
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids
}

fn batch_totals(rubrics: &Path, dir: &Path, exemplars: bool) -> Vec<f64> {
    let input = dir.join("answers.csv");
    let mut writer = csv::Writer::from_path(&input).unwrap();
    writer.write_record(["candidate_id", "question_id", "answer"]).unwrap();
    for id in question_ids() {
        writer.write_record(["c", id.as_str(), ANSWER]).unwrap();
    }
    writer.flush().unwrap();
    let output = dir.join("scores.jsonl");
    let mut command = assay();
    command.arg("--rubrics").arg(rubrics).arg("--index").arg(index(rubrics, dir));
    command.arg("batch").arg(&input).arg("-o").arg(&output);
    if exemplars {
        command.arg("--exemplars");
    }
    command.assert().success();
    fs::read_to_string(&output)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str::<Value>(line).unwrap()["score"].as_f64().unwrap())
        .collect()
}

/// An index of the built-in corpus, so a trainer's rubric folder has
/// exemplars to blend.
fn index(rubrics: &Path, dir: &Path) -> PathBuf {
    let index = dir.join("index");
    if !index.exists() {
        assay()
            .arg("--rubrics")
            .arg(rubrics)
            .args(["index", "build", "--corpus"])
            .arg(repo("corpus"))
            .arg("-o")
            .arg(&index)
            .assert()
            .success();
    }
    index
}

fn score_total(rubrics: &Path, dir: &Path, question: &str) -> f64 {
    let out = assay()
        .arg("--rubrics")
        .arg(rubrics)
        .arg("--index")
        .arg(index(rubrics, dir))
        .args(["score", "--format", "json", "--question", question, ANSWER])
        .assert()
        .success();
    let json: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(json["schema_version"], 11);
    json["score"].as_f64().unwrap()
}

fn assert_one_total(blend: bool) {
    let dir = tempfile::tempdir().unwrap();
    let rubrics = rubrics(dir.path(), blend);
    let plain = batch_totals(&rubrics, dir.path(), false);
    let with_exemplars = batch_totals(&rubrics, dir.path(), true);
    let ids = question_ids();
    assert_eq!(plain.len(), ids.len());
    for (i, id) in ids.iter().enumerate() {
        let single = score_total(&rubrics, dir.path(), id);
        assert_eq!(plain[i], single, "{id}: batch {} vs score {single}", plain[i]);
        assert_eq!(with_exemplars[i], single, "{id}: batch --exemplars vs score");
    }
}

#[test]
fn score_and_batch_agree_on_every_question() {
    assert_one_total(false);
}

#[test]
fn score_and_batch_agree_when_rubrics_blend_exemplars() {
    assert_one_total(true);
}
