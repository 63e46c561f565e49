//! What a command pays before it scores anything: loading the built-in
//! rubrics (all of them, or the one a command names), the built-in corpus,
//! and the in-memory exemplar index; then matching: every exemplar scored
//! against its question's rubric (analysis, cue matching, totals), the
//! work each row of a batch does.
#![allow(missing_docs)] // criterion_group! generates undocumented items.

use assay_index::ExemplarIndex;
use assay_score::{Corpus, PrecompiledCues, RubricSet, Scorer};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn startup(c: &mut Criterion) {
    let data = assay_cli::builtin();
    let mut group = c.benchmark_group("startup");
    group.sample_size(20);
    group.bench_function("all-rubrics", |b| {
        b.iter(|| RubricSet::load(&data.concepts, &data.questions).unwrap());
    });
    // What `assay score -q ID` compiles: one question and the library
    // entries it uses, its cues read from the table made when `assay` was
    // built ("one-rubric"), or compiled anew ("one-rubric-parsed").
    let only = ["suicidal-thoughts"];
    group.bench_function("one-rubric", |b| {
        b.iter(|| {
            RubricSet::load_only(&data.concepts, &data.questions, &only, data.precompiled).unwrap()
        });
    });
    group.bench_function("one-rubric-parsed", |b| {
        b.iter(|| {
            let none = PrecompiledCues::default();
            RubricSet::load_only(&data.concepts, &data.questions, &only, none).unwrap()
        });
    });
    let rubrics = RubricSet::load(&data.concepts, &data.questions).unwrap();
    group.bench_function("corpus", |b| b.iter(|| Corpus::load(&data.corpus, &rubrics).unwrap()));
    let corpus = Corpus::load(&data.corpus, &rubrics).unwrap();
    group.bench_function("index-in-ram", |b| b.iter(|| ExemplarIndex::in_ram(&corpus)));
    group.bench_function("everything", |b| b.iter(|| data.load().unwrap()));
    group.finish();
}

fn matching(c: &mut Criterion) {
    let loaded = assay_cli::builtin().load().expect("built-in data");
    let answers: Vec<_> = (loaded.corpus.exemplars.iter())
        .map(|e| (loaded.rubrics.get(&e.question).unwrap(), e.text.as_str()))
        .collect();
    let mut scorer = Scorer::new();
    let mut group = c.benchmark_group("matching");
    group.throughput(Throughput::Elements(answers.len() as u64));
    group.bench_function("every-exemplar-scored", |b| {
        b.iter(|| {
            answers.iter().map(|(rubric, text)| scorer.score(rubric, text).total).sum::<f64>()
        });
    });
    group.finish();
}

criterion_group!(benches, startup, matching);
criterion_main!(benches);
