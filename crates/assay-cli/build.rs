//! Embeds the built-in rubrics, corpus, concept phrase sets and cue
//! examples in the binary, so `assay` works from any directory. Generates a list of `(path, include_str!(...))` pairs;
//! `include_str!` makes cargo rebuild when a file changes, and the
//! `rerun-if-changed` lines catch files added or removed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("../..");
    let mut code = String::new();
    for (name, dir) in [
        ("RUBRICS", "rubrics"),
        ("CORPUS", "corpus"),
        ("PHRASES", "tests/phrases"),
        ("CUE_EXAMPLES", "tests/cue-examples"),
    ] {
        let base = root.join(dir);
        println!("cargo:rerun-if-changed={}", base.display());
        let mut files = Vec::new();
        collect_toml(&base, &mut files);
        files.sort();
        writeln!(code, "/// Built-in `{dir}/` files: path relative to the repository, contents.")
            .unwrap();
        writeln!(code, "pub static {name}: &[(&str, &str)] = &[").unwrap();
        for file in files {
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
    let out = PathBuf::from(env::var("OUT_DIR").unwrap()).join("builtin.rs");
    fs::write(out, code).unwrap();
}

fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect_toml(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}
