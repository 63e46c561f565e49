//! `assay report`: feedback reports as HTML and Markdown.

use std::fs;
use std::path::{Path, PathBuf};

mod util;

use predicates::prelude::*;
use serde_json::Value;
use util::{assay, repo, unescape};

/// The rows of `examples/candidates.csv` for `candidate`, as a CSV file.
fn candidate_csv(dir: &Path, candidate: &str) -> (PathBuf, Vec<(String, String)>) {
    let mut reader = csv::Reader::from_path(repo("examples/candidates.csv")).unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["candidate_id", "question_id", "answer"]).unwrap();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        if &record[0] == candidate {
            writer.write_record(&record).unwrap();
            rows.push((record[1].to_owned(), record[2].to_owned()));
        }
    }
    let path = dir.join(format!("{candidate}.csv"));
    fs::write(&path, writer.into_inner().unwrap()).unwrap();
    (path, rows)
}

fn write_csv(dir: &Path, name: &str, rows: &[[&str; 3]]) -> PathBuf {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["candidate_id", "question_id", "answer"]).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    let path = dir.join(name);
    fs::write(&path, writer.into_inner().unwrap()).unwrap();
    path
}

fn stdout_of(args: &[&str], input: &Path) -> String {
    let output = assay().arg("report").arg(input).args(args).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// Every `<mark ... data-start="a" data-end="b" ...>text</mark>` in `html`.
fn marks(html: &str) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<mark ") {
        rest = &rest[at..];
        let open_end = rest.find('>').unwrap();
        let tag = &rest[..open_end];
        let attr = |name: &str| -> usize {
            let key = format!("{name}=\"");
            let from = tag.find(&key).unwrap() + key.len();
            tag[from..from + tag[from..].find('"').unwrap()].parse().unwrap()
        };
        let close = rest.find("</mark>").unwrap();
        found.push((attr("data-start"), attr("data-end"), unescape(&rest[open_end + 1..close])));
        rest = &rest[close..];
    }
    found
}

#[test]
fn markdown_report_of_a_bundled_candidate() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = candidate_csv(dir.path(), "c014");
    let markdown = stdout_of(&["--format", "md"], &input);
    insta::assert_snapshot!("markdown_c014", markdown);
}

/// An answer held by the harm estimate alone (c016 on reluctance to seek
/// help recounts how services treated people, which the estimate reads as
/// harm): the report says a person will read it and what the candidate can
/// make plain, not that the candidate wrote a red flag to remove.
#[test]
fn a_score_held_by_the_harm_estimate_says_so_without_blaming_the_wording() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = candidate_csv(dir.path(), "c016");
    let markdown = stdout_of(&["--format", "md"], &input);
    let made = markdown.split("**How this score was made.**").nth(1).expect("a question section");
    let made = made.lines().next().unwrap();
    assert!(
        made.contains("“Reads like harmful practice (for review)”: the score can be at most 45"),
        "{made}"
    );
    assert!(
        made.contains("The harm estimate holds the score down until a person reads the answer"),
        "{made}"
    );
    assert!(!made.contains("remove it first"), "{made}");
}

#[test]
fn html_shows_every_concept_and_highlights_the_answers_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let (input, rows) = candidate_csv(dir.path(), "c014");
    let html = stdout_of(&[], &input);
    let scores = assay().arg("batch").arg(&input).args(["--detail", "full"]).output().unwrap();
    let scores: Vec<Value> = String::from_utf8(scores.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let sections: Vec<&str> = html.split("<section class=\"question\"").skip(1).collect();
    assert_eq!(sections.len(), rows.len());
    let mut checked = 0;
    for ((section, (_, answer)), score) in sections.iter().zip(&rows).zip(&scores) {
        for concept in score["concepts"].as_array().unwrap() {
            let id = concept["id"].as_str().unwrap();
            let state = if concept["hit"].as_bool().unwrap() { "present" } else { "missing" };
            assert!(
                section.contains(&format!("<li class=\"concept {state}\" data-id=\"{id}\">")),
                "concept {id} ({state}) is not in the report"
            );
        }
        let found = marks(section);
        assert!(!found.is_empty());
        for (start, end, text) in found {
            assert_eq!(text, answer[start..end], "highlight at {start}..{end}");
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} highlights");
    assert!(html.contains("<svg class=\"chart\"") && html.contains("<svg class=\"grid\""));
    assert!(!html.contains("<script"), "no scripts in a report");
}

const HOSTILE: &[&str] = &[
    "<script>document.body.setAttribute('data-pwned','1')</script> I would stay with them and call the crisis line.",
    "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"> I would listen without judging.",
    "<a href=\"javascript:document.body.setAttribute('data-pwned','3')\">help</a> and [click](javascript:alert(1)) ![x](http://x/y.png)",
];

#[test]
fn hostile_answers_are_text_in_html_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<[&str; 3]> = HOSTILE.iter().map(|a| ["<b>c1</b>", "risk-of-harm", *a]).collect();
    let input = write_csv(dir.path(), "hostile.csv", &rows);
    let html = stdout_of(&[], &input);
    for bad in ["<script>", "<img", "<a href=\"javascript", "onerror=\"", "<b>c1"] {
        assert!(!html.contains(bad), "{bad} reached the HTML");
    }
    assert!(html.contains("&lt;script&gt;document.body.setAttribute"));
    let markdown = stdout_of(&["--format", "md"], &input);
    for bad in ["<script>", "<img", "<a ", "[click](", "![x](", "javascript:"] {
        let unescaped = markdown.match_indices(bad).any(|(i, _)| !markdown[..i].ends_with('\\'));
        assert!(!unescaped, "{bad} reached the Markdown unescaped");
    }
    assert!(markdown.contains(r"\<script\>"));
    assert!(markdown.contains(r"javascript\:"));
}

