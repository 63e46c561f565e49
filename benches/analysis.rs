//! Analysis throughput on exemplar-like text: the built-in corpus answers,
//! analysed one after another with a warm stem cache (as in a batch run),
//! and once with a cold cache (the first answer a thread sees); and the
//! one answer closest to 150 words (the batch target's average) on its own.

#![allow(missing_docs)] // criterion_group! generates undocumented items.

use std::fs;
use std::path::Path;

use assay_text::Analyzer;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// Every exemplar text in `corpus/`, read with a plain scan for the
/// `text = """..."""` blocks (the bench must not depend on the scorer).
fn exemplar_texts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let mut paths: Vec<_> = fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.expect("corpus entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    let mut texts = Vec::new();
    for path in paths {
        let file = fs::read_to_string(&path).expect("corpus file");
        for block in file.split("text = \"\"\"").skip(1) {
            let text = block.split("\"\"\"").next().unwrap_or_default();
            texts.push(text.trim().to_owned());
        }
    }
    assert!(!texts.is_empty(), "no exemplars found in {}", dir.display());
    texts
}

fn analysis(c: &mut Criterion) {
    let texts = exemplar_texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("analysis");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("corpus-warm-cache", |b| {
        let mut analyzer = Analyzer::new();
        b.iter(|| {
            let tokens: usize = texts.iter().map(|t| analyzer.analyze(t).tokens.len()).sum();
            assert!(tokens > 0);
            tokens
        });
    });
    group.bench_function("corpus-cold-cache", |b| {
        b.iter(|| {
            let mut analyzer = Analyzer::new();
            let tokens: usize = texts.iter().map(|t| analyzer.analyze(t).tokens.len()).sum();
            assert!(tokens > 0);
            tokens
        });
    });
    group.finish();

    let words = |t: &String| t.split_whitespace().count();
    let answer = texts.iter().min_by_key(|t| words(t).abs_diff(150)).expect("texts");
    let mut group = c.benchmark_group("analysis");
    group.throughput(Throughput::Bytes(answer.len() as u64));
    let mut analyzer = Analyzer::new();
    analyzer.analyze(answer);
    group.bench_function(format!("one-answer-{}-words-warm-cache", words(answer)), |b| {
        b.iter(|| analyzer.analyze(answer).tokens.len());
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = analysis
}
criterion_main!(benches);
