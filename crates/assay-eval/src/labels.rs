//! Answers scored by human raters: the labelled file format and its
//! validation against the rubrics.
//!
//! A labelled file is CSV with a header, or JSON Lines, one rating per row:
//!
//! | field | required | meaning |
//! |---|---|---|
//! | `question_id` | yes | a question with a rubric |
//! | `answer` | yes | the answer text |
//! | `score` | yes | the human score: a number from 0 to 100, or the name of one of the question's levels; one file uses one scale |
//! | `answer_id` | no | groups several raters' rows of one answer (otherwise rows with the same question and text are one answer) |
//! | `rater` | no | who gave the score; one rater rates an answer once |
//! | `concept:<id>` | no | 1 if the rater saw the concept in the answer, 0 if not, empty if not judged |
//! | `context` | no | what the answer responds to (a post, the other person's last turn), for cues with `@context`; the first row of an answer gives it |
//!
//! In JSON Lines, concept labels may also be an object: `"concepts":
//! {"empathy": 1}`. Other CSV columns are ignored.

use std::collections::{BTreeMap, HashMap};

use assay_score::{Rubric, RubricSet};
use serde_json::Value;

use crate::csv_line::LineEnds;
use crate::error::{LabelError, LabelErrors};

/// The format of a labelled file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelFormat {
    /// CSV with a header row.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// The scale of the human scores in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Numbers from 0 to 100.
    Points,
    /// Level names of the question's rubric.
    Levels,
}

/// One rater's judgement of one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    /// 1-based line of the row.
    pub line: usize,
    /// Who rated, if named.
    pub rater: Option<String>,
    /// The score from 0 to 100. A level name counts as the middle of its
    /// band (the top level: the middle of its `min` and 100).
    pub score: f64,
    /// Concept labels the rater gave, by concept id.
    pub concepts: BTreeMap<String, bool>,
}

/// One answer with every rating it got.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledAnswer {
    /// The `answer_id`, or `line N` of its first row.
    pub id: String,
    /// The question.
    pub question: String,
    /// The answer text.
    pub answer: String,
    /// What the answer responds to, if the file says.
    pub context: Option<String>,
    /// The ratings, in file order.
    pub ratings: Vec<Rating>,
}

impl LabelledAnswer {
    /// The mean of the raters' scores.
    #[must_use]
    pub fn human_score(&self) -> f64 {
        self.ratings.iter().map(|r| r.score).sum::<f64>() / self.ratings.len() as f64
    }

    /// The raters' consensus on a concept: `Some` when more than half of
    /// those who judged it agree, `None` when nobody judged it or they tie.
    #[must_use]
    pub fn concept_label(&self, concept: &str) -> Option<bool> {
        let votes: Vec<bool> =
            self.ratings.iter().filter_map(|r| r.concepts.get(concept).copied()).collect();
        let yes = votes.iter().filter(|&&v| v).count();
        let no = votes.len() - yes;
        (yes != no).then_some(yes > no)
    }

    /// Whether any rater judged the concept, even if they tie.
    #[must_use]
    pub fn concept_judged(&self, concept: &str) -> bool {
        self.ratings.iter().any(|r| r.concepts.contains_key(concept))
    }
}

/// A validated labelled file.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelSet {
    /// The scale every score in the file uses.
    pub scale: Scale,
    /// The answers, in order of first appearance.
    pub answers: Vec<LabelledAnswer>,
    /// Concept ids that have a label column, in file order.
    pub labelled_concepts: Vec<String>,
}

/// A row before validation.
struct RawRow {
    line: usize,
    fields: HashMap<String, RawValue>,
}

enum RawValue {
    Text(String),
    Number(f64),
}

impl LabelSet {
    /// Reads and validates a labelled file's bytes. `file` names it in
    /// errors.
    ///
    /// # Errors
    ///
    /// Every problem found, each with its line and field.
    pub fn parse(
        file: &str,
        bytes: &[u8],
        format: LabelFormat,
        rubrics: &RubricSet,
    ) -> Result<Self, LabelErrors> {
        let mut problems = Problems { file, errors: Vec::new() };
        let rows = match format {
            LabelFormat::Csv => read_csv(bytes, &mut problems),
            LabelFormat::Jsonl => read_jsonl(bytes, &mut problems),
        };
        let set = build(rows, rubrics, &mut problems);
        problems.errors.sort_by_key(|e| e.line);
        if problems.errors.is_empty() {
            Ok(set)
        } else {
            Err(LabelErrors(problems.errors))
        }
    }

