//! `assay eval` and `assay tune` on the bundled labelled answers
//! (`examples/labelled/`, scored by two raters who never saw assay's
//! rubrics; see its PROCEDURE.md).

mod util;

use std::fs;

use predicates::prelude::*;
use serde_json::Value;
use util::{assay, copy_rubric_folder, repo};

fn labelled() -> String {
    repo("examples/labelled/labelled.csv").display().to_string()
}

fn json(output: &[u8]) -> Value {
    serde_json::from_slice(output).unwrap()
}

/// A writable copy of the built-in rubrics, with a trainer's comments.
fn rubric_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let rubrics = dir.join("rubrics");
    copy_rubric_folder(&rubrics);
    let file = rubrics.join("questions/suicidal-thoughts.toml");
    let text = fs::read_to_string(&file).unwrap();
    let commented =
        text.replacen("[[levels]]", "# Levels agreed with the panel in March.\n[[levels]]", 1);
    fs::write(&file, commented).unwrap();
    rubrics
}

#[test]
fn eval_reports_agreement_the_human_ceiling_and_concepts() {
    let out = assay().args(["eval", &labelled(), "--format", "json"]).assert().success();
    let report = json(&out.get_output().stdout);
    assert_eq!(report["answers"], 560);
    assert_eq!(report["ratings"], 1120);
    assert_eq!(report["questions"].as_array().unwrap().len(), 48);
    let overall = &report["overall"];
    assert_eq!(overall["n"], 560);
    for field in ["qwk", "pearson", "spearman", "rmse", "exact", "adjacent", "smd"] {
        assert!(overall[field].is_f64(), "{field} missing: {overall}");
    }
    // Two raters per answer: the ceiling is measured on all 560.
    assert_eq!(report["human_human"]["n"], 560);
    let concepts = report["concepts"].as_array().unwrap();
    assert_eq!(concepts.len(), 8);
    for c in concepts {
        let fp = c["false_positives"].as_u64().unwrap();
        assert_eq!(c["false_positive_cases"].as_array().unwrap().len() as u64, fp);
    }
    assert_eq!(report["verdict"]["checks"].as_array().unwrap().len(), 3);
}

#[test]
fn eval_text_names_the_verdict_thresholds() {
    assay()
        .args(["eval", &labelled()])
        .assert()
        .success()
        .stdout(predicate::str::contains("rater against rater"))
        .stdout(predicate::str::contains("human-machine QWK"))
        .stdout(predicate::str::contains(">= 0.70"))
        .stdout(predicate::str::contains("verdict:"));
}

