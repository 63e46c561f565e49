//! The shape of rubric files as trainers write them (raw, unvalidated).
//!
//! These types mirror the TOML exactly and reject unknown fields; positions
//! are kept (`Spanned`) so validation can point at the offending value.
//! [`crate::RubricSet`] turns them into validated [`crate::Rubric`]s.

use serde::Deserialize;
use toml::Spanned;

/// A list of cues as written.
pub type CueList = Spanned<Vec<Spanned<String>>>;

/// A list of example sentences as written.
pub type ExampleList = Spanned<Vec<Spanned<String>>>;

/// `rubrics/concepts/<id>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConceptFile {
    /// Concept id; must equal the file name.
    pub id: Spanned<String>,
    /// Human-readable name.
    pub name: String,
    /// Default weight in question rubrics.
    pub weight: Spanned<f64>,
    /// Number of distinct cues for full strength.
    pub saturation: Option<Spanned<i64>>,
    /// Whether a story of the candidate's own earns the concept.
    #[serde(default)]
    pub story: bool,
    /// Phrase patterns that show the concept.
    pub cues: CueList,
    /// Sentences that show the concept, for the semantic matcher.
    pub examples: Option<ExampleList>,
    /// Near misses: sentences close to the concept that do not show it.
    pub counter_examples: Option<ExampleList>,
    /// Lowest similarity to an example that earns the concept.
    pub example_threshold: Option<Spanned<f64>>,
    /// Feedback when the concept is missing.
    pub guidance: String,
    /// Feedback when the concept is present.
    pub praise: String,
}

/// `rubrics/questions/<id>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct QuestionFile {
    /// Question id; must equal the file name.
    pub id: Spanned<String>,
    /// The interview question, in the project's words.
    pub question: Spanned<String>,
    /// Where the question comes from, in free text (the built-in
    /// questions name their article: `<article file>#<number>`). Optional.
    pub source: Option<Spanned<String>>,
    /// Concepts the answer is scored on.
    #[serde(default)]
    pub concepts: Vec<Spanned<ConceptEntry>>,
    /// Things an answer must not contain.
    #[serde(default)]
    pub red_flags: Vec<Spanned<RedFlagEntry>>,
    /// Levels from lowest to highest.
    pub levels: Spanned<Vec<Spanned<LevelEntry>>>,
    /// Share of the total given by the nearest exemplars' levels.
    pub exemplar_weight: Option<Spanned<f64>>,
    /// Distinct content words at which concept points count in full (0:
    /// no detail factor).
    pub detail_words: Option<Spanned<i64>>,
}

/// One `[[concepts]]` table: a library reference (`use`) or an inline
/// definition (`id` and the concept fields).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConceptEntry {
    /// Library concept id.
    #[serde(rename = "use")]
    pub use_: Option<Spanned<String>>,
    /// Id of a concept defined here.
    pub id: Option<Spanned<String>>,
    /// Name of a concept defined here.
    pub name: Option<Spanned<String>>,
    /// Weight in this question.
    pub weight: Option<Spanned<f64>>,
    /// Whether the top level needs this concept.
    #[serde(default)]
    pub required: bool,
    /// Whether the concept only adds credit: a general quality the question
    /// is not about, not held against an answer that leaves it out.
    #[serde(default)]
    pub bonus: Option<Spanned<bool>>,
    /// Distinct cues for full strength.
    pub saturation: Option<Spanned<i64>>,
    /// Whether a story of the candidate's own earns the concept.
    #[serde(default)]
    pub story: Option<Spanned<bool>>,
    /// Cues of a concept defined here.
    pub cues: Option<CueList>,
    /// Example sentences of a concept defined here.
    pub examples: Option<ExampleList>,
    /// Counter-examples of a concept defined here.
    pub counter_examples: Option<ExampleList>,
    /// Example threshold of a concept defined here.
    pub example_threshold: Option<Spanned<f64>>,
    /// Guidance of a concept defined here.
    pub guidance: Option<Spanned<String>>,
    /// Praise of a concept defined here.
    pub praise: Option<Spanned<String>>,
}

/// A red flag's definition: `rubrics/red-flags/<id>.toml` (shared by the
/// questions that `use` it), or written in full in a question's
/// `[[red-flags]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RedFlagFile {
    /// Red flag id; in a library file, must equal the file name.
    pub id: Spanned<String>,
    /// Human-readable name.
    pub name: String,
    /// Phrase patterns that raise the flag; none for a flag raised by the
    /// harm estimate.
    pub cues: Option<CueList>,
    /// Sentences that show the harmful practice, for the semantic matcher.
    pub examples: Option<ExampleList>,
    /// Lowest similarity to an example that marks an answer for review.
    pub example_threshold: Option<Spanned<f64>>,
    /// Highest total an answer with this flag can get.
    pub cap: Option<Spanned<f64>>,
    /// Points taken off the total.
    pub penalty: Option<Spanned<f64>>,
    /// Feedback when the flag is raised.
    pub warning: String,
    /// `"harm-estimate"`: the learned harm estimate raises the flag, in
    /// place of cues.
    pub raised_by: Option<Spanned<String>>,
    /// Estimate at or above which a flag raised by the harm estimate is
    /// raised.
    pub raise_at: Option<Spanned<f64>>,
    /// Estimate below which the question's cue red flags are only listed
    /// for review.
    pub confirm_at: Option<Spanned<f64>>,
}

/// One `[[red-flags]]` table of a question: a library red flag (`use`,
/// optionally with examples of its own for this question) or a full
/// definition (the fields of [`RedFlagFile`]).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RedFlagEntry {
    /// Library red flag id.
    #[serde(rename = "use")]
    pub use_: Option<Spanned<String>>,
    /// Id of a red flag defined here.
    pub id: Option<Spanned<String>>,
    /// Name of a red flag defined here.
    pub name: Option<String>,
    /// Cues of a red flag defined here.
    pub cues: Option<CueList>,
    /// Example sentences (added to a library red flag's own).
    pub examples: Option<ExampleList>,
    /// Example threshold of a red flag defined here.
    pub example_threshold: Option<Spanned<f64>>,
    /// Cap of a red flag defined here.
    pub cap: Option<Spanned<f64>>,
    /// Penalty of a red flag defined here.
    pub penalty: Option<Spanned<f64>>,
    /// Warning of a red flag defined here.
    pub warning: Option<String>,
}

/// One `[[levels]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LevelEntry {
    /// Level name.
    pub name: Spanned<String>,
    /// Lowest total in this level.
    pub min: Spanned<f64>,
}