    /// The answers to one question.
    pub fn of_question<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a LabelledAnswer> {
        self.answers.iter().filter(move |a| a.question == id)
    }

    /// The questions the answers are for, in order of first appearance.
    #[must_use]
    pub fn questions(&self) -> Vec<&str> {
        let mut seen = Vec::new();
        for answer in &self.answers {
            if !seen.contains(&answer.question.as_str()) {
                seen.push(answer.question.as_str());
            }
        }
        seen
    }
}

/// The score a level name stands for: the middle of its band.
#[must_use]
pub fn level_midpoint(rubric: &Rubric, level: usize) -> f64 {
    let low = rubric.levels[level].min;
    let high = rubric.levels.get(level + 1).map_or(100.0, |l| l.min);
    (low + high) / 2.0
}

struct Problems<'a> {
    file: &'a str,
    errors: Vec<LabelError>,
}

impl Problems<'_> {
    fn add(&mut self, line: usize, field: Option<&str>, message: impl Into<String>) {
        self.errors.push(LabelError {
            file: self.file.to_owned(),
            line,
            field: field.map(str::to_owned),
            message: message.into(),
        });
    }
}

/// The line a record or error at `position` starts on.
fn line_at(reader: &mut csv::Reader<LineEnds<&[u8]>>, position: &csv::Position) -> usize {
    usize::try_from(reader.get_mut().record_line(position)).unwrap_or(usize::MAX)
}

fn read_csv(bytes: &[u8], problems: &mut Problems) -> Vec<RawRow> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(LineEnds::new(bytes));
    let headers = match reader.byte_headers() {
        Ok(h) => h.iter().map(|h| String::from_utf8_lossy(h).trim().to_owned()).collect::<Vec<_>>(),
        Err(e) => {
            problems.add(1, None, format!("cannot read the header: {e}"));
            return Vec::new();
        }
    };
    for required in ["question_id", "answer", "score"] {
        if !headers.iter().any(|h| h == required) {
            problems.add(
                1,
                Some(required),
                "missing column (the header needs question_id, answer and score)",
            );
        }
    }
    if !problems.errors.is_empty() {
        return Vec::new();
    }
    let mut rows = Vec::new();
    let mut record = csv::ByteRecord::new();
    loop {
        let before = reader.position().clone();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = line_at(&mut reader, record.position().unwrap_or(&before));
                let mut fields = HashMap::new();
                for (name, value) in headers.iter().zip(record.iter()) {
                    match std::str::from_utf8(value) {
                        Ok(text) => {
                            fields.insert(name.clone(), RawValue::Text(text.to_owned()));
                        }
                        Err(_) => problems.add(line, Some(name), "not valid UTF-8"),
                    }
                }
                rows.push(RawRow { line, fields });
            }
            Err(e) => {
                let line = line_at(&mut reader, e.position().unwrap_or(&before));
                problems.add(line, None, format!("not a valid CSV row: {e}"));
                if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    break;
                }
            }
        }
    }
    rows
}

fn read_jsonl(bytes: &[u8], problems: &mut Problems) -> Vec<RawRow> {
    // A byte-order mark, as some Windows tools write, is not part of the
    // first object.
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut rows = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let number = i + 1;
        let Ok(text) = std::str::from_utf8(line) else {
            problems.add(number, None, "not valid UTF-8");
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let object = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                problems.add(number, None, "not a JSON object");
                continue;
            }
            Err(e) => {
                problems.add(number, None, format!("not valid JSON: {e}"));
                continue;
            }
        };
        let mut fields = HashMap::new();
        for (key, value) in object {
            if key == "concepts" {
                let Value::Object(labels) = value else {
                    problems.add(
                        number,
                        Some("concepts"),
                        "must be an object of concept id: 0 or 1",
                    );
                    continue;
                };
                for (id, label) in labels {
                    if let Some(raw) =
                        json_value(number, &format!("concepts.{id}"), label, problems)
                    {
                        fields.insert(format!("concept:{id}"), raw);
                    }
                }
            } else if let Some(raw) = json_value(number, &key, value, problems) {
                fields.insert(key, raw);
            }
        }
        rows.push(RawRow { line: number, fields });
    }
    rows
}

