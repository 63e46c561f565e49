//! The semantic matcher: concepts earned by words close to their example
//! sentences, negation respected, counter-examples holding back near
//! misses, red flags only resembled, and example sentences validated when
//! the rubric loads.

use assay_score::{RubricSet, Scorer, SourceFile};

const FOLLOW_UP: &str = r#"
id = "follow-up"
name = "Follow-up"
weight = 1
cues = ["follow up"]
examples = [
  "I rang him the next morning to see how the appointment went.",
  "I would call her back in a couple of days to check how things were going.",
]
counter-examples = ["I followed the policy on record keeping to the letter."]
guidance = "Say how you would stay in touch."
praise = "You planned to stay in touch."
"#;

fn question(red_flag_examples: &str) -> SourceFile {
    SourceFile::new(
        "questions/after.toml",
        format!(
            r#"
id = "after"
question = "What do you do after a hard conversation?"
source = "a.txt#1"
detail-words = 0
[[concepts]]
use = "follow-up"
[[red-flags]]
id = "promises-secrecy"
name = "Promises secrecy"
cues = ["promise ... secret"]
{red_flag_examples}
cap = 20
warning = "w"
[[levels]]
name = "low"
min = 0
[[levels]]
name = "high"
min = 50
"#
        ),
    )
}

/// The test rubrics, without the learned concept estimate (which knows
/// follow-up too): these tests are about the semantic matcher.
fn rubrics(red_flag_examples: &str) -> RubricSet {
    let concept = SourceFile::new("concepts/follow-up.toml", FOLLOW_UP);
    RubricSet::load(&[concept], &[question(red_flag_examples)]).unwrap().without_concept_estimate()
}

/// `rubrics` with the semantic matcher on.
fn matched(red_flag_examples: &str) -> RubricSet {
    rubrics(red_flag_examples).with_semantic_matcher()
}

const PARAPHRASE: &str = "The next day I phoned her to find out how the appointment had gone.";

#[test]
fn a_paraphrase_earns_the_concept_only_with_the_matcher_on_and_says_which_example() {
    let off = rubrics("");
    assert!(!Scorer::new().score(off.get("after").unwrap(), PARAPHRASE).concepts[0].hit());
    let on = matched("");
    let score = Scorer::new().score(on.get("after").unwrap(), PARAPHRASE);
    let concept = &score.concepts[0];
    assert!(concept.hit(), "{concept:?}");
    let evidence = &concept.evidence[0];
    let similarity = evidence.similarity.expect("a semantic match carries its similarity");
    assert!(similarity >= assay_score::DEFAULT_CONCEPT_THRESHOLD);
    assert_eq!(evidence.cue, "I rang him the next morning to see how the appointment went.");
    assert!(!evidence.negated);
    assert_eq!(score.total, 100.0);
}

#[test]
fn a_negated_paraphrase_earns_nothing() {
    let on = matched("");
    let answer = "I would never phone her the next day to find out how the appointment had gone.";
    let concept = &Scorer::new().score(on.get("after").unwrap(), answer).concepts[0];
    assert!(!concept.hit(), "{concept:?}");
}

#[test]
fn unrelated_words_and_near_misses_earn_nothing() {
    let on = matched("");
    let rubric = on.get("after").unwrap();
    for answer in [
        "The printer on the second floor has run out of toner again.",
        "I followed the policy on record keeping exactly.",
    ] {
        assert!(!Scorer::new().score(rubric, answer).concepts[0].hit(), "{answer}");
    }
}

