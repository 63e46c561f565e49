//! Reports a candidate can trust: the cases where a page used to contradict
//! itself or the answer, written afresh in the project's own words, and the
//! parts that explain a score.

use std::fs;
use std::path::Path;

mod util;

use util::assay;

/// The report of one candidate's rows as Markdown (the same model as the
/// HTML page).
fn markdown(dir: &Path, rows: &[[&str; 2]]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["candidate_id", "question_id", "answer"]).unwrap();
    for [question, answer] in rows {
        writer.write_record(["k1", question, answer]).unwrap();
    }
    let input = dir.join("in.csv");
    fs::write(&input, writer.into_inner().unwrap()).unwrap();
    let out = dir.join("k1.md");
    assay().arg("report").arg(&input).arg("-o").arg(&out).assert().success();
    fs::read_to_string(out).unwrap()
}

/// The part of `page` between `heading` and the next heading of any level.
fn section<'a>(page: &'a str, heading: &str) -> &'a str {
    let Some(start) = page.find(heading) else { return "" };
    let rest = &page[start + heading.len()..];
    &rest[..rest.find("\n#").unwrap_or(rest.len())]
}

#[test]
fn a_worked_story_is_never_called_a_missing_example() {
    let dir = tempfile::tempdir().unwrap();
    let story = "When a resident started shouting at the front desk last winter, I stepped \
        round to his side, lowered my voice and asked what had happened. He told me his \
        payment had bounced twice. I said that sounded maddening, and we rang the office \
        together. By the end of the call he was sitting down and laughing about the hold music.";
    let page = markdown(dir.path(), &[["de-escalation", story]]);
    let missing = section(&page, "### What assay did not find");
    assert!(!missing.contains("Specific example from experience"), "{page}");
    let writing = section(&page, "### Your writing");
    assert!(writing.contains("situation ✓") && writing.contains("action ✓"), "{writing}");
}

#[test]
fn a_referral_after_a_negated_clause_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    let answer = "Working out what is wrong medically isn't my role and suggest they see their \
        doctor, and I would go with them if they wanted.";
    let page = markdown(dir.path(), &[["recommended-resources", answer]]);
    assert!(section(&page, "### What landed").contains("Referral to resources"), "{page}");
    assert!(!page.contains("sits inside a negation: “suggest"), "{page}");
}

#[test]
fn every_answer_says_how_its_score_was_made() {
    let dir = tempfile::tempdir().unwrap();
    let capped = "I would promise to keep it between the two of us and not tell anyone, even \
        if they said they had a plan to end their life.";
    let page = markdown(
        dir.path(),
        &[["suicidal-thoughts", capped], ["active-listening", "I nod a lot."]],
    );
    let making: Vec<&str> =
        page.lines().filter(|l| l.starts_with("**How this score was made.**")).collect();
    assert_eq!(making.len(), 2, "{page}");
    // Where each level begins, and what the next level takes.
    assert!(making.iter().all(|m| m.contains("Levels: ") && m.contains(" from ")), "{making:?}");
    assert!(making[1].contains("points short of"), "{}", making[1]);
    // A red flag's cap is stated as a limit next to the score it limits.
    assert!(
        making[0].contains("Red flag “") && making[0].contains("can be at most"),
        "{}",
        making[0]
    );
}

#[test]
fn the_page_starts_with_what_to_work_on_and_shows_no_internal_ids() {
    let dir = tempfile::tempdir().unwrap();
    let page = markdown(
        dir.path(),
        &[
            ["active-listening", "I nod a lot and wait for my turn to speak."],
            ["de-escalation", "I would tell them to calm down."],
            ["suicidal-thoughts", "I would promise to keep it secret between us."],
        ],
    );
    let top = section(&page, "## Top things to work on");
    let items: Vec<&str> = top.lines().filter(|l| l.starts_with(char::is_numeric)).collect();
    assert!(items.len() >= 3, "{top}");
    assert!(items[0].contains("Red flag:"), "red flags come first: {top}");
    // Question slugs and input lines are for tools, not for the candidate.
    for internal in ["active-listening", "de-escalation", "suicidal-thoughts", "input line"] {
        assert!(!page.contains(internal), "`{internal}` shown:\n{page}");
    }
}

