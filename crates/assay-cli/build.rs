//! Embeds the built-in rubrics, corpus, concept phrase sets and cue
//! examples in the binary, so `assay` works from any directory. Generates a
//! list of `(path, include_str!(...))` pairs; `include_str!` makes cargo
//! rebuild when a file changes, and the `rerun-if-changed` lines catch
//! files added or removed.
//!
//! Also compiles every cue of the built-in rubrics (with `assay-score`'s
//! own compiler) into a table of patterns that the loader reads instead of
//! compiling them again at each start (see `assay_score::PrecompiledCues`).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::{env, fs};

use assay_score::{encode_cue, Cue};
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
    code.push_str(&corpus_exemplars(&root));
    code.push_str(&question_outlines(&root));
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("builtin.rs");
    fs::write(out, code).unwrap();
}

/// `PRECOMPILED_CUES`: every cue written in a `cues` list of the built-in
/// rubrics that compiles, sorted by its text, with its encoded pattern.
fn precompiled_cues(root: &std::path::Path) -> String {
    let mut analyzer = Analyzer::new();
    let mut patterns = BTreeMap::new();
    for file in toml_files::toml_files(&root.join("rubrics")) {
        let text = fs::read_to_string(&file).unwrap_or_default();
        let Ok(table) = text.parse::<toml::Table>() else { continue };
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

/// `CORPUS_EXEMPLARS`: the built-in corpus' model answers as
/// `assay_score::Corpus::load` reads them (question, id, level, harmful,
/// trimmed text; by question, then in file order), for a command that need
/// not parse and check the corpus again.
fn corpus_exemplars(root: &std::path::Path) -> String {
    let mut exemplars = Vec::new();
    for file in toml_files::toml_files(&root.join("corpus")) {
        let text = fs::read_to_string(&file).unwrap_or_default();
        let Ok(table) = text.parse::<toml::Table>() else { continue };
        let question = table.get("question").and_then(toml::Value::as_str).unwrap_or_default();
        let entries = table.get("exemplars").and_then(toml::Value::as_array);
        for entry in entries.into_iter().flatten() {
            let field =
                |key| entry.get(key).and_then(toml::Value::as_str).unwrap_or_default().to_owned();
            let harmful = entry.get("harmful").and_then(toml::Value::as_bool).unwrap_or(false);
            let answer = field("text").trim().to_owned();
            exemplars.push((question.to_owned(), field("id"), field("level"), harmful, answer));
        }
    }
    exemplars.sort_by(|a, b| a.0.cmp(&b.0));
    let mut code = String::from(
        "/// The built-in corpus' model answers: question, id, level, harmful, text.\n\
         pub static CORPUS_EXEMPLARS: &[(&str, &str, &str, bool, &str)] = &[\n",
    );
    for (question, id, level, harmful, text) in &exemplars {
        writeln!(code, "    ({question:?}, {id:?}, {level:?}, {harmful}, {text:?}),").unwrap();
    }
    code.push_str("];\n");
    code
}

/// `QUESTION_OUTLINES`: each built-in question as
/// `assay_score::QuestionOutline::read` reads it (id, question, source,
/// concept ids, red-flag ids, level names), for `assay questions`.
fn question_outlines(root: &std::path::Path) -> String {
    let mut code = String::from(
        "/// The built-in questions' outlines: id, question, source, concepts, red flags, levels.\n\
         pub static QUESTION_OUTLINES: &[crate::data::BuiltOutline] = &[\n",
    );
    for file in toml_files::toml_files(&root.join("rubrics/questions")) {
        let text = fs::read_to_string(&file).unwrap_or_default();
        let Ok(table) = text.parse::<toml::Table>() else { continue };
        let string = |value: Option<&toml::Value>| {
            value.and_then(toml::Value::as_str).unwrap_or_default().to_owned()
        };
        let list = |key: &str, field: &str| -> Vec<String> {
            let entries = table.get(key).and_then(toml::Value::as_array);
            let ids = entries.into_iter().flatten().map(|e| e.get("use").or_else(|| e.get(field)));
            ids.flatten().map(|id| string(Some(id))).collect()
        };
        let (concepts, red_flags) = (list("concepts", "id"), list("red-flags", "id"));
        let levels = list("levels", "name");
        writeln!(
            code,
            "    ({:?}, {:?}, {:?}, &{concepts:?}, &{red_flags:?}, &{levels:?}),",
            string(table.get("id")),
            string(table.get("question")).trim(),
            string(table.get("source")),
        )
        .unwrap();
    }
    code.push_str("];\n");
    code
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
