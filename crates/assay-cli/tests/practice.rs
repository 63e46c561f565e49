//! `assay practice` driven through piped input, as a script or test would.

use std::fs;

#[allow(dead_code)] // not every helper is used here
mod util;

use predicates::prelude::*;
use serde_json::Value;
use util::assay;

const WEAK: &str = "I would talk to them.";
const STRONG: &str =
    "I would ask them directly whether they are thinking about suicide, stay with them, \
call the crisis line together and tell my supervisor, and I would check in the next day.";

/// A second paragraph that carries concepts of its own: following up and
/// keeping the person informed.
const SECOND_PARAGRAPH: &str =
    "Afterwards I would ring them the next morning to see how they are, \
and I would tell them what I am doing and why at every step.";

#[test]
fn an_answer_a_retry_and_the_score_change() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("h/practice.jsonl");
    let output = assay()
        .args(["practice", "--question", "risk-of-harm", "--history-file"])
        .arg(&history)
        // First answer; no model answer; retry with two paragraphs; see
        // the model answer; stop.
        .write_stdin(format!("{WEAK}\n.\nn\ny\n{STRONG}\n\n{SECOND_PARAGRAPH}\n.\ny\nn\n"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("Question (risk-of-harm):"));
    assert!(stdout.contains("What assay did not find") && stdout.contains("What landed"));
    assert_eq!(stdout.matches("Try again? [y/N]").count(), 2);
    assert_eq!(stdout.matches("See a model answer? [y/N]").count(), 2);
    assert_eq!(stdout.matches("model answer:").count(), 1, "shown once, when asked");

    let attempts: Vec<Value> = fs::read_to_string(&history)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(attempts.len(), 2);
    let (first, second) =
        (attempts[0]["total"].as_f64().unwrap(), attempts[1]["total"].as_f64().unwrap());
    assert!(second > first, "{first} -> {second}");
    let change = format!("Score: {first:.1} -> {second:.1} ({:+.1})", second - first);
    assert!(stdout.contains(&change), "{change} not in:\n{stdout}");
    assert_eq!(attempts[1]["question"], "risk-of-harm");
    let hit: Vec<&str> = attempts[1]["concepts_hit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(hit.contains(&"safety-escalation"), "{hit:?}");
    // The second paragraph was read and scored, not dropped.
    assert!(hit.contains(&"follow-up") && hit.contains(&"keep-peer-informed"), "{hit:?}");
    assert_eq!(attempts[1]["answer"], format!("{STRONG}\n\n{SECOND_PARAGRAPH}"));
    let stamp = attempts[0]["timestamp"].as_str().unwrap();
    assert_eq!((stamp.len(), &stamp[10..11], &stamp[19..]), (20, "T", "Z"), "{stamp}");
}

#[test]
fn history_shows_progress_per_question() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("practice.jsonl");
    let line = |t: &str, q: &str, total: f64| {
        format!("{{\"timestamp\":\"{t}\",\"question\":\"{q}\",\"total\":{total},\"level\":\"x\",\"concepts_hit\":[]}}\n")
    };
    let text = [
        line("2026-03-01T10:00:00Z", "risk-of-harm", 22.5),
        line("2026-03-02T10:00:00Z", "active-listening", 40.0),
        "not json\n".to_owned(),
        line("2026-03-04T10:00:00Z", "risk-of-harm", 71.0),
        line("2026-03-05T10:00:00Z", "risk-of-harm", 64.0),
    ]
    .concat();
    fs::write(&history, text).unwrap();
    let output =
        assay().args(["practice", "--history", "--history-file"]).arg(&history).output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    insta::assert_snapshot!(
        "practice_history",
        stdout.replace(history.to_str().unwrap(), "[HISTORY]")
    );
    assert!(String::from_utf8(output.stderr).unwrap().contains("practice.jsonl:3: skipped"));
}

#[test]
fn unanswered_picks_a_new_question_reproducibly() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("practice.jsonl");
    let pick = |seed: &str| -> String {
        let output = assay()
            .args(["practice", "--unanswered", "--seed", seed, "--history-file"])
            .arg(&history)
            .write_stdin(format!("{WEAK}\n.\nn\nn\n"))
            .output()
            .unwrap();
        assert!(output.status.success());
        let stdout = String::from_utf8(output.stdout).unwrap();
        let start = stdout.find("Question (").unwrap() + "Question (".len();
        stdout[start..start + stdout[start..].find(')').unwrap()].to_owned()
    };
    let first = pick("7");
    let second = pick("7");
    assert_ne!(first, second, "an answered question is not picked again");
    let other = tempfile::tempdir().unwrap();
    let again = assay()
        .args(["practice", "--unanswered", "--seed", "7", "--history-file"])
        .arg(other.path().join("p.jsonl"))
        .write_stdin("x\n.\n")
        .output()
        .unwrap();
    assert!(String::from_utf8(again.stdout).unwrap().contains(&format!("Question ({first})")));
}

