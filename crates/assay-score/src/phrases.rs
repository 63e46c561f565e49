//! Labelled phrase sets: sentences that do and do not express a concept,
//! used to measure concept detection (`tests/phrases/<concept>.toml`).

use serde::Deserialize;

use crate::error::{LoadResult, Problems};
use crate::SourceFile;

/// Sentences labelled for one concept.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhraseSet {
    /// The library concept the sentences are labelled for.
    pub concept: String,
    /// Sentences that express the concept.
    pub positive: Vec<String>,
    /// Sentences that do not.
    pub negative: Vec<String>,
}

impl PhraseSet {
    /// Parses phrase-set files.
    ///
    /// # Errors
    ///
    /// Every file that is not valid TOML of the phrase-set shape.
    pub fn load_all(files: &[SourceFile]) -> LoadResult<Vec<PhraseSet>> {
        let mut problems = Problems::default();
        let mut sets = Vec::new();
        for file in files {
            match toml::from_str::<PhraseSet>(&file.text) {
                Ok(set) => sets.push(set),
                Err(error) => {
                    let at = error.span().map_or(0, |s| s.start);
                    problems.add(file, at, error.message().trim().to_owned());
                }
            }
        }
        problems.into_result(sets)
    }
}

/// Example sentences written to exercise a rubric file's cues
/// (`tests/cue-examples/{concepts,questions}/<id>.toml`), so that no cue is
/// dead: every cue fires on at least one of them, an exemplar or a phrase.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CueExamples {
    /// The sentences.
    pub examples: Vec<String>,
}

impl CueExamples {
    /// Parses cue-example files.
    ///
    /// # Errors
    ///
    /// Every file that is not valid TOML of this shape.
    pub fn load_all(files: &[SourceFile]) -> LoadResult<Vec<(String, CueExamples)>> {
        let mut problems = Problems::default();
        let mut sets = Vec::new();
        for file in files {
            match toml::from_str::<CueExamples>(&file.text) {
                Ok(set) => sets.push((file.path.clone(), set)),
                Err(error) => {
                    let at = error.span().map_or(0, |s| s.start);
                    problems.add(file, at, error.message().trim().to_owned());
                }
            }
        }
        problems.into_result(sets)
    }
}
