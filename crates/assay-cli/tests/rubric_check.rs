//! `assay rubric check` as a trainer and CI read it: each problem with its
//! source line and a caret, in plain words, once; `--format json|github`;
//! `--coverage` located like errors and refused without texts to run on.
//! Fixtures are small rubric folders written by each test.

use std::fs;
use std::path::Path;

mod util;

use assert_cmd::Command;
use serde_json::Value;
use util::assay;

const EMPATHY: &str = r#"id = "empathy"
name = "Empathy"
weight = 2
cues = ["sounds (hard|painful)", "validate ... feel*"]
guidance = "Name the feeling you hear."
praise = "You named the feeling."
"#;

const LISTENING: &str = r#"id = "listening"
name = "Listening"
weight = 1
cues = ["listen*", "let (them|her|him) talk"]
guidance = "Say how you would listen."
praise = "You listened."
"#;

const SECRECY: &str = r#"id = "secrecy"
name = "Promises secrecy"
cues = ["keep it (secret|between us)"]
cap = 30
warning = "Do not promise to keep a risk secret."
"#;

const HARD_DAY: &str = r#"id = "hard-day"
question = "A member says they had a hard day. What do you say?"

[[concepts]]
use = "empathy"

[[concepts]]
use = "listening"

[[red-flags]]
use = "secrecy"

[[levels]]
name = "low"
min = 0

[[levels]]
name = "high"
min = 60
"#;

const CORPUS: &str = r#"question = "hard-day"

[[exemplars]]
id = "high-1"
level = "high"
text = "That sounds hard. I would listen and let them talk for as long as they need."
"#;

