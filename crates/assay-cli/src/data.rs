//! Where rubrics and the corpus come from: embedded in the binary, or a
//! trainer's folder.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context};
use assay_score::{
    Corpus, Exemplar, LoadError, LoadErrors, PrecompiledCues, QuestionOutline, RubricSet,
    SourceFile,
};

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
    /// Files that are not UTF-8, each located where its first bad byte
    /// is. The file is read with the bad bytes replaced, so the check goes
    /// on and reports every other problem too.
    pub encoding: Vec<LoadError>,
    /// Whether the files are known to load whole without a problem (the
    /// built-in set, which the tests load whole), so a command about some
    /// questions may compile only those ([`DataSet::load_for`]).
    pub checked: bool,
    /// Cues compiled when `assay` was built, which loading reads instead
    /// of compiling them again (the built-in set's).
    pub precompiled: PrecompiledCues,
    /// The corpus as read when `assay` was built (the built-in set's), which
    /// a command about some questions takes instead of parsing the corpus
    /// files again.
    pub prebuilt_corpus: Option<&'static [BuiltExemplar]>,
    /// The questions' outlines as read when `assay` was built (the built-in
    /// set's), which `assay questions` lists instead of reading every
    /// question file.
    pub prebuilt_outlines: Option<&'static [BuiltOutline]>,
}

/// A question's outline read when `assay` was built: id, question,
/// source, concept ids, red-flag ids and level names.
pub type BuiltOutline = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

/// A model answer read when `assay` was built: question, id, level,
/// whether it is harmful, and its text.
pub type BuiltExemplar = (&'static str, &'static str, &'static str, bool, &'static str);

/// A validated data set.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The rubrics.
    pub rubrics: RubricSet,
    /// The exemplar answers.
    pub corpus: Corpus,
    /// The rubric files the set was loaded from, so `assay serve`'s
    /// playground can rebuild a question from an edited file in memory.
    pub sources: RubricSources,
    /// Outlines read when `assay` was built, for a set loaded in part
    /// (see [`DataSet::prebuilt_outlines`]).
    pub prebuilt_outlines: Option<&'static [BuiltOutline]>,
}

impl Loaded {
    /// Every question's outline, by id: from the outlines read when
    /// `assay` was built if there are some, else from the rubric set.
    #[must_use]
    pub fn outlines(&self) -> Vec<QuestionOutline> {
        let Some(built) = self.prebuilt_outlines else { return self.rubrics.outlines() };
        let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect();
        let mut outlines: Vec<QuestionOutline> = built
            .iter()
            .map(|&(id, question, source, concepts, red_flags, levels)| QuestionOutline {
                id: id.to_owned(),
                question: question.to_owned(),
                source: source.to_owned(),
                concepts: owned(concepts),
                red_flags: owned(red_flags),
                levels: owned(levels),
            })
            .collect();
        outlines.sort_by(|a, b| a.id.cmp(&b.id));
        outlines
    }
}

/// The text of the rubric files a [`RubricSet`] was loaded from.
#[derive(Debug, Clone, Default)]
pub struct RubricSources {
    /// The library: `concepts/*.toml` and `red-flags/*.toml`.
    pub library: Vec<SourceFile>,
    /// `questions/*.toml`.
    pub questions: Vec<SourceFile>,
}

impl RubricSources {
    /// The file of question `id` (files are named after their question).
    #[must_use]
    pub fn question(&self, id: &str) -> Option<&SourceFile> {
        self.questions.iter().find(|f| f.stem() == id)
    }
}

impl DataSet {
    /// The file named `path` (as a problem names it), if it is one of these.
    pub fn file(&self, path: &str) -> Option<&SourceFile> {
        [&self.concepts, &self.questions, &self.corpus, &self.phrases, &self.cue_examples]
            .into_iter()
            .flatten()
            .find(|f| f.path == path)
    }

    /// Validates the rubrics, then the corpus against them.
    ///
    /// # Errors
    ///
    /// Every problem in the rubrics; if there are none, every problem in the
    /// corpus.
    pub fn load(&self) -> Result<Loaded, LoadErrors> {
        self.load_for(None)
    }

