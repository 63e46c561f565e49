//! Scores the Mohler et al. (2011) short-answer dataset with assay and
//! reports cross-validated Pearson r and RMSE on its 0-5 scale.
//!
//! ```sh
//! cargo run --release -p assay-eval --example mohler -- ../shared/datasets/mohler /tmp/mohler
//! ```
//!
//! The dataset is read from the folder given (nothing of it is kept in this
//! repository). The example writes to the output folder:
//!
//! - `rubrics/questions/<id>.toml`: one rubric per question. Each content
//!   word of the instructor's reference answer that the question itself does
//!   not use becomes a concept with that word as its cue (question words are
//!   left out because students repeat them whether or not they know the
//!   answer); weight 1 each, so the total is the share of the reference's
//!   new words an answer uses, with stems and negation as everywhere in
//!   assay. Levels split 0-100 at 20, 40, 60 and 80.
//! - `folds.csv`: the dataset's folds with these question ids, for
//!   `assay tune --folds-file`.
//! - `labelled.csv`: every answer of the 81 published questions, with the
//!   dataset's averaged score times 20 as `score`, so it can be passed to
//!   `assay eval` and `assay tune`.
//!
//! It then scores every answer and, for each fold of `folds.csv` (folds hold
//! whole questions), fits a straight line from assay's total to the human
//! score on the other folds and applies it to the held-out fold. Pearson r
//! and RMSE are computed over all held-out predictions on the 0-5 scale.
#![allow(clippy::print_stdout)]

use std::collections::BTreeMap;
use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use assay_eval::metrics::{mean, pearson, rmse};
use assay_eval::{judge, FoldMap, LabelFormat, LabelSet};
use assay_score::{RubricSet, SourceFile};
use assay_text::{is_stop_word, Analyzer, Token};

/// One row of `mohler_flat.csv` that the papers used.
struct Row {
    question_id: String,
    question: String,
    reference: String,
    answer: String,
    score: f64,
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dataset, out] = args.as_slice() else {
        return Err(
            "usage: mohler DATASET_DIR OUT_DIR (DATASET_DIR holds mohler_flat.csv and folds.csv)"
                .into(),
        );
    };
    let (dataset, out) = (PathBuf::from(dataset), PathBuf::from(out));
    let rows = read_rows(&dataset.join("mohler_flat.csv"))?;
    let questions = write_rubrics(&rows, &out.join("rubrics/questions"))?;
    let labelled = labelled_csv(&rows)?;
    fs::write(out.join("labelled.csv"), &labelled)?;
    println!(
        "wrote {} rubrics and {} labelled answers under {}",
        questions.len(),
        rows.len(),
        out.display()
    );

    let rubrics = RubricSet::load(&[], &questions).map_err(|e| e.to_string())?;
    let labels = LabelSet::parse("labelled.csv", labelled.as_bytes(), LabelFormat::Csv, &rubrics)
        .map_err(|e| e.to_string())?;
    let folds_path = dataset.join("folds.csv");
    let folds_csv = rename_folds(&folds_path)?;
    fs::write(out.join("folds.csv"), &folds_csv)?;
    let (folds, k) = FoldMap::parse("folds.csv", folds_csv.as_bytes())
        .map_err(|e| e.to_string())?
        .assign(&labels)?;
    let judged = judge(&rubrics, &labels, None);
    let totals: Vec<f64> = judged.iter().map(|j| j.score.total).collect();
    let human: Vec<f64> = judged.iter().map(|j| j.label.human_score() / 20.0).collect();

    let mut predicted = vec![0.0; judged.len()];
    for fold in 0..k {
        let train: Vec<usize> = (0..judged.len()).filter(|&i| folds[i] != fold).collect();
        let (a, b) = fit_line(
            &train.iter().map(|&i| totals[i]).collect::<Vec<_>>(),
            &train.iter().map(|&i| human[i]).collect::<Vec<_>>(),
        );
        for i in (0..judged.len()).filter(|&i| folds[i] == fold) {
            predicted[i] = (a + b * totals[i]).clamp(0.0, 5.0);
        }
    }
    let raw: Vec<f64> = totals.iter().map(|t| t / 20.0).collect();
    let fmt = |x: Option<f64>| x.map_or("-".to_owned(), |v| format!("{v:.3}"));
    println!(
        "{} answers to {} questions, {k} folds from {}",
        judged.len(),
        questions.len(),
        folds_path.display()
    );
    println!("mean human score {:.2} of 5", mean(&human).unwrap_or(0.0));
    println!(
        "assay total / 20, uncalibrated:  r = {}, RMSE = {}",
        fmt(pearson(&raw, &human)),
        fmt(rmse(&raw, &human))
    );
    println!(
        "assay, line fitted on other folds: r = {}, RMSE = {}",
        fmt(pearson(&predicted, &human)),
        fmt(rmse(&predicted, &human))
    );
    let baseline: Vec<f64> = (0..judged.len())
        .map(|i| {
            mean(
                &(0..judged.len())
                    .filter(|&j| folds[j] != folds[i])
                    .map(|j| human[j])
                    .collect::<Vec<_>>(),
            )
            .unwrap_or(0.0)
        })
        .collect();
    println!("baseline, mean of other folds:   r = -, RMSE = {}", fmt(rmse(&baseline, &human)));
    println!("published: Mohler et al. 2011 r 0.48-0.52; Sultan et al. 2016 r 0.592, RMSE 0.887");
    Ok(())
}