#[test]
fn red_flag_examples_mark_an_answer_for_review_without_capping_it() {
    let on =
        matched(r#"examples = ["I told him whatever he says stays just between the two of us."]"#)
            .with_red_flag_resemblance();
    let answer = "I said that whatever he told me would stay between the two of us. I rang him the next morning to see how it went.";
    let score = Scorer::new().score(on.get("after").unwrap(), answer);
    assert!(score.red_flags.is_empty());
    assert_eq!(score.resembles.len(), 1, "{:?}", score.resembles);
    assert_eq!(score.resembles[0].id, "promises-secrecy");
    assert_eq!(score.total, 100.0);
}

#[test]
fn the_same_answer_gives_the_same_score_every_time() {
    let on = matched("");
    let rubric = on.get("after").unwrap();
    let first = Scorer::new().score(rubric, PARAPHRASE);
    for _ in 0..3 {
        assert_eq!(Scorer::new().score(rubric, PARAPHRASE), first);
    }
}

#[test]
fn bad_examples_are_rejected_with_a_message_a_trainer_can_act_on() {
    let concept = FOLLOW_UP
        .replace("I rang him the next morning to see how the appointment went.", "ring back")
        .replace("name = \"Follow-up\"", "name = \"Follow-up\"\nexample-threshold = 1.5")
        .replace(
            "counter-examples = [",
            "counter-examples = [\"I would call her back in a couple of days to check how things were going.\", ",
        );
    let errors =
        RubricSet::load(&[SourceFile::new("concepts/follow-up.toml", concept)], &[question("")])
            .unwrap_err()
            .to_string();
    assert!(errors.contains("`ring back` is too short"), "{errors}");
    assert!(errors.contains("is written twice"), "{errors}");
    assert!(errors.contains("example-threshold must be above 0 and below 1"), "{errors}");
    assert!(errors.contains("concepts/follow-up.toml"), "{errors}");
}

#[test]
fn an_example_nearer_another_concept_is_reported_as_confusable() {
    let listening = SourceFile::new(
        "concepts/listening.toml",
        r#"
id = "listening"
name = "Listening"
weight = 1
cues = ["listen"]
examples = [
  "I let her talk for as long as she needed without cutting in.",
  "I would ring him the next day to see how the appointment went.",
]
guidance = "g"
praise = "p"
"#,
    );
    let concept = SourceFile::new("concepts/follow-up.toml", FOLLOW_UP);
    let question = question("")
        .text
        .replace("use = \"follow-up\"", "use = \"follow-up\"\n[[concepts]]\nuse = \"listening\"");
    let listening_text = listening.text.clone();
    let rubrics = RubricSet::load(
        &[concept, listening],
        &[SourceFile::new("questions/after.toml", question)],
    )
    .unwrap();
    let confusable = assay_score::confusable_examples(&rubrics);
    let misplaced = confusable
        .iter()
        .find(|c| c.example == "I would ring him the next day to see how the appointment went.")
        .expect("the follow-up sentence written under listening is reported");
    assert_eq!((misplaced.concept.as_str(), misplaced.other.as_str()), ("listening", "follow-up"));
    assert_eq!(misplaced.file, "concepts/listening");
    assert_eq!(misplaced.site.path, "concepts/listening.toml");
    assert_eq!(
        &listening_text[misplaced.site.span.clone()],
        "\"I would ring him the next day to see how the appointment went.\""
    );
    assert!(misplaced.similarity > misplaced.own);
}

#[test]
fn a_concept_its_cues_earn_in_full_is_not_compared_with_its_examples() {
    let rubrics = matched("");
    let answer =
        "I would follow up. The next day I phoned her to find out how the appointment had gone.";
    let concept = &Scorer::new().score(rubrics.get("after").unwrap(), answer).concepts[0];
    assert_eq!(concept.strength, 1.0);
    assert!(concept.evidence.iter().all(|e| e.similarity.is_none()), "{:?}", concept.evidence);
}

#[test]
fn each_matcher_counts_points_in_full_at_its_own_words_unless_the_question_says() {
    let library = SourceFile::new("concepts/follow-up.toml", FOLLOW_UP);
    let unset = question("").text.replace("detail-words = 0\n", "");
    let unset = SourceFile::new("questions/after.toml", unset);
    let cues =
        RubricSet::load(std::slice::from_ref(&library), std::slice::from_ref(&unset)).unwrap();
    assert_eq!(cues.get("after").unwrap().detail_words, assay_score::FULL_DETAIL_WORDS);
    let both = cues.clone().with_semantic_matcher();
    assert_eq!(both.get("after").unwrap().detail_words, assay_score::SEMANTIC_DETAIL_WORDS);
    let both = both.without_concept_estimate();
    assert_eq!(both.get("after").unwrap().detail_words, assay_score::SEMANTIC_DETAIL_WORDS);
    let alone = cues.without_concept_estimate();
    assert_eq!(alone.get("after").unwrap().detail_words, assay_score::CUE_DETAIL_WORDS);
    let written = matched("");
    assert_eq!(
        written.get("after").unwrap().detail_words,
        0,
        "a question's own detail-words stays"
    );
}

#[test]
fn resembled_red_flags_are_listed_only_when_asked_for() {
    let examples =
        r#"examples = ["I told him whatever he says stays just between the two of us."]"#;
    let answer = "I said that whatever he told me would stay between the two of us.";
    let plain = matched(examples);
    assert!(Scorer::new().score(plain.get("after").unwrap(), answer).resembles.is_empty());
    let asked = matched(examples).with_red_flag_resemblance();
    assert_eq!(Scorer::new().score(asked.get("after").unwrap(), answer).resembles.len(), 1);
}

#[test]
fn a_sentence_that_raises_a_red_flag_earns_no_concept_by_resemblance() {
    let rubrics = matched("");
    let rubric = rubrics.get("after").unwrap();
    let answer = "I promise it stays secret, and the next day I phoned her to find out how the appointment had gone.";
    let score = Scorer::new().score(rubric, answer);
    assert_eq!(score.red_flags.len(), 1, "{:?}", score.red_flags);
    assert!(!score.concepts[0].hit(), "{:?}", score.concepts[0]);
    let apart = "I promise it stays secret. The next day I phoned her to find out how the appointment had gone.";
    assert!(Scorer::new().score(rubric, apart).concepts[0].hit());
}
