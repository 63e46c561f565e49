//! The public datasets, read from their folders as `../shared/datasets`
//! holds them, into tasks: answers with levels, split into train and test.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::{bail, Context, Result};
use assay_eval::{mix64, Objective};

/// One labelled text.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The text judged.
    pub text: String,
    /// Its level, from 0.
    pub level: usize,
    /// Items of one group (a conversation) stay in one cross-validation fold.
    pub group: u64,
    /// What the text responds to (the post, the previous turn), if known.
    pub context: Option<String>,
}

/// One row of the benchmark table.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// The name in `results.json`, such as `epitome-er-binary`.
    pub name: &'static str,
    /// The dataset folder it comes from.
    pub dataset: &'static str,
    /// Level names, lowest first.
    pub levels: Vec<String>,
    /// What learning aims at, and what is reported (over all parts' test
    /// answers together).
    pub objective: Objective,
    /// The metric's name in the table.
    pub metric: &'static str,
    /// Fewest training answers a phrase must appear in to become a cue.
    pub min_support: usize,
    /// One rubric is learned per part: the whole task, or each question of
    /// a short-answer dataset.
    pub parts: Vec<Part>,
}

/// Answers to one question, learned as one rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The rubric's id.
    pub id: String,
    /// What is judged, as the rubric's question.
    pub question: String,
    /// The training split.
    pub train: Vec<Item>,
    /// The test split, touched once, for the report.
    pub test: Vec<Item>,
}

