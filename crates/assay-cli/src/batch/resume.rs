//! Finding where an interrupted batch stopped.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context};

use crate::batch::output::OutputFormat;

/// How many complete output rows `partial` holds. A row cut off by the
/// interruption is removed, so appending continues on a clean line.
///
/// # Errors
///
/// The file cannot be read or truncated, or is not output of this format.
pub fn complete_rows(partial: &Path, format: OutputFormat) -> anyhow::Result<u64> {
    let mut bytes = Vec::new();
    File::open(partial)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .with_context(|| format!("cannot read {}", partial.display()))?;
    let (rows, keep) = match format {
        OutputFormat::JsonLines => {
            let keep = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            (bytes[..keep].iter().filter(|&&b| b == b'\n').count() as u64, keep)
        }
        OutputFormat::Csv => csv_complete_records(&bytes)?,
    };
    OpenOptions::new()
        .write(true)
        .open(partial)
        .and_then(|f| f.set_len(keep as u64))
        .with_context(|| format!("cannot truncate {}", partial.display()))?;
    Ok(rows)
}

/// Data records that end in a newline, and the byte length they cover.
fn csv_complete_records(bytes: &[u8]) -> anyhow::Result<(u64, usize)> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let (mut records, mut keep) = (0u64, 0usize);
    while reader.read_byte_record(&mut record).context("the partial output is not CSV")? {
        let end = usize::try_from(reader.position().byte()).unwrap_or(usize::MAX);
        if end > 0 && bytes.get(end - 1) == Some(&b'\n') {
            records += 1;
            keep = end;
        }
    }
    if records == 0 {
        bail!("the partial output has no complete header; start again without --resume");
    }
    Ok((records - 1, keep))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_off_row_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        std::fs::write(&path, "{\"row\":1}\n{\"row\":2}\n{\"ro").unwrap();
        assert_eq!(complete_rows(&path, OutputFormat::JsonLines).unwrap(), 2);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{\"row\":1}\n{\"row\":2}\n");

        let path = dir.path().join("out.csv");
        std::fs::write(&path, "row,answer\n1,\"a\nb\"\n2,\"cut").unwrap();
        assert_eq!(complete_rows(&path, OutputFormat::Csv).unwrap(), 1);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "row,answer\n1,\"a\nb\"\n");
    }
}