/// The text a reader sees: the verdict and the mean gap before any table,
/// the abbreviations explained at the end. Run from the repository with a
/// relative path, so the snapshot holds no temporary folder; stdout is a
/// pipe, so it has no colour.
#[test]
fn eval_text_puts_the_verdict_and_mean_gap_first_and_explains_abbreviations() {
    let out = assay()
        .current_dir(repo(""))
        .args(["eval", "examples/labelled/labelled.csv"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let head: Vec<&str> = text.lines().take(8).collect();
    assert_eq!(head[2], "verdict: not ready: at least one threshold is missed", "{text}");
    assert!(
        head[7].starts_with("mean score: assay 46.1, raters 46.5 (assay 0.5 points lower"),
        "{text}"
    );
    let legend = text.rfind("\nlegend\n").expect("a legend");
    for short in ["QWK ", "adj ", "SMD ", "RMSE ", "Pearson ", "gap ", "TP FP "] {
        assert!(text[legend..].contains(&format!("\n  {short}")), "{short} explained");
    }
    insta::assert_snapshot!("eval_labelled_text", text);
}

/// On a terminal, or with --color always, the verdict and each check's
/// result are coloured; piped, or with --color never, they are not.
#[test]
fn eval_colours_the_verdict_only_when_asked_or_on_a_terminal() {
    let run = |extra: &[&str]| {
        let out = assay().args(["eval", &labelled()]).args(extra).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let coloured = run(&["--color", "always"]);
    assert!(
        coloured.contains(
            "verdict: \u{1b}[1m\u{1b}[31mnot ready: at least one threshold is missed\u{1b}[0m"
        ),
        "{coloured}"
    );
    assert!(coloured.contains("\u{1b}[1m\u{1b}[32mpass\u{1b}[0m"));
    // --color before the subcommand, and NO_COLOR does not beat --color always.
    let out = assay()
        .env("NO_COLOR", "1")
        .args(["--color=always", "eval", &labelled()])
        .assert()
        .success();
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout), coloured);
    for plain in [run(&[]), run(&["--color", "never"])] {
        assert!(!plain.contains('\u{1b}'), "no escapes in a pipe");
    }
}

/// `--format github` is one annotation line for CI logs (an error when not
/// ready), plus one for a missed --fail-under.
#[test]
fn eval_gives_github_annotations() {
    assay().args(["eval", &labelled(), "--format", "github"]).assert().success().stdout(
        "::error title=assay eval::not ready: at least one threshold is missed \
(human-human minus human-machine QWK 0.132 misses <= 0.10); QWK 0.844, SMD -0.01, 560 answers; \
mean score: assay 46.1, raters 46.5 (assay 0.5 points lower on average)\n",
    );
    assay()
        .args(["eval", &labelled(), "--format", "github", "--fail-under", "0.9"])
        .assert()
        .code(1)
        .stdout(predicate::str::ends_with(
            "\n::error title=assay eval::overall QWK 0.844, under --fail-under 0.9\n",
        ));
}

/// A copy of the rubrics as they were before bonus concepts: every concept
/// counts against an answer that leaves it out, so totals run low.
fn all_core_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let rubrics = rubric_copy(dir);
    for entry in fs::read_dir(rubrics.join("questions")).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, text.replace("bonus = true\n", "")).unwrap();
    }
    rubrics
}

/// The labelled answers of the questions with 30 or more answers, where
/// per-question tuning has enough to learn from.
fn well_covered_labels(dir: &std::path::Path) -> std::path::PathBuf {
    let mut reader = csv::Reader::from_path(labelled()).unwrap();
    let header = reader.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let count = |q: &str| records.iter().filter(|r| &r[1] == q).count();
    let path = dir.join("well-covered.csv");
    let mut writer = csv::Writer::from_path(&path).unwrap();
    writer.write_record(&header).unwrap();
    for record in records.iter().filter(|r| count(&r[1]) >= 60) {
        writer.write_record(record).unwrap();
    }
    writer.flush().unwrap();
    path
}

#[test]
fn tune_reports_the_eval_figures_untuned_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let rubrics = all_core_copy(dir.path());
    let labels = well_covered_labels(dir.path());
    let run = || {
        let out = assay()
            .args(["tune", "--format", "json", "--rubrics"])
            .arg(&rubrics)
            .arg(&labels)
            .assert()
            .success();
        out.get_output().stdout.clone()
    };
    let first = run();
    assert_eq!(first, run(), "same labels, rubrics and seed give the same output");
    let report = json(&first);
    let cv = &report["cross_validated"];
    let untuned = cv["untuned"]["qwk"].as_f64().unwrap();
    assert!(cv["tuned"]["qwk"].is_f64(), "{cv}");
    // One total everywhere: the untuned figures are the ones `assay eval`
    // reports on the same rubrics and answers.
    let eval = assay()
        .arg("--rubrics")
        .arg(&rubrics)
        .arg("eval")
        .arg(&labels)
        .args(["--format", "json"])
        .assert()
        .success();
    let eval = json(&eval.get_output().stdout);
    assert_eq!(eval["overall"]["qwk"].as_f64().unwrap(), untuned);
    assert_eq!(report["written"], false);
    // Without --write nothing changes on disk.
    let file = rubrics.join("questions/suicidal-thoughts.toml");
    assert!(fs::read_to_string(&file).unwrap().contains("# Levels agreed"));
    assert!(!report["changed_files"].as_array().unwrap().is_empty());
}

