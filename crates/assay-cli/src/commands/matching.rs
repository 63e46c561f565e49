//! `assay match`: which questions an answer most likely answers.

use std::io::Write;

use assay_text::Analyzer;

use crate::args::{Args, MatchCommand, OutputFormat};
use crate::data::Loaded;
use crate::input::read_answer;
use crate::json::MatchJson;
use crate::{exemplars, ExitStatus};

pub fn run(
    command: &MatchCommand,
    args: &Args,
    data: &Loaded,
    out: &mut dyn Write,
) -> anyhow::Result<ExitStatus> {
    let answer = read_answer(command.text.as_deref(), command.file.as_deref())?;
    let index = exemplars::open(args.index.as_deref(), data)?;
    let analysis = Analyzer::new().analyze(&answer);
    let matches = index.match_with_rubrics(&analysis, &data.rubrics, usize::from(command.top));
    match command.format {
        OutputFormat::Text => {
            if matches.is_empty() {
                writeln!(
                    out,
                    "no question matches: the answer shares no weighted words with any exemplar"
                )?;
            }
            for m in &matches {
                let question = data.rubrics.get(&m.question).map_or("", |r| r.question.as_str());
                writeln!(
                    out,
                    "{:>3.0}%  {}  (similarity {:.2})\n      {question}",
                    m.confidence * 100.0,
                    m.question,
                    m.similarity
                )?;
            }
        }
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &MatchJson::list(&matches))?;
            writeln!(out)?;
        }
    }
    Ok(ExitStatus::Success)
}