fn json_value(line: usize, key: &str, value: Value, problems: &mut Problems) -> Option<RawValue> {
    match value {
        Value::String(s) => Some(RawValue::Text(s)),
        Value::Number(n) => n.as_f64().map(RawValue::Number),
        Value::Bool(b) => Some(RawValue::Number(if b { 1.0 } else { 0.0 })),
        Value::Null => Some(RawValue::Text(String::new())),
        _ => {
            problems.add(line, Some(key), "must be a string or a number");
            None
        }
    }
}

/// Where each scale was first seen, to name both in a mixed file.
#[derive(Default)]
struct ScaleSeen {
    points: Option<usize>,
    levels: Option<usize>,
}

fn build(rows: Vec<RawRow>, rubrics: &RubricSet, problems: &mut Problems) -> LabelSet {
    let known: Vec<&str> = all_concept_ids(rubrics);
    let mut labelled_concepts: Vec<String> = Vec::new();
    // Unknown concept columns, reported once each.
    let mut unknown = std::collections::BTreeSet::new();
    let mut answers: Vec<LabelledAnswer> = Vec::new();
    let mut by_key: HashMap<(String, String), usize> = HashMap::new();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut seen = ScaleSeen::default();
    let mut scored: Vec<(usize, usize, RawScore)> = Vec::new();
    for row in rows {
        let line = row.line;
        let text = |name: &str| match row.fields.get(name) {
            Some(RawValue::Text(t)) => Some(t.clone()),
            Some(RawValue::Number(n)) => Some(n.to_string()),
            None => None,
        };
        let Some(question) =
            text("question_id").map(|q| q.trim().to_owned()).filter(|q| !q.is_empty())
        else {
            problems.add(line, Some("question_id"), "missing or empty");
            continue;
        };
        let Some(rubric) = rubrics.get(&question) else {
            let near = rubrics.suggest(&question);
            let hint = if near.is_empty() {
                "see `assay questions`".to_owned()
            } else {
                format!("did you mean {}?", near.join(", "))
            };
            problems.add(line, Some("question_id"), format!("no rubric for `{question}`; {hint}"));
            continue;
        };
        let Some(answer) = text("answer") else {
            problems.add(line, Some("answer"), "missing");
            continue;
        };
        let score = raw_score(line, row.fields.get("score"), rubric, &mut seen, problems);
        let mut concepts = BTreeMap::new();
        let mut labels: Vec<(&String, &RawValue)> =
            row.fields.iter().filter(|(k, _)| k.starts_with("concept:")).collect();
        labels.sort_by(|a, b| a.0.cmp(b.0));
        for (key, value) in labels {
            let id = &key["concept:".len()..];
            if !known.contains(&id) {
                if unknown.insert(id.to_owned()) {
                    problems.add(line, Some(key), format!("no concept `{id}` in the rubrics"));
                }
                continue;
            }
            if !labelled_concepts.iter().any(|c| c == id) {
                labelled_concepts.push(id.to_owned());
            }
            match concept_value(value) {
                Ok(Some(v)) => {
                    concepts.insert(id.to_owned(), v);
                }
                Ok(None) => {}
                Err(got) => {
                    problems.add(line, Some(key), format!("must be 0, 1 or empty, not `{got}`"))
                }
            }
        }
        let Some(score) = score else {
            continue;
        };
        let rater = text("rater").map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
        let answer_id = text("answer_id").map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
        let context = text("context").filter(|c| !c.trim().is_empty());
        let index = match &answer_id {
            Some(id) => match by_id.get(id) {
                Some(&i) => {
                    if answers[i].question != question || answers[i].answer != answer {
                        let first = answers[i].ratings[0].line;
                        problems.add(line, Some("answer_id"), format!("`{id}` was used on line {first} for a different question or answer text"));
                        continue;
                    }
                    i
                }
                None => {
                    by_id.insert(id.clone(), answers.len());
                    answers.push(LabelledAnswer {
                        id: id.clone(),
                        question: question.clone(),
                        answer: answer.clone(),
                        context: context.clone(),
                        ratings: Vec::new(),
                    });
                    answers.len() - 1
                }
            },
            None => *by_key.entry((question.clone(), answer.clone())).or_insert_with(|| {
                answers.push(LabelledAnswer {
                    id: format!("line {line}"),
                    question: question.clone(),
                    answer: answer.clone(),
                    context: context.clone(),
                    ratings: Vec::new(),
                });
                answers.len() - 1
            }),
        };
        if let Some(name) = &rater {
            if let Some(earlier) =
                answers[index].ratings.iter().find(|r| r.rater.as_ref() == Some(name))
            {
                problems.add(
                    line,
                    Some("rater"),
                    format!("`{name}` already rated this answer on line {}", earlier.line),
                );
                continue;
            }
        }
        scored.push((index, answers[index].ratings.len(), score));
        answers[index].ratings.push(Rating { line, rater, score: 0.0, concepts });
    }
    let scale = match (seen.points, seen.levels) {
        (Some(p), Some(l)) => {
            let (line, other) = if p < l { (l, p) } else { (p, l) };
            problems.add(line, Some("score"), format!("this file mixes scales: line {other} scores on one scale (numbers 0-100 or level names) and this line on the other; use one"));
            Scale::Points
        }
        (None, Some(_)) => Scale::Levels,
        _ => Scale::Points,
    };
    for (index, rating, score) in scored {
        let rubric = rubrics.get(&answers[index].question).expect("checked above");
        answers[index].ratings[rating].score = match score {
            RawScore::Points(points) => points,
            RawScore::Level(level) => level_midpoint(rubric, level),
        };
    }
    LabelSet { scale, answers, labelled_concepts }
}

