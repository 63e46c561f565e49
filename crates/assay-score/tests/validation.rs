//! Malformed rubrics are rejected at load time, each problem located by file,
//! line and column with a message a trainer can act on.

use assay_score::{LoadError, RubricSet, SourceFile};

const EMPATHY: &str = r#"id = "empathy"
name = "Empathy"
weight = 1.5
cues = ["validate ... feel*", "sounds (hard|painful)"]
guidance = "Name the feeling you hear."
praise = "You named the feeling."
"#;

/// A valid question file with `extra` appended and `replace` pairs applied.
fn question(replace: &[(&str, &str)], extra: &str) -> String {
    let mut text = r#"id = "q1"
question = "What do you do?"
source = "article.txt#1"

[[concepts]]
use = "empathy"
weight = 2
required = true

[[red-flags]]
id = "secrecy"
name = "Promises secrecy"
cues = ["keep it (secret|between us)"]
cap = 30
warning = "Do not promise secrecy."

[[levels]]
name = "low"
min = 0
[[levels]]
name = "high"
min = 60
"#
    .to_owned();
    for (from, to) in replace {
        assert!(text.contains(from), "fixture lacks {from:?}");
        text = text.replacen(from, to, 1);
    }
    text.push_str(extra);
    text
}

fn load(
    concepts: &[(&str, &str)],
    questions: &[(&str, &str)],
) -> Result<RubricSet, Vec<LoadError>> {
    let files = |list: &[(&str, &str)]| -> Vec<SourceFile> {
        list.iter().map(|(path, text)| SourceFile::new(*path, *text)).collect()
    };
    RubricSet::load(&files(concepts), &files(questions)).map_err(|e| e.0)
}

/// The single problem loading `q1.toml` with this text reports.
fn only_problem(text: &str) -> LoadError {
    let errors = load(&[("concepts/empathy.toml", EMPATHY)], &[("questions/q1.toml", text)])
        .expect_err("should be rejected");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}

fn assert_problem(error: &LoadError, line: usize, column: usize, needle: &str) {
    assert_eq!(error.path, "questions/q1.toml");
    assert!(error.message.contains(needle), "message {:?} lacks {needle:?}", error.message);
    assert_eq!((error.line, error.column), (line, column), "{error}");
}

#[test]
fn the_fixture_is_valid() {
    let set =
        load(&[("concepts/empathy.toml", EMPATHY)], &[("questions/q1.toml", &question(&[], ""))])
            .unwrap();
    let rubric = set.get("q1").unwrap();
    assert_eq!(rubric.concepts[0].weight, 2.0);
    assert!(rubric.concepts[0].required);
}

#[test]
fn toml_syntax_errors_are_located() {
    let error = only_problem(&question(&[("min = 60", "min = = 60")], ""));
    assert_problem(&error, 22, 7, "extra `=`");
}

#[test]
fn unknown_fields_are_rejected() {
    let error = only_problem(&question(&[("required = true", "requird = true")], ""));
    assert_problem(&error, 8, 1, "unknown field `requird`");
}

/// A value of the wrong type names its field, what was found and what
/// belongs there, and its span covers the value as written.
#[test]
fn type_errors_say_which_field_in_plain_words() {
    let error = only_problem(&question(&[("weight = 2", "weight = \"two\"")], ""));
    assert_problem(&error, 7, 10, "`weight` must be a number, found the text \"two\"");
    assert_eq!(&question(&[("weight = 2", "weight = \"two\"")], "")[error.span], "\"two\"");
    let error = only_problem(&question(&[("required = true", "required = \"yes\"")], ""));
    assert_problem(&error, 8, 12, "`required` must be `true` or `false`, found the text \"yes\"");
    let cues = "cues = [\"keep it (secret|between us)\"]";
    let error = only_problem(&question(&[(cues, "cues = [\"keep it secret\", 3]")], ""));
    assert_problem(
        &error,
        13,
        27,
        "each item of `cues` must be text in quotes, found the whole number 3",
    );
    let error = only_problem(&question(&[("min = 60", "min = [60]")], ""));
    assert_problem(&error, 22, 7, "`min` must be a number, found a list");
}

/// A missing field is named with the table it is missing from; an unknown
/// one comes with the closest known field.
#[test]
fn missing_and_unknown_fields_are_named_with_their_table_or_a_suggestion() {
    let error = only_problem(&question(&[("name = \"high\"\n", "")], ""));
    assert_problem(&error, 20, 1, "this `[[levels]]` table needs `name`");
    let error = only_problem(&question(&[("required = true", "requird = true")], ""));
    assert_problem(&error, 8, 1, "unknown field `requird`; did you mean `required`?");
    assert_eq!(error.span.len(), "requird".len());
    let errors =
        load(&[("concepts/empathy.toml", "id = \"empathy\"\nname = \"E\"\n")], &[]).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].message, "the file needs `weight`");
}

#[test]
fn unknown_concept_suggests_the_closest() {
    let text = question(&[("use = \"empathy\"", "use = \"empaty\"")], "");
    let error = only_problem(&text);
    assert_problem(&error, 6, 7, "unknown concept `empaty`; did you mean `empathy`?");
    assert_eq!(&text[error.span], "\"empaty\"", "the span is the id as written");
}

