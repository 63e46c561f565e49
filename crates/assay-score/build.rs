//! Compiles the learned models into binary tables in `OUT_DIR`, so that
//! loading them costs no text or float parsing at run time. Numbers are
//! little-endian; a string is a u32 length and its UTF-8 bytes; an n-gram's
//! key is `src/ngram_key.rs`'s. The check examples stay in the text files,
//! for the tests.
//!
//! - `model/harm-ngrams.tsv` (written by `scripts/harm_model.py --write`)
//!   becomes `harm-model.bin`: `n_max` u32, bias f64, question count u32
//!   and each question id, then the n-gram count u32 and per n-gram its key
//!   u64, idf f64 and weight f64.
//! - `model/concept-ngrams.tsv` (written by `scripts/concept_model.py
//!   --write`) becomes `concept-model.bin`: `n_max` u32, concept count k
//!   u32 and each concept id, k biases f64, k thresholds f64, then the
//!   n-gram count u32 and per n-gram its key u64, idf f64 and k weights
//!   f64.

use std::path::{Path, PathBuf};
use std::{env, fs};

#[path = "src/ngram_key.rs"]
mod ngram_key;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    println!("cargo:rerun-if-changed=src/ngram_key.rs");
    compile(&manifest.join("model/harm-ngrams.tsv"), &out.join("harm-model.bin"), harm_header);
    compile(
        &manifest.join("model/concept-ngrams.tsv"),
        &out.join("concept-model.bin"),
        concept_header,
    );
}

/// Writes the model in `source` to `target`: what `header` makes of the
/// lines before the n-grams (it returns how many numbers follow each
/// n-gram), then the n-grams.
fn compile(
    source: &Path,
    target: &Path,
    header: fn(&str, &mut std::str::Lines<'_>, &mut Vec<u8>) -> usize,
) {
    println!("cargo:rerun-if-changed={}", source.display());
    let name = source.file_name().unwrap().to_string_lossy().into_owned();
    let text = fs::read_to_string(source).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut lines = text.lines();
    let mut out = Vec::new();
    let numbers = header(&name, &mut lines, &mut out);
    let mut terms = Vec::new();
    for (number, line) in lines.enumerate() {
        if line.starts_with("#example\t") {
            continue;
        }
        let mut fields = line.split('\t');
        let ngram = fields.next().unwrap();
        let key = ngram_key::ngram_key(ngram.split(' ').map(ngram_key::token_hash));
        let values: Vec<f64> = fields
            .map(|f| f.parse().unwrap_or_else(|_| panic!("{name}: n-gram {number}: {f:?}")))
            .collect();
        assert_eq!(values.len(), numbers, "{name}: n-gram {number} ({ngram:?}): wrong field count");
        terms.push((key, values));
    }
    out.extend_from_slice(&(terms.len() as u32).to_le_bytes());
    for (key, values) in terms {
        out.extend_from_slice(&key.to_le_bytes());
        values.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    }
    fs::write(target, out).expect("OUT_DIR is writable");
}

/// The first line's fields after `magic` and version 1, checked to be
/// `count` of them; the first is `n_max`, written to `out`.
fn first_line<'a>(
    name: &str,
    lines: &mut std::str::Lines<'a>,
    magic: &str,
    count: usize,
    out: &mut Vec<u8>,
) -> Vec<&'a str> {
    let header: Vec<&str> = lines.next().expect("a header line").split('\t').collect();
    assert!(
        header.len() == count + 2 && header[0] == magic && header[1] == "1",
        "{name}: unknown header {header:?}"
    );
    let n_max: u32 = header[2].parse().expect("n_max is a whole number");
    out.extend_from_slice(&n_max.to_le_bytes());
    header[2..].to_vec()
}

/// The harm model's header lines; each n-gram has an idf and a weight.
fn harm_header(name: &str, lines: &mut std::str::Lines<'_>, out: &mut Vec<u8>) -> usize {
    let fields = first_line(name, lines, "assay-harm-ngrams", 2, out);
    let bias: f64 = fields[1].parse().expect("bias is a number");
    let questions = tagged(name, lines, "#questions");
    out.extend_from_slice(&bias.to_le_bytes());
    strings(&questions, out);
    2
}

/// The concept model's header lines; each n-gram has an idf and a weight
/// per concept.
fn concept_header(name: &str, lines: &mut std::str::Lines<'_>, out: &mut Vec<u8>) -> usize {
    first_line(name, lines, "assay-concept-ngrams", 1, out);
    let concepts = tagged(name, lines, "#concepts");
    let mut numbers = |tag| -> Vec<f64> {
        let values = tagged(name, lines, tag);
        values.iter().map(|v| v.parse().expect("a number")).collect()
    };
    let bias = numbers("#bias");
    let thresholds = numbers("#threshold");
    assert!(bias.len() == concepts.len() && thresholds.len() == concepts.len());
    strings(&concepts, out);
    bias.iter().chain(&thresholds).for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
    concepts.len() + 1
}

/// The fields after `tag` on the next line.
fn tagged<'a>(name: &str, lines: &mut std::str::Lines<'a>, tag: &str) -> Vec<&'a str> {
    let line = lines.next().unwrap_or_default();
    let fields = line.strip_prefix(tag).and_then(|rest| rest.strip_prefix('\t'));
    fields
        .unwrap_or_else(|| panic!("{name}: expected a {tag} line, found {line:?}"))
        .split('\t')
        .collect()
}

/// A count u32, then each string.
fn strings(strings: &[&str], out: &mut Vec<u8>) {
    out.extend_from_slice(&(strings.len() as u32).to_le_bytes());
    for s in strings {
        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
        out.extend_from_slice(s.as_bytes());
    }
}
