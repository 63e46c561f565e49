//! Writing output files and folders atomically: a file is written to a
//! temporary file beside it and renamed into place; a folder is built as a
//! sibling and renamed into place, as `assay index build` does, so a reader
//! never sees half a report.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// Files that mark a folder as written by `assay report`, so it may be
/// replaced.
const REPORT_MARKERS: &[&str] = &["index.html", "index.md"];

/// Writes `contents` to `path` through `.NAME.tmp` beside it.
///
/// # Errors
///
/// The temporary file cannot be written or renamed.
pub fn write_file_atomically(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    let temporary = sibling(path, "tmp");
    fs::write(&temporary, contents)
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    fs::rename(&temporary, path).with_context(|| {
        let _ = fs::remove_file(&temporary);
        format!("cannot move {} to {}", temporary.display(), path.display())
    })
}

/// Writes `files` (name, contents) into the folder `dir`, replacing an
/// earlier report folder there. Any other non-empty folder is refused.
///
/// # Errors
///
/// `dir` is a non-empty folder that is not a report folder, or writing
/// fails.
pub fn write_folder_atomically(dir: &Path, files: &[(String, Vec<u8>)]) -> anyhow::Result<()> {
    if dir.exists() && !is_replaceable(dir) {
        bail!(
            "{} exists and is not an assay report folder (no index.html or index.md); choose another -o",
            dir.display()
        );
    }
    let building = sibling(dir, "building");
    if building.exists() {
        fs::remove_dir_all(&building)
            .with_context(|| format!("cannot remove {}", building.display()))?;
    }
    fs::create_dir_all(&building)
        .with_context(|| format!("cannot create {}", building.display()))?;
    for (name, contents) in files {
        let path = building.join(name);
        fs::write(&path, contents).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("cannot replace {}", dir.display()))?;
    }
    fs::rename(&building, dir)
        .with_context(|| format!("cannot move {} to {}", building.display(), dir.display()))
}

fn is_replaceable(dir: &Path) -> bool {
    if !dir.is_dir() {
        return false;
    }
    REPORT_MARKERS.iter().any(|m| dir.join(m).is_file())
        || fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// `parent/.NAME.suffix` for `parent/NAME`.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_folder_is_replaced_and_others_refused() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("reports");
        let files = |n: &str| vec![("index.html".to_owned(), n.as_bytes().to_vec())];
        write_folder_atomically(&out, &files("one")).unwrap();
        write_folder_atomically(&out, &files("two")).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        let names: Vec<_> =
            fs::read_dir(root.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["reports"], "no building folder is left behind");

        let other = root.path().join("other");
        fs::create_dir(&other).unwrap();
        fs::write(other.join("notes.txt"), "keep").unwrap();
        assert!(write_folder_atomically(&other, &files("x")).is_err());
        assert_eq!(fs::read_to_string(other.join("notes.txt")).unwrap(), "keep");
    }

    #[test]
    fn a_file_is_written_whole() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("r.html");
        write_file_atomically(&path, b"<p>x</p>").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"<p>x</p>");
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }
}
