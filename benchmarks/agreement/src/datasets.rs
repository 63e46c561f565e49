//! The public datasets, read from their folders as `../shared/datasets`
//! holds them, into tasks: answers with levels, split into train and test.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::{bail, Context, Result};
use assay_eval::Objective;

/// One labelled text.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The text judged.
    pub text: String,
    /// Its level, from 0.
    pub level: usize,
    /// Items of one group (a conversation) stay in one cross-validation fold.
    pub group: u64,
}

/// One row of the benchmark table.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// The name in `results.json`, such as `epitome-er-binary`.
    pub name: &'static str,
    /// The dataset folder it comes from.
    pub dataset: &'static str,
    /// What is judged, as the learned rubric's question.
    pub question: &'static str,
    /// Level names, lowest first.
    pub levels: Vec<String>,
    /// What learning aims at, and what is reported.
    pub objective: Objective,
    /// The metric's name in the table.
    pub metric: &'static str,
    /// The training split.
    pub train: Vec<Item>,
    /// The test split, touched once, for the report.
    pub test: Vec<Item>,
}

/// A stable 64-bit hash of a string (FNV-1a), for groups.
pub fn group_of(key: &str) -> u64 {
    key.bytes()
        .fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Reads a CSV file into rows of named fields.
fn read_rows(path: &Path) -> Result<Vec<HashMap<String, String>>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}: record {}", path.display(), i + 1))?;
        rows.push(
            headers.iter().zip(record.iter()).map(|(h, v)| (h.to_owned(), v.to_owned())).collect(),
        );
    }
    Ok(rows)
}

/// A field of a row, or an error naming the file and field.
fn field<'a>(row: &'a HashMap<String, String>, name: &str, path: &Path) -> Result<&'a str> {
    row.get(name)
        .map(String::as_str)
        .with_context(|| format!("{}: no column `{name}`", path.display()))
}

/// The EPITOME mechanisms: file, task-name stem and question.
const EPITOME: [(&str, &str, &str); 3] = [
    (
        "emotional-reactions-reddit.csv",
        "er",
        "Does the reply express warmth, compassion or concern for the person who posted?",
    ),
    (
        "interpretations-reddit.csv",
        "ip",
        "Does the reply show an understanding of the feelings and experiences in the post?",
    ),
    (
        "explorations-reddit.csv",
        "ex",
        "Does the reply explore the feelings and experiences the post did not state?",
    ),
];

/// The six EPITOME tasks (each mechanism as binary, level >= 1, and as
/// three levels), from `dir/epitome`. Replies are judged alone; repeated
/// (post, reply) pairs are kept once; the split is `split.csv` by reply.
pub fn epitome(dir: &Path) -> Result<Vec<Task>> {
    let base = dir.join("epitome");
    let split_path = base.join("split.csv");
    let split: HashMap<String, String> = read_rows(&split_path)?
        .into_iter()
        .map(|r| {
            Ok((
                field(&r, "rp_id", &split_path)?.to_owned(),
                field(&r, "split", &split_path)?.to_owned(),
            ))
        })
        .collect::<Result<_>>()?;
    let mut tasks = Vec::new();
    for (file, stem, question) in EPITOME {
        let path = base.join(file);
        let mut seen = HashSet::new();
        let (mut train, mut test) = (Vec::new(), Vec::new());
        for row in read_rows(&path)? {
            let reply = field(&row, "rp_id", &path)?;
            if !seen.insert((field(&row, "sp_id", &path)?.to_owned(), reply.to_owned())) {
                continue;
            }
            let level: usize = field(&row, "level", &path)?
                .parse()
                .with_context(|| format!("{}: level of {reply}", path.display()))?;
            let item = Item {
                text: field(&row, "response_post", &path)?.to_owned(),
                level,
                group: group_of(reply),
            };
            match split.get(reply).map(String::as_str) {
                Some("train") => train.push(item),
                Some("test") => test.push(item),
                other => bail!(
                    "{}: reply {reply} has split {other:?} in {}",
                    path.display(),
                    split_path.display()
                ),
            }
        }
        let binary = |items: &[Item]| -> Vec<Item> {
            items.iter().map(|i| Item { level: usize::from(i.level >= 1), ..i.clone() }).collect()
        };
        let names: [&'static str; 2] = match stem {
            "er" => ["epitome-er-binary", "epitome-er-3class"],
            "ip" => ["epitome-ip-binary", "epitome-ip-3class"],
            _ => ["epitome-ex-binary", "epitome-ex-3class"],
        };
        tasks.push(Task {
            name: names[0],
            dataset: "epitome",
            question,
            levels: vec!["no".into(), "yes".into()],
            objective: Objective::MacroF1,
            metric: "macro-F1",
            train: binary(&train),
            test: binary(&test),
        });
        tasks.push(Task {
            name: names[1],
            dataset: "epitome",
            question,
            levels: vec!["none".into(), "weak".into(), "strong".into()],
            objective: Objective::MacroF1,
            metric: "macro-F1",
            train,
            test,
        });
    }
    Ok(tasks)
}

