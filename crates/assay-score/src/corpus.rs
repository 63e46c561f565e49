//! Exemplar answers: model answers per question at known levels.

use serde::Deserialize;
use toml::Spanned;

use crate::error::{LoadResult, Problems};
use crate::source::parse_toml;
use crate::{RubricSet, SourceFile};

/// One model answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exemplar {
    /// Question id.
    pub question: String,
    /// Exemplar id, unique within its question.
    pub id: String,
    /// The level a human gave it; one of the question's level names.
    pub level: String,
    /// Whether it shows harmful practice that a red flag must catch.
    pub harmful: bool,
    /// The answer.
    pub text: String,
}

/// Every exemplar of a corpus, ordered by question then file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corpus {
    /// The exemplars.
    pub exemplars: Vec<Exemplar>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CorpusFile {
    question: Spanned<String>,
    exemplars: Vec<ExemplarEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ExemplarEntry {
    id: Spanned<String>,
    level: Spanned<String>,
    #[serde(default)]
    harmful: bool,
    text: Spanned<String>,
}

impl Corpus {
    /// Loads `corpus/<question>.toml` files, checking each against the
    /// question's rubric in `rubrics` (the levels of a question that
    /// [`RubricSet::load_only`] left out are not checked).
    ///
    /// # Errors
    ///
    /// Every problem found: TOML syntax, unknown questions or levels,
    /// duplicate exemplar ids, empty texts, a file named after another
    /// question.
    pub fn load(files: &[SourceFile], rubrics: &RubricSet) -> LoadResult<Self> {
        let mut problems = Problems::default();
        let mut exemplars = Vec::new();
        for file in files {
            let Some(parsed) = parse_toml::<CorpusFile>(file, &mut problems) else {
                continue;
            };
            let question = parsed.question.get_ref();
            if file.stem() != question {
                problems.add_span(
                    file,
                    parsed.question.span(),
                    format!(
                        "question `{question}` does not match the file name `{}.toml`",
                        file.stem()
                    ),
                );
            }
            let rubric = rubrics.get(question);
            if rubric.is_none() && !rubrics.is_left_out(question) {
                problems.add_span(
                    file,
                    parsed.question.span(),
                    format!("no rubric for question `{question}`"),
                );
                continue;
            }
            let mut ids = std::collections::HashSet::new();
            for entry in parsed.exemplars {
                if !ids.insert(entry.id.get_ref().clone()) {
                    problems.add_span(
                        file,
                        entry.id.span(),
                        format!("exemplar `{}` is listed twice", entry.id.get_ref()),
                    );
                }
                // A question that `RubricSet::load_only` left out has no
                // levels to check against.
                let levels = rubric.map(|r| &r.levels);
                if levels.is_some_and(|ls| !ls.iter().any(|l| &l.name == entry.level.get_ref())) {
                    let names: Vec<&str> =
                        levels.into_iter().flatten().map(|l| l.name.as_str()).collect();
                    problems.add_span(
                        file,
                        entry.level.span(),
                        format!(
                            "level `{}` is not one of {}",
                            entry.level.get_ref(),
                            names.join(", ")
                        ),
                    );
                }
                if entry.text.get_ref().trim().is_empty() {
                    problems.add_span(file, entry.text.span(), "the exemplar text is empty");
                }
                exemplars.push(Exemplar {
                    question: question.clone(),
                    id: entry.id.into_inner(),
                    level: entry.level.into_inner(),
                    harmful: entry.harmful,
                    text: entry.text.into_inner().trim().to_owned(),
                });
            }
        }
        exemplars.sort_by(|a, b| a.question.cmp(&b.question));
        problems.into_result(Corpus { exemplars })
    }

    /// The exemplars of question `id`.
    pub fn of_question(&self, id: &str) -> impl Iterator<Item = &Exemplar> {
        let id = id.to_owned();
        self.exemplars.iter().filter(move |e| e.question == id)
    }
}
