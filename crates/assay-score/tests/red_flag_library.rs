//! Shared red flags: defined once in `red-flags/<id>.toml`, used by any
//! question, validated when the rubrics load.

use assay_score::{RubricSet, Scorer, SourceFile};

const CONCEPT: &str = r#"
id = "listening"
name = "Listening"
weight = 1
cues = ["listen"]
guidance = "g"
praise = "p"
"#;

const SECRET: &str = r#"
id = "keeps-risk-secret"
name = "Keeps a risk secret"
cap = 15
warning = "Never promise to keep a risk to someone's life to yourself."
cues = ["keep ... (secret|between us)"]
"#;

fn question(red_flag_table: &str) -> SourceFile {
    SourceFile::new(
        "questions/q.toml",
        format!(
            "id = \"q\"\nquestion = \"Q?\"\nsource = \"a.txt#1\"\ndetail-words = 0\n\
             [[concepts]]\nuse = \"listening\"\n{red_flag_table}\n\
             [[levels]]\nname = \"low\"\nmin = 0\n[[levels]]\nname = \"high\"\nmin = 50\n"
        ),
    )
}

fn load(red_flag_table: &str) -> Result<RubricSet, assay_score::LoadErrors> {
    let library = [
        SourceFile::new("rubrics/concepts/listening.toml", CONCEPT),
        SourceFile::new("rubrics/red-flags/keeps-risk-secret.toml", SECRET),
    ];
    RubricSet::load(&library, &[question(red_flag_table)])
}

#[test]
fn a_question_uses_a_shared_red_flag_and_may_add_examples() {
    let rubrics =
        load("[[red-flags]]\nuse = \"keeps-risk-secret\"\nexamples = [\"I told him it would stay between the two of us.\"]")
            .unwrap();
    let rubric = rubrics.get("q").unwrap();
    let flag = &rubric.red_flags[0];
    assert!(flag.from_library);
    assert_eq!(flag.cap, Some(15.0));
    assert_eq!(flag.examples.examples.len(), 1);
    let score = Scorer::new().score(rubric, "I listen, and I would keep it between us.");
    assert_eq!(score.red_flags[0].id, "keeps-risk-secret");
    assert_eq!(score.total, 15.0);
    assert_eq!(rubrics.library_red_flags().count(), 1);
}

#[test]
fn misuse_of_a_shared_red_flag_is_explained() {
    let errors = load("[[red-flags]]\nuse = \"keeps-risk-secrets\"").unwrap_err().to_string();
    assert!(
        errors.contains("unknown red flag `keeps-risk-secrets`; did you mean `keeps-risk-secret`?"),
        "{errors}"
    );
    let errors =
        load("[[red-flags]]\nuse = \"keeps-risk-secret\"\ncap = 40").unwrap_err().to_string();
    assert!(errors.contains("`cap` of library red flag `keeps-risk-secret` is set in red-flags/keeps-risk-secret.toml"), "{errors}");
    let errors = load("[[red-flags]]\nid = \"own-flag\"\ncap = 40").unwrap_err().to_string();
    assert!(errors.contains("red flag `own-flag` needs `name`, `cues` and `warning`"), "{errors}");
}

#[test]
fn a_shared_red_flag_file_is_named_after_its_id() {
    let library = [
        SourceFile::new("rubrics/concepts/listening.toml", CONCEPT),
        SourceFile::new("rubrics/red-flags/secrecy.toml", SECRET),
    ];
    let errors = RubricSet::load(&library, &[question("")]).unwrap_err().to_string();
    assert!(errors.contains("red-flags/secrecy.toml"), "{errors}");
}
