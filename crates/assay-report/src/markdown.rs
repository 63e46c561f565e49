//! The report as Markdown, for a learning platform or an email: the same
//! content as the HTML, with tables for the charts. Every piece of text
//! from the answer, the rubrics or the ids goes through
//! [`escape_inline`]; highlights are bold with their labels after them in
//! `⟨…⟩`.

use std::fmt::Write;

use crate::highlight::Segment;
use crate::input::RowProblem;
use crate::markdown_escape::escape_inline as esc;
use crate::model::{CandidateReport, IndexPage, QuestionReport};

/// The Markdown report on one candidate.
#[must_use]
pub fn candidate_markdown(report: &CandidateReport) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# Feedback for {}\n", esc(&report.candidate));
    if let Some(mean) = report.mean_score {
        let answers = match report.questions.len() {
            1 => "your one answer".to_owned(),
            n => format!("{n} answers"),
        };
        let _ = writeln!(md, "Mean score over {answers}: **{mean:.1}** / 100.\n");
    }
    if !report.priorities.is_empty() {
        md.push_str("## Top things to work on\n\n");
        for (i, p) in report.priorities.iter().enumerate() {
            let what = if p.kind == "red-flag" { "Red flag: " } else { "" };
            let _ = writeln!(
                md,
                "{}. **{what}{}** ({}): {}",
                i + 1,
                esc(&p.title),
                p.questions.join(", "),
                esc(&p.detail)
            );
        }
        md.push('\n');
    }
    if !report.overview.is_empty() {
        md.push_str(
            "## Overview\n\n| | Question | Score | Level | Notes |\n|---|---|---:|---|---|\n",
        );
        for row in &report.overview {
            let mut notes: Vec<String> =
                row.red_flags.iter().map(|f| format!("red flag: {}", esc(f))).collect();
            if row.off_topic {
                notes.push("off topic".to_owned());
            }
            let _ = writeln!(
                md,
                "| {} | {} | {:.1} | {} | {} |",
                row.label,
                esc(&row.question),
                row.score,
                esc(&row.level),
                notes.join("; ")
            );
        }
        md.push_str("\n### Concepts across your answers\n\n✓ shown, ✗ missing, – not part of that question\n\n| Concept |");
        for column in &report.grid.columns {
            let _ = write!(md, " {column} |");
        }
        md.push_str("\n|---|");
        md.push_str(&":---:|".repeat(report.grid.columns.len()));
        md.push('\n');
        for row in &report.grid.rows {
            let _ = write!(md, "| {} |", esc(&row.name));
            for cell in &row.cells {
                let _ = write!(md, " {} |", cell.mark());
            }
            md.push('\n');
        }
        md.push('\n');
    }
    for question in &report.questions {
        write_question(&mut md, question);
    }
    write_problems(&mut md, &report.problems, "Rows that could not be scored");
    write_made(&mut md, report.made.as_ref());
    md
}

/// The closing line that says what made the report.
fn write_made(md: &mut String, made: Option<&crate::model::Provenance>) {
    if let Some(m) = made {
        let _ = writeln!(
            md,
            "---\n\n_Made by assay {} on {}, rubrics {}, score schema {}._",
            esc(&m.assay_version),
            esc(&m.date),
            esc(&m.rubrics),
            m.schema_version
        );
    }
}

