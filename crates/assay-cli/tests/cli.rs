//! The `assay` binary as a user runs it.

use std::fs;
use std::path::{Path, PathBuf};

mod util;

use predicates::prelude::*;
use serde_json::Value;
use util::{assay, copy_files, copy_rubric_folder, repo};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// `assay score --format json` on `answer` for `question`.
fn score_json(question: &str, answer: &str) -> Value {
    score_json_with(&[], question, answer)
}

/// [`score_json`] with `options` after `score`.
fn score_json_with(options: &[&str], question: &str, answer: &str) -> Value {
    let output = assay()
        .arg("score")
        .args(options)
        .args(["--format", "json", "--question", question, "-"])
        .write_stdin(answer)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn scores_a_file_and_prints_a_readable_verdict() {
    assay()
        .args(["score", "--question", "suicidal-thoughts", "--file"])
        .arg(fixture("suicidal-thoughts-strong.txt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Score:"))
        .stdout(predicate::str::contains("Concepts"))
        .stdout(predicate::str::contains("cue:"))
        .stdout(predicate::str::contains("Feedback"));
}

#[test]
fn json_evidence_quotes_the_answer_at_its_offsets() {
    let answer = fs::read_to_string(fixture("suicidal-thoughts-strong.txt")).unwrap();
    let json = score_json("suicidal-thoughts", &answer);
    for key in ["question", "score", "level", "concepts", "red_flags", "feedback"] {
        assert!(json.get(key).is_some(), "missing {key}");
    }
    let mut quoted = 0;
    for concept in json["concepts"].as_array().unwrap() {
        for key in ["id", "weight", "hit", "strength", "evidence"] {
            assert!(concept.get(key).is_some(), "concept lacks {key}");
        }
        for evidence in concept["evidence"].as_array().unwrap() {
            let start = evidence["start"].as_u64().unwrap() as usize;
            let end = evidence["end"].as_u64().unwrap() as usize;
            assert_eq!(evidence["text"].as_str().unwrap(), &answer[start..end]);
            assert!(evidence["cue"].is_string() && evidence["negated"].is_boolean());
            quoted += 1;
        }
    }
    assert!(quoted > 5, "a strong answer should carry plenty of evidence");
}

#[test]
fn text_arguments_and_stdin_give_the_same_score() {
    let answer = "I would listen, reflect back what I heard and ask open questions.";
    let from_arg = assay()
        .args(["score", "--format", "json", "--question", "active-listening", answer])
        .output()
        .unwrap();
    let from_stdin = score_json("active-listening", answer);
    assert_eq!(serde_json::from_slice::<Value>(&from_arg.stdout).unwrap(), from_stdin);
}

#[test]
fn negated_cues_are_listed_but_earn_nothing() {
    let answer = fs::read_to_string(fixture("active-listening-negations.txt")).unwrap();
    // Cues alone first, then with the learned estimate (below).
    let json = score_json_with(&["--no-concept-estimate"], "active-listening", &answer);
    let red_flags = json["red_flags"].as_array().unwrap();
    assert!(red_flags.is_empty(), "never interrupting is not interrupting: {red_flags:#?}");
    let concept = |id: &str| {
        json["concepts"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone()
    };
    let empathy = concept("empathy");
    assert_eq!(empathy["hit"], false, "{empathy:#?}");
    let negated = &empathy["evidence"][0];
    assert_eq!(negated["negated"], true);
    assert_eq!(negated["text"], "understand exactly how they feel");
    let open_questions = concept("open-questions");
    assert_eq!(
        open_questions["hit"], true,
        "not hesitating to ask still counts: {open_questions:#?}"
    );
    // With the estimate, the negated words still earn nothing: whatever
    // sentence the estimate credits, it is not the one that says "never".
    let json = score_json("active-listening", &answer);
    let empathy = json["concepts"].as_array().unwrap().iter().find(|c| c["id"] == "empathy");
    let empathy = empathy.unwrap();
    let negated = |e: &&Value| e["negated"] == true;
    let earned: Vec<&Value> =
        empathy["evidence"].as_array().unwrap().iter().filter(|e| !negated(e)).collect();
    assert_eq!(empathy["hit"], !earned.is_empty(), "{empathy:#?}");
    for evidence in earned {
        let text = evidence["text"].as_str().unwrap();
        assert!(!text.contains("never say I understand"), "{empathy:#?}");
    }
}

#[test]
fn a_promise_of_secrecy_is_flagged_and_capped() {
    let answer = fs::read_to_string(fixture("risk-of-harm-secrecy.txt")).unwrap();
    let json = score_json("risk-of-harm", &answer);
    let flags: Vec<&str> =
        json["red_flags"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert!(flags.contains(&"promises-secrecy"), "{flags:?}");
    assert!(json["score"].as_f64().unwrap() <= 30.0);
    assert_eq!(json["level"], "poor");
    let warnings =
        json["feedback"].as_array().unwrap().iter().filter(|f| f["kind"] == "warning").count();
    assert!(warnings >= 1);
}

#[test]
fn golden_json_outputs() {
    for (question, file) in [
        ("suicidal-thoughts", "suicidal-thoughts-strong.txt"),
        ("active-listening", "active-listening-negations.txt"),
        ("risk-of-harm", "risk-of-harm-secrecy.txt"),
    ] {
        let answer = fs::read_to_string(fixture(file)).unwrap();
        let json = score_json(question, &answer);
        insta::assert_json_snapshot!(file.trim_end_matches(".txt"), json);
    }
}

#[test]
fn an_empty_answer_scores_zero_with_a_reason() {
    for answer in ["", "   \n\t  "] {
        let json = score_json("risk-of-harm", answer);
        assert_eq!(json["score"], 0.0);
        assert_eq!(json["reason"], "empty");
        assert_eq!(json["level"], "poor");
    }
}

#[test]
fn an_unknown_question_suggests_the_closest_ids() {
    assay()
        .args(["score", "--question", "risk-of-harn", "some answer"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown question `risk-of-harn`"))
        .stderr(predicate::str::contains("did you mean `risk-of-harm`"));
}

#[test]
fn invalid_utf8_on_stdin_is_a_clear_error() {
    assay()
        .args(["score", "--question", "risk-of-harm", "-"])
        .write_stdin(b"I would \xff\xfe listen".to_vec())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("stdin is not valid UTF-8: invalid byte at offset 8"));
}

#[test]
fn a_missing_file_names_the_file() {
    assay()
        .args(["score", "--question", "risk-of-harm", "--file", "no/such/answer.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read no/such/answer.txt"));
}

#[test]
fn a_five_megabyte_answer_is_scored() {
    let sentence =
        "I would stay with them, listen without judgment and call the crisis line together. ";
    let answer = sentence.repeat(5 * 1024 * 1024 / sentence.len() + 1);
    let json = score_json("suicidal-thoughts", &answer);
    assert!(json["score"].as_f64().unwrap() > 0.0);
}

#[test]
fn scores_are_deterministic() {
    let answer = fs::read_to_string(fixture("suicidal-thoughts-strong.txt")).unwrap();
    let first =
        assay().args(["score", "--question", "suicidal-thoughts", &answer]).output().unwrap();
    let second =
        assay().args(["score", "--question", "suicidal-thoughts", &answer]).output().unwrap();
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn questions_lists_ids_text_source_and_concepts() {
    let output = assay().args(["questions", "--format", "json"]).output().unwrap();
    assert!(output.status.success());
    let list: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert!(list.len() >= 5);
    let risk = list.iter().find(|q| q["id"] == "risk-of-harm").unwrap();
    assert_eq!(risk["source"], "000_fd1abc69d46840b0.txt#3");
    assert!(risk["question"].as_str().unwrap().len() > 20);
    assert!(risk["concepts"].as_array().unwrap().iter().any(|c| c == "safety-escalation"));
    assay().arg("questions").assert().success().stdout(predicate::str::contains("risk-of-harm"));
}

#[test]
fn the_built_in_rubrics_and_corpus_check_clean() {
    assay().args(["rubric", "check"]).assert().success().stdout(predicate::str::contains(": ok ("));
}

/// A copy of the repository's rubric folder in a temporary directory.
fn copy_rubrics() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_rubric_folder(dir.path());
    dir
}

#[test]
fn rubric_check_lists_every_problem_and_fails() {
    let dir = copy_rubrics();
    let question = dir.path().join("questions/risk-of-harm.toml");
    let text = fs::read_to_string(&question).unwrap();
    let broken = text
        .replacen("use = \"empathy\"", "use = \"empathyy\"", 1)
        .replacen("min = 75", "min = 10", 1);
    fs::write(&question, broken).unwrap();
    assay()
        .args(["rubric", "check"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("risk-of-harm.toml:"))
        .stdout(predicate::str::contains("unknown concept `empathyy`; did you mean `empathy`?"))
        .stdout(predicate::str::contains("thresholds must increase"))
        .stdout(predicate::str::contains("2 problems found"));
}

/// One broken library file is one problem, not one more per question that
/// uses it; a file that is not UTF-8 is located by line and column and the
/// check goes on to the other files.
#[test]
fn a_broken_library_file_is_reported_once_and_the_check_goes_on() {
    let dir = copy_rubrics();
    let empathy = dir.path().join("concepts/empathy.toml");
    let text = fs::read_to_string(&empathy).unwrap();
    fs::write(&empathy, text.replacen("weight = ", "weight = \"two\" #", 1)).unwrap();
    let mut latin1 = b"# r\xe9sum\xe9 of the question\n".to_vec();
    let question = dir.path().join("questions/risk-of-harm.toml");
    latin1.extend(fs::read(&question).unwrap());
    fs::write(&question, latin1).unwrap();
    let output = assay().args(["rubric", "check"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("empathy.toml:"), "{stdout}");
    assert!(!stdout.contains("unknown concept `empathy`"), "{stdout}");
    assert!(stdout.contains("error: the file is not UTF-8 text"), "{stdout}");
    assert!(stdout.contains("risk-of-harm.toml:1:4\n"), "{stdout}");
    assert!(stdout.contains("2 problems found"), "{stdout}");
}

/// A folder without questions, or a corpus folder without model answers,
/// is not "ok": there is nothing to score or to index.
#[test]
fn empty_rubric_and_corpus_folders_are_refused() {
    let dir = copy_rubrics();
    fs::remove_dir_all(dir.path().join("questions")).unwrap();
    assay()
        .args(["rubric", "check"])
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds no questions"));
    let empty = tempfile::tempdir().unwrap();
    assay()
        .args(["index", "build", "--corpus"])
        .arg(empty.path())
        .arg("--out")
        .arg(empty.path().join("index"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("holds no model answers"));
}

/// Out-of-range options are refused with the range, before any work.
#[test]
fn thread_counts_are_bounded() {
    for threads in ["0", "5000"] {
        assay()
            .args(["batch", "--threads", threads])
            .arg(repo("examples/candidates.csv"))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("is not in 1..=256"));
    }
}

#[test]
fn a_trainers_folder_replaces_the_built_in_rubrics() {
    let answer = "I would call the crisis line with them and stay with them.";
    let builtin = score_json("suicidal-thoughts", answer);
    let dir = copy_rubrics();
    let question = dir.path().join("questions/suicidal-thoughts.toml");
    let text = fs::read_to_string(&question).unwrap();
    let renamed =
        ["poor", "developing", "proficient", "exemplary"].iter().fold(text, |t, level| {
            t.replacen(&format!("name = \"{level}\""), &format!("name = \"custom-{level}\""), 1)
        });
    fs::write(&question, renamed).unwrap();
    let output = assay()
        .arg("--rubrics")
        .arg(dir.path())
        .args(["score", "--format", "json", "--question", "suicidal-thoughts", answer])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let custom: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(custom["score"], builtin["score"]);
    let builtin_level = builtin["level"].as_str().unwrap();
    assert_eq!(custom["level"].as_str().unwrap(), format!("custom-{builtin_level}"));
}

#[test]
fn a_broken_trainer_folder_is_refused_before_scoring() {
    let dir = copy_rubrics();
    fs::write(dir.path().join("concepts/empathy.toml"), "id = \"empathy\"\nweight = 0\n").unwrap();
    assay()
        .arg("--rubrics")
        .arg(dir.path())
        .args(["score", "--question", "risk-of-harm", "answer"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("empathy.toml:"));
}

fn repo_corpus() -> PathBuf {
    repo("corpus")
}

#[test]
fn scores_report_the_closest_exemplars_of_the_same_question() {
    let answer = fs::read_to_string(fixture("risk-of-harm-secrecy.txt")).unwrap();
    let json = score_json("risk-of-harm", &answer);
    let neighbours = json["exemplars"]["neighbours"].as_array().unwrap();
    assert!(!neighbours.is_empty() && neighbours.len() <= 3);
    assert_eq!(
        neighbours[0]["exemplar"], "harmful-1",
        "a secrecy answer is closest to the harmful model answer"
    );
    assert!(neighbours.iter().all(|n| (0.0..=1.0).contains(&n["similarity"].as_f64().unwrap())));
    assert!(json["exemplars"]["estimate"]["level"].is_string());
    assert_eq!(json["off_topic"], false);
}

#[test]
fn an_answer_to_another_question_is_flagged_off_topic() {
    let notes = "I write short factual notes after each meeting, tell the person what I am writing and why, \
                 and keep the records locked in the agency system, never on my own phone.";
    let json = score_json("suicidal-thoughts", notes);
    assert_eq!(json["off_topic"], true);
    assert_eq!(json["exemplars"]["off_topic"]["likely_question"], "note-taking");
    assert!(json["feedback"].as_array().unwrap().iter().any(|f| f["about"] == "off-topic"));
}

#[test]
fn match_names_the_most_likely_questions() {
    let notes = "I keep brief factual notes, ask permission before writing anything down and store them securely.";
    let output = assay().args(["match", "--format", "json", notes]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let list: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["question"], "note-taking");
    let total: f64 = list.iter().map(|m| m["confidence"].as_f64().unwrap()).sum();
    assert!((total - 1.0).abs() < 0.01, "confidences share the top three: {total}");
    assay()
        .args(["match", notes])
        .assert()
        .success()
        .stdout(predicate::str::contains("note-taking"));
}

#[test]
fn a_built_index_is_used_and_a_stale_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_files(&repo_corpus(), &corpus);
    let index = dir.path().join("index");
    assay()
        .args(["index", "build", "--corpus"])
        .arg(&corpus)
        .arg("--out")
        .arg(&index)
        .assert()
        .success()
        .stdout(predicate::str::contains("indexed"));
    let answer = fs::read_to_string(fixture("suicidal-thoughts-strong.txt")).unwrap();
    let with_index = assay()
        .arg("--index")
        .arg(&index)
        .args(["score", "--format", "json", "--question", "suicidal-thoughts", &answer])
        .output()
        .unwrap();
    assert!(with_index.status.success(), "{}", String::from_utf8_lossy(&with_index.stderr));
    let with_index: Value = serde_json::from_slice(&with_index.stdout).unwrap();
    assert_eq!(with_index, score_json("suicidal-thoughts", &answer), "same corpus, same verdict");

    let file = corpus.join("suicidal-thoughts.toml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.replacen("I would", "I'd", 1)).unwrap();
    assay()
        .arg("--index")
        .arg(&index)
        .args(["score", "--question", "suicidal-thoughts", &answer])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("stale"))
        .stderr(predicate::str::contains("assay index build --corpus"));
    // Plain batch, which looks exemplars up only for totals, refuses it too.
    assay()
        .arg("--index")
        .arg(&index)
        .args(["batch", "-"])
        .write_stdin(format!(
            "candidate_id,question_id,answer\nc1,suicidal-thoughts,\"{answer}\"\n"
        ))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("stale"));
}

/// A rubric folder given without a corpus has no model answers: a score
/// says its off-topic check was not made, and a command that asks for
/// exemplars is refused rather than answered with none.
#[test]
fn without_model_answers_nothing_claims_an_off_topic_check() {
    let dir = tempfile::tempdir().unwrap();
    let rubrics = dir.path().join("rubrics");
    copy_rubric_folder(&rubrics);
    let json = assay()
        .arg("--rubrics")
        .arg(&rubrics)
        .args(["score", "--format", "json", "--question", "risk-of-harm", "I would listen."])
        .output()
        .unwrap();
    assert!(json.status.success(), "{}", String::from_utf8_lossy(&json.stderr));
    let json: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["off_topic"], Value::Null);
    assert!(json.get("exemplars").is_none());
    let input = "candidate_id,question_id,answer\nc1,risk-of-harm,I would listen.\n";
    assay()
        .arg("--rubrics")
        .arg(&rubrics)
        .args(["batch", "--exemplars", "-"])
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no model answers to compare with"));
    // The built-in set without --exemplars has not checked either.
    let plain = assay().args(["batch", "-"]).write_stdin(input).output().unwrap();
    let plain: Value = serde_json::from_slice(&plain.stdout).unwrap();
    assert_eq!(plain["off_topic"], Value::Null);
}

#[test]
fn a_folder_that_is_not_an_index_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    assay()
        .arg("--index")
        .arg(dir.path())
        .args(["score", "--question", "risk-of-harm", "some answer"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a usable assay index"));
}

#[test]
fn explain_lists_the_nearest_examples_of_each_clause() {
    let out = assay()
        .args(["score", "-q", "suicidal-thoughts", "--explain"])
        .arg("I would stay with her and ring the crisis team, then check in on her the next morning.")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let explained = text.split("Nearest example sentences").nth(1).expect("an explain section");
    assert!(explained.contains("\"then check in on her the next morning\""), "{explained}");
    assert!(explained.contains("follow-up: \""), "{explained}");
    assert!(explained.contains("(threshold 0.58)"), "{explained}");
}

#[test]
fn coverage_counts_a_trainers_labelled_answers() {
    let dir = tempfile::tempdir().unwrap();
    util::copy_rubric_folder(dir.path());
    let question = dir.path().join("questions/suicidal-thoughts.toml");
    let mut text = std::fs::read_to_string(&question).unwrap();
    let levels = text.find("[[levels]]").unwrap();
    text.insert_str(
        levels,
        "[[concepts]]\nid = \"safe-route-home\"\nname = \"Safe route home\"\nweight = 1\nbonus = true\ncues = [\"zebra crossing\"]\nguidance = \"g\"\npraise = \"p\"\n\n",
    );
    std::fs::write(&question, text).unwrap();
    let labels = |name: &str, answer: &str| {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            format!("question_id,answer,score\nsuicidal-thoughts,\"{answer}\",60\n"),
        )
        .unwrap();
        path
    };
    let crossing = "I would walk them to the zebra crossing and call the crisis team.";
    let check = |labels: &Path| {
        let mut cmd = assay();
        cmd.args(["rubric", "check", "--coverage"]).arg(dir.path()).arg("--labels").arg(labels);
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    let silent =
        "cue `zebra crossing` of `safe-route-home` fires on no exemplar, phrase or labelled answer";
    let without = check(&labels("other.csv", "I would call the crisis team with them."));
    assert!(without.contains(silent), "{without}");
    let with = check(&labels("crossing.csv", crossing));
    assert!(!with.contains(silent), "{with}");
    assert!(with.contains("and 1 labelled answer\n"), "{with}");
}

/// Each subcommand's help lists the data options it uses and no others;
/// they work after the subcommand and, as before, ahead of it.
#[test]
fn subcommands_list_only_the_options_that_apply() {
    let help = |args: &[&str]| {
        let output = assay().args(args).arg("--help").output().unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let score = help(&["score"]);
    for option in ["--rubrics", "--corpus", "--index", "--semantic"] {
        assert!(score.contains(option), "score --help lacks {option}");
    }
    let questions = help(&["questions"]);
    assert!(questions.contains("--rubrics"));
    for option in ["--corpus", "--index", "--semantic"] {
        assert!(!questions.contains(option), "questions --help lists {option}");
    }
    let check = help(&["rubric", "check"]);
    assert!(!check.contains("--index") && !check.contains("--semantic"), "{check}");

    let dir = tempfile::tempdir().unwrap();
    copy_rubric_folder(dir.path());
    let answer = "I would stay with them and call the crisis line together.";
    let after = assay()
        .args(["score", "--format", "json", "--question", "suicidal-thoughts", "--rubrics"])
        .arg(dir.path())
        .arg(answer)
        .output()
        .unwrap();
    let before = assay()
        .arg("--rubrics")
        .arg(dir.path())
        .args(["score", "--format", "json", "--question", "suicidal-thoughts", answer])
        .output()
        .unwrap();
    assert!(after.status.success(), "{}", String::from_utf8_lossy(&after.stderr));
    assert_eq!(after.stdout, before.stdout);
    assay()
        .args(["score", "--corpus", "corpus", "--question", "risk-of-harm", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--corpus goes with --rubrics DIR"));
}

/// `assay score` with no answer at a terminal says how to give one instead
/// of waiting on the keyboard. `script` (util-linux) provides the
/// terminal; skipped, saying why, when it is not installed.
#[test]
fn score_without_an_answer_at_a_terminal_says_how_to_give_one() {
    let script = Path::new("/usr/bin/script");
    if !script.exists() {
        #[allow(clippy::print_stdout)]
        {
            println!("skipped: /usr/bin/script (util-linux) not found");
        }
        return;
    }
    let assay = assert_cmd::cargo::cargo_bin("assay");
    let command = format!("{} score -q risk-of-harm", assay.display());
    let output = assert_cmd::Command::new(script)
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .timeout(std::time::Duration::from_secs(60))
        .write_stdin("")
        .output()
        .unwrap();
    // script(1) passes the terminal's output, stderr included, to stdout.
    let shown = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2), "{shown}");
    assert!(shown.contains("no answer given: pass it as TEXT"), "{shown}");
}

/// Shell completions are valid scripts, and the manual page renders.
#[test]
fn completions_and_the_manual_page_are_generated() {
    let bash = assay().args(["completions", "bash"]).output().unwrap();
    assert!(bash.status.success());
    let script = String::from_utf8(bash.stdout).unwrap();
    assert!(script.contains("serve") && script.contains("--rubrics"), "subcommands and options");
    let checked = std::process::Command::new("bash")
        .arg("-n")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(script.as_bytes())?;
            child.wait()
        })
        .unwrap();
    assert!(checked.success(), "bash -n rejects the completion script");
    for shell in ["zsh", "fish", "elvish", "powershell"] {
        let out = assay().args(["completions", shell]).output().unwrap();
        assert!(out.status.success() && !out.stdout.is_empty(), "{shell}");
    }
    let man = assay().arg("man").output().unwrap();
    assert!(man.status.success());
    let page = String::from_utf8(man.stdout).unwrap();
    assert!(page.contains(".TH assay 1") && page.contains("serve"), "{page}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("assay.1");
    fs::write(&file, &page).unwrap();
    if Path::new("/usr/bin/man").exists() {
        let shown = std::process::Command::new("man")
            .arg("-l")
            .arg(&file)
            .env("MANPAGER", "cat")
            .env("COLUMNS", "80")
            .output()
            .unwrap();
        assert!(shown.status.success(), "{}", String::from_utf8_lossy(&shown.stderr));
        assert!(String::from_utf8_lossy(&shown.stdout).contains("SUBCOMMANDS"));
    }
}
