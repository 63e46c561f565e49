//! Where rubrics and the corpus come from: embedded in the binary, or a
//! trainer's folder.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context};
use assay_score::{Corpus, LoadErrors, RubricSet, SourceFile};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}

/// The text of a rubric folder (and optionally a corpus), not yet validated.
#[derive(Debug, Clone, Default)]
pub struct DataSet {
    /// The library: `concepts/*.toml` and `red-flags/*.toml`.
    pub concepts: Vec<SourceFile>,
    /// `questions/*.toml`.
    pub questions: Vec<SourceFile>,
    /// Corpus files, `<question>.toml`.
    pub corpus: Vec<SourceFile>,
    /// Labelled phrase sets, `<concept>.toml`.
    pub phrases: Vec<SourceFile>,
    /// Cue examples, `concepts/<id>.toml` and `questions/<id>.toml`.
    pub cue_examples: Vec<SourceFile>,
}

/// A validated data set.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The rubrics.
    pub rubrics: RubricSet,
    /// The exemplar answers.
    pub corpus: Corpus,
}

impl DataSet {
    /// Validates the rubrics, then the corpus against them.
    ///
    /// # Errors
    ///
    /// Every problem in the rubrics; if there are none, every problem in the
    /// corpus.
    pub fn load(&self) -> Result<Loaded, LoadErrors> {
        let rubrics = RubricSet::load(&self.concepts, &self.questions)?;
        let corpus = Corpus::load(&self.corpus, &rubrics)?;
        Ok(Loaded { rubrics, corpus })
    }
}

/// The rubrics and corpus built into the binary. Paths read
/// `<built-in>/rubrics/...`.
#[must_use]
pub fn builtin() -> DataSet {
    let file = |(path, text): &(&str, &str)| SourceFile::new(format!("<built-in>/{path}"), *text);
    let under = |prefix: &str| -> Vec<SourceFile> {
        embedded::RUBRICS.iter().filter(|(path, _)| path.starts_with(prefix)).map(file).collect()
    };
    DataSet {
        concepts: [under("rubrics/concepts/"), under("rubrics/red-flags/")].concat(),
        questions: under("rubrics/questions/"),
        corpus: embedded::CORPUS.iter().map(file).collect(),
        phrases: embedded::PHRASES.iter().map(file).collect(),
        cue_examples: embedded::CUE_EXAMPLES.iter().map(file).collect(),
    }
}

/// Reads a rubric folder (`concepts/*.toml`, `red-flags/*.toml`,
/// `questions/*.toml`) and, if given, a corpus folder and a phrase-set
/// folder (`*.toml` each) and a cue-example folder (`concepts/*.toml`,
/// `questions/*.toml`, `red-flags/*.toml`).
///
/// # Errors
///
/// A folder that does not exist or has neither `concepts/` nor `questions/`,
/// or a file that cannot be read or is not UTF-8.
pub fn load_dir(
    rubrics: &Path,
    corpus: Option<&Path>,
    phrases: Option<&Path>,
    cue_examples: Option<&Path>,
) -> anyhow::Result<DataSet> {
    if !rubrics.is_dir() {
        bail!("rubric folder {} does not exist", rubrics.display());
    }
    let mut concepts = read_toml_files(&rubrics.join("concepts"))?;
    concepts.extend(read_toml_files(&rubrics.join("red-flags"))?);
    let questions = read_toml_files(&rubrics.join("questions"))?;
    if concepts.is_empty() && questions.is_empty() {
        bail!(
            "{} holds no rubrics: expected concepts/*.toml and questions/*.toml inside it",
            rubrics.display()
        );
    }
    let corpus = corpus.map(read_toml_files).transpose()?.unwrap_or_default();
    let phrases = phrases.map(read_toml_files).transpose()?.unwrap_or_default();
    let mut examples = Vec::new();
    if let Some(dir) = cue_examples {
        examples.extend(read_toml_files(&dir.join("concepts"))?);
        examples.extend(read_toml_files(&dir.join("questions"))?);
        examples.extend(read_toml_files(&dir.join("red-flags"))?);
    }
    Ok(DataSet { concepts, questions, corpus, phrases, cue_examples: examples })
}

/// The corpus files (`<question>.toml`) in `dir`.
///
/// # Errors
///
/// A file that cannot be read or is not UTF-8.
pub fn read_corpus(dir: &Path) -> anyhow::Result<Vec<SourceFile>> {
    read_toml_files(dir)
}

/// The `.toml` files directly in `dir`, sorted by name; none if `dir` is
/// missing.
fn read_toml_files(dir: &Path) -> anyhow::Result<Vec<SourceFile>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut paths = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry.with_context(|| format!("cannot list {}", dir.display()))?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "toml") {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let bytes =
                fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                anyhow::anyhow!(
                    "{} is not valid UTF-8 (bad byte at offset {})",
                    path.display(),
                    e.utf8_error().valid_up_to()
                )
            })?;
            Ok(SourceFile::new(path.display().to_string(), text))
        })
        .collect()
}
