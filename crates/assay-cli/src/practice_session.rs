//! One practice session at the terminal, over any input and output so it
//! runs the same piped as at a keyboard: show the question, read an answer
//! (paragraphs and all, to a line holding only `.` or the end of input),
//! show the feedback, offer a retry or a model answer, and show how the
//! score moved. Every attempt, with its text, goes to the history.

use std::io::{self, BufRead, Write};
use std::path::Path;
use std::time::SystemTime;

use assay_index::ExemplarIndex;
use assay_report::{CandidateInput, QuestionReport, ReportBuilder, ScoredExemplar};
use assay_score::{Rubric, Scorer};

use crate::history::{self, Attempt};
use crate::rfc3339::format_utc;

/// What a session needs besides its input and output.
pub struct Session<'a> {
    /// The question practised.
    pub rubric: &'a Rubric,
    /// The exemplar index (for the off-topic check).
    pub index: &'a ExemplarIndex,
    /// The question's exemplars, scored (for illustrations and length).
    pub exemplars: &'a [ScoredExemplar],
    /// Where attempts are appended.
    pub history: &'a Path,
    /// The clock, injected so tests do not depend on it.
    pub now: &'a dyn Fn() -> SystemTime,
}

impl Session<'_> {
    /// Runs the session until the candidate declines a retry or input ends.
    /// Returns the number of attempts.
    ///
    /// # Errors
    ///
    /// Reading, writing or appending to the history fails.
    pub fn run(&self, input: &mut dyn BufRead, out: &mut dyn Write) -> anyhow::Result<usize> {
        let mut scorer = Scorer::new();
        let mut builder = ReportBuilder::new();
        writeln!(out, "Question ({}):\n  {}\n", self.rubric.id, self.rubric.question)?;
        let mut previous: Option<f64> = None;
        let mut attempts = 0;
        loop {
            writeln!(
                out,
                "Write your answer (blank lines between paragraphs are kept); finish with a line holding only `.`, or end the input (Ctrl-D)."
            )?;
            out.flush()?;
            let Some(answer) = read_answer(input)? else {
                if attempts == 0 {
                    writeln!(out, "No answer given.")?;
                }
                break;
            };
            let rubric = self.rubric;
            let score =
                scorer.score_with(rubric, &answer, None, |a| self.index.evidence(rubric, a));
            let report = builder.candidate(&CandidateInput::practice(
                rubric,
                &answer,
                &score,
                self.exemplars,
            ));
            write_feedback(out, &report.questions[0])?;
            if let Some(before) = previous {
                let change = score.total - before;
                writeln!(out, "\nScore: {before:.1} -> {:.1} ({change:+.1})", score.total)?;
            }
            history::append(
                self.history,
                &Attempt {
                    timestamp: format_utc((self.now)()),
                    question: rubric.id.clone(),
                    total: score.total,
                    level: score.level.clone(),
                    answer: answer.clone(),
                    concepts_hit: score
                        .concepts
                        .iter()
                        .filter(|c| c.hit())
                        .map(|c| c.id.clone())
                        .collect(),
                },
            )?;
            attempts += 1;
            previous = Some(score.total);
            let model = self.model_answer();
            let mut reply = String::new();
            if let Some(model) = model {
                write!(out, "\nSee a model answer? [y/N] ")?;
                out.flush()?;
                input.read_line(&mut reply)?;
                writeln!(out)?;
                if matches!(reply.trim().to_lowercase().as_str(), "y" | "yes") {
                    writeln!(out, "A {} model answer:\n", model.0)?;
                    writeln!(out, "{}", wrap(model.1, "  "))?;
                }
                reply.clear();
            }
            write!(out, "\nTry again? [y/N] ")?;
            out.flush()?;
            input.read_line(&mut reply)?;
            writeln!(out)?;
            if !matches!(reply.trim().to_lowercase().as_str(), "y" | "yes") {
                break;
            }
        }
        writeln!(
            out,
            "Attempts are kept in {}; see them with `assay practice --history`.",
            self.history.display()
        )?;
        Ok(attempts)
    }
}

impl Session<'_> {
    /// The level name and text of the question's best model answer (the
    /// highest level, not a harmful one), if the session has any.
    fn model_answer(&self) -> Option<(&str, &str)> {
        let rank = |level: &str| self.rubric.levels.iter().position(|l| l.name == level);
        self.exemplars
            .iter()
            .filter(|s| !s.exemplar.harmful)
            .max_by_key(|s| rank(&s.exemplar.level))
            .map(|s| (s.exemplar.level.as_str(), s.exemplar.text.as_str()))
    }
}

/// Whether `rubric` is about `topic`: a word of its question or id, or of
/// one of its concepts' ids or names, starts with it (case aside).
pub fn is_about(rubric: &Rubric, topic: &str) -> bool {
    let topic = topic.trim().to_lowercase();
    let texts = [rubric.question.as_str(), rubric.id.as_str()]
        .into_iter()
        .chain(rubric.concepts.iter().flat_map(|c| [c.id.as_str(), c.name.as_str()]));
    texts
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
        .any(|w| !w.is_empty() && w.to_lowercase().starts_with(&topic))
}

/// One step of SplitMix64: a well-mixed 64-bit value from a seed.
pub fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The line that ends an answer.
const END_OF_ANSWER: &str = ".";

