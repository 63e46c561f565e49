//! A command about one question compiles only that question of the built-in
//! set (and the library entries it uses). What it scores, and what
//! `assay questions` lists, must be exactly what the whole set gives.

use assay_cli::builtin;
use assay_index::ExemplarIndex;
use assay_score::Scorer;

const ANSWERS: [&str; 3] = [
    "I would listen carefully and ask what they need. If they were at risk I would stay with \
     them and call the crisis line, be honest that I cannot keep it secret, and check in the \
     next day.",
    "I'd tell them what to do and keep it between us; I would never judge them though.",
    "When I was in recovery myself, someone sat with me without rushing. I try to do the same, \
     reflect back what I hear and respect their choices.",
];

#[test]
fn one_question_loaded_alone_scores_as_in_the_whole_set() {
    let data = builtin();
    let whole = data.load().expect("the built-in set loads");
    let whole_index = ExemplarIndex::in_ram(&whole.corpus);
    let mut scorer = Scorer::new();
    for rubric in whole.rubrics.rubrics() {
        let alone = data.load_for(Some(&[rubric.id.as_str()])).expect("one question loads");
        assert_eq!(alone.rubrics.fingerprint(), whole.rubrics.fingerprint());
        assert_eq!(alone.corpus.exemplars.len(), whole.corpus.exemplars.len());
        let only = alone.rubrics.get(&rubric.id).expect("the asked question is compiled");
        assert_eq!(alone.rubrics.rubrics().count(), 1, "{}: only it is compiled", rubric.id);
        let index = ExemplarIndex::in_ram(&alone.corpus);
        for answer in ANSWERS {
            let expected =
                scorer.score_with(rubric, answer, None, |a| whole_index.evidence(rubric, a));
            let found = scorer.score_with(only, answer, None, |a| index.evidence(only, a));
            assert_eq!(format!("{found:?}"), format!("{expected:?}"), "{}", rubric.id);
        }
    }
}

#[test]
fn questions_left_out_are_still_listed_and_suggested() {
    let data = builtin();
    let whole = data.load().expect("the built-in set loads");
    let none = data.load_for(Some(&[])).expect("the library loads");
    assert_eq!(none.rubrics.rubrics().count(), 0);
    assert_eq!(none.rubrics.outlines(), whole.rubrics.outlines());
    assert!(none.rubrics.is_left_out("suicidal-thoughts"));
    assert_eq!(none.rubrics.suggest("suicidl-thoughts"), whole.rubrics.suggest("suicidl-thoughts"));
}

#[test]
fn a_trainer_folder_is_always_checked_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = builtin();
    let broken = data.questions.iter().position(|f| f.stem() == "note-taking").unwrap();
    let text =
        data.questions[broken].text.replace("[[concepts]]", "[[concepts]]\nweight = \"two\"");
    data.questions[broken] = assay_score::SourceFile::new(
        dir.path().join("note-taking.toml").display().to_string(),
        text,
    );
    data.checked = false;
    let error = data.load_for(Some(&["suicidal-thoughts"])).expect_err("the broken file is found");
    assert!(error.to_string().contains("note-taking.toml"), "{error}");
}
