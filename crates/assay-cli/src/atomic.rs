//! Writing a file so that readers see the old content or the new, never
//! half of it.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Writes `bytes` to a hidden temporary file beside `path`, then renames it
/// over `path`.
///
/// # Errors
///
/// The temporary file cannot be written or renamed.
pub fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let temp = temp_path(path);
    fs::write(&temp, bytes).with_context(|| format!("cannot write {}", temp.display()))?;
    fs::rename(&temp, path).with_context(|| {
        let _ = fs::remove_file(&temp);
        format!("cannot rename {} to {}", temp.display(), path.display())
    })
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy());
    path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
}
