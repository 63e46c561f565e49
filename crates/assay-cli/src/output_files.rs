//! Writing output files and folders atomically: a file is written to a
//! temporary file beside it and renamed into place; a folder is built as a
//! sibling and renamed into place, as `assay index build` does, so a reader
//! never sees half a report.
//!
//! Renaming only suits regular files. An output named by a symbolic link is
//! written beside the file the link points at, keeping the link; a device,
//! pipe or socket (`-o /dev/null`, a FIFO) is written in place, since a
//! rename would replace it with a regular file (as root, `/dev/null` itself).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

/// Files that mark a folder as written by `assay report`, so it may be
/// replaced.
const REPORT_MARKERS: &[&str] = &["index.html", "index.md"];

/// Where an output file named on the command line is written.
#[derive(Debug, PartialEq, Eq)]
pub enum OutputTarget {
    /// A regular file, or one not there yet, with symbolic links followed:
    /// written beside it and renamed into place.
    File(PathBuf),
    /// An existing device, pipe or socket: written in place.
    Stream(PathBuf),
}

impl OutputTarget {
    /// Classifies `path`, following symbolic links.
    ///
    /// # Errors
    ///
    /// `path` is a folder, or a symbolic link that cannot be read.
    pub fn of(path: &Path) -> anyhow::Result<OutputTarget> {
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => bail!("{} is a folder, not a file", path.display()),
            Ok(meta) if !meta.is_file() => return Ok(OutputTarget::Stream(path.to_owned())),
            _ => {}
        }
        let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return Ok(OutputTarget::File(path.to_owned()));
        }
        let resolved = match fs::canonicalize(path) {
            Ok(resolved) => resolved,
            // A link to a file not created yet: its target, read relative
            // to the link's folder.
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                let target = fs::read_link(path)
                    .with_context(|| format!("cannot read the link {}", path.display()))?;
                path.parent().unwrap_or(Path::new("")).join(target)
            }
            Err(error) => {
                return Err(error).with_context(|| format!("cannot follow {}", path.display()))
            }
        };
        Ok(OutputTarget::File(resolved))
    }
}

/// Writes `contents` to `path` through `.NAME.tmp` beside it (see
/// [`OutputTarget`] for links, devices and pipes).
///
/// # Errors
///
/// The temporary file cannot be written or renamed.
pub fn write_file_atomically(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    let path = match OutputTarget::of(path)? {
        OutputTarget::Stream(path) => {
            return fs::write(&path, contents)
                .with_context(|| format!("cannot write {}", path.display()))
        }
        OutputTarget::File(path) => path,
    };
    let path = path.as_path();
    let temporary = sibling(path, "tmp");
    fs::write(&temporary, contents)
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    fs::rename(&temporary, path).with_context(|| {
        let _ = fs::remove_file(&temporary);
        format!("cannot move {} to {}", temporary.display(), path.display())
    })
}

/// A folder written file by file beside its target (`.NAME.building`) and
/// moved into place whole by [`StagedFolder::commit`], replacing an
/// earlier report folder there; dropped uncommitted, it leaves the target
/// as it was.
#[derive(Debug)]
pub struct StagedFolder {
    dir: PathBuf,
    building: PathBuf,
}

impl StagedFolder {
    /// Starts a folder that will replace `dir`. Any other non-empty folder
    /// there is refused before anything is written.
    ///
    /// # Errors
    ///
    /// `dir` is a non-empty folder that is not a report folder, or the
    /// building folder cannot be made.
    pub fn begin(dir: &Path) -> anyhow::Result<Self> {
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
        Ok(StagedFolder { dir: dir.to_owned(), building })
    }

    /// Writes the file `name` into the folder.
    ///
    /// # Errors
    ///
    /// Writing fails.
    pub fn write(&self, name: &str, contents: &[u8]) -> anyhow::Result<()> {
        let path = self.building.join(name);
        fs::write(&path, contents).with_context(|| format!("cannot write {}", path.display()))
    }

    /// Moves the finished folder into place.
    ///
    /// # Errors
    ///
    /// The earlier folder cannot be removed or the new one moved.
    pub fn commit(self) -> anyhow::Result<()> {
        if self.dir.exists() {
            fs::remove_dir_all(&self.dir)
                .with_context(|| format!("cannot replace {}", self.dir.display()))?;
        }
        fs::rename(&self.building, &self.dir).with_context(|| {
            format!("cannot move {} to {}", self.building.display(), self.dir.display())
        })
    }
}

fn is_replaceable(dir: &Path) -> bool {
    if !dir.is_dir() {
        return false;
    }
    REPORT_MARKERS.iter().any(|m| dir.join(m).is_file())
        || fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// `parent/.NAME.suffix` for `parent/NAME`: where an output is built
/// before it is renamed into place.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
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
        let write = |dir: &Path, text: &str| -> anyhow::Result<()> {
            let folder = StagedFolder::begin(dir)?;
            folder.write("index.html", text.as_bytes())?;
            folder.commit()
        };
        write(&out, "one").unwrap();
        // Until it is committed, the earlier folder stays as it was.
        let unfinished = StagedFolder::begin(&out).unwrap();
        unfinished.write("index.html", b"half").unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "one");
        drop(unfinished);
        write(&out, "two").unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "two");
        let names: Vec<_> =
            fs::read_dir(root.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["reports"], "no building folder is left behind");

        let other = root.path().join("other");
        fs::create_dir(&other).unwrap();
        fs::write(other.join("notes.txt"), "keep").unwrap();
        assert!(write(&other, "x").is_err());
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

    #[cfg(unix)]
    #[test]
    fn a_link_is_kept_and_its_target_written() {
        let root = tempfile::tempdir().unwrap();
        let real = root.path().join("real.md");
        let link = root.path().join("link.md");
        std::os::unix::fs::symlink("real.md", &link).unwrap();
        assert_eq!(OutputTarget::of(&link).unwrap(), OutputTarget::File(real.clone()));
        write_file_atomically(&link, b"one").unwrap();
        write_file_atomically(&link, b"two").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read(&real).unwrap(), b"two");
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_a_stream() {
        // Only classified here: writing is tested on a FIFO (tests/batch.rs),
        // where a regression cannot damage the machine.
        let null = Path::new("/dev/null");
        assert_eq!(OutputTarget::of(null).unwrap(), OutputTarget::Stream(null.to_owned()));
    }

    #[test]
    fn a_folder_is_not_a_file_target() {
        let root = tempfile::tempdir().unwrap();
        let error = OutputTarget::of(root.path()).unwrap_err().to_string();
        assert!(error.contains("is a folder"), "{error}");
    }
}
