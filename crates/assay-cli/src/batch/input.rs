//! Reading batch input: CSV with a header, or JSON Lines, row by row, with
//! every bad row kept as an error rather than lost.

use std::io::{BufRead, Read};

use anyhow::{bail, Context};
use assay_eval::csv_line::LineEnds;
use serde_json::Value;

/// The UTF-8 byte-order mark.
const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// Longest answer scored in a batch, in bytes; a longer one is an error row.
pub const MAX_ANSWER_BYTES: usize = 100_000;

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// CSV with a header row.
    Csv,
    /// One JSON object per line.
    JsonLines,
}

/// One input row, read.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line of the input where the row starts.
    pub line: u64,
    /// `candidate_id`, if it could be read.
    pub candidate_id: String,
    /// `question_id`, if it could be read.
    pub question_id: String,
    /// The answer, or why the row cannot be scored.
    pub answer: Result<String, String>,
    /// Other columns or fields, passed through in order.
    pub extra: Vec<(String, Value)>,
}

impl Row {
    /// The optional `context` column or field: what the answer responds to,
    /// for cues with `@context`.
    #[must_use]
    pub fn context(&self) -> Option<&str> {
        let value = self.extra.iter().find(|(name, _)| name == super::CONTEXT_COLUMN);
        value.and_then(|(_, v)| v.as_str()).filter(|c| !c.trim().is_empty())
    }
}

/// Reads rows from CSV or JSON Lines.
pub enum RowReader<R: Read> {
    /// CSV input and its header.
    Csv { reader: csv::Reader<LineEnds<R>>, header: Vec<String>, columns: [usize; 3] },
    /// JSON Lines input.
    JsonLines { lines: std::io::BufReader<R>, line: u64, consumed: u64, buffer: Vec<u8> },
}

impl<R: Read> RowReader<R> {
    /// A reader over `input`; for CSV, reads and checks the header.
    ///
    /// # Errors
    ///
    /// A CSV header that cannot be read or lacks a required column.
    pub fn new(input: R, format: InputFormat, source: &str) -> anyhow::Result<Self> {
        match format {
            InputFormat::JsonLines => Ok(RowReader::JsonLines {
                lines: std::io::BufReader::with_capacity(1 << 16, input),
                line: 0,
                consumed: 0,
                buffer: Vec::new(),
            }),
            InputFormat::Csv => {
                let mut reader =
                    csv::ReaderBuilder::new().flexible(true).from_reader(LineEnds::new(input));
                let header = CsvHeader::read(&mut reader, source)?;
                let columns = [
                    header.column("candidate_id")?,
                    header.column("question_id")?,
                    header.column("answer")?,
                ];
                Ok(RowReader::Csv { reader, header: header.names, columns })
            }
        }
    }

    /// The names of the passed-through columns, in order (CSV only).
    pub fn extra_columns(&self) -> Vec<String> {
        match self {
            RowReader::Csv { header, columns, .. } => header
                .iter()
                .enumerate()
                .filter(|(i, _)| !columns.contains(i))
                .map(|(_, h)| h.clone())
                .collect(),
            RowReader::JsonLines { .. } => Vec::new(),
        }
    }

    /// Bytes of input consumed so far (for progress).
    pub fn byte_position(&self) -> u64 {
        match self {
            RowReader::Csv { reader, .. } => reader.position().byte(),
            RowReader::JsonLines { consumed, .. } => *consumed,
        }
    }

    /// The next row, `None` at the end.
    ///
    /// # Errors
    ///
    /// Only input that cannot be read at all (an I/O error); a malformed
    /// row is returned as a row with an error.
    pub fn next_row(&mut self) -> anyhow::Result<Option<Row>> {
        match self {
            RowReader::Csv { reader, header, columns } => next_csv(reader, header, *columns),
            RowReader::JsonLines { lines, line, consumed, buffer } => {
                next_json(lines, line, consumed, buffer)
            }
        }
    }
}