enum RawScore {
    Points(f64),
    Level(usize),
}

fn raw_score(
    line: usize,
    value: Option<&RawValue>,
    rubric: &Rubric,
    seen: &mut ScaleSeen,
    problems: &mut Problems,
) -> Option<RawScore> {
    let points = |n: f64, seen: &mut ScaleSeen, problems: &mut Problems| {
        if (0.0..=100.0).contains(&n) {
            seen.points.get_or_insert(line);
            Some(RawScore::Points(n))
        } else {
            problems.add(line, Some("score"), format!("{n} is outside 0-100"));
            None
        }
    };
    match value {
        None => {
            problems.add(line, Some("score"), "missing");
            None
        }
        Some(RawValue::Number(n)) => points(*n, seen, problems),
        Some(RawValue::Text(text)) => {
            let text = text.trim();
            if text.is_empty() {
                problems.add(line, Some("score"), "empty");
                return None;
            }
            if let Ok(n) = text.parse::<f64>() {
                return points(n, seen, problems);
            }
            if let Some(level) =
                rubric.levels.iter().position(|l| l.name.eq_ignore_ascii_case(text))
            {
                seen.levels.get_or_insert(line);
                return Some(RawScore::Level(level));
            }
            let names: Vec<&str> = rubric.levels.iter().map(|l| l.name.as_str()).collect();
            problems.add(
                line,
                Some("score"),
                format!(
                    "`{text}` is neither a number from 0 to 100 nor a level of `{}` ({})",
                    rubric.id,
                    names.join(", ")
                ),
            );
            None
        }
    }
}

fn concept_value(value: &RawValue) -> Result<Option<bool>, String> {
    match value {
        RawValue::Number(n) if *n == 0.0 => Ok(Some(false)),
        RawValue::Number(n) if *n == 1.0 => Ok(Some(true)),
        RawValue::Number(n) => Err(n.to_string()),
        RawValue::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
            "" => Ok(None),
            "0" | "false" | "no" => Ok(Some(false)),
            "1" | "true" | "yes" => Ok(Some(true)),
            _ => Err(t.clone()),
        },
    }
}

