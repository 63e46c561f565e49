//! The report model: everything a report shows, computed once and rendered
//! as HTML or Markdown. Serializable so the templates (and tests) can read
//! it; nothing in it is markup except the two SVG charts, which
//! [`crate::charts`] builds with every text escaped.

use serde::Serialize;

use crate::highlight::Segment;
use crate::input::RowProblem;
use crate::insights::Insights;

/// What made a report: shown at the foot of every page, so a reader can
/// tell which build, rubrics and day it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The assay release.
    pub assay_version: String,
    /// The rubric set's fingerprint.
    pub rubrics: String,
    /// The version of the score JSON the same run writes.
    pub schema_version: u64,
    /// When the report was made (RFC 3339, UTC).
    pub date: String,
}

/// The report on one candidate.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateReport {
    /// The candidate id.
    pub candidate: String,
    /// What made the report, when the caller says.
    pub made: Option<Provenance>,
    /// Mean total over the scored answers, if any.
    pub mean_score: Option<f64>,
    /// What to work on first, across all the answers: every red flag, then
    /// the misses worth most (at most [`crate::TOP_PRIORITIES`] in all
    /// unless red flags alone are more).
    pub priorities: Vec<Priority>,
    /// One line per scored answer.
    pub overview: Vec<OverviewRow>,
    /// Which concepts each answer showed.
    pub grid: ConceptGrid,
    /// Bar chart of the totals, as an SVG element (escaped by construction).
    pub chart_svg: String,
    /// The concept grid as an SVG element (escaped by construction).
    pub grid_svg: String,
    /// One section per scored answer.
    pub questions: Vec<QuestionReport>,
    /// Rows that could not be scored.
    pub problems: Vec<RowProblem>,
}

/// One answer in the overview.
#[derive(Debug, Clone, Serialize)]
pub struct OverviewRow {
    /// Short label, `Q1`, `Q2`, ...
    pub label: String,
    /// Anchor of the question's section.
    pub anchor: String,
    /// Question id.
    pub question_id: String,
    /// The question.
    pub question: String,
    /// Total from 0 to 100.
    pub score: f64,
    /// Level name.
    pub level: String,
    /// Position of the level, 0 the lowest.
    pub level_rank: usize,
    /// Number of levels of the question.
    pub levels: usize,
    /// Names of the red flags the answer raised.
    pub red_flags: Vec<String>,
    /// Whether the answer reads like an answer to another question.
    pub off_topic: bool,
}

/// One thing to work on.
#[derive(Debug, Clone, Serialize)]
pub struct Priority {
    /// `red-flag` or `missing`.
    pub kind: &'static str,
    /// What it is about: the red flag's or the concept's name.
    pub title: String,
    /// What to do about it (the rubric's warning or guidance).
    pub detail: String,
    /// Labels of the answers it concerns (`Q1`, ...).
    pub questions: Vec<String>,
}

/// How an answer's total was made.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreMaking {
    /// The concepts that added points, most first.
    pub parts: Vec<ScorePart>,
    /// What happened after the concept points, in order, in words.
    pub steps: Vec<String>,
    /// Where each level begins.
    pub bands: Vec<Band>,
    /// What the next level takes, when the answer is not at the top.
    pub next: Option<String>,
}

/// A concept's share of the total.
#[derive(Debug, Clone, Serialize)]
pub struct ScorePart {
    /// Concept name.
    pub name: String,
    /// Points it added, before the steps.
    pub points: f64,
    /// Whether it is extra credit the question does not ask for.
    pub bonus: bool,
}

/// A level and the score it begins at.
#[derive(Debug, Clone, Serialize)]
pub struct Band {
    /// Level name.
    pub name: String,
    /// Lowest score of the level.
    pub min: f64,
    /// Whether the answer is at this level.
    pub current: bool,
}

/// Concepts (rows) across questions (columns).
#[derive(Debug, Clone, Serialize)]
pub struct ConceptGrid {
    /// Column labels, `Q1`, `Q2`, ...
    pub columns: Vec<String>,
    /// One row per concept, in order of first appearance.
    pub rows: Vec<GridRow>,
}

/// One concept in the grid.
#[derive(Debug, Clone, Serialize)]
pub struct GridRow {
    /// Concept id.
    pub concept: String,
    /// Concept name.
    pub name: String,
    /// One cell per column.
    pub cells: Vec<GridCell>,
}

/// Whether an answer showed a concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GridCell {
    /// Shown.
    Hit,
    /// In the question's rubric, not shown.
    Missing,
    /// Not part of the question's rubric.
    NotAsked,
}

impl GridCell {
    /// The mark shown in the cell, so the grid does not rely on colour.
    #[must_use]
    pub fn mark(self) -> &'static str {
        match self {
            GridCell::Hit => "✓",
            GridCell::Missing => "✗",
            GridCell::NotAsked => "–",
        }
    }
}