/// The Markdown index linking the reports of several candidates.
#[must_use]
pub fn index_markdown(page: &IndexPage) -> String {
    let mut md = String::from("# Feedback reports\n\n");
    if !page.review.is_empty() {
        let _ = writeln!(
            md,
            "## For review ({})\n\nAnswers a person should read before trusting their score.\n",
            page.review.len()
        );
        for item in &page.review {
            let _ = writeln!(
                md,
                "- [{}, {}]({}) ({:.1}) {}: {}",
                esc(&item.candidate),
                item.label,
                item.link,
                item.score,
                esc(&item.question),
                esc(&item.why.join("; "))
            );
        }
        md.push('\n');
    }
    if !page.questions.is_empty() {
        md.push_str("## Questions\n\n| Question | Answers | Mean | Levels | Most often not found | Red flags | Off topic |\n|---|---:|---:|---|---|---:|---:|\n");
        for q in &page.questions {
            let levels: Vec<String> =
                q.levels.iter().map(|(l, n)| format!("{} {n}", esc(l))).collect();
            let missed: Vec<String> =
                q.most_missed.iter().map(|(c, n)| format!("{} ({n})", esc(c))).collect();
            let _ = writeln!(
                md,
                "| {} | {} | {:.1} | {} | {} | {} | {} |",
                esc(&q.question),
                q.answers,
                q.mean_score,
                levels.join(" · "),
                missed.join(", "),
                q.red_flags,
                q.off_topic
            );
        }
        md.push('\n');
    }
    md.push_str("## Candidates\n\n| Candidate | Answers | Mean score | Rows not scored |\n|---|---:|---:|---:|\n");
    for entry in &page.entries {
        let mean = entry.mean_score.map_or_else(|| "–".to_owned(), |m| format!("{m:.1}"));
        let _ = writeln!(
            md,
            "| [{}]({}) | {} | {mean} | {} |",
            esc(&entry.candidate),
            entry.file,
            entry.answers,
            entry.problems
        );
    }
    md.push('\n');
    write_problems(&mut md, &page.problems, "Rows that name no candidate");
    write_made(&mut md, page.made.as_ref());
    md
}

/// Misses listed in full before the rest are folded away.
pub const SHOWN_MISSES: usize = 3;

/// "How this score was made": points per concept, the steps after, the
/// level bands and the next level.
fn write_making(md: &mut String, q: &QuestionReport) {
    let m = &q.making;
    md.push_str("**How this score was made.** ");
    if m.parts.is_empty() {
        md.push_str("No concept of the question was found, so no points were earned.");
    } else {
        let parts: Vec<String> = m
            .parts
            .iter()
            .map(|p| {
                let extra = if p.bonus { ", extra credit" } else { "" };
                format!("{} +{:.1}{extra}", esc(&p.name), p.points)
            })
            .collect();
        let _ = write!(md, "Points: {}.", parts.join("; "));
    }
    for step in &m.steps {
        let _ = write!(md, " {}", esc(step));
    }
    let bands: Vec<String> = m
        .bands
        .iter()
        .map(|b| {
            let band = format!("{} from {}", esc(&b.name), b.min);
            if b.current {
                format!("**{band}**")
            } else {
                band
            }
        })
        .collect();
    let _ = write!(md, " Levels: {}.", bands.join(", "));
    if let Some(estimate) = &q.estimate {
        let _ = write!(md, " It reads most like the {} model answers.", esc(estimate));
    }
    if let Some(next) = &m.next {
        let _ = write!(md, " {}", esc(next));
    }
    md.push_str("\n\n");
}