#[test]
fn tune_write_keeps_comments_and_leaves_valid_rubrics() {
    let dir = tempfile::tempdir().unwrap();
    let rubrics = rubric_copy(dir.path());
    let file = rubrics.join("questions/suicidal-thoughts.toml");
    let before = fs::read_to_string(&file).unwrap();
    assay()
        .args(["tune", &labelled(), "--rubrics"])
        .arg(&rubrics)
        .assert()
        .success()
        .stdout(predicate::str::contains("changes to the rubric files (run again with --write"))
        .stdout(predicate::str::contains("suicidal-thoughts.toml\n+++ "));
    let after = fs::read_to_string(&file).unwrap();
    assert_eq!(before, after, "without --write the file is untouched");
    assay().args(["tune", &labelled(), "--write", "--rubrics"]).arg(&rubrics).assert().success();
    let after = fs::read_to_string(&file).unwrap();
    assert_ne!(before, after);
    assert!(after.contains("# Levels agreed with the panel in March.\n[[levels]]"));
    assert!(after.starts_with(before.lines().next().unwrap()), "key order and layout kept");
    // Only number lines changed.
    for (old, new) in before.lines().zip(after.lines()).filter(|(o, n)| o != n) {
        let key = |l: &str| l.split('=').next().unwrap().trim().to_owned();
        assert!(["weight", "min"].contains(&key(new).as_str()), "{old} -> {new}");
    }
    assay().args(["rubric", "check"]).arg(&rubrics).assert().success();
    // The written values are the fitted ones: on the answers they were
    // fitted to, the rewritten rubrics agree better than the originals.
    let qwk = |rubrics: &std::path::Path| {
        let out = assay()
            .args(["eval", &labelled(), "--format", "json", "--rubrics"])
            .arg(rubrics)
            .assert()
            .success();
        json(&out.get_output().stdout)["overall"]["qwk"].as_f64().unwrap()
    };
    let original = qwk(&repo("rubrics"));
    let tuned = qwk(&rubrics);
    assert!(tuned > original, "in-sample QWK {tuned} after --write vs {original} before");
}

/// `text` without its colour escapes (`ESC [ ... m`).
fn without_escapes(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\u{1b}') {
        plain.push_str(&rest[..at]);
        let end = rest[at..].find('m').map_or(rest.len(), |m| at + m + 1);
        rest = &rest[end..];
    }
    plain.push_str(rest);
    plain
}

/// tune's diff is coloured when asked (added green, removed red, file
/// header plain) and plain in a pipe.
#[test]
fn tune_colours_its_diff_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let rubrics = rubric_copy(dir.path());
    let labels = well_covered_labels(dir.path());
    let tune = |extra: &[&str]| {
        let out = assay()
            .arg("tune")
            .arg(&labels)
            .arg("--rubrics")
            .arg(&rubrics)
            .args(extra)
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let coloured = tune(&["--color", "always"]);
    assert!(coloured.contains("suicidal-thoughts.toml\n+++ "), "{coloured}");
    assert!(coloured.contains("\n\u{1b}[32m+"), "{coloured}");
    assert!(coloured.contains("\n\u{1b}[31m-"), "{coloured}");
    let plain = tune(&[]);
    assert!(!plain.contains('\u{1b}'));
    assert_eq!(plain, without_escapes(&coloured));
}

/// `assay tune ARGS --format json --rubrics RUBRICS LABELS`, parsed.
fn tune_json(rubrics: &std::path::Path, labels: &std::path::Path, args: &[&str]) -> Value {
    let out = assay()
        .args(["tune", "--format", "json", "--rubrics"])
        .arg(rubrics)
        .arg(labels)
        .args(args)
        .assert()
        .success();
    json(&out.get_output().stdout)
}

/// The warnings of one kind in `tune --format json` output.
fn warnings_of<'a>(report: &'a Value, kind: &str) -> Vec<&'a Value> {
    report["warnings"].as_array().unwrap().iter().filter(|w| w["kind"] == kind).collect()
}

