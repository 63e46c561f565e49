//! Feedback reports on scored answers, for a person practising for a
//! peer-support interview: what landed, what was missing and why it
//! matters, what a stronger answer does, and notes on the writing.
//!
//! This crate reads no files and prints nothing. The caller scores the
//! answers (and the question's exemplars, for illustrations and length
//! ranges) with [`assay_score`] and hands the values in as a
//! [`CandidateInput`]; a [`ReportBuilder`] turns them into a
//! [`CandidateReport`], a serializable model, which is then rendered:
//!
//! - as one self-contained HTML page by [`HtmlRenderer`] (minijinja
//!   templates with auto-escaping, inline CSS and SVG charts, no scripts);
//! - as Markdown by [`candidate_markdown`], with every piece of text
//!   escaped by [`markdown_escape`].
//!
//! Several candidates get an [`IndexPage`] linking their reports, with file
//! names from [`file_names`].
//!
//! `assay serve` shows the same per-answer feedback in two pages of its own,
//! a [`PracticePage`] and a [`PlaygroundPage`], which load their style
//! sheet and script from the server ([`asset`]) instead of inlining them.
//!
//! ```
//! use assay_report::{candidate_markdown, AnswerInput, CandidateInput, HtmlRenderer, ReportBuilder};
//! use assay_score::{RubricSet, Scorer, SourceFile};
//!
//! let concept = SourceFile::new("concepts/follow-up.toml", r#"
//!     id = "follow-up"
//!     name = "Follow-up"
//!     weight = 1
//!     cues = ["follow up", "check in ... (later|again)"]
//!     guidance = "Say how you would stay in touch."
//!     praise = "You planned to stay in touch."
//! "#);
//! let question = SourceFile::new("questions/after.toml", r#"
//!     id = "after"
//!     question = "What do you do the day after a crisis?"
//!     source = "article.txt#1"
//!     [[concepts]]
//!     use = "follow-up"
//!     [[levels]]
//!     name = "low"
//!     min = 0
//! "#);
//! let rubrics = RubricSet::load(&[concept], &[question]).unwrap();
//! let rubric = rubrics.get("after").unwrap();
//! let answer = "I would <b>follow up</b> the next morning.";
//! let score = Scorer::new().score(rubric, answer);
//! let input = CandidateInput {
//!     candidate: "c1".into(),
//!     answers: vec![AnswerInput {
//!         line: None, rubric, answer, score: &score, exemplars: &[], recorded_total: None,
//!         off_topic_question: None,
//!     }],
//!     problems: vec![],
//! };
//! let report = ReportBuilder::new().candidate(&input);
//! let html = HtmlRenderer::new().unwrap().candidate(&report).unwrap();
//! assert!(html.contains("&lt;b&gt;") && !html.contains("<b>follow"));
//! assert!(candidate_markdown(&report).contains(r"\<b\>"));
//! ```
#![deny(missing_docs)]

mod assets;
mod builder;
pub mod charts;
mod cohort;
mod error;
mod file_names;
pub mod hedging;
pub mod highlight;
mod html;
mod input;
pub mod insights;
mod making;
mod markdown;
pub mod markdown_escape;
mod model;
mod priorities;
mod review;
mod served;
mod shown_name;
mod svg_text;

pub use assets::{asset, Asset, PRACTICE_JS, STYLE_CSS};
pub use builder::{ReportBuilder, COLOURS};
pub use cohort::{IndexBuilder, MOST_MISSED};
pub use error::{ReportError, Result};
pub use file_names::file_names;
pub use html::HtmlRenderer;
pub use input::{AnswerInput, CandidateInput, RowProblem, ScoredExemplar};
pub use markdown::{candidate_markdown, index_markdown};
pub use model::{
    Band, CandidateReport, ConceptGrid, GridCell, GridRow, Illustration, IndexEntry, IndexPage,
    LegendEntry, MissingConcept, OverviewRow, PresentConcept, Priority, Provenance, QuestionReport,
    QuestionStats, RedFlagNote, ReviewItem, ScoreMaking, ScorePart,
};
pub use priorities::TOP_PRIORITIES;
pub use review::{LEVELS_APART, SHORT_ANSWER_WORDS};
pub use served::{
    ChosenQuestion, ConceptTrace, Fired, FlagTrace, ModelAnswer, NearLine, NearRun, PlaygroundPage,
    PlaygroundResult, PracticeAttempt, PracticePage, QuestionChoice, ScoreChange,
};
pub use svg_text::escape_xml;
