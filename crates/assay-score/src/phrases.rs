//! Labelled phrase sets: sentences that do and do not express a concept,
//! used to measure concept detection (`tests/phrases/<concept>.toml`).

use serde::Deserialize;

use crate::error::{LoadResult, Problems};
use crate::source::parse_toml;
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
        Ok(parse_all(files)?.into_iter().map(|(_, set)| set).collect())
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
    /// Parses cue-example files, each with its path.
    ///
    /// # Errors
    ///
    /// Every file that is not valid TOML of this shape.
    pub fn load_all(files: &[SourceFile]) -> LoadResult<Vec<(String, CueExamples)>> {
        parse_all(files)
    }
}

/// Parses every file as `T`, collecting every file's error.
fn parse_all<T: serde::de::DeserializeOwned>(files: &[SourceFile]) -> LoadResult<Vec<(String, T)>> {
    let mut problems = Problems::default();
    let mut parsed = Vec::new();
    for file in files {
        if let Some(value) = parse_toml::<T>(file, &mut problems) {
            parsed.push((file.path.clone(), value));
        }
    }
    problems.into_result(parsed)
}