/// On rubrics without bonus concepts, tuning lowers thresholds a long way
/// (resistant-peer's `exemplary` from 75 to 45) while Pearson r falls:
/// each gets a warning, in JSON and in the text. (The unmoved mean
/// difference is checked in `assay-eval`'s `tune_warnings` tests.)
#[test]
fn tune_warns_when_levels_collapse_or_totals_do_not_improve() {
    let dir = tempfile::tempdir().unwrap();
    let rubrics = all_core_copy(dir.path());
    let labels = well_covered_labels(dir.path());
    let report = tune_json(&rubrics, &labels, &[]);
    let drops = warnings_of(&report, "threshold_drop");
    assert!(
        drops.iter().any(|w| w["question"] == "resistant-peer"
            && w["level"] == "exemplary"
            && w["before"] == 75.0
            && w["after"] == 45.0),
        "{drops:?}"
    );
    assert!(!warnings_of(&report, "levels_close").is_empty());
    let pearson = warnings_of(&report, "pearson_drops");
    assert!(pearson.iter().any(|w| w["question"].is_null()), "overall r falls: {pearson:?}");
    assert!(warnings_of(&report, "few_answers_per_fold").is_empty(), "240 answers, 5 folds");
    assay()
        .arg("tune")
        .arg(&labels)
        .arg("--rubrics")
        .arg(&rubrics)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "\nwarning: resistant-peer: `exemplary` would begin at 45 instead of 75, more than a third lower\n",
        ))
        .stdout(predicate::str::contains("bound them with --max-threshold-shift N"));
}