    /// Like [`DataSet::load`], but for a set already [`DataSet::checked`],
    /// only the questions `ids` are compiled (and the library entries they
    /// use); the rest of the set is still listed and its model answers
    /// loaded. A folder given with `--rubrics` is always loaded and checked
    /// whole.
    ///
    /// # Errors
    ///
    /// As [`DataSet::load`].
    pub fn load_for(&self, ids: Option<&[&str]>) -> Result<Loaded, LoadErrors> {
        let with_encoding = |mut errors: Vec<LoadError>| {
            let mut all = self.encoding.clone();
            all.append(&mut errors);
            LoadErrors(all)
        };
        // A set already checked whole may be loaded in part, from what was
        // prepared when `assay` was built.
        let part = ids.filter(|_| self.checked);
        let rubrics = match part {
            Some(ids) => {
                RubricSet::load_only(&self.concepts, &self.questions, ids, self.precompiled)
            }
            None => RubricSet::load_precompiled(&self.concepts, &self.questions, self.precompiled),
        }
        .map_err(|e| with_encoding(e.0))?;
        let corpus = match self.prebuilt_corpus.filter(|_| part.is_some()) {
            Some(built) => Corpus { exemplars: built.iter().map(exemplar).collect() },
            None => Corpus::load(&self.corpus, &rubrics).map_err(|e| with_encoding(e.0))?,
        };
        if !self.encoding.is_empty() {
            return Err(with_encoding(Vec::new()));
        }
        let sources =
            RubricSources { library: self.concepts.clone(), questions: self.questions.clone() };
        let prebuilt_outlines = self.prebuilt_outlines.filter(|_| part.is_some());
        Ok(Loaded { rubrics, corpus, sources, prebuilt_outlines })
    }
}

fn exemplar(&(question, id, level, harmful, text): &BuiltExemplar) -> Exemplar {
    let owned = str::to_owned;
    Exemplar {
        question: owned(question),
        id: owned(id),
        level: owned(level),
        harmful,
        text: owned(text),
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
        encoding: Vec::new(),
        checked: true,
        precompiled: PrecompiledCues::new(embedded::PRECOMPILED_CUES),
        prebuilt_corpus: embedded::CORPUS_EXEMPLARS,
        prebuilt_outlines: embedded::QUESTION_OUTLINES,
    }
}

/// Reads a rubric folder (`concepts/*.toml`, `red-flags/*.toml`,
/// `questions/*.toml`) and, if given, a corpus folder and a phrase-set
/// folder (`*.toml` each) and a cue-example folder (`concepts/*.toml`,
/// `questions/*.toml`, `red-flags/*.toml`).
///
/// # Errors
///
/// A folder that does not exist or has no `questions/*.toml`, a corpus
/// folder with no `*.toml`, or a file that cannot be read. A file that is
/// not UTF-8 is listed in [`DataSet::encoding`] instead.
pub fn load_dir(
    rubrics: &Path,
    corpus: Option<&Path>,
    phrases: Option<&Path>,
    cue_examples: Option<&Path>,
) -> anyhow::Result<DataSet> {
    if !rubrics.is_dir() {
        bail!("rubric folder {} does not exist", rubrics.display());
    }
    let mut encoding = Vec::new();
    let mut read = |dir: &Path| read_toml_files(dir, &mut encoding);
    let mut concepts = read(&rubrics.join("concepts"))?;
    concepts.extend(read(&rubrics.join("red-flags"))?);
    let questions = read(&rubrics.join("questions"))?;
    if questions.is_empty() {
        bail!(
            "{} holds no questions: expected questions/*.toml inside it (and concepts/*.toml for a shared library)",
            rubrics.display()
        );
    }
    let corpus_files = corpus.map(&mut read).transpose()?.unwrap_or_default();
    if let Some(dir) = corpus.filter(|_| corpus_files.is_empty()) {
        bail!("corpus folder {} holds no model answers (<question>.toml files)", dir.display());
    }
    let phrases = phrases.map(&mut read).transpose()?.unwrap_or_default();
    let mut examples = Vec::new();
    if let Some(dir) = cue_examples {
        examples.extend(read(&dir.join("concepts"))?);
        examples.extend(read(&dir.join("questions"))?);
        examples.extend(read(&dir.join("red-flags"))?);
    }
    Ok(DataSet {
        concepts,
        questions,
        corpus: corpus_files,
        phrases,
        cue_examples: examples,
        encoding,
        checked: false,
        precompiled: PrecompiledCues::default(),
        prebuilt_corpus: None,
        prebuilt_outlines: None,
    })
}

