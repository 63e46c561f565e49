//! The exemplar index: building it in memory from the built-in corpus (done
//! at every start-up of `assay score` and `assay match`), a nearest-exemplar
//! query, and scoring one answer with and without the index, side by side.

#![allow(missing_docs)] // criterion_group! generates undocumented items.

use assay_index::ExemplarIndex;
use assay_score::Scorer;
use assay_text::Analyzer;
use criterion::{criterion_group, criterion_main, Criterion};

fn index(c: &mut Criterion) {
    let loaded = assay_cli::builtin().load().expect("built-in data");
    let corpus = &loaded.corpus;
    let answer = &corpus.exemplars.iter().find(|e| e.level == "proficient").expect("exemplar").text;
    let question = &corpus.exemplars.iter().find(|e| e.level == "proficient").unwrap().question;
    let rubric = loaded.rubrics.get(question).unwrap();

    c.bench_function("index/build-in-ram", |b| {
        b.iter(|| {
            let index = ExemplarIndex::in_ram(corpus);
            assert_eq!(index.len(), corpus.exemplars.len());
            index
        });
    });
    let index = ExemplarIndex::in_ram(corpus);
    let analysis = Analyzer::new().analyze(answer);
    c.bench_function("index/nearest-3-of-question", |b| {
        b.iter(|| {
            let found = index.nearest(&analysis, 3, Some(question));
            assert!(!found.is_empty());
            found
        });
    });
    c.bench_function("index/match-questions", |b| {
        b.iter(|| index.match_with_rubrics(&analysis, &loaded.rubrics, 3));
    });
    let mut scorer = Scorer::new();
    c.bench_function("score/one-answer", |b| b.iter(|| scorer.score(rubric, answer)));
    c.bench_function("score/one-answer-with-index", |b| {
        b.iter(|| scorer.score_with(rubric, answer, None, |a| index.evidence(rubric, a)));
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = index
}
criterion_main!(benches);
