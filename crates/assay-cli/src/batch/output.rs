//! Writing batch results: JSON Lines (the `assay score --format json` object
//! plus the row's ids) or CSV (a column per concept: per library concept for
//! the built-in rubrics, per concept of any rubric for a trainer's own),
//! one output row per input row.

use assay_score::{RubricSet, Score};
use serde_json::Value;

use crate::args::RowDetail;
use crate::batch::input::Row;
use crate::score_json::{write_score_fields, write_str, JsonObject};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// One JSON object per line.
    JsonLines,
    /// CSV with a header, safe to open in a spreadsheet.
    Csv,
}

/// The result for one input row.
#[derive(Debug)]
pub struct Outcome {
    /// 1-based position of the row among the data rows.
    pub number: u64,
    /// The row as read.
    pub row: Row,
    /// Its score, or why it has none.
    pub score: Result<Score, String>,
}

/// Turns outcomes into output bytes. Pure and `Sync`, so rows are rendered
/// in parallel and only written in order.
#[derive(Debug, Clone)]
pub struct Renderer {
    format: OutputFormat,
    /// Concepts with a column of their own, in column order.
    columns: Vec<String>,
    /// Whether concepts without a column are listed in `own_concepts`.
    own_cell: bool,
    extra: Vec<String>,
    /// The rubric set's fingerprint, carried by every JSON row.
    rubrics: String,
    /// How much of a score a JSON Lines row carries.
    detail: RowDetail,
}

/// Which concepts get a CSV column of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConceptColumns {
    /// The library's; question-specific concepts share one `own_concepts`
    /// cell (the built-in set: 128 question-specific concepts would be
    /// mostly empty columns).
    Library,
    /// Every concept of every rubric (a trainer's own rubric folder).
    All,
}

impl Renderer {
    /// A renderer for `format`; `extra` names the passed-through CSV columns
    /// and `rubrics` with `columns` give the concepts that get a column each
    /// (library concepts first, then the others in rubric order).
    #[must_use]
    pub fn new(
        format: OutputFormat,
        rubrics: &RubricSet,
        columns: ConceptColumns,
        extra: Vec<String>,
        detail: RowDetail,
    ) -> Self {
        let mut ids: Vec<String> = rubrics.library().map(|c| c.id.clone()).collect();
        if columns == ConceptColumns::All {
            for concept in rubrics.rubrics().flat_map(|r| &r.concepts) {
                if !ids.contains(&concept.id) {
                    ids.push(concept.id.clone());
                }
            }
        }
        Renderer {
            format,
            columns: ids,
            own_cell: columns == ConceptColumns::Library,
            extra,
            rubrics: rubrics.fingerprint().to_owned(),
            detail,
        }
    }

    /// What the output is, for the run record that a resumed run must
    /// match: the format, and for JSON Lines the detail.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match (self.format, self.detail) {
            (OutputFormat::JsonLines, RowDetail::Compact) => "jsonl",
            (OutputFormat::JsonLines, RowDetail::Full) => "jsonl --detail full",
            (OutputFormat::Csv, _) => "csv",
        }
    }

    /// The header line, for formats that have one.
    #[must_use]
    pub fn header(&self) -> Option<Vec<u8>> {
        (self.format == OutputFormat::Csv).then(|| csv_line(self.csv_header()))
    }

    /// One output line for `outcome`.
    #[must_use]
    pub fn render(&self, outcome: &Outcome) -> Vec<u8> {
        match self.format {
            OutputFormat::JsonLines => json_line(outcome, &self.rubrics, self.detail),
            OutputFormat::Csv => csv_line(self.csv_row(outcome)),
        }
    }

    fn csv_header(&self) -> Vec<String> {
        let mut header: Vec<String> = LEADING_COLUMNS.map(String::from).to_vec();
        header.extend(self.extra.iter().map(|name| passed_through_name(name)));
        header.extend(SCORE_COLUMNS.map(String::from));
        header.extend(self.columns.iter().map(|id| format!("{CONCEPT_PREFIX}{id}")));
        if self.own_cell {
            header.push(OWN_CONCEPTS_COLUMN.into());
        }
        header.push(ERROR_COLUMN.into());
        header.into_iter().map(spreadsheet_safe).collect()
    }

    fn csv_row(&self, outcome: &Outcome) -> Vec<String> {
        let row = &outcome.row;
        let mut cells = vec![
            outcome.number.to_string(),
            row.line.to_string(),
            row.candidate_id.clone(),
            row.question_id.clone(),
        ];
        for name in &self.extra {
            let value = row.extra.iter().find(|(k, _)| k == name).map(|(_, v)| v);
            cells.push(match value {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            });
        }
        match &outcome.score {
            Ok(score) => {
                let hit: Vec<&str> =
                    score.concepts.iter().filter(|c| c.hit()).map(|c| c.id.as_str()).collect();
                let flags: Vec<&str> = score.red_flags.iter().map(|f| f.id.as_str()).collect();
                // Empty when no model answers were compared.
                let off_topic = score.exemplars.as_ref().map(|e| e.off_topic.is_some());
                cells.extend([
                    format!("{:.1}", score.total),
                    score.level.clone(),
                    score.reason.map(|r| r.as_str().to_owned()).unwrap_or_default(),
                    off_topic.map(|o| o.to_string()).unwrap_or_default(),
                    flags.join(";"),
                    // Empty on the questions the harm model does not cover.
                    score.harm.as_ref().map(|h| h.review().to_string()).unwrap_or_default(),
                    hit.join(";"),
                ]);
                for id in &self.columns {
                    let strength = score.concepts.iter().find(|c| &c.id == id).map(|c| c.strength);
                    cells.push(strength.map(|s| format!("{s:.2}")).unwrap_or_default());
                }
                if self.own_cell {
                    let own: Vec<String> = score
                        .concepts
                        .iter()
                        .filter(|c| !self.columns.contains(&c.id))
                        .map(|c| format!("{}={:.2}", c.id, c.strength))
                        .collect();
                    cells.push(own.join(";"));
                }
                cells.push(String::new());
            }
            Err(error) => {
                let empty = SCORE_COLUMNS.len() + self.columns.len() + usize::from(self.own_cell);
                cells.extend(std::iter::repeat_n(String::new(), empty));
                cells.push(error.clone());
            }
        }
        cells.into_iter().map(spreadsheet_safe).collect()
    }
}