fn next_csv<R: Read>(
    reader: &mut csv::Reader<LineEnds<R>>,
    header: &[String],
    columns: [usize; 3],
) -> anyhow::Result<Option<Row>> {
    let mut record = csv::ByteRecord::new();
    let before = reader.position().clone();
    match reader.read_byte_record(&mut record) {
        Ok(false) => return Ok(None),
        Ok(true) => {}
        Err(error) => {
            if let csv::ErrorKind::Io(_) = error.kind() {
                return Err(error).context("cannot read the input");
            }
            let line = reader.get_mut().record_line(error.position().unwrap_or(&before));
            return Ok(Some(error_row(line, String::new(), String::new(), error.to_string())));
        }
    }
    let line = reader.get_mut().record_line(record.position().unwrap_or(&before));
    let field = |i: usize| -> Result<String, String> {
        let name = &header[i];
        let bytes = record.get(i).ok_or_else(|| format!("field `{name}` is missing"))?;
        String::from_utf8(bytes.to_vec()).map_err(|e| {
            format!(
                "field `{name}` is not valid UTF-8 (bad byte at offset {})",
                e.utf8_error().valid_up_to()
            )
        })
    };
    let candidate_id = field(columns[0]).unwrap_or_default();
    let question_id = field(columns[1]).unwrap_or_default();
    let extra = header
        .iter()
        .enumerate()
        .filter(|(i, _)| !columns.contains(i))
        .map(|(i, name)| (name.clone(), Value::String(field(i).unwrap_or_default())))
        .collect();
    let answer = if record.len() != header.len() {
        Err(format!("the row has {} fields where the header has {}", record.len(), header.len()))
    } else {
        check_ids(&candidate_id, &question_id)
            .and_then(|()| field(columns[0]))
            .and_then(|_| field(columns[1]))
            .and_then(|_| field(columns[2]))
            .and_then(check_size)
    };
    Ok(Some(Row { line, candidate_id, question_id, answer, extra }))
}

fn next_json<R: Read>(
    lines: &mut std::io::BufReader<R>,
    line: &mut u64,
    consumed: &mut u64,
    buffer: &mut Vec<u8>,
) -> anyhow::Result<Option<Row>> {
    loop {
        buffer.clear();
        let n = lines.read_until(b'\n', buffer).context("cannot read the input")?;
        if n == 0 {
            return Ok(None);
        }
        *consumed += n as u64;
        *line += 1;
        // A byte-order mark, as some Windows tools write, is not part of
        // the first object.
        if *line == 1 && buffer.starts_with(UTF8_BOM) {
            buffer.drain(..UTF8_BOM.len());
        }
        if !buffer.iter().all(u8::is_ascii_whitespace) {
            break;
        }
    }
    let at = *line;
    let text = match std::str::from_utf8(buffer) {
        Ok(text) => text,
        Err(e) => {
            let message = format!("not valid UTF-8 (bad byte at offset {})", e.valid_up_to());
            return Ok(Some(error_row(at, String::new(), String::new(), message)));
        }
    };
    let object = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => object,
        Ok(_) => {
            return Ok(Some(error_row(
                at,
                String::new(),
                String::new(),
                "not a JSON object".into(),
            )))
        }
        Err(e) => {
            return Ok(Some(error_row(
                at,
                String::new(),
                String::new(),
                format!("invalid JSON: {e}"),
            )))
        }
    };
    let text_field = |name: &str| -> Result<String, String> {
        match object.get(name) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(format!("field `{name}` is not a string")),
            None => Err(format!("field `{name}` is missing")),
        }
    };
    // Ids may be numbers (`"candidate_id": 1042`), taken as their text.
    let id_field = |name: &str| -> Result<String, String> {
        match object.get(name) {
            Some(Value::Number(n)) => Ok(n.to_string()),
            _ => text_field(name),
        }
    };
    let candidate_id = id_field("candidate_id").unwrap_or_default();
    let question_id = id_field("question_id").unwrap_or_default();
    let answer = id_field("candidate_id")
        .and_then(|_| id_field("question_id"))
        .and_then(|_| check_ids(&candidate_id, &question_id))
        .and_then(|()| text_field("answer"))
        .and_then(check_size);
    let extra = object
        .into_iter()
        .filter(|(k, _)| !matches!(k.as_str(), "candidate_id" | "question_id" | "answer"))
        .collect();
    Ok(Some(Row { line: at, candidate_id, question_id, answer, extra }))
}

fn check_ids(candidate_id: &str, question_id: &str) -> Result<(), String> {
    if candidate_id.trim().is_empty() {
        return Err("field `candidate_id` is empty".into());
    }
    if question_id.trim().is_empty() {
        return Err("field `question_id` is empty".into());
    }
    Ok(())
}

fn check_size(answer: String) -> Result<String, String> {
    if answer.len() > MAX_ANSWER_BYTES {
        Err(format!(
            "field `answer` is {} bytes, over the limit of {MAX_ANSWER_BYTES}",
            answer.len()
        ))
    } else {
        Ok(answer)
    }
}

fn error_row(line: u64, candidate_id: String, question_id: String, error: String) -> Row {
    Row { line, candidate_id, question_id, answer: Err(error), extra: Vec::new() }
}

/// The column names of a CSV file, to find columns by name with an error a
/// user can act on.
pub(crate) struct CsvHeader {
    /// The trimmed names, in order.
    pub names: Vec<String>,
    source: String,
}