/// Lines up to one holding only [`END_OF_ANSWER`] or the end of input,
/// joined, blank lines between paragraphs kept and those around the answer
/// dropped; `None` when there is no text before that.
fn read_answer(input: &mut dyn BufRead) -> io::Result<Option<String>> {
    let mut lines: Vec<String> = Vec::new();
    loop {
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 {
            break;
        }
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim() == END_OF_ANSWER {
            break;
        }
        if line.trim().is_empty() && lines.is_empty() {
            continue;
        }
        lines.push(line.to_owned());
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    Ok((!lines.is_empty()).then(|| lines.join("\n")))
}

/// Terminal width: `COLUMNS` if set, else 80.
fn width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|&w| w >= 20).unwrap_or(80)
}

/// `text` wrapped at word boundaries to the terminal width, each line
/// starting with `indent` (paragraph breaks kept).
fn wrap(text: &str, indent: &str) -> String {
    let max = width().saturating_sub(indent.chars().count()).max(20);
    let mut out: Vec<String> = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
                out.push(format!("{indent}{line}"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        out.push(if line.is_empty() { String::new() } else { format!("{indent}{line}") });
    }
    out.join("\n")
}

/// The feedback on one attempt, for the terminal.
fn write_feedback(out: &mut dyn Write, q: &QuestionReport) -> io::Result<()> {
    writeln!(out, "\nScore: {:.1} / 100, {}", q.score, q.level)?;
    if let Some(note) = &q.off_topic {
        writeln!(out, "\n[!] Off topic: {note}")?;
    }
    if !q.red_flags.is_empty() {
        writeln!(out, "\nRed flags")?;
        for f in &q.red_flags {
            writeln!(out, "{}", item("[!]", &format!("{} ({}): {}", f.name, f.effect, f.warning)))?;
            writeln!(out, "{}", wrap(&format!("you wrote: {}", quotes(&f.quotes)), "      "))?;
        }
    }
    if !q.present.is_empty() {
        writeln!(out, "\nWhat landed")?;
        for c in &q.present {
            writeln!(out, "{}", item("[x]", &format!("{}: {}", c.name, c.praise)))?;
            writeln!(out, "{}", wrap(&format!("you wrote: {}", quotes(&c.quotes)), "      "))?;
        }
    }
    if !q.missing.is_empty() {
        writeln!(out, "\nWhat assay did not find")?;
        for c in &q.missing {
            let needed = if c.required { "; needed for the top level" } else { "" };
            let text = format!("{} (up to +{:.1} points{needed}): {}", c.name, c.worth, c.guidance);
            writeln!(out, "{}", item("[ ]", &text))?;
            if let Some(ill) = &c.illustration {
                let text = format!("a stronger model answer ({}): \"{}\"", ill.level, ill.sentence);
                writeln!(out, "{}", wrap(&text, "      "))?;
            }
        }
    }
    let i = &q.insights;
    writeln!(out, "\nYour writing")?;
    writeln!(out, "  {} words. {}", i.word_count, i.length_note)?;
    if !i.hedges.is_empty() {
        let hedges: Vec<String> =
            i.hedges.iter().map(|h| format!("\"{}\" x{}", h.word, h.count)).collect();
        writeln!(out, "  Hedging and filler: {}", hedges.join(", "))?;
    }
    writeln!(out, "  {}", i.own_example_note)
}

/// `text` after a `mark` such as `[x]`, wrapped, later lines aligned under
/// the text.
fn item(mark: &str, text: &str) -> String {
    let wrapped = wrap(text, "      ");
    format!("  {mark} {}", wrapped.trim_start())
}

fn quotes(list: &[String]) -> String {
    list.iter().map(|q| format!("\"{q}\"")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    #[test]
    fn a_session_records_each_attempt_at_the_injected_time() {
        let data = crate::data::builtin().load().unwrap();
        let rubric = data.rubrics.get("risk-of-harm").unwrap();
        let index = ExemplarIndex::in_ram(&data.corpus);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("practice.jsonl");
        let session = Session {
            rubric,
            index: &index,
            exemplars: &[],
            history: &path,
            now: &|| UNIX_EPOCH + Duration::from_secs(1_767_225_600),
        };
        let mut input: &[u8] = b"I would talk to them.\n.\nyes\nI would call the crisis line.\n";
        let mut out = Vec::new();
        assert_eq!(session.run(&mut input, &mut out).unwrap(), 2);
        let (attempts, warnings) = history::read(&path).unwrap();
        assert!(warnings.is_empty());
        let stamps: Vec<&str> = attempts.iter().map(|a| a.timestamp.as_str()).collect();
        assert_eq!(stamps, ["2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"]);
        let out = String::from_utf8(out).unwrap();
        let change = format!("{:.1} -> {:.1}", attempts[0].total, attempts[1].total);
        assert!(out.contains(&change), "{out}");
    }

    #[test]
    fn an_answer_keeps_its_paragraphs_and_ends_at_a_dot_line_or_the_end() {
        let mut input: &[u8] = b"\nfirst line\nsecond\r\n\nthird paragraph\n\n.\nnext answer\n";
        assert_eq!(
            read_answer(&mut input).unwrap().as_deref(),
            Some("first line\nsecond\n\nthird paragraph")
        );
        assert_eq!(read_answer(&mut input).unwrap().as_deref(), Some("next answer"));
        assert_eq!(read_answer(&mut input).unwrap(), None);
    }

    #[test]
    fn wrapping_breaks_between_words() {
        let text = "word ".repeat(40);
        for line in wrap(text.trim(), "  ").lines() {
            assert!(line.chars().count() <= 80 && line.starts_with("  word"), "{line}");
        }
    }
}
