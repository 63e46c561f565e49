//! What a batch run writes beside its partial output (`.NAME.run`), so
//! `--resume` continues only a partial written by the same run: the same
//! input, output format, rubric set and options. Without it, resuming a JSON
//! Lines partial into a `.csv` target, or after the input or rubrics
//! changed, would splice two different runs into one file.

use std::fs::File;
use std::hash::Hasher;
use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context};
use assay_text::FnvHasher;
use serde::{Deserialize, Serialize};

use crate::output_files::write_file_atomically;

/// Bytes at the start of the input that are hashed to recognise it.
const INPUT_HEAD_BYTES: u64 = 1 << 20;

/// The identity of a batch run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunRecord {
    /// The assay version that wrote the partial.
    pub assay_version: String,
    /// `jsonl` or `csv`.
    pub format: String,
    /// The rubric set's fingerprint.
    pub rubrics: String,
    /// Whether every row was looked up among the exemplars (`--exemplars`).
    pub exemplars: bool,
    /// The input file, as given and canonicalised, or `-` for stdin.
    pub input: String,
    /// The input's size in bytes (`None` for stdin).
    pub input_bytes: Option<u64>,
    /// FNV-1a hash of the input's first MiB, in hex (`None` for stdin).
    pub input_head: Option<String>,
}

impl RunRecord {
    /// The record of a run over `input` (`-` for stdin).
    ///
    /// # Errors
    ///
    /// The input file cannot be read.
    pub fn new(input: &Path, format: &str, rubrics: &str, exemplars: bool) -> anyhow::Result<Self> {
        let (name, input_bytes, input_head) = if input.as_os_str() == "-" {
            ("-".to_owned(), None, None)
        } else {
            let file =
                File::open(input).with_context(|| format!("cannot read {}", input.display()))?;
            let size = file.metadata().map(|m| m.len()).ok();
            let mut head = Vec::new();
            file.take(INPUT_HEAD_BYTES)
                .read_to_end(&mut head)
                .with_context(|| format!("cannot read {}", input.display()))?;
            let mut hasher = FnvHasher::default();
            hasher.write(&head);
            let name = std::fs::canonicalize(input).unwrap_or_else(|_| input.to_owned());
            (name.display().to_string(), size, Some(format!("{:016x}", hasher.finish())))
        };
        Ok(RunRecord {
            assay_version: env!("CARGO_PKG_VERSION").to_owned(),
            format: format.to_owned(),
            rubrics: rubrics.to_owned(),
            exemplars,
            input: name,
            input_bytes,
            input_head,
        })
    }

    /// Writes the record to `path` (atomically).
    ///
    /// # Errors
    ///
    /// The file cannot be written.
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        let mut json = serde_json::to_vec_pretty(self).expect("a record serialises");
        json.push(b'\n');
        write_file_atomically(path, &json)
    }

    /// Checks that the partial output whose record is at `path` was written
    /// by a run like this one, naming the first difference.
    ///
    /// # Errors
    ///
    /// The record is missing, unreadable, or differs from `self`.
    pub fn check_resumable(&self, path: &Path, partial: &Path) -> anyhow::Result<()> {
        let start_again = "start again without --resume";
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => bail!(
                "cannot resume {}: there is no record of the run that wrote it ({} is missing); {start_again}",
                partial.display(),
                path.display()
            ),
            Err(error) => {
                return Err(error).with_context(|| format!("cannot read {}", path.display()))
            }
        };
        let earlier: RunRecord = serde_json::from_slice(&bytes).with_context(|| {
            format!("cannot resume: {} is not a run record; {start_again}", path.display())
        })?;
        let differs = |what: &str, then: &str, now: &str| -> anyhow::Result<()> {
            bail!(
                "cannot resume {}: {what} differs from the run that wrote it ({then} then, {now} now); {start_again}",
                partial.display()
            )
        };
        let on = |yes: bool| if yes { "on" } else { "off" };
        if earlier.format != self.format {
            return differs("the output format", &earlier.format, &self.format);
        }
        if earlier.input != self.input {
            return differs("the input", &earlier.input, &self.input);
        }
        if (earlier.input_bytes, &earlier.input_head) != (self.input_bytes, &self.input_head) {
            bail!(
                "cannot resume {}: {} has changed since the run began; {start_again}",
                partial.display(),
                self.input
            );
        }
        if earlier.rubrics != self.rubrics {
            return differs("the rubric set", &earlier.rubrics, &self.rubrics);
        }
        if earlier.exemplars != self.exemplars {
            return differs("--exemplars", on(earlier.exemplars), on(self.exemplars));
        }
        if earlier.assay_version != self.assay_version {
            return differs("the assay version", &earlier.assay_version, &self.assay_version);
        }
        Ok(())
    }
}
