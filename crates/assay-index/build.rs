//! Counts, at build time, the stems of every model answer in the
//! repository's corpus (`../../corpus`), as `src/vectors.rs`'s
//! `term_counts` counts them, and writes them to
//! `OUT_DIR/exemplar_counts.rs`: a table of (answer text, its stems as
//! (stem key, count, stem) sorted by key), sorted by text. Indexing an
//! answer found there skips analysing it, which was a third of
//! `assay score`'s start-up; any other text is analysed as before. A test
//! checks every entry against the analyser at run time.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::{env, fs};

use assay_text::Analyzer;

#[path = "../../build-support/toml_files.rs"]
mod toml_files;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut analyzer = Analyzer::new();
    let mut counted: BTreeMap<String, BTreeMap<u64, (u32, String)>> = BTreeMap::new();
    for file in toml_files::toml_files(&manifest.join("../../corpus")) {
        let text = fs::read_to_string(&file).unwrap_or_default();
        let Ok(table) = text.parse::<toml::Table>() else { continue };
        let Some(exemplars) = table.get("exemplars").and_then(toml::Value::as_array) else {
            continue;
        };
        // Trimmed, as `assay_score::Corpus::load` keeps them.
        for text in exemplars.iter().filter_map(|e| Some(e.get("text")?.as_str()?.trim())) {
            let analysis = analyzer.analyze(text);
            let mut counts = BTreeMap::new();
            for token in analysis.tokens.iter().filter(|t| !t.is_question_mark()) {
                counts.entry(token.stem_key).or_insert_with(|| (0, token.stem().to_owned())).0 += 1;
            }
            counted.insert(text.to_owned(), counts);
        }
    }
    let mut code = String::from(
        "/// The built-in corpus' answers, sorted, each with its stems' keys, counts and stems, by key.\n\
         static EXEMPLAR_COUNTS: &[(&str, &[StemCount])] = &[\n",
    );
    for (text, counts) in &counted {
        write!(code, "    ({text:?}, &[").unwrap();
        for (key, (count, stem)) in counts {
            write!(code, "({key}, {count}, {stem:?}), ").unwrap();
        }
        code.push_str("]),\n");
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("exemplar_counts.rs");
    fs::write(out, code).unwrap();
}