/// The two AnnoMI tasks on therapist utterances, from `dir/annomi`:
/// reflection (`main_therapist_behaviour`) and open question (a strict
/// majority of annotators saying `open`); split by transcript.
pub fn annomi(dir: &Path) -> Result<Vec<Task>> {
    let base = dir.join("annomi");
    let split_path = base.join("split.csv");
    let split: HashMap<String, String> = read_rows(&split_path)?
        .into_iter()
        .map(|r| {
            Ok((
                field(&r, "transcript_id", &split_path)?.to_owned(),
                field(&r, "split", &split_path)?.to_owned(),
            ))
        })
        .collect::<Result<_>>()?;
    let full = base.join("AnnoMI-full.csv");
    let mut votes: HashMap<(String, String), (usize, usize)> = HashMap::new();
    for row in read_rows(&full)? {
        if field(&row, "interlocutor", &full)? != "therapist" {
            continue;
        }
        let key = (
            field(&row, "transcript_id", &full)?.to_owned(),
            field(&row, "utterance_id", &full)?.to_owned(),
        );
        let vote = votes.entry(key).or_default();
        vote.0 += usize::from(field(&row, "question_subtype", &full)? == "open");
        vote.1 += 1;
    }
    let simple = base.join("AnnoMI-simple.csv");
    let mut reflection = (Vec::new(), Vec::new());
    let mut open = (Vec::new(), Vec::new());
    for row in read_rows(&simple)? {
        if field(&row, "interlocutor", &simple)? != "therapist" {
            continue;
        }
        let transcript = field(&row, "transcript_id", &simple)?;
        let key = (transcript.to_owned(), field(&row, "utterance_id", &simple)?.to_owned());
        let (yes, all) = votes.get(&key).copied().unwrap_or((0, 0));
        let text = field(&row, "utterance_text", &simple)?.to_owned();
        let group = group_of(transcript);
        let is_reflection = field(&row, "main_therapist_behaviour", &simple)? == "reflection";
        let (r, o) = match split.get(transcript).map(String::as_str) {
            Some("train") => (&mut reflection.0, &mut open.0),
            Some("test") => (&mut reflection.1, &mut open.1),
            other => bail!("{}: transcript {transcript} has split {other:?}", simple.display()),
        };
        r.push(Item { text: text.clone(), level: usize::from(is_reflection), group });
        o.push(Item { text, level: usize::from(2 * yes > all), group });
    }
    let task = |name, question, (train, test): (Vec<Item>, Vec<Item>)| Task {
        name,
        dataset: "annomi",
        question,
        levels: vec!["no".into(), "yes".into()],
        objective: Objective::F1,
        metric: "F1",
        train,
        test,
    };
    Ok(vec![
        task(
            "annomi-reflection",
            "Is the counsellor's turn a reflection of what the client said?",
            reflection,
        ),
        task("annomi-open-question", "Is the counsellor's turn an open question?", open),
    ])
}
