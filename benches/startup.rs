//! What a command pays before it scores anything: loading the built-in
//! rubrics (all of them, or the one a command names), the built-in corpus,
//! and the in-memory exemplar index.
#![allow(missing_docs)] // criterion_group! generates undocumented items.

use assay_index::ExemplarIndex;
use assay_score::{Corpus, RubricSet};
use criterion::{criterion_group, criterion_main, Criterion};

fn startup(c: &mut Criterion) {
    let data = assay_cli::builtin();
    let mut group = c.benchmark_group("startup");
    group.sample_size(20);
    group.bench_function("all-rubrics", |b| {
        b.iter(|| RubricSet::load(&data.concepts, &data.questions).unwrap());
    });
    group.bench_function("library-only", |b| {
        b.iter(|| RubricSet::load(&data.concepts, &[]).unwrap())
    });
    let one: Vec<_> =
        data.questions.iter().filter(|f| f.stem() == "suicidal-thoughts").cloned().collect();
    group.bench_function("one-rubric", |b| {
        b.iter(|| RubricSet::load(&data.concepts, &one).unwrap())
    });
    let rubrics = RubricSet::load(&data.concepts, &data.questions).unwrap();
    group.bench_function("corpus", |b| b.iter(|| Corpus::load(&data.corpus, &rubrics).unwrap()));
    let corpus = Corpus::load(&data.corpus, &rubrics).unwrap();
    group.bench_function("index-in-ram", |b| b.iter(|| ExemplarIndex::in_ram(&corpus)));
    group.bench_function("everything", |b| b.iter(|| data.load().unwrap()));
    group.finish();
}

criterion_group!(benches, startup);
criterion_main!(benches);
