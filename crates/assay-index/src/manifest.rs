//! The manifest of a persisted index: what it was built from and by which
//! version, so a stale or damaged index is refused rather than used.

use std::fs;
use std::path::{Path, PathBuf};

use assay_score::Corpus;
use serde::{Deserialize, Serialize};

use crate::{ExemplarIndex, IndexError, Result, SCHEMA_VERSION};

/// File name of the manifest inside an index folder.
pub const MANIFEST_FILE: &str = "assay-index.json";

/// What an index folder was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// [`SCHEMA_VERSION`] of the writer.
    pub schema_version: u32,
    /// [`assay_text::ANALYZER_VERSION`] of the writer.
    pub analyzer_version: u32,
    /// [`corpus_hash`] of the corpus indexed.
    pub corpus_hash: String,
    /// The corpus folder, as given to `assay index build`.
    pub corpus: String,
    /// Number of exemplars indexed.
    pub exemplars: usize,
    /// Version of assay that built it.
    pub assay_version: String,
}

/// A stable hash of a corpus's content (question, id, level, harmful flag and
/// text of every exemplar, in order): 64-bit FNV-1a, as 16 hex digits. It
/// detects change, it does not resist tampering.
#[must_use]
pub fn corpus_hash(corpus: &Corpus) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
        // A separator no UTF-8 text contains, so fields cannot run together.
        hash ^= 0xff;
        hash = hash.wrapping_mul(PRIME);
    };
    for e in &corpus.exemplars {
        for field in [&e.question, &e.id, &e.level, &e.text] {
            feed(field.as_bytes());
        }
        feed(&[u8::from(e.harmful)]);
    }
    format!("{hash:016x}")
}

impl Manifest {
    /// The manifest for indexing `corpus`, found in folder `corpus_dir`.
    #[must_use]
    pub fn for_corpus(corpus: &Corpus, corpus_dir: &str) -> Self {
        Manifest {
            schema_version: SCHEMA_VERSION,
            analyzer_version: assay_text::ANALYZER_VERSION,
            corpus_hash: corpus_hash(corpus),
            corpus: corpus_dir.to_owned(),
            exemplars: corpus.exemplars.len(),
            assay_version: env!("CARGO_PKG_VERSION").to_owned(),
        }
    }

    /// Reads the manifest of index folder `dir`.
    ///
    /// # Errors
    ///
    /// [`IndexError::Corrupt`] when it is missing or unreadable.
    pub fn read(dir: &Path) -> Result<Self> {
        let path = dir.join(MANIFEST_FILE);
        let corrupt = |reason: String| IndexError::Corrupt { path: dir.into(), reason };
        let text = fs::read_to_string(&path)
            .map_err(|e| corrupt(format!("cannot read {MANIFEST_FILE}: {e}")))?;
        serde_json::from_str(&text).map_err(|e| corrupt(format!("{MANIFEST_FILE} is damaged: {e}")))
    }

    /// Refuses an index written by another schema or analyzer version.
    ///
    /// # Errors
    ///
    /// [`IndexError::Stale`] naming what changed.
    pub fn check_versions(&self, dir: &Path) -> Result<()> {
        let stale = |reason: String| IndexError::Stale {
            path: dir.into(),
            corpus: self.corpus.clone(),
            reason,
        };
        if self.schema_version != SCHEMA_VERSION {
            return Err(stale(format!(
                "built with schema {} but this assay writes schema {SCHEMA_VERSION}",
                self.schema_version
            )));
        }
        if self.analyzer_version != assay_text::ANALYZER_VERSION {
            return Err(stale(format!(
                "built with text analysis {} but this assay uses {}",
                self.analyzer_version,
                assay_text::ANALYZER_VERSION
            )));
        }
        Ok(())
    }

    /// Refuses an index whose corpus has changed since it was built.
    ///
    /// # Errors
    ///
    /// [`IndexError::Stale`] when `corpus` hashes differently.
    pub fn check_corpus(&self, dir: &Path, corpus: &Corpus) -> Result<()> {
        let now = corpus_hash(corpus);
        if now == self.corpus_hash {
            return Ok(());
        }
        Err(IndexError::Stale {
            path: dir.into(),
            corpus: self.corpus.clone(),
            reason: format!(
                "the corpus changed since it was built (hash {} then, {now} now)",
                self.corpus_hash
            ),
        })
    }

    fn write(&self, dir: &Path) -> Result<()> {
        let path = dir.join(MANIFEST_FILE);
        let io = |source| IndexError::Io { path: path.clone(), source };
        let json = serde_json::to_string_pretty(self).expect("a manifest serializes");
        let temporary = dir.join(format!("{MANIFEST_FILE}.tmp"));
        fs::write(&temporary, json + "\n").map_err(io)?;
        fs::rename(&temporary, &path).map_err(io)
    }
}

impl ExemplarIndex {
    /// Builds a persistent index of `corpus` in `out`, replacing an earlier
    /// assay index there. The index is built beside `out` and moved into
    /// place at the end, with its manifest written last, so an interrupted
    /// build never leaves a folder that looks complete.
    ///
    /// # Errors
    ///
    /// `out` exists and is not an assay index (it is never overwritten), or
    /// writing fails.
    pub fn build(corpus: &Corpus, corpus_dir: &str, out: &Path) -> Result<(Self, Manifest)> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| IndexError::Io { path, source }
        };
        if out.exists() && !out.join(MANIFEST_FILE).exists() && !is_empty_dir(out) {
            return Err(IndexError::Io {
                path: out.into(),
                source: std::io::Error::other(
                    "the folder exists and is not an assay index; choose another -o",
                ),
            });
        }
        let building = sibling(out, "building");
        if building.exists() {
            fs::remove_dir_all(&building).map_err(io(&building))?;
        }
        let index = ExemplarIndex::create_in_dir(corpus, &building)?;
        drop(index);
        let manifest = Manifest::for_corpus(corpus, corpus_dir);
        manifest.write(&building)?;
        if out.exists() {
            fs::remove_dir_all(out).map_err(io(out))?;
        }
        fs::rename(&building, out).map_err(io(out))?;
        let index = ExemplarIndex::open_dir(out, manifest.exemplars)?;
        Ok((index, manifest))
    }

    /// Opens the persistent index in `dir`, refusing it when its manifest is
    /// missing, from another version, or (with `corpus`) from other content.
    ///
    /// # Errors
    ///
    /// [`IndexError::Corrupt`] or [`IndexError::Stale`], each saying how to
    /// rebuild.
    pub fn open(dir: &Path, corpus: Option<&Corpus>) -> Result<(Self, Manifest)> {
        let manifest = Manifest::read(dir)?;
        manifest.check_versions(dir)?;
        if let Some(corpus) = corpus {
            manifest.check_corpus(dir, corpus)?;
        }
        let index = ExemplarIndex::open_dir(dir, manifest.exemplars)?;
        Ok((index, manifest))
    }
}

fn is_empty_dir(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name =
        path.file_name().map_or_else(|| "index".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{suffix}"))
}
