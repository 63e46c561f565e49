//! `assay practice`: answer a question at the terminal and get feedback at
//! once; `--history` shows progress per question.

use std::io::{self, Write};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::bail;
use assay_report::ScoredExemplar;
use assay_score::{Rubric, Scorer};

use crate::args::{Args, PracticeCommand};
use crate::data::Loaded;
use crate::history::{self, progress};
use crate::practice_session::{is_about, splitmix64, Session};
use crate::{exemplars, ExitStatus};

pub fn run(
    command: &PracticeCommand,
    args: &Args,
    data: &Loaded,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let path = match &command.history_file {
        Some(path) => path.clone(),
        None => history::default_path()?,
    };
    let (attempts, warnings) = history::read(&path)?;
    #[allow(clippy::print_stderr)]
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    if command.history {
        match &command.question {
            Some(id) => write_attempts(out, id, &attempts)?,
            None => write_history(out, &path, &attempts)?,
        }
        return Ok(ExitStatus::Success);
    }
    let rubrics = pick(command, data, &attempts)?;
    let index = exemplars::open(args.index.as_deref(), data)?;
    let mut scorer = Scorer::new();
    let stdin = io::stdin();
    let mut input = stdin.lock();
    let mut answered = 0;
    if rubrics.len() < usize::from(command.count) {
        writeln!(out, "Only {} question(s) to pick from; practising those.\n", rubrics.len())?;
    }
    for (n, rubric) in rubrics.iter().enumerate() {
        if rubrics.len() > 1 {
            writeln!(out, "[{} of {}]", n + 1, rubrics.len())?;
        }
        let scored: Vec<ScoredExemplar> = data
            .corpus
            .of_question(&rubric.id)
            .map(|e| ScoredExemplar { exemplar: e.clone(), score: scorer.score(rubric, &e.text) })
            .collect();
        let session = Session {
            rubric,
            index: &index,
            exemplars: &scored,
            history: &path,
            now: &SystemTime::now,
        };
        let attempts = session.run(&mut input, out)?;
        if attempts == 0 {
            break;
        }
        answered += attempts;
    }
    Ok(if answered > 0 { ExitStatus::Success } else { ExitStatus::Failure })
}

/// The questions to practise: `--question`, else `--count` different ones
/// at random (among those never attempted with `--unanswered`, about
/// `--topic`), reproducible with `--seed`.
fn pick<'d>(
    command: &PracticeCommand,
    data: &'d Loaded,
    attempts: &[history::Attempt],
) -> anyhow::Result<Vec<&'d Rubric>> {
    if let Some(id) = &command.question {
        return match data.rubrics.get(id) {
            Some(rubric) => Ok(vec![rubric]),
            None => {
                let hint = data
                    .rubrics
                    .suggest(id)
                    .first()
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                bail!("unknown question `{id}`{hint} (`assay questions` lists them all)")
            }
        };
    }
    let mut pool: Vec<&Rubric> = data
        .rubrics
        .rubrics()
        .filter(|r| !command.unanswered || !attempts.iter().any(|a| a.question == r.id))
        .filter(|r| command.topic.as_deref().is_none_or(|topic| is_about(r, topic)))
        .collect();
    pool.sort_by(|a, b| a.id.cmp(&b.id));
    if pool.is_empty() {
        match &command.topic {
            Some(topic) => bail!("no question about `{topic}` is left to practise; try another --topic (`assay questions` lists them)"),
            None => bail!("every question has been practised; drop --unanswered to practise one again"),
        }
    }
    let mut seed = command.seed.unwrap_or_else(|| {
        SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64)
    });
    let mut picked = Vec::new();
    while picked.len() < usize::from(command.count) && !pool.is_empty() {
        let at = usize::try_from(splitmix64(seed) % pool.len() as u64).expect("below pool size");
        picked.push(pool.remove(at));
        seed = seed.wrapping_add(1);
    }
    Ok(picked)
}

/// The attempts at question `id`, oldest first, with their answers.
fn write_attempts(out: &mut dyn Write, id: &str, attempts: &[history::Attempt]) -> io::Result<()> {
    let mine: Vec<&history::Attempt> = attempts.iter().filter(|a| a.question == id).collect();
    if mine.is_empty() {
        return writeln!(out, "No attempts at `{id}` yet.");
    }
    for (n, a) in mine.iter().enumerate() {
        writeln!(out, "Attempt {} ({}): {:.1}, {}", n + 1, a.timestamp, a.total, a.level)?;
        if a.answer.is_empty() {
            writeln!(out, "  (answer not kept: recorded before assay kept answers)\n")?;
        } else {
            for line in a.answer.lines() {
                writeln!(out, "  {line}")?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

fn write_history(
    out: &mut dyn Write,
    path: &std::path::Path,
    attempts: &[history::Attempt],
) -> io::Result<()> {
    if attempts.is_empty() {
        return writeln!(
            out,
            "No practice yet in {} (start with `assay practice`).",
            path.display()
        );
    }
    writeln!(out, "Practice history: {}\n", path.display())?;
    writeln!(
        out,
        "{:<32} {:>8} {:>6} {:>6} {:>6}  {:<10}  {:<10}",
        "question", "attempts", "first", "best", "last", "first try", "last try"
    )?;
    for p in progress(attempts) {
        writeln!(
            out,
            "{:<32} {:>8} {:>6.1} {:>6.1} {:>6.1}  {:<10}  {:<10}",
            p.question,
            p.attempts,
            p.first,
            p.best,
            p.last,
            p.first_at.get(..10).unwrap_or(&p.first_at),
            p.last_at.get(..10).unwrap_or(&p.last_at)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_spreads_nearby_seeds() {
        let picks: Vec<u64> = (0..8).map(|s| splitmix64(s) % 48).collect();
        assert_eq!(splitmix64(7), splitmix64(7));
        let mut distinct = picks.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert!(distinct.len() >= 6, "{picks:?}");
    }
}