impl Task {
    /// A task learned as one rubric, with the task's name as its id.
    fn whole(
        name: &'static str,
        dataset: &'static str,
        question: &str,
        levels: &[&str],
        objective: (Objective, &'static str),
        split: (Vec<Item>, Vec<Item>),
    ) -> Task {
        Task {
            name,
            dataset,
            levels: levels.iter().map(|&l| l.to_owned()).collect(),
            objective: objective.0,
            metric: objective.1,
            min_support: 3,
            parts: vec![Part {
                id: name.to_owned(),
                question: question.to_owned(),
                train: split.0,
                test: split.1,
            }],
        }
    }

    /// Training answers over all parts.
    #[must_use]
    pub fn train_len(&self) -> usize {
        self.parts.iter().map(|p| p.train.len()).sum()
    }

    /// Replaces each part's test split by fifth `fifth` (0 to 4) of its
    /// training split (whole groups), which it leaves out of training: a
    /// development split for trying changes without touching the test
    /// split. `--dev` holds out fifth 0; the five together are an outer
    /// cross-validation of the whole method on the training split.
    pub fn hold_out_dev(&mut self, fifth: u64) {
        for part in &mut self.parts {
            let (dev, train): (Vec<Item>, Vec<Item>) = std::mem::take(&mut part.train)
                .into_iter()
                .partition(|i| mix64(i.group) % 5 == fifth);
            part.train = train;
            part.test = dev;
        }
    }

    /// Forgets what each text responds to: the task is learned and scored
    /// on the texts alone.
    pub fn drop_context(&mut self) {
        for part in &mut self.parts {
            part.train.iter_mut().chain(&mut part.test).for_each(|i| i.context = None);
        }
    }

    /// Test answers over all parts.
    #[must_use]
    pub fn test_len(&self) -> usize {
        self.parts.iter().map(|p| p.test.len()).sum()
    }
}

/// A stable 64-bit hash of a string (assay-text's FNV-1a), for groups.
#[must_use]
pub fn group_of(key: &str) -> u64 {
    assay_text::stem_key(key)
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

/// A `split.csv`: the value of its `key` column to its `split`.
fn read_split(path: &Path, key: &str) -> Result<HashMap<String, String>> {
    read_rows(path)?
        .into_iter()
        .map(|r| Ok((field(&r, key, path)?.to_owned(), field(&r, "split", path)?.to_owned())))
        .collect()
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
    let split = read_split(&split_path, "rp_id")?;
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
                context: Some(field(&row, "seeker_post", &path)?.to_owned()),
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
        let macro_f1 = (Objective::MacroF1, "macro-F1");
        let binary_split = (binary(&train), binary(&test));
        tasks.push(Task::whole(
            names[0],
            "epitome",
            question,
            &["no", "yes"],
            macro_f1,
            binary_split,
        ));
        tasks.push(Task::whole(
            names[1],
            "epitome",
            question,
            &["none", "weak", "strong"],
            macro_f1,
            (train, test),
        ));
    }
    Ok(tasks)
}

/// The two AnnoMI tasks on therapist utterances, from `dir/annomi`:
/// reflection (`main_therapist_behaviour`) and open question (a strict
/// majority of annotators saying `open`); split by transcript.
pub fn annomi(dir: &Path) -> Result<Vec<Task>> {
    let base = dir.join("annomi");
    let split_path = base.join("split.csv");
    let split = read_split(&split_path, "transcript_id")?;
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
    // The turn before each therapist utterance, in the same transcript.
    let mut previous: HashMap<String, String> = HashMap::new();
    for row in read_rows(&simple)? {
        let transcript = field(&row, "transcript_id", &simple)?;
        let said = field(&row, "utterance_text", &simple)?.to_owned();
        let before = previous.insert(transcript.to_owned(), said);
        if field(&row, "interlocutor", &simple)? != "therapist" {
            continue;
        }
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
        r.push(Item {
            text: text.clone(),
            level: usize::from(is_reflection),
            group,
            context: before.clone(),
        });
        o.push(Item { text, level: usize::from(2 * yes > all), group, context: before });
    }
    let task = |name, question, split| {
        Task::whole(name, "annomi", question, &["no", "yes"], (Objective::F1, "F1"), split)
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

/// The two SemEval-2013 unseen-answers tasks (SciEntsBank and Beetle,
/// 2-way: correct or not), from `dir/semeval2013-task7`: one rubric per
/// question, learned from its training answers and its reference answers
/// (which count as correct answers), measured on `test-unseen-answers`.
pub fn semeval(dir: &Path) -> Result<Vec<Task>> {
    let base = dir.join("semeval2013-task7");
    let questions_path = base.join("semeval2013_questions.csv");
    let mut questions: Vec<(String, String, String, Vec<String>)> = Vec::new();
    for row in read_rows(&questions_path)? {
        let (corpus, id) =
            (field(&row, "corpus", &questions_path)?, field(&row, "question_id", &questions_path)?);
        if questions.iter().any(|q| q.0 == corpus && q.1 == id) {
            // A question is listed once per split it has answers in.
            continue;
        }
        let references = field(&row, "reference_answers", &questions_path)?
            .split(" || ")
            .map(str::to_owned)
            .collect();
        questions.push((
            field(&row, "corpus", &questions_path)?.to_owned(),
            field(&row, "question_id", &questions_path)?.to_owned(),
            field(&row, "question_text", &questions_path)?.to_owned(),
            references,
        ));
    }
    let answers_path = base.join("semeval2013_3way_answers.csv");
    let answers = read_rows(&answers_path)?;
    let mut tasks = Vec::new();
    for (corpus, name) in
        [("sciEntsBank", "semeval-scientsbank-ua"), ("beetle", "semeval-beetle-ua")]
    {
        let mut parts = Vec::new();
        for (_, id, question, references) in questions.iter().filter(|q| q.0 == corpus) {
            let (mut train, mut test) = (Vec::new(), Vec::new());
            for row in answers.iter().filter(|r| {
                r.get("corpus").map(String::as_str) == Some(corpus)
                    && r.get("question_id") == Some(id)
            }) {
                let item = Item {
                    text: field(row, "student_answer", &answers_path)?.to_owned(),
                    level: usize::from(field(row, "label_2way", &answers_path)? == "correct"),
                    group: group_of(field(row, "answer_id", &answers_path)?),
                    context: None,
                };
                match field(row, "split", &answers_path)? {
                    "train" => train.push(item),
                    "test-unseen-answers" => test.push(item),
                    _ => {}
                }
            }
            if train.is_empty() || test.is_empty() {
                continue;
            }
            train.extend(references.iter().map(|r| Item {
                text: r.clone(),
                level: 1,
                group: group_of(r),
                context: None,
            }));
            parts.push(Part { id: rubric_id(id), question: question.clone(), train, test });
        }
        tasks.push(Task {
            name,
            dataset: "semeval2013-task7",
            levels: vec!["incorrect".into(), "correct".into()],
            objective: Objective::WeightedF1,
            metric: "weighted F1",
            min_support: 2,
            parts,
        });
    }
    Ok(tasks)
}

/// A dataset's question id as a rubric id: lower case, `-` for anything
/// but letters and digits.
fn rubric_id(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_dev_fifths_hold_out_every_training_group_once() {
        let train: Vec<Item> = (0..60)
            .map(|i| Item {
                text: format!("answer {i}"),
                level: i % 2,
                group: i as u64 / 2,
                context: None,
            })
            .collect();
        let task =
            Task::whole("t", "d", "q", &["no", "yes"], (Objective::F1, "F1"), (train, Vec::new()));
        let mut held: Vec<String> = Vec::new();
        for fifth in 0..5 {
            let mut dev = task.clone();
            dev.hold_out_dev(fifth);
            let part = &dev.parts[0];
            assert_eq!(part.train.len() + part.test.len(), 60);
            assert!(part.test.iter().all(|i| part.train.iter().all(|t| t.group != i.group)));
            held.extend(part.test.iter().map(|i| i.text.clone()));
        }
        assert_eq!(held.len(), 60);
        held.sort();
        held.dedup();
        assert_eq!(held.len(), 60, "each answer is held out in exactly one fifth");
    }
}
