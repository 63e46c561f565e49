//! Mohler et al. (2011): short computer-science answers graded 0-5 against
//! one reference answer, cross-validated over whole questions (the
//! dataset's `folds.csv`), so no answer to a test question is ever seen.
//!
//! One rubric per question is built from its reference answer alone: each
//! content word of the reference that the question does not use (students
//! repeat the question's words whether or not they know the answer) is a
//! concept with that word as its cue, weight 1. assay's total is then the
//! share of those words an answer uses, with stems and negation as
//! everywhere (`detail-words = 0`: a short factual answer is not worth less
//! for being short; with the interview default of 30, r falls to 0.416). On each fold a straight line from total to grade is fitted
//! on the other folds; Pearson r is taken over all held-out predictions.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use assay_eval::metrics::{mean, pearson};
use assay_score::{RubricSet, Scorer, SourceFile};
use assay_text::{is_stop_word, Analyzer, Token};

/// One answer the published work used.
struct Row {
    question_id: String,
    question: String,
    reference: String,
    answer: String,
    score: f64,
}

/// What the Mohler task gave.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MohlerResult {
    /// Pearson r of the fold-fitted predictions with the grades.
    pub pearson: f64,
    /// Questions (rubrics) and answers.
    pub sizes: (usize, usize),
}

/// Builds the rubrics under `out/rubrics/questions`, scores every answer
/// and returns the cross-validated Pearson r, from `dir/mohler`.
///
/// # Errors
///
/// When a file cannot be read or written, or a rubric does not load.
pub fn mohler(dir: &Path, out: &Path) -> Result<MohlerResult> {
    let base = dir.join("mohler");
    let rows = read_rows(&base.join("mohler_flat.csv"))?;
    let folds = read_folds(&base.join("folds.csv"))?;
    let files = write_rubrics(&rows, &out.join("rubrics/questions"))?;
    let rubrics = RubricSet::load(&[], &files).map_err(|e| anyhow!("{e}"))?;
    let mut scorer = Scorer::new();
    let mut totals = Vec::with_capacity(rows.len());
    let mut fold_of = Vec::with_capacity(rows.len());
    for row in &rows {
        let rubric =
            rubrics.get(&rubric_id(&row.question_id)).context("every question has a rubric")?;
        totals.push(scorer.score(rubric, &row.answer).total);
        fold_of.push(
            *folds
                .get(&row.question_id)
                .with_context(|| format!("question {} has no fold", row.question_id))?,
        );
    }
    let grades: Vec<f64> = rows.iter().map(|r| r.score).collect();
    let mut predicted = vec![0.0; rows.len()];
    let mut fold_ids: Vec<u32> = fold_of.clone();
    fold_ids.sort_unstable();
    fold_ids.dedup();
    for &fold in &fold_ids {
        let train: Vec<usize> = (0..rows.len()).filter(|&i| fold_of[i] != fold).collect();
        let (a, b) = fit_line(
            &train.iter().map(|&i| totals[i]).collect::<Vec<_>>(),
            &train.iter().map(|&i| grades[i]).collect::<Vec<_>>(),
        );
        for i in (0..rows.len()).filter(|&i| fold_of[i] == fold) {
            predicted[i] = (a + b * totals[i]).clamp(0.0, 5.0);
        }
    }
    let pearson = pearson(&predicted, &grades).context("the grades vary")?;
    Ok(MohlerResult { pearson, sizes: (files.len(), rows.len()) })
}

/// Least squares `y = a + b x`.
fn fit_line(x: &[f64], y: &[f64]) -> (f64, f64) {
    let (mx, my) = (mean(x).unwrap_or(0.0), mean(y).unwrap_or(0.0));
    let sxy: f64 = x.iter().zip(y).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = x.iter().map(|x| (x - mx).powi(2)).sum();
    let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (my - b * mx, b)
}

/// The rows of `mohler_flat.csv` the published work used.
fn read_rows(path: &Path) -> Result<Vec<Row>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("{}: no `{name}` column", path.display()))
    };
    let (qid, inc, q, r, a, s) = (
        col("question_id")?,
        col("included_in_published_work")?,
        col("question")?,
        col("reference_answer")?,
        col("student_answer")?,
        col("score_avg_0_5")?,
    );
    let mut rows = Vec::new();
    for (line, record) in reader.records().enumerate() {
        let record = record?;
        if &record[inc] != "1" {
            continue;
        }
        rows.push(Row {
            question_id: record[qid].to_owned(),
            question: record[q].to_owned(),
            reference: record[r].to_owned(),
            answer: record[a].replace("<br>", " "),
            score: record[s].parse().with_context(|| {
                format!("{}: record {}: score_avg_0_5", path.display(), line + 1)
            })?,
        });
    }
    Ok(rows)
}

/// `folds.csv`: question id to fold.
fn read_folds(path: &Path) -> Result<HashMap<String, u32>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let mut folds = HashMap::new();
    for record in reader.records() {
        let record = record?;
        let fold = record
            .get(1)
            .context("a fold column")?
            .parse()
            .with_context(|| format!("{}: fold", path.display()))?;
        folds.insert(record.get(0).context("a question column")?.to_owned(), fold);
    }
    Ok(folds)
}

/// `1.1` becomes `q1-1`: rubric ids allow only a-z, 0-9 and `-`.
fn rubric_id(question_id: &str) -> String {
    format!("q{}", question_id.replace('.', "-"))
}

/// Writes one rubric per question (see the module documentation).
fn write_rubrics(rows: &[Row], dir: &Path) -> Result<Vec<SourceFile>> {
    fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut analyzer = Analyzer::new();
    let mut first: BTreeMap<&str, &Row> = BTreeMap::new();
    for row in rows {
        first.entry(&row.question_id).or_insert(row);
    }
    let mut files = Vec::new();
    for row in first.values() {
        let id = rubric_id(&row.question_id);
        let question_stems: Vec<_> =
            analyzer.analyze(&row.question).tokens.iter().map(Token::shared_stem).collect();
        let mut seen: Vec<std::sync::Arc<str>> = Vec::new();
        let mut toml = String::new();
        writeln!(toml, "# Built from the reference answer by benchmarks/agreement (Mohler task).")?;
        writeln!(
            toml,
            "id = {id:?}\nquestion = {:?}\nsource = \"mohler_flat.csv, question {}\"\ndetail-words = 0\n",
            row.question, row.question_id
        )?;
        for token in analyzer.analyze(&row.reference).tokens {
            let word = token.word().to_string();
            if is_stop_word(&word)
                || !word.bytes().all(|b| b.is_ascii_lowercase())
                || word.len() < 2
            {
                continue;
            }
            let stem = token.shared_stem();
            if question_stems.contains(&stem) || seen.contains(&stem) {
                continue;
            }
            seen.push(stem);
            writeln!(
                toml,
                "[[concepts]]\nid = \"term-{word}\"\nname = {word:?}\nweight = 1\ncues = [{word:?}]\nguidance = \"Mention {word}.\"\npraise = \"Mentions {word}.\"\n"
            )?;
        }
        if seen.is_empty() {
            bail!(
                "question {}: the reference answer has no content word the question lacks",
                row.question_id
            );
        }
        for (name, min) in [("0", 0), ("1", 20), ("2", 40), ("3", 60), ("4", 80)] {
            writeln!(toml, "[[levels]]\nname = \"band-{name}\"\nmin = {min}\n")?;
        }
        let path = dir.join(format!("{id}.toml"));
        fs::write(&path, &toml).with_context(|| format!("writing {}", path.display()))?;
        files.push(SourceFile::new(path.display().to_string(), toml));
    }
    Ok(files)
}