fn write_question(md: &mut String, q: &QuestionReport) {
    let _ = writeln!(md, "## {}. {}\n", q.label, esc(&q.question));
    let _ = write!(md, "**Score: {:.1} / 100, {}**", q.score, esc(&q.level));
    if let Some(reason) = &q.reason {
        let _ = write!(md, " (scored as {}: nothing to assess)", esc(reason));
    }
    md.push_str("\n\n");
    write_making(md, q);
    if let Some(note) = &q.recorded_note {
        let _ = writeln!(md, "_{}_\n", esc(note));
    }
    if let Some(note) = &q.off_topic {
        let _ = writeln!(md, "> **Off topic.** {}\n", esc(note));
    }
    md.push_str("### Your answer\n\n");
    md.push_str(&answer_quote(&q.segments));
    md.push_str("\n\n");
    if !q.legend.is_empty() {
        let entries: Vec<String> =
            q.legend.iter().map(|e| format!("⟨{}⟩ {}", esc(&e.marker), esc(&e.name))).collect();
        let _ = writeln!(md, "Marks: {}\n", entries.join(" · "));
    }
    if !q.red_flags.is_empty() {
        md.push_str("### Red flags\n\n");
        for flag in &q.red_flags {
            let _ = writeln!(
                md,
                "- **{}** ({}): {} You wrote: {}",
                esc(&flag.name),
                esc(&flag.effect),
                esc(&flag.warning),
                quotes(&flag.quotes)
            );
        }
        md.push('\n');
    }
    if !q.present.is_empty() {
        md.push_str("### What landed\n\n");
        for c in &q.present {
            let _ = writeln!(
                md,
                "- **{}** (+{:.1} points): {} You wrote: {}",
                esc(&c.name),
                c.points,
                esc(&c.praise),
                quotes(&c.quotes)
            );
        }
        md.push('\n');
    }
    if !q.missing.is_empty() {
        md.push_str("### What assay did not find\n\n");
        for (i, c) in q.missing.iter().enumerate() {
            if i == SHOWN_MISSES {
                let _ = writeln!(md, "\n{} more, worth less:\n", q.missing.len() - SHOWN_MISSES);
            }
            let needed = if c.required { "; needed for the top level" } else { "" };
            let _ = writeln!(
                md,
                "- **{}** (up to +{:.1} points{needed}): {}",
                esc(&c.name),
                c.worth,
                esc(&c.guidance)
            );
            if !c.negated.is_empty() {
                let _ = writeln!(
                    md,
                    "  - Not counted, because it sits inside a negation: {}",
                    quotes(&c.negated)
                );
            }
            if let Some(ill) = &c.illustration {
                let _ = writeln!(
                    md,
                    "  - How a stronger model answer ({}) puts it: “{}”",
                    esc(&ill.level),
                    esc(&ill.sentence)
                );
            }
        }
        md.push('\n');
    }
    let i = &q.insights;
    md.push_str("### Your writing\n\n");
    let _ = writeln!(md, "- **Length:** {} words. {}", i.word_count, esc(&i.length_note));
    let top: Vec<String> =
        i.top_words.iter().map(|w| format!("{} ({})", esc(&w.word), w.count)).collect();
    let _ = writeln!(
        md,
        "- **Most-used words:** {}",
        if top.is_empty() { "no word is repeated".to_owned() } else { top.join(", ") }
    );
    let hedges: Vec<String> =
        i.hedges.iter().map(|w| format!("“{}” ({})", esc(&w.word), w.count)).collect();
    let _ = writeln!(
        md,
        "- **Hedging and filler:** {}",
        if hedges.is_empty() { "none found".to_owned() } else { hedges.join(", ") }
    );
    let part = |name: &str, found: &Option<String>| match found {
        Some(words) => format!("{name} ✓ (“{}”)", esc(words)),
        None => format!("{name} ✗"),
    };
    let _ = writeln!(
        md,
        "- **Example of your own:** {}, {}, {}. {}\n",
        part("situation", &i.own_example.situation),
        part("action", &i.own_example.action),
        part("result", &i.own_example.result),
        esc(&i.own_example_note)
    );
}

/// The answer as a block quote, evidence in bold with its labels after it.
/// Runs of touching highlighted segments are merged, since Markdown cannot
/// nest highlights.
fn answer_quote(segments: &[Segment]) -> String {
    let mut text = String::new();
    let mut i = 0;
    while i < segments.len() {
        if !segments[i].highlighted {
            text.push_str(&escape_keeping_lines(&segments[i].text));
            i += 1;
            continue;
        }
        let mut run = String::new();
        let mut labels: Vec<&str> = Vec::new();
        while i < segments.len() && segments[i].highlighted {
            run.push_str(&segments[i].text);
            for label in &segments[i].labels {
                if !labels.contains(&label.text.as_str()) {
                    labels.push(&label.text);
                }
            }
            i += 1;
        }
        let labels: Vec<String> = labels.iter().map(|l| esc(l)).collect();
        let _ = write!(text, "**{}** ⟨{}⟩", escape_keeping_lines(&run), labels.join(" · "));
    }
    text.lines()
        .map(|line| {
            if line.trim().is_empty() {
                ">".to_owned()
            } else {
                format!("> {}", line.trim_start())
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn escape_keeping_lines(text: &str) -> String {
    text.split('\n').map(esc).collect::<Vec<_>>().join("\n")
}

fn quotes(list: &[String]) -> String {
    list.iter().map(|q| format!("“{}”", esc(q))).collect::<Vec<_>>().join(", ")
}

fn write_problems(md: &mut String, problems: &[RowProblem], title: &str) {
    if problems.is_empty() {
        return;
    }
    let _ = writeln!(md, "## {title}\n");
    for p in problems {
        let question = if p.question_id.is_empty() {
            String::new()
        } else {
            format!(" (question {})", esc(&p.question_id))
        };
        let _ = writeln!(md, "- Line {}{question}: {}", p.line, esc(&p.message));
    }
    md.push('\n');
}
