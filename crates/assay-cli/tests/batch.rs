//! `assay batch` as an assessment centre runs it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

mod util;

use predicates::prelude::*;
use serde_json::Value;
use util::{assay, big_input, copy_rubric_folder, repo};

fn sample() -> PathBuf {
    repo("examples/candidates.csv")
}

fn jsonl(path: &Path) -> Vec<Value> {
    fs::read_to_string(path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

const GOOD: &str =
    "I would stay with them, ask directly about suicide and call the crisis line together.";

#[test]
fn every_input_row_yields_one_output_row_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    let long = "word ".repeat(30_000);
    let mut csv = String::from("candidate_id,question_id,answer,cohort\n");
    csv.push_str(&format!("c1,suicidal-thoughts,\"{GOOD}\",spring\n"));
    csv.push_str("c2,no-such-question,\"Some answer.\",spring\n");
    csv.push_str(",risk-of-harm,\"No candidate id.\",spring\n");
    csv.push_str(&format!("c4,risk-of-harm,\"{long}\",spring\n"));
    csv.push_str("c5,risk-of-harm\n");
    csv.push_str("c6,risk-of-harm,\"\",autumn\n");
    let mut bytes = csv.into_bytes();
    bytes.extend_from_slice(b"c7,risk-of-harm,\"bad \xff byte\",autumn\n");
    bytes.extend_from_slice(format!("c8,risk-of-harm,\"{GOOD}\",autumn\n").as_bytes());
    fs::write(&input, bytes).unwrap();
    let output = dir.path().join("out.jsonl");
    assay()
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("8 rows, 5 errors"));
    let rows = jsonl(&output);
    assert_eq!(rows.len(), 8);
    let ids: Vec<&str> = rows.iter().map(|r| r["candidate_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["c1", "c2", "", "c4", "c5", "c6", "c7", "c8"]);
    let numbers: Vec<u64> = rows.iter().map(|r| r["row"].as_u64().unwrap()).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert!(rows[0]["score"].as_f64().unwrap() > 0.0);
    assert_eq!(rows[0]["fields"]["cohort"], "spring");
    let error = |i: usize| rows[i]["error"].as_str().unwrap_or("").to_owned();
    assert!(error(1).contains("unknown question `no-such-question`"), "{}", error(1));
    assert!(error(2).contains("`candidate_id` is empty"), "{}", error(2));
    assert!(error(3).contains("over the limit"), "{}", error(3));
    assert!(error(4).contains("2 fields where the header has 4"), "{}", error(4));
    assert_eq!(rows[5]["reason"], "empty", "an empty answer is scored, not an error");
    assert!(error(6).contains("not valid UTF-8"), "{}", error(6));
    assert_eq!(rows[7]["line"], 9);
    assert!(
        !dir.path().join(".out.jsonl.partial").exists(),
        "the partial file is renamed into place"
    );
}

#[test]
fn strict_stops_at_the_first_bad_row_and_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    fs::write(
        &input,
        format!("candidate_id,question_id,answer\nc1,risk-of-harm,\"{GOOD}\"\nc2,risk-of-harn,\"x\"\nc3,risk-of-harm,\"y\"\n"),
    )
    .unwrap();
    let output = dir.path().join("out.jsonl");
    assay().args(["batch", "--strict"]).arg(&input).arg("-o").arg(&output).assert().code(2).stderr(
        predicate::str::contains(
            "line 3: unknown question `risk-of-harn`; did you mean `risk-of-harm`?",
        ),
    );
    assert!(!output.exists(), "a failed run leaves no output behind");
}

#[test]
fn csv_output_is_safe_to_open_in_a_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    fs::write(&input, format!("candidate_id,question_id,answer,note\n=HYPERLINK(\"x\"),risk-of-harm,\"{GOOD}\",@SUM(A1)\n")).unwrap();
    let output = dir.path().join("out.csv");
    assay().arg("batch").arg(&input).arg("-o").arg(&output).assert().success();
    let mut reader = csv::Reader::from_path(&output).unwrap();
    let header = reader.headers().unwrap().clone();
    assert!(header.iter().any(|h| h == "concept:safety-escalation"), "per-concept columns");
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| row[header.iter().position(|h| h == name).unwrap()].to_owned();
    assert_eq!(cell("candidate_id"), "'=HYPERLINK(\"x\")");
    assert_eq!(cell("note"), "'@SUM(A1)");
    assert!(cell("score").parse::<f64>().unwrap() > 0.0);
}