/// A temporary folder holding `rubrics/` (two library concepts, a shared
/// red flag, questions `hard-day` and `long-week` that use them all) and
/// `corpus/`, with each `(file, from, to)` edit applied once.
fn folder(edits: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let long_week = HARD_DAY.replace("hard-day", "long-week").replace("a hard day", "a long week");
    let files = [
        ("rubrics/concepts/empathy.toml", EMPATHY.to_owned()),
        ("rubrics/concepts/listening.toml", LISTENING.to_owned()),
        ("rubrics/red-flags/secrecy.toml", SECRECY.to_owned()),
        ("rubrics/questions/hard-day.toml", HARD_DAY.to_owned()),
        ("rubrics/questions/long-week.toml", long_week),
        ("corpus/hard-day.toml", CORPUS.to_owned()),
    ];
    for (path, mut text) in files {
        for (file, from, to) in edits {
            if *file == path {
                assert!(text.contains(from), "{path} lacks {from:?}");
                text = text.replacen(from, to, 1);
            }
        }
        let path = dir.path().join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

/// `assay rubric check rubrics ARGS` run in `dir`, so paths read
/// `rubrics/...`.
fn check(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = assay();
    cmd.current_dir(dir).args(["rubric", "check", "rubrics"]).args(args);
    cmd
}

/// Stdout and exit code of `check`.
fn run(dir: &Path, args: &[&str]) -> (String, Option<i32>) {
    let output = check(dir, args).output().unwrap();
    (String::from_utf8(output.stdout).unwrap(), output.status.code())
}

/// `--format json` output, parsed.
fn json(dir: &Path, args: &[&str]) -> Value {
    let (stdout, _) = run(dir, &[args, &["--format", "json"]].concat());
    serde_json::from_str(&stdout).unwrap()
}

/// The text, GitHub and JSON outputs of one check, for a snapshot.
fn all_formats(dir: &Path, args: &[&str]) -> String {
    let mut shown = String::new();
    for format in ["text", "github", "json"] {
        let (stdout, code) = run(dir, &[args, &["--format", format]].concat());
        shown.push_str(&format!("--- {format} (exit {}) ---\n{stdout}", code.unwrap()));
    }
    shown
}

#[test]
fn a_clean_folder_is_ok_in_every_format() {
    let dir = folder(&[]);
    let (text, code) = run(dir.path(), &[]);
    assert_eq!(code, Some(0));
    assert_eq!(text, "rubrics: ok (2 concepts, 1 shared red flags, 2 questions, 0 exemplars)\n");
    let (github, _) = run(dir.path(), &["--format", "github"]);
    assert_eq!(github, text, "no annotation, only the summary");
    let report = json(dir.path(), &[]);
    assert_eq!(report["problems"], Value::Array(Vec::new()));
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["rubrics"]["questions"], 2);
}

/// Item by item: a TOML syntax error, a value of the wrong type, an
/// unknown concept with a suggestion, a cue that does not parse.
#[test]
fn snapshots_of_typical_broken_folders() {
    let cases: [(&str, (&str, &str, &str)); 4] = [
        (
            "syntax_error",
            (
                "rubrics/concepts/listening.toml",
                "let (them|her|him) talk\"]",
                "let (them|her|him) talk\"",
            ),
        ),
        ("type_error", ("rubrics/concepts/empathy.toml", "weight = 2", "weight = \"two\"")),
        (
            "unknown_concept",
            ("rubrics/questions/hard-day.toml", "use = \"listening\"", "use = \"listenin\""),
        ),
        ("bad_cue", ("rubrics/concepts/empathy.toml", "(hard|painful)", "(hard|painful")),
    ];
    for (name, edit) in cases {
        let dir = folder(&[edit]);
        insta::assert_snapshot!(name, all_formats(dir.path(), &[]));
    }
}

/// One broken library file is one problem: the two questions that use it
/// add no "unknown concept" of their own, and a red flag's file is no
/// different.
#[test]
fn a_broken_library_file_gives_one_block_of_problems() {
    for (file, from, to) in [
        ("rubrics/concepts/empathy.toml", "weight = 2", "weight = \"two\""),
        ("rubrics/red-flags/secrecy.toml", "cap = 30", "cap = \"thirty\""),
    ] {
        let dir = folder(&[(file, from, to)]);
        let report = json(dir.path(), &[]);
        let problems = report["problems"].as_array().unwrap();
        assert_eq!(problems.len(), 1, "{report:#}");
        assert_eq!(problems[0]["file"], file);
    }
    // A file that parses but breaks two rules: both are listed, in that file
    // only.
    let dir = folder(&[
        ("rubrics/concepts/empathy.toml", "weight = 2", "weight = 0"),
        ("rubrics/concepts/empathy.toml", "(hard|painful)", "(hard|painful"),
    ]);
    let report = json(dir.path(), &[]);
    let files: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["rubrics/concepts/empathy.toml"; 2], "{report:#}");
}

/// A question file that fails to load is one problem, and the corpus's
/// model answers for it add none.
#[test]
fn a_broken_question_file_does_not_cascade() {
    let dir = folder(&[("rubrics/questions/hard-day.toml", "min = 60", "min = \"sixty\"")]);
    let report = json(dir.path(), &["--corpus", "corpus"]);
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{report:#}");
    assert_eq!(problems[0]["file"], "rubrics/questions/hard-day.toml");
    assert_eq!(problems[0]["message"], "`min` must be a number, found the text \"sixty\"");
}

/// JSON gives every problem with its start, end, severity and message, and
/// a summary; the exit code is 1 as for text.
#[test]
fn json_lists_every_problem_with_its_span() {
    let dir = folder(&[
        ("rubrics/concepts/empathy.toml", "weight = 2", "weight = \"two\""),
        ("rubrics/questions/long-week.toml", "use = \"listening\"", "use = \"listenin\""),
    ]);
    let (stdout, code) = run(dir.path(), &["--format", "json"]);
    assert_eq!(code, Some(1));
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["target"], "rubrics");
    assert_eq!(
        report["problems"][0],
        serde_json::json!({
            "file": "rubrics/concepts/empathy.toml",
            "line": 3,
            "column": 10,
            "end": { "line": 3, "column": 15 },
            "severity": "error",
            "message": "`weight` must be a number, found the text \"two\"",
        })
    );
    assert_eq!(report["problems"][1]["file"], "rubrics/questions/long-week.toml");
    assert_eq!(report["summary"]["errors"], 2);
    assert_eq!(report["summary"]["rubrics"], Value::Null);
}