fn all_concept_ids(rubrics: &RubricSet) -> Vec<&str> {
    let mut ids: Vec<&str> = rubrics.library().map(|c| c.id.as_str()).collect();
    for rubric in rubrics.rubrics() {
        ids.extend(rubric.concept_ids());
    }
    ids.sort_unstable();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use assay_score::SourceFile;

    use super::*;

    fn rubrics() -> RubricSet {
        let concept = SourceFile::new(
            "concepts/listen.toml",
            "id = \"listen\"\nname = \"L\"\nweight = 1\ncues = [\"listen\"]\nguidance = \"g\"\npraise = \"p\"\n",
        );
        let question = SourceFile::new(
            "questions/q.toml",
            "id = \"q\"\nquestion = \"Q?\"\nsource = \"a.txt#1\"\n[[concepts]]\nuse = \"listen\"\n\
             [[levels]]\nname = \"low\"\nmin = 0\n[[levels]]\nname = \"high\"\nmin = 60\n",
        );
        RubricSet::load(&[concept], &[question]).unwrap()
    }

    fn parse(text: &str, format: LabelFormat) -> Result<LabelSet, LabelErrors> {
        LabelSet::parse("l", text.as_bytes(), format, &rubrics())
    }

    #[test]
    fn ratings_of_one_answer_are_grouped_and_averaged() {
        let set = parse(
            "answer_id,question_id,answer,rater,score,concept:listen\n\
             a1,q,I listen.,x,80,1\n\
             a1,q,I listen.,y,60,0\n\
             a2,q,I wait.,x,10,0\n\
             a1,q,I listen.,z,70,1\n",
            LabelFormat::Csv,
        )
        .unwrap();
        assert_eq!(set.scale, Scale::Points);
        assert_eq!(set.answers.len(), 2);
        let first = &set.answers[0];
        assert_eq!(first.ratings.len(), 3);
        assert_eq!(first.human_score(), 70.0);
        assert_eq!(first.concept_label("listen"), Some(true));
        assert_eq!(set.labelled_concepts, vec!["listen".to_owned()]);
    }

    #[test]
    fn an_even_split_on_a_concept_is_no_label() {
        let set = parse(
            "question_id,answer,rater,score,concept:listen\nq,I listen.,x,80,1\nq,I listen.,y,60,0\nq,Other.,x,5,\n",
            LabelFormat::Csv,
        )
        .unwrap();
        assert_eq!(set.answers[0].concept_label("listen"), None);
        assert!(set.answers[0].concept_judged("listen"));
        assert!(!set.answers[1].concept_judged("listen"));
    }

    #[test]
    fn level_names_count_as_the_middle_of_their_band() {
        let set = parse(
            "{\"question_id\": \"q\", \"answer\": \"I listen.\", \"score\": \"High\", \"concepts\": {\"listen\": true}}\n\n\
             {\"question_id\": \"q\", \"answer\": \"No.\", \"score\": \"low\"}\n",
            LabelFormat::Jsonl,
        )
        .unwrap();
        assert_eq!(set.scale, Scale::Levels);
        assert_eq!(set.answers[0].human_score(), 80.0);
        assert_eq!(set.answers[1].human_score(), 30.0);
        assert_eq!(set.answers[0].concept_label("listen"), Some(true));
    }

    #[test]
    fn problems_name_line_and_field_and_reading_goes_on() {
        let csv = "question_id,answer,rater,score,concept:speak\nq,a,x,50,1\nq,a,x,60,\n\nq,b,,,\n";
        // The same lines with Windows line ends (as spreadsheets export).
        for csv in [csv.to_owned(), csv.replace('\n', "\r\n")] {
            let errors = parse(&csv, LabelFormat::Csv).unwrap_err();
            let text: Vec<String> = errors.0.iter().map(ToString::to_string).collect();
            assert_eq!(
                text,
                [
                    "l:2: field `concept:speak`: no concept `speak` in the rubrics",
                    "l:3: field `rater`: `x` already rated this answer on line 2",
                    "l:5: field `score`: empty",
                ]
            );
        }
        let json =
            parse("\u{feff}{\"question_id\": \"q\"}\nnot json\n", LabelFormat::Jsonl).unwrap_err();
        assert_eq!(json.0[0].to_string(), "l:1: field `answer`: missing");
        assert!(json.0[1].to_string().starts_with("l:2: not valid JSON"));
        let header = parse("question,answer,score\n", LabelFormat::Csv).unwrap_err();
        assert_eq!(header.0[0].field.as_deref(), Some("question_id"));
    }
}