#[test]
fn json_lines_input_and_stdin_work() {
    let input = format!(
        "{{\"candidate_id\":\"j1\",\"question_id\":\"risk-of-harm\",\"answer\":\"{GOOD}\",\"site\":3}}\nnot json\n"
    );
    let output = assay()
        .args(["batch", "--input-format", "jsonl", "-"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let rows: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["fields"]["site"], 3);
    assert!(rows[1]["error"].as_str().unwrap().contains("invalid JSON"));
}

/// With cues alone and with the semantic matcher (whose examples are
/// embedded once per process, by whichever thread gets there first).
#[test]
fn output_does_not_depend_on_the_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    for matcher in [&[][..], &["--semantic"][..]] {
        let run = |threads: &str| {
            let output = dir.path().join(format!("out-{threads}.jsonl"));
            assay()
                .args(["batch", "--threads", threads])
                .args(matcher)
                .arg(sample())
                .arg("-o")
                .arg(&output)
                .assert()
                .success();
            fs::read(&output).unwrap()
        };
        assert_eq!(run("1"), run("2"), "{matcher:?}");
    }
}

#[test]
fn a_killed_run_resumes_without_loss_or_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let input = big_input(dir.path(), 200);
    let complete = dir.path().join("complete.jsonl");
    assay()
        .args(["batch", "--threads", "2"])
        .arg(&input)
        .arg("-o")
        .arg(&complete)
        .assert()
        .success();

    let output = dir.path().join("out.jsonl");
    let partial = dir.path().join(".out.jsonl.partial");
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("assay"))
        .args(["batch", "--threads", "1"])
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while fs::metadata(&partial).map_or(0, |m| m.len()) < 100_000 {
        assert!(Instant::now() < deadline, "the run never wrote any output");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!output.exists(), "an interrupted run has not finished");
    let written = fs::read_to_string(&partial).unwrap().lines().count();
    assert!(written < 20_800, "killed before the end ({written} lines)");

    assay()
        .args(["batch", "--resume"])
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .assert()
        .success()
        .stderr(predicate::str::contains("already done"));
    assert_eq!(fs::read(&output).unwrap(), fs::read(&complete).unwrap());
}

#[test]
fn resume_without_a_partial_run_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    assay()
        .args(["batch", "--resume"])
        .arg(sample())
        .arg("-o")
        .arg(dir.path().join("out.jsonl"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nothing to resume"));
}

#[test]
fn a_missing_column_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    for (text, message) in [
        (
            "candidate,question_id,answer\nc1,risk-of-harm,x\n",
            "line 1: the header has no `candidate_id` column",
        ),
        ("", "line 1: no header row (the input is empty"),
    ] {
        fs::write(&input, text).unwrap();
        assay().arg("batch").arg(&input).assert().code(2).stderr(predicate::str::contains(message));
    }
}

#[test]
fn exemplars_are_reported_on_request() {
    let input = format!("candidate_id,question_id,answer\nc1,suicidal-thoughts,\"{GOOD}\"\n");
    let plain = assay().args(["batch", "-"]).write_stdin(input.clone()).output().unwrap();
    let plain: Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert!(plain.get("exemplars").is_none());
    let with = assay().args(["batch", "--exemplars", "-"]).write_stdin(input).output().unwrap();
    assert!(with.status.success());
    let with: Value = serde_json::from_slice(&with.stdout).unwrap();
    assert!(!with["exemplars"]["neighbours"].as_array().unwrap().is_empty());
    assert_eq!(with["off_topic"], false);
}

/// `-o` naming a pipe (or `/dev/null`) writes through it: renaming a finished
/// file over it would replace it with a regular file.
#[cfg(unix)]
#[test]
fn a_pipe_as_output_is_written_through_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    use std::sync::mpsc;

    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("rows.jsonl");
    let made = Process::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success(), "mkfifo failed");
    let (sender, received) = mpsc::channel();
    let reader_path = fifo.clone();
    // Opening a FIFO blocks until the other end opens too; if the run renamed
    // a file over the FIFO this thread would wait forever, so it is never
    // joined, only waited on with a timeout.
    std::thread::spawn(move || sender.send(fs::read_to_string(reader_path).unwrap()));
    let before = assay().arg("batch").arg(sample()).output().unwrap().stdout;
    assay().arg("batch").arg(sample()).arg("-o").arg(&fifo).assert().success();
    let through_pipe = received.recv_timeout(Duration::from_secs(60)).expect("nothing was read");
    assert_eq!(through_pipe.as_bytes(), before, "the pipe carries the rows stdout would");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "still a FIFO");
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["rows.jsonl"], "no partial file is left behind");
}

