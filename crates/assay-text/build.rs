//! Stems, at build time, every plain word of the repository's rubrics and
//! model answers (`../../rubrics`, `../../corpus`), and writes them to
//! `OUT_DIR/known_stems.rs` as a table sorted by word. [`StemCache`] looks
//! a word up there before running the Snowball stemmer: compiling the
//! built-in rubrics and indexing their model answers stems about 4,000
//! distinct words, a tenth of `assay score`'s start-up.
//!
//! The table holds the same stemmer's output (the same `rust-stemmers`
//! version, pinned by `Cargo.lock`), so a word found there gets the stem it
//! would get anyway; a word not found is stemmed as before. Built outside
//! the repository (no such folders), the table is empty.
//!
//! [`StemCache`]: src/stem.rs

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::{env, fs};

use rust_stemmers::{Algorithm, Stemmer};

#[path = "../../build-support/toml_files.rs"]
mod toml_files;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest.join("../..");
    let stemmer = Stemmer::create(Algorithm::English);
    let mut stems = BTreeMap::new();
    for dir in ["rubrics", "corpus"] {
        for file in toml_files::toml_files(&root.join(dir)) {
            let text = fs::read_to_string(&file).unwrap_or_default();
            for word in plain_words(&text) {
                stems.entry(word.clone()).or_insert_with(|| stemmer.stem(&word).into_owned());
            }
        }
    }
    let mut code = String::from(
        "/// Plain lower-case words of the built-in rubrics and corpus, sorted, each with its English Snowball stem.\n\
         static KNOWN_STEMS: &[(&str, &str)] = &[\n",
    );
    for (word, stem) in &stems {
        code.push_str(&format!("    ({word:?}, {stem:?}),\n"));
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("known_stems.rs");
    fs::write(out, code).unwrap();
}

/// Runs of ASCII letters, lower-cased: the words the tokenizer hands the
/// stem cache unchanged. Anything else (digits, apostrophes, other
/// scripts) is left to the stemmer at run time.
fn plain_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 2)
        .map(str::to_ascii_lowercase)
}
