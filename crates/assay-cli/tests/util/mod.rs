//! Helpers shared by the CLI test binaries.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `assay` binary, run away from the repository: the built-in data must
/// be embedded, not read from the working directory.
pub fn assay() -> Command {
    let mut cmd = Command::cargo_bin("assay").unwrap();
    cmd.current_dir(std::env::temp_dir());
    cmd
}

/// A path relative to the repository root.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(path)
}