#[test]
fn duplicate_ids_are_rejected() {
    let extra = "\n[[red-flags]]\nid = \"secrecy\"\nname = \"Again\"\ncues = [\"promise\"]\npenalty = 5\nwarning = \"x\"\n";
    let error = only_problem(&question(&[], extra));
    assert_problem(&error, 24, 1, "id `secrecy` is used twice");

    let errors = load(
        &[("concepts/empathy.toml", EMPATHY)],
        &[("questions/q1.toml", &question(&[], "")), ("other/q1.toml", &question(&[], ""))],
    )
    .unwrap_err();
    assert!(
        errors.iter().any(|e| e.message.contains("question `q1` is defined twice")),
        "{errors:#?}"
    );
}

#[test]
fn empty_cues_are_rejected() {
    let error = only_problem(&question(
        &[("cues = [\"keep it (secret|between us)\"]", "cues = [\"keep\", \"  \"]")],
        "",
    ));
    assert_problem(&error, 13, 18, "the cue is empty");
    let error =
        only_problem(&question(&[("cues = [\"keep it (secret|between us)\"]", "cues = []")], ""));
    assert_problem(&error, 13, 8, "the cue list is empty");
}

#[test]
fn malformed_cues_point_inside_the_string() {
    let text = question(&[("keep it (secret|between us)", "keep it (secret|between us")], "");
    let error = only_problem(&text);
    assert_problem(&error, 13, 36, "missing closing `)`");
    assert_eq!(&text[error.span], "\"", "one character, where the `)` belongs");
}

/// An escape in the TOML string counts as the one character it stands for:
/// the column is that of the bad character as written in the file.
#[test]
fn cue_errors_point_at_the_character_past_escapes() {
    let error = only_problem(&question(
        &[("keep it (secret|between us)", "caf\\u00e9 (secret|between us")],
        "",
    ));
    assert_problem(&error, 13, 38, "missing closing `)`");
}

#[test]
fn non_positive_weights_are_rejected() {
    let error = only_problem(&question(&[("weight = 2", "weight = 0")], ""));
    assert_problem(&error, 7, 10, "weight must be above 0");
    let error = only_problem(&question(&[("weight = 2", "weight = -1.5")], ""));
    assert_problem(&error, 7, 10, "weight must be above 0");
    // So large a weight would overflow a total into NaN.
    let error = only_problem(&question(&[("weight = 2", "weight = 1e308")], ""));
    assert_problem(&error, 7, 10, "weight must be above 0 and at most 10000, found 1e308");
}

#[test]
fn thresholds_must_increase_from_zero() {
    let error = only_problem(&question(&[("min = 60", "min = 0")], ""));
    assert_problem(&error, 22, 7, "thresholds must increase");
    let error = only_problem(&question(&[("min = 0", "min = 10")], ""));
    assert_problem(&error, 19, 7, "must start at min = 0");
}

#[test]
fn ids_must_be_lower_case_letters_digits_and_dashes() {
    let error = only_problem(&question(&[("id = \"secrecy\"", "id = \"Secrecy_Flag\"")], ""));
    assert_problem(&error, 11, 6, "may use only a-z, 0-9 and `-`");
}

#[test]
fn file_names_must_match_ids() {
    let errors = load(
        &[("concepts/empathy.toml", EMPATHY)],
        &[("questions/other.toml", &question(&[], ""))],
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("rename the file to `q1.toml`"), "{}", errors[0]);
}

#[test]
fn red_flags_need_an_effect() {
    let error = only_problem(&question(&[("cap = 30\n", "")], ""));
    assert_problem(&error, 11, 6, "needs a `cap`, a `penalty`, or both");
}

#[test]
fn library_fields_cannot_be_overridden_in_a_question() {
    let error =
        only_problem(&question(&[("required = true", "required = true\ncues = [\"x\"]")], ""));
    assert_problem(
        &error,
        5,
        1,
        "`cues` of library concept `empathy` is set in concepts/empathy.toml",
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = question(
        &[
            ("weight = 2", "weight = 0"),
            ("min = 60", "min = 0"),
            ("id = \"secrecy\"", "id = \"Bad\""),
        ],
        "",
    );
    let errors =
        load(&[("concepts/empathy.toml", EMPATHY)], &[("questions/q1.toml", &text)]).unwrap_err();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [7, 11, 22]);
}

#[test]
fn library_concept_problems_are_located_too() {
    let bad = EMPATHY
        .replace("weight = 1.5", "weight = 0")
        .replace("id = \"empathy\"", "id = \"Empathy\"");
    let errors = load(&[("concepts/empathy.toml", &bad)], &[]).unwrap_err();
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 3, "{messages:#?}");
    assert!(
        messages[0].starts_with("concepts/empathy.toml:1:6: concept id `Empathy`"),
        "{messages:#?}"
    );
    assert!(
        messages[2].starts_with("concepts/empathy.toml:3:10: weight must be above 0"),
        "{messages:#?}"
    );
}