/// The feedback on one answer.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionReport {
    /// Short label, `Q1`, `Q2`, ...
    pub label: String,
    /// Anchor of the section.
    pub anchor: String,
    /// The input line the answer came from.
    pub line: Option<u64>,
    /// Question id.
    pub question_id: String,
    /// The question.
    pub question: String,
    /// Total from 0 to 100.
    pub score: f64,
    /// Level name.
    pub level: String,
    /// The question's level names, lowest first.
    pub levels: Vec<String>,
    /// Why the answer was not scored on its merits (`empty`), if so.
    pub reason: Option<String>,
    /// How the total was made.
    pub making: ScoreMaking,
    /// The level of the model answers this one reads most like, when the
    /// exemplar index was asked.
    pub estimate: Option<String>,
    /// Why a person should read the answer before trusting its score, if
    /// anything says so (the red flags, off topic, a harmful nearest model
    /// answer, a level far from the model answers it reads like, very
    /// short).
    pub review: Vec<String>,
    /// Set when an earlier run recorded another total for this answer.
    pub recorded_note: Option<String>,
    /// The answer, cut at evidence boundaries.
    pub segments: Vec<Segment>,
    /// What each highlight marker stands for.
    pub legend: Vec<LegendEntry>,
    /// Concepts the answer shows.
    pub present: Vec<PresentConcept>,
    /// Concepts it misses, worth most first.
    pub missing: Vec<MissingConcept>,
    /// Red flags raised.
    pub red_flags: Vec<RedFlagNote>,
    /// Set when the answer reads like another question's.
    pub off_topic: Option<String>,
    /// Notes on the writing.
    pub insights: Insights,
}

/// A concept the answer shows.
#[derive(Debug, Clone, Serialize)]
pub struct PresentConcept {
    /// Concept id.
    pub id: String,
    /// Concept name.
    pub name: String,
    /// Colour slot used for its highlights.
    pub colour: usize,
    /// Strength from 0 to 1, rounded to two decimals.
    pub strength: f64,
    /// Points it added, before the steps of [`ScoreMaking`].
    pub points: f64,
    /// Whether the question requires it.
    pub required: bool,
    /// The rubric's praise.
    pub praise: String,
    /// The answer's words that showed it (counted evidence), without repeats.
    pub quotes: Vec<String>,
}

/// A concept the answer misses.
#[derive(Debug, Clone, Serialize)]
pub struct MissingConcept {
    /// Concept id.
    pub id: String,
    /// Concept name.
    pub name: String,
    /// Whether the question requires it (the top level is out of reach).
    pub required: bool,
    /// Points it would add on its own, before caps.
    pub worth: f64,
    /// The rubric's guidance.
    pub guidance: String,
    /// Words the answer had for it but inside a negation, if any.
    pub negated: Vec<String>,
    /// How a stronger model answer put it, if one does.
    pub illustration: Option<Illustration>,
}

/// A sentence from a higher-level model answer that shows a concept.
#[derive(Debug, Clone, Serialize)]
pub struct Illustration {
    /// The model answer's level.
    pub level: String,
    /// The model answer's id.
    pub exemplar: String,
    /// The sentence.
    pub sentence: String,
}

/// A red flag the answer raised.
#[derive(Debug, Clone, Serialize)]
pub struct RedFlagNote {
    /// Red flag id.
    pub id: String,
    /// Red flag name.
    pub name: String,
    /// Why it matters (the rubric's warning).
    pub warning: String,
    /// What it does to the total, such as `caps the score at 30`.
    pub effect: String,
    /// The answer's words that raised it.
    pub quotes: Vec<String>,
}

/// The page that links the reports of several candidates.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IndexPage {
    /// What made the reports, when the caller says.
    pub made: Option<Provenance>,
    /// Per question over all candidates, in order of first appearance.
    pub questions: Vec<QuestionStats>,
    /// Answers a person should read, with why.
    pub review: Vec<ReviewItem>,
    /// One entry per candidate, in input order.
    pub entries: Vec<IndexEntry>,
    /// Rows that name no candidate and could not be read.
    pub problems: Vec<RowProblem>,
}

/// One candidate on the index page.
#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    /// The candidate id.
    pub candidate: String,
    /// The file name of the candidate's report, relative to the index.
    pub file: String,
    /// Answers scored.
    pub answers: usize,
    /// Mean total, if any answer was scored.
    pub mean_score: Option<f64>,
    /// Rows that could not be scored.
    pub problems: usize,
}

/// One question across the cohort.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionStats {
    /// Question id.
    pub question_id: String,
    /// The question.
    pub question: String,
    /// Answers scored.
    pub answers: usize,
    /// Their mean score.
    pub mean_score: f64,
    /// How many answers are at each level, lowest first.
    pub levels: Vec<(String, usize)>,
    /// The concepts most often not found, with how many answers missed them
    /// (at most three).
    pub most_missed: Vec<(String, usize)>,
    /// Answers that raised a red flag.
    pub red_flags: usize,
    /// Answers that read like another question's.
    pub off_topic: usize,
}

/// An answer a person should read.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewItem {
    /// The candidate id.
    pub candidate: String,
    /// Their report's file and the answer's anchor in it.
    pub link: String,
    /// The answer's label on the candidate's page (`Q2`).
    pub label: String,
    /// The question.
    pub question: String,
    /// Its score.
    pub score: f64,
    /// Why it needs a person's eyes.
    pub why: Vec<String>,
}

/// One marker of an answer's highlights and what it stands for.
#[derive(Debug, Clone, Serialize)]
pub struct LegendEntry {
    /// The concept or red flag id.
    pub about: String,
    /// The marker shown after highlighted words (`1`, `2`, ..., `⚠`).
    pub marker: String,
    /// What it stands for.
    pub name: String,
    /// CSS classes for the marker, from a fixed vocabulary.
    pub class: String,
}