/// The CSV output's columns before the passed-through ones.
const LEADING_COLUMNS: [&str; 4] = ["row", "line", "candidate_id", "question_id"];

/// The CSV output's columns of a score, after the passed-through ones.
const SCORE_COLUMNS: [&str; 7] =
    ["score", "level", "reason", "off_topic", "red_flags", "harm_review", "concepts_hit"];

/// What starts the name of a concept's column.
const CONCEPT_PREFIX: &str = "concept:";

/// The column listing question-specific concepts (built-in rubrics).
const OWN_CONCEPTS_COLUMN: &str = "own_concepts";

/// The column saying why a row has no score.
const ERROR_COLUMN: &str = "error";

/// What a passed-through column's name gets in front when it would
/// otherwise be taken for one of the output's own columns.
pub const PASSED_THROUGH_PREFIX: &str = "input.";

/// The output name of the passed-through input column `name`: as it is,
/// unless the output has a column of that name (`score`, `error`,
/// `concept:...`), or it starts with [`PASSED_THROUGH_PREFIX`] (so that
/// `input.score` and a renamed `score` stay apart); then prefixed.
fn passed_through_name(name: &str) -> String {
    let taken = LEADING_COLUMNS.contains(&name)
        || SCORE_COLUMNS.contains(&name)
        || [OWN_CONCEPTS_COLUMN, ERROR_COLUMN].contains(&name)
        || name.starts_with(CONCEPT_PREFIX)
        || name.starts_with(PASSED_THROUGH_PREFIX);
    if taken {
        format!("{PASSED_THROUGH_PREFIX}{name}")
    } else {
        name.to_owned()
    }
}

/// One CSV record, quoted as RFC 4180 requires, with its line end.
fn csv_line(cells: Vec<String>) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(cells).expect("writing to memory cannot fail");
    writer.into_inner().expect("writing to memory cannot fail")
}

/// The JSON Lines line of an outcome: the row's ids, its passed-through
/// fields, then the `assay score --format json` fields or an `error`.
fn json_line(outcome: &Outcome, rubrics: &str, detail: RowDetail) -> Vec<u8> {
    let row = &outcome.row;
    let mut line = Vec::with_capacity(8192);
    let mut object = JsonObject::open(&mut line);
    object.u64("row", outcome.number);
    object.u64("line", row.line);
    object.str("candidate_id", &row.candidate_id);
    object.str("question_id", &row.question_id);
    if !row.extra.is_empty() {
        let out = object.key("fields");
        out.push(b'{');
        for (i, (name, value)) in row.extra.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_str(out, name);
            out.push(b':');
            serde_json::to_writer(&mut *out, value).expect("writing to memory cannot fail");
        }
        out.push(b'}');
    }
    match (&outcome.score, &row.answer) {
        (Ok(score), Ok(answer)) => write_score_fields(&mut object, score, answer, rubrics, detail),
        (Err(error), _) | (Ok(_), Err(error)) => object.str("error", error),
    }
    object.close();
    line.push(b'\n');
    line
}

/// A cell a spreadsheet will show as text: one starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return would be read as a formula, so it gets a
/// leading apostrophe.
#[must_use]
pub fn spreadsheet_safe(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")".into()), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("+1".into()), "'+1");
        assert_eq!(spreadsheet_safe("-cmd".into()), "'-cmd");
        assert_eq!(spreadsheet_safe("@SUM(A1)".into()), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("\tx".into()), "'\tx");
        assert_eq!(spreadsheet_safe("plain text".into()), "plain text");
        assert_eq!(spreadsheet_safe("72.5".into()), "72.5");
    }

    #[test]
    fn passed_through_columns_never_take_an_output_name() {
        assert_eq!(passed_through_name("cohort"), "cohort");
        assert_eq!(passed_through_name("score"), "input.score");
        assert_eq!(passed_through_name("error"), "input.error");
        assert_eq!(passed_through_name("row"), "input.row");
        assert_eq!(passed_through_name("concept:empathy"), "input.concept:empathy");
        assert_eq!(passed_through_name("input.score"), "input.input.score");
    }
}
