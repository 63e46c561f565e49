//! Readable text output.

use std::io::{self, Write};

use assay_score::{
    Adjustment, Evidence, ExemplarEvidence, FeedbackKind, NearestExamples, RedFlagHit, Rubric,
    Score,
};

/// Longest quote of evidence shown before it is shortened.
const MAX_QUOTE_CHARS: usize = 100;

/// Writes the verdict on `answer` for a person to read.
pub fn write_score(
    out: &mut dyn Write,
    rubric: &Rubric,
    score: &Score,
    answer: &str,
) -> io::Result<()> {
    writeln!(out, "Question: {} ({})", rubric.question, rubric.id)?;
    write!(out, "Score:    {:.1} / 100, {}", score.total, score.level)?;
    if let Some(reason) = score.reason {
        write!(out, " ({})", reason.as_str())?;
    }
    writeln!(out)?;
    write_levels(out, score)?;
    writeln!(out)?;
    writeln!(out, "Concepts (points are each concept's share of the core weight)")?;
    for concept in &score.concepts {
        let mark = if concept.hit() { "[x]" } else { "[ ]" };
        let role = match (concept.required, concept.bonus) {
            (true, _) => ", required",
            (false, true) => ", bonus",
            (false, false) => "",
        };
        writeln!(
            out,
            "  {mark} {} (weight {}{role}): {:+.1} points",
            concept.name, concept.weight, concept.points
        )?;
        write_evidence(out, &concept.evidence, answer)?;
    }
    write_red_flags(out, "Red flags", "[!]", &score.red_flags, answer)?;
    let resembles = "For review (red flags the score does not count: it resembles their examples, or the harm estimate does not confirm their cues)";
    write_red_flags(out, resembles, "[?]", &score.resembles, answer)?;
    if let Some(harm) = score.harm.as_ref().filter(|h| h.review()) {
        let effect = if score.red_flags.iter().any(|f| f.by_estimate) {
            "it raised the red flag above, which holds the score at its cap until a person reviews it"
        } else {
            "the score is not changed"
        };
        writeln!(out)?;
        writeln!(
            out,
            "For review: a model trained on harmful and safe answers puts the chance that this one describes harmful practice at {:.0}% ({effect})",
            harm.probability * 100.0
        )?;
        if let Some(span) = harm.sentence {
            writeln!(out, "  weighs most: \"{}\"", answer[span.range()].trim())?;
        }
    }
    if !score.adjustments.is_empty() {
        writeln!(out)?;
        writeln!(out, "Adjustments")?;
        for adjustment in &score.adjustments {
            match adjustment {
                Adjustment::Detail { words, full_words, factor } => {
                    let which = if *factor < 1.0 {
                        "concept points"
                    } else {
                        "points of the question's own concepts"
                    };
                    writeln!(
                        out,
                        "  {which} x{factor:.2} for detail ({words} distinct content words; {full_words} count in full)"
                    )?;
                }
                Adjustment::ExemplarBlend { weight, estimate } => {
                    writeln!(
                        out,
                        "  {:.0}% from the nearest exemplars' level ({estimate:.1})",
                        weight * 100.0
                    )?;
                }
                Adjustment::RequiredMissing { concept, cap } => {
                    writeln!(out, "  capped at {cap}: required concept `{concept}` is missing")?;
                }
                Adjustment::RedFlagCap { red_flag, cap } => {
                    writeln!(out, "  capped at {cap}: red flag `{red_flag}`")?;
                }
                Adjustment::RedFlagPenalty { red_flag, penalty } => {
                    writeln!(out, "  minus {penalty}: red flag `{red_flag}`")?;
                }
            }
        }
    }
    if let Some(exemplars) = &score.exemplars {
        write_exemplars(out, exemplars)?;
    }
    writeln!(out)?;
    writeln!(out, "Feedback")?;
    for item in &score.feedback {
        let label = match item.kind {
            FeedbackKind::Warning => "warning ",
            FeedbackKind::Guidance => "to add  ",
            FeedbackKind::Praise => "well done",
        };
        writeln!(out, "  {label} {}", item.message)?;
    }
    Ok(())
}

