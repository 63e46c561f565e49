//! A 10,000-row batch: generated answers scored in parallel the way
//! `assay batch` does (rayon, rows in question order so a worker meets one
//! rubric's cues many times in a row), on 1 and 2 threads side by side, and
//! once in input order to show what that grouping is worth.
#![allow(missing_docs)] // criterion_group! generates undocumented items.

use assay_benches::{AnswerGenerator, Rng};
use assay_score::Scorer;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rayon::prelude::*;

const ROWS: usize = 10_000;

fn batch(c: &mut Criterion) {
    let loaded = assay_cli::builtin().load().expect("built-in data");
    let generator = AnswerGenerator::new(&loaded.corpus);
    let mut rng = Rng::new(7);
    let rows: Vec<(String, String)> = (0..ROWS).map(|_| generator.answer(&mut rng)).collect();
    let mut grouped = rows.clone();
    grouped.sort_by(|a, b| a.0.cmp(&b.0));
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.throughput(Throughput::Elements(ROWS as u64));
    let runs = [(1, &grouped, ""), (2, &grouped, ""), (1, &rows, "-input-order")];
    for (threads, rows, order) in runs {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        group.bench_function(format!("10k-rows-{threads}-threads{order}"), |b| {
            b.iter(|| {
                let total: f64 = pool.install(|| {
                    rows.par_iter()
                        .map_init(Scorer::new, |scorer, (question, answer)| {
                            scorer.score(loaded.rubrics.get(question).unwrap(), answer).total
                        })
                        .sum()
                });
                assert!(total > 0.0);
                total
            });
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = batch
}
criterion_main!(benches);