/// --max-threshold-shift, --min-level-gap and --min-weight bound what tune
/// proposes.
#[test]
fn tune_keeps_within_the_bounds_a_trainer_sets() {
    let dir = tempfile::tempdir().unwrap();
    let rubrics = all_core_copy(dir.path());
    let labels = well_covered_labels(dir.path());
    let tuned = |report: &Value| report["tuned"].as_array().unwrap().clone();
    let numbers = |value: &Value| -> Vec<f64> {
        value.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect()
    };

    let kept = tune_json(&rubrics, &labels, &["--max-threshold-shift", "0"]);
    for t in tuned(&kept) {
        assert_eq!(t["after"]["level_mins"], t["before"]["level_mins"], "{t}");
    }
    assert!(warnings_of(&kept, "threshold_drop").is_empty());
    assert!(warnings_of(&kept, "levels_close").is_empty());

    let shifted = tune_json(&rubrics, &labels, &["--max-threshold-shift", "10"]);
    for t in tuned(&shifted) {
        for (before, after) in
            numbers(&t["before"]["level_mins"]).iter().zip(numbers(&t["after"]["level_mins"]))
        {
            assert!((after - before).abs() <= 10.0, "{t}");
        }
    }

    let apart = tune_json(&rubrics, &labels, &["--min-level-gap", "15"]);
    for t in tuned(&apart) {
        let mins = numbers(&t["after"]["level_mins"]);
        assert!(mins.windows(2).all(|pair| pair[1] - pair[0] >= 15.0), "{t}");
    }

    let heavy = tune_json(&rubrics, &labels, &["--min-weight", "1"]);
    let mut changed = 0;
    for t in tuned(&heavy) {
        for (before, after) in
            numbers(&t["before"]["weights"]).iter().zip(numbers(&t["after"]["weights"]))
        {
            if after != *before {
                changed += 1;
                assert!(after >= 1.0, "{t}");
            }
        }
    }
    assert!(changed > 0, "the search still moves weights");
    assay()
        .args(["tune", &labelled(), "--min-weight", "5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("5 is not from 0 to 4"));
}

/// Four answers over five folds: too few a fold, and folds of one answer
/// or none.
#[test]
fn tune_warns_when_the_sample_is_too_small_for_the_folds() {
    let dir = tempfile::tempdir().unwrap();
    let rubrics = rubric_copy(dir.path());
    let text = fs::read_to_string(labelled()).unwrap();
    let tiny = dir.path().join("tiny.csv");
    fs::write(&tiny, text.lines().take(9).collect::<Vec<_>>().join("\n") + "\n").unwrap();
    let report = tune_json(&rubrics, &tiny, &[]);
    let few = warnings_of(&report, "few_answers_per_fold");
    assert_eq!(few.len(), 1, "{report}");
    assert_eq!(few[0]["folds"], 5);
    assert!(!warnings_of(&report, "single_level_fold").is_empty());
    assay()
        .arg("tune")
        .arg(&tiny)
        .arg("--rubrics")
        .arg(&rubrics)
        .assert()
        .success()
        .stdout(predicate::str::contains("is fewer than 10 a fold"))
        .stdout(predicate::str::contains("fold 5 holds no answers"));
}

#[test]
fn labelled_files_with_problems_name_the_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    fs::write(
        &bad,
        "question_id,answer,score,concept:empathy\n\
         suicidal-thoughts,I would listen.,62,1\n\
         suicidal-thougts,I would listen.,40,0\n\
         risk-of-harm,I would call for help.,proficient,yes\n\
         risk-of-harm,I would wait.,140,maybe\n",
    )
    .unwrap();
    assay()
        .args(["eval"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.csv:3: field `question_id`: no rubric for `suicidal-thougts`; did you mean suicidal-thoughts?"))
        .stderr(predicate::str::contains("bad.csv:5: field `score`: 140 is outside 0-100"))
        .stderr(predicate::str::contains("bad.csv:5: field `concept:empathy`: must be 0, 1 or empty, not `maybe`"))
        .stderr(predicate::str::contains("bad.csv:4: field `score`: this file mixes scales"));
}

#[test]
fn eval_lists_each_cue_with_the_raters_agreement_and_can_show_whole_answers() {
    let out = assay().args(["eval", &labelled(), "--format", "json"]).assert().success();
    let report = json(&out.get_output().stdout);
    let empathy = report["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["concept"] == "empathy")
        .expect("empathy is labelled");
    let cues = empathy["cues"].as_array().unwrap();
    assert!(!cues.is_empty());
    let fired: Vec<u64> = cues.iter().map(|c| c["fired"].as_u64().unwrap()).collect();
    assert!(fired.windows(2).all(|w| w[0] >= w[1]), "most often counted first");
    for cue in cues {
        let precision = cue["precision"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&precision), "{cue}");
    }
    // A cue the raters mostly disagree with shows as such: naming empathy
    // is not showing it.
    let named = cues.iter().find(|c| c["cue"] == "empath*").unwrap();
    assert!(named["precision"].as_f64().unwrap() < 0.5, "{named}");

    let text = |full: bool| {
        let mut cmd = assay();
        cmd.args(["eval", &labelled(), "--cases", "1"]);
        if full {
            cmd.arg("--full");
        }
        String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
    };
    let (cut, whole) = (text(false), text(true));
    assert!(cut.contains("empathy cues ("), "{cut}");
    assert!(whole.len() > cut.len());
    let longest_case = report["concepts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["false_positive_cases"].as_array().unwrap().iter().take(1))
        .map(|case| case["answer"].as_str().unwrap().to_owned())
        .max_by_key(String::len)
        .unwrap();
    assert!(longest_case.chars().count() > 140);
    assert!(whole.contains(&longest_case) && !cut.contains(&longest_case));
}

#[test]
fn tune_says_why_a_question_gets_no_term_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    copy_rubric_folder(dir.path());
    let labels = dir.path().join("all-high.csv");
    let mut csv = String::from("question_id,answer,score\n");
    for i in 0..8 {
        csv.push_str(&format!(
            "suicidal-thoughts,\"I would stay with them, ask about a plan and call the crisis team ({i}).\",90\n"
        ));
    }
    fs::write(&labels, csv).unwrap();
    assay()
        .args(["tune", labels.to_str().unwrap(), "--rubrics"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "suicidal-thoughts: nothing to suggest: all 8 answers are at or above `proficient`",
        ));
}

/// `--fail-under` makes eval a CI gate: exit 1 under the bound, 0 at or
/// above it, and a bound outside 0 to 1 refused.
#[test]
fn eval_fails_under_a_qwk_bound() {
    let labels = repo("examples/labelled/labelled.csv");
    assay()
        .arg("eval")
        .arg(&labels)
        .args(["--fail-under", "0.9"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("under --fail-under 0.9"));
    assay().arg("eval").arg(&labels).args(["--fail-under", "0.5"]).assert().success();
    assay()
        .arg("eval")
        .arg(&labels)
        .args(["--fail-under", "2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("2 is not from 0 to 1"));
}

/// The third labelled round (`examples/labelled/round3.csv`) was written and
/// rated after the built-in rubrics were set, and nothing is fitted on it:
/// the default scoring must keep the agreement `docs/EVALUATION.md` reports
/// there (the targets: QWK 0.75, exact level 60%, |SMD| 0.15), and
/// the answers written to be strong must outscore those written to be weak.
#[test]
fn fresh_answers_agree_with_their_raters_as_documented() {
    let round3 = repo("examples/labelled/round3.csv");
    let out = assay().args(["eval", round3.to_str().unwrap(), "--format", "json"]).assert();
    let report = json(&out.success().get_output().stdout);
    assert_eq!(report["answers"], 240);
    let overall = &report["overall"];
    let figure = |name: &str| overall[name].as_f64().unwrap();
    assert!(figure("qwk") >= 0.75, "{overall}");
    assert!(figure("exact") >= 0.60, "{overall}");
    assert!(figure("smd").abs() <= 0.15, "{overall}");

    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("answers.csv"), dir.path().join("scores.csv"));
    let mut answers = csv::Writer::from_path(&input).unwrap();
    answers.write_record(["candidate_id", "question_id", "answer"]).unwrap();
    let mut seen = std::collections::HashSet::new();
    for row in csv::Reader::from_path(&round3).unwrap().records() {
        let row = row.unwrap();
        if seen.insert(row[0].to_owned()) {
            answers.write_record([&row[0], &row[1], &row[2]]).unwrap();
        }
    }
    answers.flush().unwrap();
    assay()
        .args(["batch", input.to_str().unwrap(), "-o", output.to_str().unwrap()])
        .assert()
        .success();
    let mut scores = std::collections::HashMap::new();
    for row in csv::Reader::from_path(&output).unwrap().deserialize() {
        let row: std::collections::HashMap<String, String> = row.unwrap();
        scores.insert(row["candidate_id"].clone(), row["score"].parse::<f64>().unwrap());
    }
    let intended = csv::Reader::from_path(repo("examples/labelled/round3-intended.csv"));
    let mut by_question: std::collections::HashMap<String, (f64, f64)> = Default::default();
    for row in intended.unwrap().records() {
        let row = row.unwrap();
        let question = row[0].rsplit_once("-h").unwrap().0.to_owned();
        let entry = by_question.entry(question).or_default();
        match &row[1] {
            "strong" => entry.0 = scores[&row[0]],
            "weak" => entry.1 = scores[&row[0]],
            _ => {}
        }
    }
    assert_eq!(by_question.len(), 48);
    let ordered = by_question.values().filter(|(strong, weak)| strong > weak).count();
    assert!(ordered >= 46, "strong above weak on {ordered} of 48 questions");
}

/// The overall agreement `assay eval --format json` reports on `labels`
/// (a path from the repository root), with `options` before `eval`.
fn overall_agreement(options: &[&str], labels: &str) -> Value {
    let out = assay()
        .current_dir(repo(""))
        .args(options)
        .args(["eval", labels, "--format", "json"])
        .assert()
        .success();
    json(&out.get_output().stdout)["overall"].clone()
}

/// The agreement issue 11 asks for, on the answers written and rated after
/// every choice was made (the third and fourth rounds; the fourth was
/// measured once, with the build that fixed the concept estimate):
/// QWK >= 0.75, exact level agreement >= 60%, standardised mean difference
/// within +-0.15; and the learned concept estimate agrees better than cues
/// alone. Measured: round3 0.858, 0.642, +0.09 (cues alone 0.836); round4
/// 0.863, 0.663, -0.10 (cues alone 0.837).
#[test]
fn scores_agree_with_people_on_answers_written_after_the_rubrics() {
    for labels in ["examples/labelled/round3.csv", "examples/labelled/round4.csv"] {
        let now = overall_agreement(&[], labels);
        let qwk = now["qwk"].as_f64().unwrap();
        assert!(qwk >= 0.75, "{labels}: {now}");
        assert!(now["exact"].as_f64().unwrap() >= 0.60, "{labels}: {now}");
        assert!(now["smd"].as_f64().unwrap().abs() <= 0.15, "{labels}: {now}");
        let cues = overall_agreement(&["--no-concept-estimate"], labels);
        assert!(qwk > cues["qwk"].as_f64().unwrap(), "{labels}: {now} against {cues}");
    }
}