/// The corpus files (`<question>.toml`) in `dir`.
///
/// # Errors
///
/// A file that cannot be read or is not UTF-8.
pub fn read_corpus(dir: &Path) -> anyhow::Result<Vec<SourceFile>> {
    let mut encoding = Vec::new();
    let files = read_toml_files(dir, &mut encoding)?;
    match encoding.first() {
        Some(problem) => bail!("{problem}"),
        None => Ok(files),
    }
}

/// The `.toml` files directly in `dir`, sorted by name; none if `dir` is
/// missing. A file that is not UTF-8 is read with its bad bytes replaced
/// and a located problem added to `encoding`.
fn read_toml_files(dir: &Path, encoding: &mut Vec<LoadError>) -> anyhow::Result<Vec<SourceFile>> {
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
            let name = path.display().to_string();
            Ok(match String::from_utf8(bytes) {
                Ok(text) => SourceFile::new(name, text),
                Err(error) => {
                    let bad = error.utf8_error().valid_up_to();
                    let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                    let file = SourceFile::new(name, text);
                    encoding.push(LoadError::at(
                        &file,
                        bad,
                        "the file is not UTF-8 text: save it as UTF-8 (this byte and any like it are shown as \u{fffd})",
                    ));
                    file
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use assay_score::{decode_cue, Cue};
    use assay_text::Analyzer;

    use super::*;

    #[test]
    fn the_cues_compiled_at_build_time_are_what_the_compiler_gives_now() {
        assert!(embedded::PRECOMPILED_CUES.len() > 1000, "the built-in rubrics' cues are there");
        let sorted = embedded::PRECOMPILED_CUES.windows(2).all(|w| w[0].0 < w[1].0);
        assert!(sorted, "sorted by text, for binary search");
        let mut analyzer = Analyzer::new();
        for (source, pattern) in embedded::PRECOMPILED_CUES {
            let parsed = Cue::parse(source, &mut analyzer).expect("only cues that compile");
            assert_eq!(decode_cue(source, pattern), Some(parsed), "{source}");
        }
    }

    #[test]
    fn one_question_loads_alike_with_and_without_the_precompiled_cues() {
        let data = builtin();
        let only = ["suicidal-thoughts", "de-escalation"];
        let fast = data.load_for(Some(&only)).unwrap();
        let slow = DataSet { precompiled: PrecompiledCues::default(), ..data }
            .load_for(Some(&only))
            .unwrap();
        for id in only {
            let (fast, slow) = (fast.rubrics.get(id).unwrap(), slow.rubrics.get(id).unwrap());
            assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{id}");
        }
    }

    #[test]
    fn the_outlines_read_at_build_time_are_the_compiled_rubrics() {
        let data = builtin();
        let prebuilt = data.load_for(Some(&[])).unwrap();
        assert!(prebuilt.prebuilt_outlines.is_some());
        let compiled = data.load().unwrap();
        assert!(compiled.prebuilt_outlines.is_none(), "a whole load lists what it compiled");
        assert_eq!(prebuilt.outlines(), compiled.outlines());
        assert_eq!(prebuilt.outlines().len(), 48);
    }

    #[test]
    fn the_corpus_read_at_build_time_is_the_one_loading_gives() {
        let data = builtin();
        let loaded = data.load().unwrap();
        let prebuilt = data.load_for(Some(&["active-listening"])).unwrap();
        assert_eq!(prebuilt.corpus, loaded.corpus);
        assert_eq!(
            Corpus::load(&data.corpus, &loaded.rubrics).unwrap(),
            loaded.corpus,
            "load() parses and checks the files"
        );
    }
}
