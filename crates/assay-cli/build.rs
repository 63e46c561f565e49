//! Embeds the built-in rubrics, corpus, concept phrase sets and cue
//! examples in the binary, so `assay` works from any directory. Generates a
//! list of `(path, include_str!(...))` pairs; `include_str!` makes cargo
//! rebuild when a file changes, and the `rerun-if-changed` lines catch
//! files added or removed.
//!
//! Also compiles every cue of the built-in rubrics (with `assay-score`'s
//! own compiler) into a table of patterns that the loader reads instead of
//! compiling them again at each start (see `assay_score::PrecompiledCues`),
//! and writes out the corpus and the questions' outlines as `assay-score`'s
//! own loaders read them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

use assay_score::{encode_cue, Corpus, Cue, RubricSet, SourceFile};
use assay_text::Analyzer;

#[path = "../../build-support/toml_files.rs"]
mod toml_files;

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("../..");
    let mut code = String::new();
    for (name, dir) in [
        ("RUBRICS", "rubrics"),
        ("CORPUS", "corpus"),
        ("PHRASES", "tests/phrases"),
        ("CUE_EXAMPLES", "tests/cue-examples"),
    ] {
        writeln!(code, "/// Built-in `{dir}/` files: path relative to the repository, contents.")
            .unwrap();
        writeln!(code, "pub static {name}: &[(&str, &str)] = &[").unwrap();
        for file in toml_files::toml_files(&root.join(dir)) {
            let relative = file.strip_prefix(&root).unwrap().to_string_lossy().replace('\\', "/");
            let absolute = fs::canonicalize(&file).unwrap();
            writeln!(
                code,
                "    ({relative:?}, include_str!({:?})),",
                absolute.display().to_string()
            )
            .unwrap();
        }
        writeln!(code, "];").unwrap();
    }
    code.push_str(&precompiled_cues(&root));
    code.push_str(&corpus_and_outlines(&root));
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("builtin.rs");
    fs::write(out, code).unwrap();
}

/// `PRECOMPILED_CUES`: every cue written in a `cues` list of the built-in
/// rubrics that compiles, sorted by its text, with its encoded pattern.
fn precompiled_cues(root: &Path) -> String {
    let mut analyzer = Analyzer::new();
    let mut patterns = BTreeMap::new();
    for file in toml_files::toml_files(&root.join("rubrics")) {
        let Ok(table) = read(&file).parse::<toml::Table>() else { continue };
        let mut sources = Vec::new();
        cue_sources(&toml::Value::Table(table), &mut sources);
        for source in sources {
            if let Ok(cue) = Cue::parse(&source, &mut analyzer) {
                patterns.insert(source, encode_cue(&cue));
            }
        }
    }
    let mut code = String::from(
        "/// The built-in rubrics' cues, sorted by text, with their compiled patterns.\n\
         pub static PRECOMPILED_CUES: &[(&str, &[u8])] = &[\n",
    );
    for (source, pattern) in &patterns {
        writeln!(code, "    ({source:?}, &{pattern:?}),").unwrap();
    }
    code.push_str("];\n");
    code
}

/// The built-in set as assay-score lists it without compiling anything
/// (`RubricSet::load_only` with no question: every question left out, read
/// only when asked for), and the corpus loaded against it; `None` when
/// either has a problem, which loading reports at run time.
fn listed(root: &Path) -> Option<(RubricSet, Corpus)> {
    let files = |dir: &str| -> Vec<SourceFile> {
        let paths = toml_files::toml_files(&root.join(dir));
        paths.iter().map(|p| SourceFile::new(p.display().to_string(), read(p))).collect()
    };
    let library = [files("rubrics/concepts"), files("rubrics/red-flags")].concat();
    let set = RubricSet::load_only(&library, &files("rubrics/questions"), &[], Default::default())
        .ok()?;
    let corpus = Corpus::load(&files("corpus"), &set).ok()?;
    Some((set, corpus))
}

/// `CORPUS_EXEMPLARS` and `QUESTION_OUTLINES`: the built-in corpus' model
/// answers and each question's outline, as assay-score's own loaders read
/// them (see [`listed`]), for commands that need not read those files
/// again.
fn corpus_and_outlines(root: &Path) -> String {
    let listed = listed(root);
    let mut code = String::from(
        "/// The built-in corpus' model answers: question, id, level, harmful, text.\n\
         pub static CORPUS_EXEMPLARS: Option<&[crate::data::BuiltExemplar]> = ",
    );
    match &listed {
        None => code.push_str("None;\n"),
        Some((_, corpus)) => {
            code.push_str("Some(&[\n");
            for e in &corpus.exemplars {
                let (question, id, level, harmful, text) =
                    (&e.question, &e.id, &e.level, e.harmful, &e.text);
                writeln!(code, "    ({question:?}, {id:?}, {level:?}, {harmful}, {text:?}),")
                    .unwrap();
            }
            code.push_str("]);\n");
        }
    }
    code.push_str(
        "/// The built-in questions' outlines: id, question, source, concepts, red flags, levels.\n\
         pub static QUESTION_OUTLINES: Option<&[crate::data::BuiltOutline]> = ",
    );
    match &listed {
        None => code.push_str("None;\n"),
        Some((set, _)) => {
            code.push_str("Some(&[\n");
            for o in set.outlines() {
                let (id, question, source) = (&o.id, &o.question, &o.source);
                let (concepts, red_flags, levels) = (&o.concepts, &o.red_flags, &o.levels);
                writeln!(
                    code,
                    "    ({id:?}, {question:?}, {source:?}, &{concepts:?}, &{red_flags:?}, &{levels:?}),"
                )
                .unwrap();
            }
            code.push_str("]);\n");
        }
    }
    code
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

/// The strings of every `cues` array in `value`, at any depth.
fn cue_sources(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::Table(table) => {
            for (key, value) in table {
                if let (true, Some(list)) = (key == "cues", value.as_array()) {
                    out.extend(list.iter().filter_map(|c| c.as_str().map(str::to_owned)));
                } else {
                    cue_sources(value, out);
                }
            }
        }
        toml::Value::Array(items) => items.iter().for_each(|v| cue_sources(v, out)),
        _ => {}
    }
}