/// Least squares `y = a + b x`.
fn fit_line(x: &[f64], y: &[f64]) -> (f64, f64) {
    let (mx, my) = (mean(x).unwrap_or(0.0), mean(y).unwrap_or(0.0));
    let sxy: f64 = x.iter().zip(y).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = x.iter().map(|x| (x - mx).powi(2)).sum();
    let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (my - b * mx, b)
}

fn read_rows(path: &Path) -> Result<Vec<Row>, Box<dyn Error>> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = reader.headers()?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or(format!("{}: no `{name}` column", path.display()))
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
    for record in reader.records() {
        let record = record?;
        if &record[inc] != "1" {
            continue;
        }
        rows.push(Row {
            question_id: record[qid].to_owned(),
            question: record[q].to_owned(),
            reference: record[r].to_owned(),
            answer: record[a].replace("<br>", " "),
            score: record[s].parse()?,
        });
    }
    Ok(rows)
}

/// `1.1` becomes `q1-1`: rubric ids allow only a-z, 0-9 and `-`.
fn rubric_id(question_id: &str) -> String {
    format!("q{}", question_id.replace('.', "-"))
}

fn write_rubrics(rows: &[Row], dir: &Path) -> Result<Vec<SourceFile>, Box<dyn Error>> {
    fs::create_dir_all(dir)?;
    let mut analyzer = Analyzer::new();
    let mut first: BTreeMap<&str, &Row> = BTreeMap::new();
    for row in rows {
        first.entry(&row.question_id).or_insert(row);
    }
    let mut files = Vec::new();
    for (n, row) in first.values().enumerate() {
        let id = rubric_id(&row.question_id);
        let question_stems: Vec<_> =
            analyzer.analyze(&row.question).tokens.iter().map(Token::shared_stem).collect();
        let mut seen: Vec<std::sync::Arc<str>> = Vec::new();
        let mut toml = String::new();
        writeln!(
            toml,
            "id = {id:?}\nquestion = {:?}\nsource = \"mohler_flat.csv#{}\"\n",
            row.question,
            n + 1
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
            return Err(format!(
                "question {}: the reference answer has no content word the question lacks",
                row.question_id
            )
            .into());
        }
        for (name, min) in [("0", 0), ("1", 20), ("2", 40), ("3", 60), ("4", 80)] {
            writeln!(toml, "[[levels]]\nname = \"band-{name}\"\nmin = {min}\n")?;
        }
        let path = dir.join(format!("{id}.toml"));
        fs::write(&path, &toml)?;
        files.push(SourceFile::new(path.display().to_string(), toml));
    }
    Ok(files)
}

/// The dataset's `folds.csv` with question ids as the rubrics have them.
fn rename_folds(path: &Path) -> Result<String, Box<dyn Error>> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["question_id", "fold"])?;
    for record in reader.records() {
        let record = record?;
        writer.write_record([rubric_id(&record[0]), record[1].to_owned()])?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

fn labelled_csv(rows: &[Row]) -> Result<String, Box<dyn Error>> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["answer_id", "question_id", "answer", "score"])?;
    for (i, row) in rows.iter().enumerate() {
        writer.write_record([
            format!("m{i}"),
            rubric_id(&row.question_id),
            row.answer.clone(),
            format!("{}", row.score * 20.0),
        ])?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}