#[test]
fn every_page_says_which_build_rubrics_and_day_made_it() {
    let dir = tempfile::tempdir().unwrap();
    let page = markdown(dir.path(), &[["active-listening", "I listen and say back what I hear."]]);
    let score = assay()
        .args(["score", "-q", "active-listening", "--format", "json", "I listen."])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&score.stdout).unwrap();
    let fingerprint = json["rubrics"].as_str().unwrap();
    let footer = page.lines().last().unwrap();
    assert!(footer.contains("1970-01-01T00:00:00Z"), "SOURCE_DATE_EPOCH=0 dates it: {footer}");
    assert!(footer.contains(&format!("rubrics {fingerprint}")), "{footer}");
    let schema = json["schema_version"].as_u64().unwrap();
    assert!(footer.contains(&format!("score schema {schema}.")), "{footer}");
}

#[test]
fn the_cohort_view_sums_up_questions_and_lists_answers_to_review() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("cohort.csv");
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["candidate_id", "question_id", "answer"]).unwrap();
    let strong = "I listen closely, reflect back what I hear in my own words and ask open \
        questions, and I keep my attention on the person rather than my phone or my next point.";
    writer.write_record(["a", "active-listening", strong]).unwrap();
    writer.write_record(["=b", "active-listening", "I nod."]).unwrap();
    writer
        .write_record(["=b", "suicidal-thoughts", "I would promise to keep it secret between us."])
        .unwrap();
    let secrecy = "I would tell the peer that whatever they share stays between us and I \
        promise not to tell anyone, not even my supervisor. I think I can handle it myself.";
    writer.write_record(["c", "risk-of-harm", secrecy]).unwrap();
    fs::write(&input, writer.into_inner().unwrap()).unwrap();
    let out = dir.path().join("reports");
    assay()
        .arg("report")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .args(["--format", "md"])
        .assert()
        .success();
    let index = fs::read_to_string(out.join("index.md")).unwrap();
    let questions = section(&index, "## Questions");
    assert!(questions.contains("| 2 |"), "two answers to active listening:\n{questions}");
    let review = section(&index, "## For review");
    assert!(review.contains("red flag: "), "{review}");
    assert!(review.contains("very short"), "{review}");
    assert!(
        review.contains("the harm model puts the chance of harmful practice at")
            && review.contains("most in \"I would tell the peer that whatever they share stays"),
        "the harm mark names its sentence: {review}"
    );

    let mut summary = csv::Reader::from_path(out.join("summary.csv")).unwrap();
    let rows: Vec<csv::StringRecord> = summary.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "one row per scored answer");
    assert_eq!(&rows[1][0], "'=b", "a cell a spreadsheet would run is neutralised");
    assert!(rows[2][6].contains("secret"), "red flags named: {:?}", rows[2]);
    assert!(!rows[2][8].is_empty(), "and the answer is up for review");
}

#[test]
fn reports_from_a_trainers_rubrics_keep_model_answers_given_a_corpus() {
    let dir = tempfile::tempdir().unwrap();
    util::copy_rubric_folder(dir.path());
    let input = dir.path().join("in.csv");
    fs::write(&input, "candidate_id,question_id,answer\nk,active-listening,I nod.\n").unwrap();
    let report = |corpus: bool| {
        let mut cmd = assay();
        cmd.arg("--rubrics").arg(dir.path());
        if corpus {
            cmd.arg("--corpus").arg(util::repo("corpus"));
        }
        cmd.arg("report").arg(&input).args(["--format", "md"]).output().unwrap()
    };
    let without = report(false);
    let stderr = String::from_utf8(without.stderr).unwrap();
    assert!(stderr.contains("no model answers for these rubrics"), "{stderr}");
    assert!(!String::from_utf8(without.stdout).unwrap().contains("stronger model answer"));
    let with = report(true);
    assert!(with.stderr.is_empty(), "{}", String::from_utf8_lossy(&with.stderr));
    assert!(String::from_utf8(with.stdout).unwrap().contains("stronger model answer"));
}

#[test]
fn one_model_sentence_never_illustrates_two_concepts() {
    let dir = tempfile::tempdir().unwrap();
    for (question, answer) in [
        ("risk-of-harm", "I would talk to them."),
        ("de-escalation", "I would tell them to calm down."),
        ("suicidal-thoughts", "I would carry on with the group."),
    ] {
        let page = markdown(dir.path(), &[[question, answer]]);
        let lines: Vec<&str> = page
            .lines()
            .filter_map(|l| l.split_once("puts it: ").map(|(_, sentence)| sentence))
            .collect();
        assert!(lines.len() >= 2, "{question}: {page}");
        let mut unique = lines.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), lines.len(), "{question}: {lines:#?}");
    }
}