/// Spreadsheets export CSV with Windows line ends: every row must still be
/// reported on the line it starts on, after multi-line answers and blank
/// lines too.
#[test]
fn rows_name_their_lines_with_windows_line_ends() {
    let dir = tempfile::tempdir().unwrap();
    let unix = format!(
        "candidate_id,question_id,answer\n\
         c1,risk-of-harm,\"{GOOD}\nSecond line.\"\n\
         c2,no-such-question,x\n\
         \n\
         c3,risk-of-harm,\"{GOOD}\"\n"
    );
    for (name, text) in [("unix.csv", unix.clone()), ("windows.csv", unix.replace('\n', "\r\n"))] {
        let input = dir.path().join(name);
        fs::write(&input, text).unwrap();
        let output = dir.path().join(format!("{name}.jsonl"));
        assay().arg("batch").arg(&input).arg("-o").arg(&output).assert().code(1);
        let lines: Vec<u64> = jsonl(&output).iter().map(|r| r["line"].as_u64().unwrap()).collect();
        assert_eq!(lines, [2, 4, 6], "{name}");
    }
}

/// A byte-order mark before the first JSON object (some Windows tools write
/// one) is not part of the object.
#[test]
fn json_lines_may_start_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bom.jsonl");
    let object =
        format!(r#"{{"candidate_id": "c1", "question_id": "risk-of-harm", "answer": "{GOOD}"}}"#);
    fs::write(&input, format!("\u{feff}{object}\n{object}\n")).unwrap();
    let output = dir.path().join("out.jsonl");
    assay().arg("batch").arg(&input).arg("-o").arg(&output).assert().success();
    let rows = jsonl(&output);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r["error"].is_null() && r["candidate_id"] == "c1"), "{rows:?}");
}

#[test]
fn csv_from_a_trainers_rubrics_has_a_column_per_concept() {
    let dir = tempfile::tempdir().unwrap();
    copy_rubric_folder(dir.path());
    let input = dir.path().join("in.csv");
    std::fs::write(
        &input,
        "candidate_id,question_id,answer\nc1,suicidal-thoughts,\"I would ask them directly whether they have a plan.\"\n",
    )
    .unwrap();
    let read = |rubrics: Option<&std::path::Path>| {
        let out = dir.path().join("out.csv");
        let mut cmd = assay();
        if let Some(rubrics) = rubrics {
            cmd.arg("--rubrics").arg(rubrics);
        }
        cmd.arg("batch").arg(&input).arg("-o").arg(&out).assert().success();
        let mut reader = csv::Reader::from_path(&out).unwrap();
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let row: Vec<String> =
            reader.records().next().unwrap().unwrap().iter().map(String::from).collect();
        header.into_iter().zip(row).collect::<std::collections::HashMap<_, _>>()
    };
    let own = read(Some(dir.path()));
    assert_eq!(own["concept:ask-directly"], "1.00", "{own:?}");
    assert!(own.contains_key("concept:empathy") && !own.contains_key("own_concepts"));
    let builtin = read(None);
    assert!(!builtin.contains_key("concept:ask-directly"));
    assert!(builtin["own_concepts"].contains("ask-directly=1.00"), "{builtin:?}");
}