#[test]
fn no_answer_and_unknown_questions() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("practice.jsonl");
    assay()
        .args(["practice", "--question", "risk-of-harm", "--history-file"])
        .arg(&history)
        .write_stdin("")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("No answer given."));
    assert!(!history.exists());
    assay()
        .args(["practice", "--question", "risk-of-harn", "--history-file"])
        .arg(&history)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `risk-of-harm`"));
}

#[test]
fn the_history_location_follows_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    assay()
        .args(["practice", "--question", "risk-of-harm"])
        .env("ASSAY_HOME", dir.path())
        .write_stdin(format!("{WEAK}\n"))
        .assert()
        .success();
    assert!(dir.path().join("practice.jsonl").exists());
    let xdg = tempfile::tempdir().unwrap();
    assay()
        .args(["practice", "--history"])
        .env_remove("ASSAY_HOME")
        .env("XDG_DATA_HOME", xdg.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("No practice yet"))
        .stdout(predicate::str::contains("assay/practice.jsonl"));
}

#[test]
fn a_session_of_several_questions_on_a_topic_and_a_look_back_at_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("practice.jsonl");
    let output = assay()
        .args(["practice", "--topic", "safety", "--count", "2", "--seed", "3", "--history-file"])
        .arg(&history)
        .write_stdin(format!("{WEAK}\n.\nn\nn\n{STRONG}\n.\nn\nn\n"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("[1 of 2]") && stdout.contains("[2 of 2]"), "{stdout}");
    let attempts: Vec<Value> = fs::read_to_string(&history)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let questions: Vec<&str> = attempts.iter().map(|a| a["question"].as_str().unwrap()).collect();
    assert_eq!(questions.len(), 2);
    assert_ne!(questions[0], questions[1], "two different questions");
    // Both are about safety: in the question, its id or a concept.
    for q in &questions {
        let about = assay().args(["questions", "--format", "json"]).output().unwrap();
        let all: Value = serde_json::from_slice(&about.stdout).unwrap();
        let entry = all.as_array().unwrap().iter().find(|e| e["id"] == *q).unwrap();
        assert!(entry.to_string().to_lowercase().contains("safety"), "{q}");
    }
    let look_back = assay()
        .args(["practice", "--history", "--question", questions[1], "--history-file"])
        .arg(&history)
        .output()
        .unwrap();
    let shown = String::from_utf8(look_back.stdout).unwrap();
    assert!(shown.contains("Attempt 1 (") && shown.contains(&STRONG[..40]), "{shown}");
}

/// The same two-paragraph answer typed at a terminal: `script` (util-linux)
/// gives `assay practice` a pseudo-terminal, as a person's shell would.
/// Skipped, saying why, when `script` is not installed.
#[test]
fn at_a_terminal_a_two_paragraph_answer_is_scored_whole() {
    let script = std::path::Path::new("/usr/bin/script");
    if !script.exists() {
        #[allow(clippy::print_stdout)]
        {
            println!("skipped: /usr/bin/script (util-linux) not found");
        }
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("practice.jsonl");
    let assay = assert_cmd::cargo::cargo_bin("assay");
    let command = format!(
        "{} practice -q risk-of-harm --history-file {}",
        assay.display(),
        history.display()
    );
    let typed = format!("{STRONG}\n\n{SECOND_PARAGRAPH}\n.\nn\nn\n");
    let output = assert_cmd::Command::new(script)
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .env("SOURCE_DATE_EPOCH", "0")
        .write_stdin(typed)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let attempt: Value =
        serde_json::from_str(fs::read_to_string(&history).unwrap().lines().last().unwrap())
            .unwrap();
    assert_eq!(attempt["answer"], format!("{STRONG}\n\n{SECOND_PARAGRAPH}"));
    let hit: Vec<&str> =
        attempt["concepts_hit"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert!(hit.contains(&"follow-up") && hit.contains(&"keep-peer-informed"), "{hit:?}");
}
