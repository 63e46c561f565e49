//! `assay questions`: what can be scored.

use std::io::Write;

use crate::args::{OutputFormat, QuestionsCommand};
use crate::data::Loaded;
use crate::json::QuestionJson;
use crate::ExitStatus;

pub fn run(
    command: &QuestionsCommand,
    data: &Loaded,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let exemplars = |id: &str| data.corpus.of_question(id).count();
    let outlines = data.outlines();
    match command.format {
        OutputFormat::Text => {
            for outline in &outlines {
                writeln!(out, "{}", outline.id)?;
                writeln!(out, "  {}", outline.question)?;
                writeln!(out, "  source:    {}", outline.source)?;
                writeln!(out, "  concepts:  {}", outline.concepts.join(", "))?;
                writeln!(out, "  exemplars: {}", exemplars(&outline.id))?;
            }
        }
        OutputFormat::Json => {
            let list: Vec<QuestionJson> =
                outlines.iter().map(|o| QuestionJson::new(o, exemplars(&o.id))).collect();
            serde_json::to_writer_pretty(&mut *out, &list)?;
            writeln!(out)?;
        }
    }
    Ok(ExitStatus::Success)
}