#[test]
fn a_context_column_lets_context_cues_match_in_batch_and_score() {
    let dir = tempfile::tempdir().unwrap();
    let questions = dir.path().join("questions");
    fs::create_dir_all(&questions).unwrap();
    fs::write(
        questions.join("reflect.toml"),
        "id = \"reflect\"\nquestion = \"Reflect what the client said.\"\ndetail-words = 0\n\
         [[concepts]]\nid = \"echo\"\nname = \"Echoes the client\"\nweight = 1\ncues = [\"so you ... @context\"]\nguidance = \"g\"\npraise = \"p\"\n\
         [[levels]]\nname = \"no\"\nmin = 0\n[[levels]]\nname = \"yes\"\nmin = 50\n",
    )
    .unwrap();
    let input = dir.path().join("in.csv");
    fs::write(
        &input,
        "candidate_id,question_id,answer,context\n\
         a,reflect,So you feel the drinking helps.,I drink because it helps me relax.\n\
         b,reflect,So you feel the drinking helps.,My sister moved away.\n\
         c,reflect,So you feel the drinking helps.,\n",
    )
    .unwrap();
    let out = dir.path().join("out.jsonl");
    assay()
        .arg("--rubrics")
        .arg(dir.path())
        .arg("batch")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let scores: Vec<f64> = jsonl(&out).iter().map(|r| r["score"].as_f64().unwrap()).collect();
    assert_eq!(scores, [100.0, 0.0, 0.0]);
    // `assay score --context` gives the same.
    let one = assay()
        .arg("--rubrics")
        .arg(dir.path())
        .args(["score", "-q", "reflect", "--format", "json", "--context"])
        .arg("I drink because it helps me relax.")
        .arg("So you feel the drinking helps.")
        .assert()
        .success();
    let json: Value = serde_json::from_slice(&one.get_output().stdout).unwrap();
    assert_eq!(json["score"], 100.0);
    // And a report of the same rows scores each in its context.
    let report = assay()
        .arg("--rubrics")
        .arg(dir.path())
        .arg("report")
        .arg(&input)
        .args(["--candidate", "a", "--format", "md"])
        .output()
        .unwrap();
    let page = String::from_utf8(report.stdout).unwrap();
    assert!(page.contains("**Score: 100.0 / 100, yes**"), "{page}");
}

/// Input columns named like the output's own (`score`, `error`, ...) are
/// passed through under `input.NAME`, so neither a person nor `assay report`
/// takes them for assay's; a header cell is spreadsheet-safe like any cell;
/// a column named twice is refused, naming both positions.
#[test]
fn passed_through_columns_keep_apart_from_the_output_columns() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    fs::write(
        &input,
        format!(
            "candidate_id,question_id,answer,score,error,=cmd|' /C calc'!A0\n\
             c1,suicidal-thoughts,\"{GOOD}\",99,oops,x\n"
        ),
    )
    .unwrap();
    let output = dir.path().join("out.csv");
    assay().arg("batch").arg(&input).arg("-o").arg(&output).assert().success();
    let text = fs::read_to_string(&output).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for name in ["input.score", "input.error", "'=cmd|' /C calc'!A0", "score", "error"] {
        assert_eq!(header.iter().filter(|h| *h == name).count(), 1, "{name} in {header:?}");
    }
    let row = reader.records().next().unwrap().unwrap();
    let cell = |name: &str| row[header.iter().position(|h| h == name).unwrap()].to_owned();
    assert_eq!((cell("input.score"), cell("input.error")), ("99".into(), "oops".into()));
    assert_ne!(cell("score"), "99");
    assert_eq!(cell("error"), "");
    // The report reads assay's own columns: the row is scored, not failed.
    let report = dir.path().join("c1.html");
    assay()
        .arg("report")
        .arg(&output)
        .arg("--answers")
        .arg(&input)
        .arg("-o")
        .arg(&report)
        .assert()
        .success();
    let page = fs::read_to_string(&report).unwrap();
    assert!(page.contains("What landed"), "the answer is reported as scored");
    assert!(!page.contains("oops"), "a passed-through error is not a failure");

    fs::write(&input, "candidate_id,question_id,answer,answer\nc1,risk-of-harm,a,b\n").unwrap();
    assay().arg("batch").arg(&input).assert().code(2).stderr(predicate::str::contains(
        "line 1: the column `answer` appears twice (columns 3 and 4)",
    ));
}

/// JSON Lines ids may be numbers; a run where nothing could be scored says
/// so instead of reporting a mean score of 0.
#[test]
fn numeric_ids_are_read_and_an_all_error_run_has_no_mean() {
    let rows = format!(
        "{{\"candidate_id\":1042,\"question_id\":\"suicidal-thoughts\",\"answer\":\"{GOOD}\"}}\n"
    );
    let out = assay().args(["batch", "--input-format", "jsonl", "-"]).write_stdin(rows).output();
    let out = out.unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let row: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(row["candidate_id"], "1042");
    assert!(row["score"].as_f64().unwrap() > 0.0);

    let bad = "{\"candidate_id\":\"c1\",\"question_id\":\"nope\",\"answer\":\"x\"}\n";
    assay()
        .args(["batch", "--input-format", "jsonl", "-"])
        .write_stdin(bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("1 errors, no answer scored,"));
}
