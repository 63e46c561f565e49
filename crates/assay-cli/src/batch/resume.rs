//! Finding where an interrupted batch stopped, reading the partial output
//! as a stream: memory stays the same for a partial of any size.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};

use anyhow::{bail, Context};

use crate::batch::output::OutputFormat;

/// Bytes read from the partial at a time.
const READ_BUFFER: usize = 1 << 16;

/// How many complete output rows the partial `file` holds, `name` naming it
/// in errors. A row cut off by the interruption is removed, so appending
/// continues on a clean line; the file is left positioned at its end. For
/// CSV, `header` is the header this run writes, which the partial must
/// start with.
///
/// # Errors
///
/// The file cannot be read or truncated, or is not output of this format.
pub fn complete_rows(
    file: &mut File,
    name: &str,
    format: OutputFormat,
    header: Option<&[u8]>,
) -> anyhow::Result<u64> {
    file.seek(SeekFrom::Start(0)).with_context(|| format!("cannot read {name}"))?;
    let (rows, keep) = match format {
        OutputFormat::JsonLines => json_lines_complete(&mut *file),
        OutputFormat::Csv => csv_complete_records(&mut *file, header.unwrap_or_default()),
    }
    .with_context(|| format!("cannot resume {name}"))?;
    file.set_len(keep).with_context(|| format!("cannot truncate {name}"))?;
    file.seek(SeekFrom::End(0)).with_context(|| format!("cannot write {name}"))?;
    Ok(rows)
}

/// The partial's rows (lines ending in a newline), and the bytes they
/// cover; the rows must be JSON objects.
fn json_lines_complete(file: &mut File) -> anyhow::Result<(u64, u64)> {
    let mut reader = BufReader::with_capacity(READ_BUFFER, file);
    let (mut rows, mut keep, mut offset, mut at_line_start) = (0u64, 0u64, 0u64, true);
    loop {
        let buffer = reader.fill_buf().context("cannot read the partial output")?;
        if buffer.is_empty() {
            return Ok((rows, keep));
        }
        let len = buffer.len();
        for (i, &byte) in buffer.iter().enumerate() {
            if at_line_start && byte != b'{' {
                bail!(
                    "line {} of the partial output is not a JSON Lines row: it was not written as JSON Lines",
                    rows + 1
                );
            }
            at_line_start = byte == b'\n';
            if at_line_start {
                rows += 1;
                keep = offset + i as u64 + 1;
            }
        }
        offset += len as u64;
        reader.consume(len);
    }
}

/// Data records that end in a newline, and the byte length they cover; the
/// first record must be `header`.
fn csv_complete_records(file: &mut File, header: &[u8]) -> anyhow::Result<(u64, u64)> {
    let len = file.metadata().context("cannot read the partial output")?.len();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(READ_BUFFER)
        .from_reader(&mut *file);
    let mut record = csv::ByteRecord::new();
    let (mut records, mut keep, mut last_start) = (0u64, 0u64, 0u64);
    let mut first = None;
    loop {
        let start = reader.position().byte();
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(error) => return Err(error).context("the partial output is not CSV"),
        }
        if first.is_none() {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_byte_record(&record).expect("writing to memory cannot fail");
            first = Some(writer.into_inner().expect("writing to memory cannot fail"));
        }
        records += 1;
        (keep, last_start) = (reader.position().byte(), start);
    }
    drop(reader);
    // Every record but one at the very end was ended by a line end; that
    // one may have been cut inside a quoted field or before its line end.
    if keep == len && keep > last_start && !csv_record_is_whole(file, last_start, keep)? {
        records -= 1;
        keep = last_start;
    }
    if records == 0 {
        bail!("the partial output has no complete header; start again without --resume");
    }
    if !header.is_empty() && first.as_deref() != Some(header) {
        bail!("its header is not the one this run writes (other columns, rubrics or format)");
    }
    Ok((records - 1, keep))
}

/// Whether the CSV record in `start..end` of `file` ends in a line end
/// outside quotes.
fn csv_record_is_whole(file: &mut File, start: u64, end: u64) -> anyhow::Result<bool> {
    let mut bytes = Vec::new();
    file.seek(SeekFrom::Start(start)).context("cannot read the partial output")?;
    (&mut *file)
        .take(end - start)
        .read_to_end(&mut bytes)
        .context("cannot read the partial output")?;
    let quotes = bytes.iter().filter(|&&b| b == b'"').count();
    Ok(bytes.last() == Some(&b'\n') && quotes % 2 == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_in(text: &str, format: OutputFormat, header: Option<&[u8]>) -> (u64, String) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("partial");
        std::fs::write(&path, text).unwrap();
        let mut file = std::fs::OpenOptions::new().read(true).write(true).open(&path).unwrap();
        let rows = complete_rows(&mut file, "partial", format, header).unwrap();
        (rows, std::fs::read_to_string(&path).unwrap())
    }

    #[test]
    fn a_cut_off_row_is_dropped() {
        let (rows, kept) =
            rows_in("{\"row\":1}\n{\"row\":2}\n{\"ro", OutputFormat::JsonLines, None);
        assert_eq!((rows, kept.as_str()), (2, "{\"row\":1}\n{\"row\":2}\n"));

        let header = b"row,answer\n".as_slice();
        for (text, want) in [
            ("row,answer\n1,\"a\nb\"\n2,\"cut", (1, "row,answer\n1,\"a\nb\"\n")),
            ("row,answer\n1,x\n2,\"cut\n", (1, "row,answer\n1,x\n")),
            ("row,answer\n1,x\n2,y", (1, "row,answer\n1,x\n")),
            ("row,answer\n1,x\n2,\"y\"\n", (2, "row,answer\n1,x\n2,\"y\"\n")),
        ] {
            let (rows, kept) = rows_in(text, OutputFormat::Csv, Some(header));
            assert_eq!((rows, kept.as_str()), want, "{text:?}");
        }
    }

    #[test]
    fn a_partial_of_another_format_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("partial");
        std::fs::write(&path, "row,answer\n1,x\n").unwrap();
        let mut file = std::fs::OpenOptions::new().read(true).write(true).open(&path).unwrap();
        let error = complete_rows(&mut file, "p", OutputFormat::JsonLines, None).unwrap_err();
        assert!(format!("{error:#}").contains("not a JSON Lines row"), "{error:#}");

        std::fs::write(&path, "{\"row\":1}\n").unwrap();
        let error =
            complete_rows(&mut file, "p", OutputFormat::Csv, Some(b"row,answer\n")).unwrap_err();
        assert!(format!("{error:#}").contains("header"), "{error:#}");
    }
}
