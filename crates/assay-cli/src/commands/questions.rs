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
    match command.format {
        OutputFormat::Text => {
            for rubric in data.rubrics.rubrics() {
                writeln!(out, "{}", rubric.id)?;
                writeln!(out, "  {}", rubric.question)?;
                writeln!(out, "  source:    {}", rubric.source)?;
                writeln!(
                    out,
                    "  concepts:  {}",
                    rubric.concept_ids().collect::<Vec<_>>().join(", ")
                )?;
                writeln!(out, "  exemplars: {}", exemplars(&rubric.id))?;
            }
        }
        OutputFormat::Json => {
            let list: Vec<QuestionJson> =
                data.rubrics.rubrics().map(|r| QuestionJson::new(r, exemplars(&r.id))).collect();
            serde_json::to_writer_pretty(&mut *out, &list)?;
            writeln!(out)?;
        }
    }
    Ok(ExitStatus::Success)
}
