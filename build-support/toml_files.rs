//! Shared by the crates' build scripts (`#[path]`-included): finding the
//! repository's TOML data files.

use std::fs;
use std::path::{Path, PathBuf};

/// Every `.toml` file under `dir`, sorted, with a `rerun-if-changed` line
/// for `dir` and each folder in it (so files added or removed are seen).
/// None if `dir` does not exist.
pub fn toml_files(dir: &Path) -> Vec<PathBuf> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    files
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}
