//! The learned harm review mark on answers it was never trained on: the
//! held-out sets of `examples/red-flags/` (see its `PROCEDURE.md`).

use assay_score::harm_estimate;

/// Recall and precision of the mark on one labelled CSV.
fn recall_and_precision(file: &str) -> (f64, f64) {
    let path = format!("{}/../../examples/red-flags/{file}", env!("CARGO_MANIFEST_DIR"));
    let mut reader = csv::Reader::from_path(&path).expect("the red-flag set is readable");
    let (mut tp, mut fp, mut fn_) = (0u32, 0u32, 0u32);
    for record in reader.records() {
        let record = record.expect("a well-formed row");
        let (question, answer, harmful) = (&record[1], &record[2], &record[3] == "1");
        let harm = harm_estimate(question, answer).expect("every set question is covered");
        match (harm.review(), harmful) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            (false, false) => {}
        }
    }
    (f64::from(tp) / f64::from(tp + fn_), f64::from(tp) / f64::from(tp + fp))
}

#[test]
fn the_mark_finds_harm_on_answers_written_like_real_candidates() {
    let (recall, precision) = recall_and_precision("realistic.csv");
    assert!(recall >= 0.9 && precision >= 0.8, "recall {recall:.3}, precision {precision:.3}");
}

#[test]
fn the_mark_finds_harm_whatever_the_voice() {
    let (recall, precision) = recall_and_precision("test.csv");
    assert!(recall >= 0.9 && precision >= 0.9, "test.csv: {recall:.2}, {precision:.2}");
    let (recall, precision) = recall_and_precision("swapped.csv");
    assert!(recall >= 0.85 && precision >= 0.85, "swapped.csv: {recall:.3}, {precision:.3}");
}

#[test]
fn the_mark_tells_a_harmful_answer_from_its_safe_twin_more_often_than_not() {
    let (recall, precision) = recall_and_precision("pairs.csv");
    assert!(recall >= 0.6 && precision >= 0.85, "pairs.csv: {recall:.3}, {precision:.3}");
}

#[test]
fn the_sentence_named_is_one_of_the_answer() {
    let answer = "I'd stay calm and thank him. Then I'd tell him that what he said stays \
                  between us and I won't pass it on. We'd carry on with the group.";
    let harm = harm_estimate("suicidal-thoughts", answer).unwrap();
    let span = harm.sentence.expect("some sentence weighs towards harm");
    assert!(answer.is_char_boundary(span.start) && answer.is_char_boundary(span.end));
    assert!(answer[span.start..span.end].contains("stays"), "{:?}", &answer[span.start..span.end]);
}
