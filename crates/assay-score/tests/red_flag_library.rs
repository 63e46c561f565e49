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

const HARM: &str = r#"
id = "harmful-practice"
name = "Reads like harmful practice"
raised-by = "harm-estimate"
raise-at = 0.6
confirm-at = 0.5
cap = 45
warning = "A person should read this answer."
"#;

/// Loads question `id` using both the harm red flag (defined as `harm`)
/// and the cue red flag `keeps-risk-secret`.
fn load_with_harm(id: &str, harm: &str) -> Result<RubricSet, assay_score::LoadErrors> {
    let library = [
        SourceFile::new("rubrics/concepts/listening.toml", CONCEPT),
        SourceFile::new("rubrics/red-flags/keeps-risk-secret.toml", SECRET),
        SourceFile::new("rubrics/red-flags/harmful-practice.toml", harm),
    ];
    let text = question(
        "[[red-flags]]\nuse = \"keeps-risk-secret\"\n[[red-flags]]\nuse = \"harmful-practice\"",
    )
    .text
    .replace("id = \"q\"", &format!("id = \"{id}\""));
    RubricSet::load(&library, &[SourceFile::new(format!("questions/{id}.toml"), text)])
}

#[test]
fn the_harm_estimate_confirms_cue_red_flags_and_raises_its_own() {
    let rubrics = load_with_harm("suicidal-thoughts", HARM).unwrap();
    let rubric = rubrics.get("suicidal-thoughts").unwrap();
    let (index, trigger) = rubric.harm_red_flag().expect("the question uses the harm red flag");
    assert_eq!(rubric.red_flags[index].id, "harmful-practice");
    assert_eq!((trigger.raise_at, trigger.confirm_at), (0.6, 0.5));
    let mut scorer = Scorer::new();

    // A cue fires on a refusal the estimate reads as safe: listed for
    // review, not capping.
    let safe = "I listen first. When I was unwell, a worker told me he would keep it \
                between us, and I felt let down when it came out. So I would tell her \
                honestly that her safety matters more, and we would call the crisis team \
                together and tell my supervisor straight away.";
    let score = scorer.score(rubric, safe);
    let harm = score.harm.as_ref().expect("the model covers the question").probability;
    assert!(harm < 0.5, "estimate {harm}");
    assert!(score.red_flags.is_empty(), "{:?}", score.red_flags);
    assert_eq!(score.resembles.len(), 1);
    assert_eq!(score.resembles[0].id, "keeps-risk-secret");
    assert_eq!(score.total, 100.0);

    // A harm the estimate is sure of: its own flag, with the sentence that
    // weighs most as evidence, and the cue flag confirmed.
    let harmful = "I listen. I would promise her it stays between us and that nobody else \
                   needs to know, so I would keep it between us and not tell my supervisor.";
    let score = scorer.score(rubric, harmful);
    let harm = score.harm.as_ref().unwrap();
    assert!(harm.probability >= 0.6, "estimate {}", harm.probability);
    let ids: Vec<&str> = score.red_flags.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["keeps-risk-secret", "harmful-practice"]);
    let evidence = &score.red_flags[1].evidence[0];
    assert_eq!(Some(evidence.span), harm.sentence);
    assert!(score.total <= 15.0);
}

#[test]
fn a_harm_red_flag_is_checked_when_the_rubrics_load() {
    let errors = load_with_harm("q", HARM).unwrap_err().to_string();
    assert!(errors.contains("trained only for the built-in questions, not `q`"), "{errors}");
    let swapped = HARM.replace("raise-at = 0.6", "raise-at = 0.4");
    let errors = load_with_harm("suicidal-thoughts", &swapped).unwrap_err().to_string();
    assert!(errors.contains("`confirm-at` 0.5 is above `raise-at` 0.4"), "{errors}");
    let other = HARM.replace("\"harm-estimate\"", "\"sentiment\"");
    let errors = load_with_harm("suicidal-thoughts", &other).unwrap_err().to_string();
    assert!(errors.contains("`raised-by` can only be \"harm-estimate\""), "{errors}");
    let with_cues = format!("{HARM}cues = [\"secret\"]\n");
    let errors = load_with_harm("suicidal-thoughts", &with_cues).unwrap_err().to_string();
    assert!(errors.contains("has no `cues`"), "{errors}");
    let missing = HARM.replace("confirm-at = 0.5\n", "");
    let errors = load_with_harm("suicidal-thoughts", &missing).unwrap_err().to_string();
    assert!(errors.contains("needs `confirm-at`, a probability from 0 to 1"), "{errors}");
    let stray = SECRET.replace("cap = 15", "cap = 15\nraise-at = 0.7");
    let library = [
        SourceFile::new("rubrics/concepts/listening.toml", CONCEPT),
        SourceFile::new("rubrics/red-flags/keeps-risk-secret.toml", stray.as_str()),
    ];
    let errors = RubricSet::load(&library, &[question("")]).unwrap_err().to_string();
    assert!(errors.contains("belong to a red flag raised by the harm estimate"), "{errors}");
}
