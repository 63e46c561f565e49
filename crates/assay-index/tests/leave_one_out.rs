//! Question identification, measured: leave-one-out on the built-in corpus
//! (each exemplar removed from the index, then matched), and the bundled
//! sample of candidate answers, which no index or rubric was tuned on.
//! `cargo test -p assay-index --release --test leave_one_out -- --nocapture`
//! prints the figures.

use std::path::Path;

use assay_cli::{builtin, Loaded};
use assay_index::{ExemplarIndex, QuestionMatch};
use assay_score::{score_analysis, Corpus, Rubric};
use assay_text::{Analysis, Analyzer};

/// Whether scoring `analysis` against `rubric` with `index` calls it off
/// topic (the scorer clears the index's flag for answers that do well on
/// the rubric).
fn scored_off_topic(rubric: &Rubric, analysis: &Analysis, index: &ExemplarIndex) -> bool {
    let evidence = index.evidence(rubric, analysis);
    let score = score_analysis(rubric, analysis, Some(evidence));
    score.exemplars.is_some_and(|e| e.off_topic.is_some())
}

/// Share of `cases` whose question is first, and among the first three.
#[derive(Default)]
struct Accuracy {
    top1: u32,
    top3: u32,
    total: u32,
}

impl Accuracy {
    fn add(&mut self, truth: &str, matches: &[QuestionMatch]) {
        self.total += 1;
        self.top1 += u32::from(matches.first().is_some_and(|m| m.question == truth));
        self.top3 += u32::from(matches.iter().take(3).any(|m| m.question == truth));
    }

    fn rates(&self) -> (f64, f64) {
        let n = f64::from(self.total);
        (f64::from(self.top1) / n, f64::from(self.top3) / n)
    }

    fn line(&self) -> String {
        let (top1, top3) = self.rates();
        format!("top-1 {top1:.3}, top-3 {top3:.3} (n = {})", self.total)
    }
}

fn loaded() -> Loaded {
    builtin().load().unwrap()
}

#[test]
fn held_out_exemplars_are_matched_to_their_question() {
    let loaded = loaded();
    let corpus = &loaded.corpus;
    let questions: Vec<&str> = loaded.rubrics.rubrics().map(|r| r.id.as_str()).collect();
    let mut analyzer = Analyzer::new();
    let (mut index_only, mut with_rubrics, mut on_target) =
        (Accuracy::default(), Accuracy::default(), Accuracy::default());
    let (mut false_flags, mut good_answers, mut caught) = (0, 0, 0);
    for (i, held_out) in corpus.exemplars.iter().enumerate() {
        let mut rest = corpus.exemplars.clone();
        rest.remove(i);
        let index = ExemplarIndex::in_ram(&Corpus { exemplars: rest });
        let analysis = analyzer.analyze(&held_out.text);
        index_only.add(&held_out.question, &index.match_questions(&analysis, 3));
        let combined = index.match_with_rubrics(&analysis, &loaded.rubrics, 3);
        with_rubrics.add(&held_out.question, &combined);
        if held_out.harmful || held_out.level == "poor" {
            continue;
        }
        on_target.add(&held_out.question, &combined);
        good_answers += 1;
        let rubric = loaded.rubrics.get(&held_out.question).unwrap();
        false_flags += u32::from(scored_off_topic(rubric, &analysis, &index));
        // The same answer given to a question half the list away.
        let own = questions.iter().position(|q| *q == held_out.question).unwrap();
        let wrong = questions[(own + questions.len() / 2) % questions.len()];
        caught +=
            u32::from(scored_off_topic(loaded.rubrics.get(wrong).unwrap(), &analysis, &index));
    }
    #[allow(clippy::print_stderr)]
    {
        eprintln!("leave-one-out, index only:        {}", index_only.line());
        eprintln!("leave-one-out, index and rubrics: {}", with_rubrics.line());
        eprintln!("  developing-or-better only:      {}", on_target.line());
        eprintln!("off-topic flag on its own question: {false_flags} of {good_answers}");
        eprintln!("off-topic flag on another question: {caught} of {good_answers}");
    }
    // Floors just under the figures measured when this test was written
    // (see the closing note of the index issue).
    assert!(index_only.rates().0 >= 0.35 && index_only.rates().1 >= 0.58, "{}", index_only.line());
    assert!(
        with_rubrics.rates().0 >= 0.55 && with_rubrics.rates().1 >= 0.72,
        "{}",
        with_rubrics.line()
    );
    assert_eq!(false_flags, 0, "a good answer to the asked question was called off topic");
    // Was 0.3 (43 of 144) before one cue earned a whole concept: answers to
    // other questions now reach the second level of the asked question's
    // rubric more often, and such an answer is never called off topic.
    assert!(f64::from(caught) / f64::from(good_answers) >= 0.18, "caught {caught}");
}

#[test]
fn sample_candidate_answers_are_matched_to_their_question() {
    let loaded = loaded();
    let index = ExemplarIndex::in_ram(&loaded.corpus);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/candidates.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let mut analyzer = Analyzer::new();
    let (mut index_only, mut with_rubrics) = (Accuracy::default(), Accuracy::default());
    for row in reader.records() {
        let row = row.unwrap();
        let (question, answer) = (&row[1], &row[2]);
        let analysis = analyzer.analyze(answer);
        index_only.add(question, &index.match_questions(&analysis, 3));
        with_rubrics.add(question, &index.match_with_rubrics(&analysis, &loaded.rubrics, 3));
    }
    #[allow(clippy::print_stderr)]
    {
        eprintln!("examples/candidates.csv, index only:        {}", index_only.line());
        eprintln!("examples/candidates.csv, index and rubrics: {}", with_rubrics.line());
    }
    // Floors just under the figures measured when this test was written.
    assert!(index_only.rates().0 >= 0.65 && index_only.rates().1 >= 0.80, "{}", index_only.line());
    // Top-1 was 0.68 before one cue earned a whole concept (0.654 after).
    assert!(
        with_rubrics.rates().0 >= 0.63 && with_rubrics.rates().1 >= 0.77,
        "{}",
        with_rubrics.line()
    );
}
