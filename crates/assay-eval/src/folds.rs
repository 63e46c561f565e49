//! Which cross-validation fold each labelled answer falls in.

use std::collections::{BTreeSet, HashMap};

use crate::csv_line::LineEnds;
use crate::error::{LabelError, LabelErrors};
use crate::labels::LabelSet;

/// Folds assigned from a file: `fold` keyed by `answer_id` or by
/// `question_id` (so whole questions are held out together).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoldMap {
    by_answer: bool,
    folds: HashMap<String, String>,
}

impl FoldMap {
    /// Reads a CSV with a `fold` column and an `answer_id` or `question_id`
    /// column. `file` names it in errors.
    ///
    /// # Errors
    ///
    /// A missing column, an unreadable row or a key given twice.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Self, LabelErrors> {
        let error = |line: usize, field: Option<&str>, message: String| {
            LabelErrors(vec![LabelError {
                file: file.to_owned(),
                line,
                field: field.map(str::to_owned),
                message,
            }])
        };
        let mut reader = csv::Reader::from_reader(LineEnds::new(bytes));
        let headers = reader.headers().map_err(|e| error(1, None, e.to_string()))?.clone();
        let column = |name: &str| headers.iter().position(|h| h.trim() == name);
        let fold = column("fold").ok_or_else(|| error(1, Some("fold"), "missing column".into()))?;
        let (by_answer, key) = match (column("answer_id"), column("question_id")) {
            (Some(i), _) => (true, i),
            (None, Some(i)) => (false, i),
            (None, None) => {
                return Err(error(1, None, "needs an `answer_id` or a `question_id` column".into()))
            }
        };
        let mut folds = HashMap::new();
        let mut record = csv::StringRecord::new();
        loop {
            let before = reader.position().clone();
            let read = reader.read_record(&mut record);
            let at = match &read {
                Ok(_) => record.position().unwrap_or(&before),
                Err(e) => e.position().unwrap_or(&before),
            };
            let line = usize::try_from(reader.get_mut().record_line(at)).unwrap_or(usize::MAX);
            match read {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(error(line, None, e.to_string())),
            }
            let id = record.get(key).unwrap_or("").trim().to_owned();
            let value = record.get(fold).unwrap_or("").trim().to_owned();
            if value.is_empty() {
                return Err(error(line, Some("fold"), "empty".into()));
            }
            if folds.insert(id.clone(), value).is_some() {
                return Err(error(line, None, format!("`{id}` is given a fold twice")));
            }
        }
        Ok(Self { by_answer, folds })
    }

    /// The fold index (0-based, in sorted order of the fold names) of every
    /// answer in `labels`, and the number of folds.
    ///
    /// # Errors
    ///
    /// An answer (or its question) that the map gives no fold.
    pub fn assign(&self, labels: &LabelSet) -> Result<(Vec<usize>, usize), String> {
        let names: BTreeSet<&String> = self.folds.values().collect();
        let index: HashMap<&String, usize> =
            names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let folds = labels
            .answers
            .iter()
            .map(|a| {
                let key = if self.by_answer { &a.id } else { &a.question };
                self.folds.get(key).map(|f| index[f]).ok_or_else(|| {
                    let kind = if self.by_answer { "answer" } else { "question" };
                    format!("the folds file gives no fold for {kind} `{key}`")
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok((folds, names.len()))
    }
}

/// Splits each question's answers over `k` folds at random (reproducibly
/// for a `seed`), so every fold holds about the same share of each question.
#[must_use]
pub fn random_folds(labels: &LabelSet, k: usize, seed: u64) -> Vec<usize> {
    let mut folds = vec![0; labels.answers.len()];
    let mut rng = SplitMix64(seed);
    for question in labels.questions() {
        let mut members: Vec<usize> =
            (0..labels.answers.len()).filter(|&i| labels.answers[i].question == question).collect();
        for i in (1..members.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            members.swap(i, j);
        }
        for (position, &i) in members.iter().enumerate() {
            folds[i] = position % k;
        }
    }
    folds
}

/// A small, well-known generator (Steele, Lea and Flood 2014): enough for
/// shuffling, and the same on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }
}

/// SplitMix64's finaliser: a fixed, well-spread 64-bit mix, the same on
/// every platform (for ordering groups so folds do not follow file order).
#[must_use]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