#[test]
fn several_candidates_make_a_folder_with_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let good = "I would stay with them and call the crisis line.";
    let input = write_csv(
        dir.path(),
        "many.csv",
        &[
            ["a/1", "risk-of-harm", good],
            ["A 1", "risk-of-harm", good],
            ["b", "no-such-question", good],
            ["", "risk-of-harm", good],
        ],
    );
    assay()
        .arg("report")
        .arg(&input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("3 candidates: pass -o DIR"));
    let out = dir.path().join("reports");
    assay().arg("report").arg(&input).arg("-o").arg(&out).assert().code(1);
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["A_1-2.html", "a_1.html", "b.html", "index.html", "summary.csv"]);
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("<a href=\"a_1.html\">a&#x2f;1</a>"), "{index}");
    assert!(index.contains("field `candidate_id` is empty"), "rows without a candidate are listed");
    let b = fs::read_to_string(out.join("b.html")).unwrap();
    assert!(b.contains("unknown question `no-such-question`"), "error rows are shown, not dropped");

    // Written again, the folder is replaced; a foreign folder is refused.
    assay()
        .arg("report")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--format")
        .arg("md")
        .assert()
        .code(1);
    assert!(out.join("index.md").exists() && !out.join("index.html").exists());
    let foreign = dir.path().join("foreign");
    fs::create_dir(&foreign).unwrap();
    fs::write(foreign.join("keep.txt"), "x").unwrap();
    assay()
        .arg("report")
        .arg(&input)
        .arg("-o")
        .arg(&foreign)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not an assay report folder"));
}

#[test]
fn a_batch_output_is_reported_with_its_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = candidate_csv(dir.path(), "c003");
    let output = dir.path().join("scores.jsonl");
    assay().arg("batch").arg(&input).arg("-o").arg(&output).assert().success();
    assay()
        .arg("report")
        .arg(&output)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass the batch input it was made from with --answers"));
    let from_output = stdout_of(&["--answers", input.to_str().unwrap(), "--format", "md"], &output);
    let from_input = stdout_of(&["--format", "md"], &input);
    assert_eq!(from_output, from_input);
    assert!(!from_output.contains("The batch output recorded"));

    let csv_output = dir.path().join("scores.csv");
    assay().arg("batch").arg(&input).arg("-o").arg(&csv_output).assert().success();
    let from_csv =
        stdout_of(&["--answers", input.to_str().unwrap(), "--format", "md"], &csv_output);
    assert_eq!(from_csv, from_input);

    let other = write_csv(dir.path(), "other.csv", &[["zz", "risk-of-harm", "Something else."]]);
    let mismatched = assay()
        .arg("report")
        .arg(&output)
        .args(["--answers", other.to_str().unwrap(), "--format", "md"])
        .output()
        .unwrap();
    assert_eq!(mismatched.status.code(), Some(1));
    let text = String::from_utf8(mismatched.stdout).unwrap();
    assert!(text.contains("Rows that could not be scored"), "{text}");
}

#[test]
fn one_candidate_goes_to_a_file_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = candidate_csv(dir.path(), "c025");
    let out = dir.path().join("c025.md");
    assay().arg("report").arg(&input).arg("-o").arg(&out).assert().success();
    let text = fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("# Feedback for c025"));
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
    assay()
        .arg("report")
        .arg(&input)
        .args(["--candidate", "nobody"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no candidate `nobody`"));
}

/// A row that names no candidate is never dropped: a lone candidate's
/// report lists it, whether it is written to a file or into a folder.
#[test]
fn a_row_without_a_candidate_is_listed_with_a_lone_candidate() {
    let dir = tempfile::tempdir().unwrap();
    let rows = [
        ["c1", "active-listening", "I listen and say back what I heard."],
        ["", "active-listening", "An answer nobody wrote."],
    ];
    let input = write_csv(dir.path(), "in.csv", &rows);
    let file = dir.path().join("c1.md");
    assay().arg("report").arg(&input).arg("-o").arg(&file).assert().code(1);
    let folder = dir.path().join("reports");
    fs::create_dir(&folder).unwrap();
    assay().arg("report").arg(&input).args(["--format", "md", "-o"]).arg(&folder).assert().code(1);
    for page in
        [fs::read_to_string(&file).unwrap(), fs::read_to_string(folder.join("c1.md")).unwrap()]
    {
        assert!(page.contains("Line 3 (question active-listening)"), "{page}");
    }
}

#[test]
fn reports_are_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let (input, _) = candidate_csv(dir.path(), "c022");
    assert_eq!(stdout_of(&[], &input), stdout_of(&[], &input));
}

/// A candidate id with a right-to-left override would read backwards in a
/// report ("txt.exe"); reports show it without the reordering characters.
#[test]
fn bidi_controls_in_a_candidate_id_are_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.csv");
    let id = "report\u{202e}txt.exe";
    fs::write(
        &input,
        format!("candidate_id,question_id,answer\n{id},risk-of-harm,\"I would listen and stay with them.\"\n"),
    )
    .unwrap();
    for ext in ["html", "md"] {
        let out = dir.path().join(format!("r.{ext}"));
        assay().arg("report").arg(&input).arg("-o").arg(&out).assert().success();
        let page = fs::read_to_string(&out).unwrap();
        assert!(!page.contains('\u{202e}'), "{ext}: the override is shown");
        assert!(page.contains("reporttxt.exe"), "{ext}: the id is shown without it");
    }
}