/// Workflow commands escape `%`, CR and LF in the message, and `:` and `,`
/// in the file name too.
#[test]
fn github_annotations_are_escaped() {
    let dir = folder(&[("rubrics/concepts/empathy.toml", "(hard|painful)", "100% (hard|painful")]);
    fs::rename(dir.path().join("rubrics"), dir.path().join("rubrics, v2")).unwrap();
    let output = assay()
        .current_dir(dir.path())
        .args(["rubric", "check", "rubrics, v2", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.starts_with("::error file=rubrics%2C v2/concepts/empathy.toml,line=4,col=17::cue `sounds 100%25 (hard|painful`: `100%25`: `%25` cannot be matched"),
        "{stdout}"
    );
}

/// The text output is coloured only when asked (or at a terminal).
#[test]
fn diagnostics_are_coloured_only_when_asked() {
    let dir = folder(&[("rubrics/concepts/empathy.toml", "weight = 2", "weight = \"two\"")]);
    let (plain, _) = run(dir.path(), &[]);
    assert!(!plain.contains('\u{1b}'), "{plain}");
    let (coloured, _) = run(dir.path(), &["--color", "always"]);
    assert!(coloured.contains("\u{1b}["), "{coloured}");
    let (never, _) = run(dir.path(), &["--color", "never"]);
    assert_eq!(never, plain);
}

/// Other commands refuse broken rubrics with the same rendering, on stderr.
#[test]
fn a_command_refusing_broken_rubrics_shows_the_line() {
    let dir = folder(&[("rubrics/concepts/empathy.toml", "weight = 2", "weight = \"two\"")]);
    let output = assay()
        .current_dir(dir.path())
        .args(["score", "--rubrics", "rubrics", "-q", "hard-day", "That sounds hard."])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("--> rubrics/concepts/empathy.toml:3:10\n"), "{stderr}");
    assert!(stderr.contains("3 | weight = \"two\"\n  |          ^^^^^\n"), "{stderr}");
}

/// Without model answers or labelled answers every cue would look dead:
/// `--coverage` says what to pass instead of listing them.
#[test]
fn coverage_without_texts_says_what_to_pass() {
    let dir = folder(&[]);
    let output = check(dir.path(), &["--coverage"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("pass --corpus DIR"), "{stderr}");
    assert!(stderr.contains("--labels FILE"), "{stderr}");
}

/// Silent cues are warnings located at the cue, in every format.
#[test]
fn coverage_findings_are_located_like_errors() {
    let dir = folder(&[]);
    insta::assert_snapshot!(
        "coverage",
        all_formats(dir.path(), &["--coverage", "--corpus", "corpus"])
    );
    let report = json(dir.path(), &["--coverage", "--corpus", "corpus"]);
    let problems = report["problems"].as_array().unwrap();
    assert!(problems.iter().all(|p| p["severity"] == "warning"), "{report:#}");
    assert_eq!(report["summary"]["coverage"]["silent_cues"], problems.len());
}

/// clap's "to pass '--format' as a value, use '-- --format'" misleads (an
/// option after `--` is never read as one): it is left out, the error kept.
#[test]
fn an_unknown_option_gets_no_tip_to_put_it_after_a_double_dash() {
    for args in [&["learn", "--format", "json", "x.csv"][..], &["completions", "--format", "bash"]]
    {
        let output = assay().args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains("unexpected argument '--format' found"), "{stderr}");
        assert!(!stderr.contains("-- --format"), "{stderr}");
        assert!(stderr.contains("Usage: assay"), "{stderr}");
    }
}
