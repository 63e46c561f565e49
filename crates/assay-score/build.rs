//! Compiles the harm model (`model/harm-ngrams.tsv`, written by
//! `scripts/harm_model.py --write`) into a binary table in `OUT_DIR`, so
//! that loading it costs no text or float parsing at run time. Layout,
//! little-endian: `n_max` u32, bias f64, question count u32, then each
//! question id as a u32 length and UTF-8 bytes, then the n-gram count u32,
//! then per n-gram its key u64 (see `src/harm_key.rs`), idf f64 and
//! weight f64. The check examples stay in the text file, for the tests.

use std::path::PathBuf;
use std::{env, fs};

#[path = "src/harm_key.rs"]
mod harm_key;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let source = manifest.join("model/harm-ngrams.tsv");
    println!("cargo:rerun-if-changed={}", source.display());
    println!("cargo:rerun-if-changed=src/harm_key.rs");
    let text = fs::read_to_string(&source).expect("model/harm-ngrams.tsv is readable");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header line").split('\t').collect();
    assert!(
        header.len() == 4 && header[0] == "assay-harm-ngrams" && header[1] == "1",
        "model/harm-ngrams.tsv: unknown header {header:?}"
    );
    let n_max: u32 = header[2].parse().expect("n_max is a whole number");
    let bias: f64 = header[3].parse().expect("bias is a number");
    let questions: Vec<&str> = lines
        .next()
        .and_then(|l| l.strip_prefix("#questions\t"))
        .expect("line 2 lists the questions")
        .split('\t')
        .collect();
    let mut out = Vec::new();
    out.extend_from_slice(&n_max.to_le_bytes());
    out.extend_from_slice(&bias.to_le_bytes());
    out.extend_from_slice(&(questions.len() as u32).to_le_bytes());
    for question in &questions {
        out.extend_from_slice(&(question.len() as u32).to_le_bytes());
        out.extend_from_slice(question.as_bytes());
    }
    let mut terms = Vec::new();
    for (number, line) in lines.enumerate().map(|(i, l)| (i + 3, l)) {
        if line.starts_with("#example\t") {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [ngram, idf, weight] = fields[..] else {
            panic!("model/harm-ngrams.tsv:{number}: expected n-gram, idf and weight");
        };
        let key = harm_key::ngram_key(ngram.split(' ').map(harm_key::token_hash));
        let idf: f64 = idf.parse().expect("idf is a number");
        let weight: f64 = weight.parse().expect("weight is a number");
        terms.push((key, idf, weight));
    }
    out.extend_from_slice(&(terms.len() as u32).to_le_bytes());
    for (key, idf, weight) in terms {
        out.extend_from_slice(&key.to_le_bytes());
        out.extend_from_slice(&idf.to_le_bytes());
        out.extend_from_slice(&weight.to_le_bytes());
    }
    let target = PathBuf::from(env::var("OUT_DIR").unwrap()).join("harm-model.bin");
    fs::write(target, out).expect("OUT_DIR is writable");
}