impl CsvHeader {
    /// Reads the header row of `reader`; `source` names the input in errors.
    pub fn read<R: std::io::Read>(
        reader: &mut csv::Reader<R>,
        source: &str,
    ) -> anyhow::Result<Self> {
        let names: Vec<String> = reader
            .headers()
            .with_context(|| format!("{source}: cannot read the CSV header"))?
            .iter()
            .map(|h| h.trim().to_owned())
            .collect();
        for (i, name) in names.iter().enumerate().filter(|(_, n)| !n.is_empty()) {
            if let Some(j) = names[i + 1..].iter().position(|other| other == name) {
                bail!(
                    "{source}: line 1: the column `{name}` appears twice (columns {} and {}); \
                     rename one, so it is clear which is meant",
                    i + 1,
                    i + j + 2
                );
            }
        }
        Ok(Self { names, source: source.to_owned() })
    }

    /// The index of column `name`.
    pub fn column(&self, name: &str) -> anyhow::Result<usize> {
        match self.names.iter().position(|h| h == name) {
            Some(i) => Ok(i),
            None if self.names.iter().all(String::is_empty) => bail!(
                "{}: line 1: no header row (the input is empty or starts with a blank line); \
                 it needs one naming candidate_id, question_id and answer",
                self.source
            ),
            None => bail!(
                "{}: line 1: the header has no `{name}` column (it has: {})",
                self.source,
                self.names.join(", ")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Every row of `input` read as `format`.
    fn rows(input: &[u8], format: InputFormat) -> Vec<Row> {
        let mut reader = RowReader::new(input, format, "test").unwrap();
        std::iter::from_fn(|| reader.next_row().unwrap()).collect()
    }

    /// Text with what makes CSV and JSON hard: quotes, commas, line ends,
    /// backslashes, non-ASCII and control characters.
    fn awkward() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[a-z \",\\r\\n\\\\é\\u{0}\\u{202e}]{0,12}").unwrap()
    }

    proptest! {
        /// CSV written by a CSV library reads back row for row, each with its
        /// fields and the line it starts on.
        #[test]
        fn csv_rows_round_trip(records in prop::collection::vec((awkward(), awkward(), awkward()), 0..8)) {
            let mut writer = csv::Writer::from_writer(Vec::new());
            writer.write_record(["candidate_id", "question_id", "answer"]).unwrap();
            let mut starts = Vec::new();
            for (c, q, a) in &records {
                writer.flush().unwrap();
                starts.push(writer.get_ref().iter().filter(|&&b| b == b'\n').count() as u64 + 1);
                writer.write_record([c, q, a]).unwrap();
            }
            let bytes = writer.into_inner().unwrap();
            let read = rows(&bytes, InputFormat::Csv);
            prop_assert_eq!(read.len(), records.len());
            for ((row, (c, q, a)), start) in read.iter().zip(&records).zip(&starts) {
                prop_assert_eq!(&row.candidate_id, c);
                prop_assert_eq!(&row.question_id, q);
                prop_assert_eq!(row.line, *start);
                if !c.trim().is_empty() && !q.trim().is_empty() {
                    prop_assert_eq!(row.answer.as_deref(), Ok(a.as_str()));
                }
            }
        }

        /// Any bytes after a valid header: a row or an error row per
        /// record, never a panic, lines in order.
        #[test]
        fn any_csv_body_gives_rows_in_line_order(body in prop::collection::vec(any::<u8>(), 0..200)) {
            let mut input = b"candidate_id,question_id,answer\n".to_vec();
            input.extend(&body);
            let read = rows(&input, InputFormat::Csv);
            prop_assert!(read.windows(2).all(|w| w[0].line <= w[1].line));
            prop_assert!(read.iter().all(|r| r.line >= 2));
        }

        /// JSON Lines: one row per line that is not blank, on that line,
        /// whatever the line holds.
        #[test]
        fn every_json_line_is_one_row(lines in prop::collection::vec(prop_oneof![
            awkward(),
            (awkward(), awkward(), awkward()).prop_map(|(c, q, a)| {
                serde_json::json!({"candidate_id": c, "question_id": q, "answer": a}).to_string()
            }),
        ], 0..8)) {
            let lines: Vec<String> = lines.into_iter().map(|l| l.replace(['\n', '\r'], " ")).collect();
            let input = lines.join("\n");
            let read = rows(input.as_bytes(), InputFormat::JsonLines);
            let expected: Vec<u64> = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| !l.bytes().all(|b| b.is_ascii_whitespace()))
                .map(|(i, _)| i as u64 + 1)
                .collect();
            let got: Vec<u64> = read.iter().map(|r| r.line).collect();
            prop_assert_eq!(got, expected);
        }
    }
}