/// The level bands and, below the top one, what would reach the next.
fn write_levels(out: &mut dyn Write, score: &Score) -> io::Result<()> {
    let bands: Vec<String> =
        score.levels.iter().map(|l| format!("{} from {}", l.name, l.min)).collect();
    writeln!(out, "Levels:   {}", bands.join(", "))?;
    if let Some(next) = &score.next_level {
        write!(out, "Next:     {} points short of {}", next.gap, next.level)?;
        match &next.concept {
            Some(id) => {
                let name = score.concepts.iter().find(|c| &c.id == id).map_or(id, |c| &c.name);
                writeln!(out, "; adding {name} would get there")?;
            }
            None => writeln!(out, "; no single missing concept would get there")?,
        }
    }
    Ok(())
}

fn write_exemplars(out: &mut dyn Write, exemplars: &ExemplarEvidence) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "Closest model answers")?;
    for n in &exemplars.neighbours {
        writeln!(out, "  {:.2}  {} ({})", n.similarity, n.exemplar, n.level)?;
    }
    if let Some(estimate) = &exemplars.estimate {
        writeln!(out, "  they point to: {} (rank {:.2})", estimate.level, estimate.rank)?;
    }
    if let Some(off) = &exemplars.off_topic {
        writeln!(
            out,
            "  [!] off topic: reads like `{}` ({:.2}) more than this question ({:.2})",
            off.likely_question, off.similarity, off.own_similarity
        )?;
    }
    Ok(())
}

/// A titled list of red flags, each marked with `mark` and its evidence;
/// nothing when there are none.
fn write_red_flags(
    out: &mut dyn Write,
    title: &str,
    mark: &str,
    flags: &[RedFlagHit],
    answer: &str,
) -> io::Result<()> {
    if flags.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "{title}")?;
    for flag in flags {
        writeln!(out, "  {mark} {}", flag.name)?;
        write_evidence(out, &flag.evidence, answer)?;
    }
    Ok(())
}

fn write_evidence(out: &mut dyn Write, evidence: &[Evidence], answer: &str) -> io::Result<()> {
    for e in evidence {
        let quote = shorten(&answer[e.span.range()]);
        let note = if e.negated { "  (negated, not counted)" } else { "" };
        match e.similarity {
            Some(similarity) => writeln!(
                out,
                "        \"{quote}\"  like: \"{}\" ({similarity:.2}){note}",
                shorten(&e.cue)
            )?,
            None => match e.estimate {
                Some(estimate) => writeln!(
                    out,
                    "        \"{quote}\"  learned concept estimate: {estimate:.2}{note}"
                )?,
                None => writeln!(out, "        \"{quote}\"  cue: {}{note}", e.cue)?,
            },
        }
    }
    Ok(())
}

/// `text` on one line, cut to [`MAX_QUOTE_CHARS`] characters.
fn shorten(text: &str) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX_QUOTE_CHARS {
        return one_line;
    }
    let cut: String = one_line.chars().take(MAX_QUOTE_CHARS - 3).collect();
    format!("{cut}...")
}

/// The `--explain` view: each compared run of the answer and its nearest
/// example sentences, `*` where the similarity reaches the threshold.
pub fn write_nearest_examples(
    out: &mut dyn Write,
    rubric: &Rubric,
    runs: &[NearestExamples],
    answer: &str,
) -> io::Result<()> {
    writeln!(out)?;
    writeln!(
        out,
        "Nearest example sentences (* at or above the threshold; the semantic matcher counts them only with --semantic, and a negated clause earns nothing)"
    )?;
    for run in runs {
        let note = if run.negated { "  (negated)" } else { "" };
        writeln!(out, "  \"{}\"{note}", shorten(&answer[run.span.range()]))?;
        for near in &run.nearest {
            let mark = if near.similarity >= near.threshold { '*' } else { ' ' };
            writeln!(
                out,
                "    {mark} {:.2} (threshold {:.2}) {}: \"{}\"",
                near.similarity,
                near.threshold,
                rubric.owner_id(near.owner),
                shorten(rubric.example(near.owner, near.example))
            )?;
        }
    }
    Ok(())
}
