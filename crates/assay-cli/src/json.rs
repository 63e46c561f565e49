//! JSON shapes `assay` prints through serde: serialize-only wire types, kept
//! apart from the library's types. The score object, which batch runs write
//! millions of times, is written by hand in `score_json.rs`.

use assay_index::QuestionMatch;
use assay_score::QuestionOutline;
use serde::Serialize;

/// One entry of `assay match --format json` (and `POST /v1/match`).
#[derive(Debug, Serialize)]
pub struct MatchJson<'a> {
    question: &'a str,
    similarity: f64,
    confidence: f64,
}

impl<'a> MatchJson<'a> {
    /// The wire form of `matches`, figures to three decimals.
    pub fn list(matches: &'a [QuestionMatch]) -> Vec<Self> {
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        matches
            .iter()
            .map(|m| MatchJson {
                question: &m.question,
                similarity: round(m.similarity),
                confidence: round(m.confidence),
            })
            .collect()
    }
}

/// One entry of `assay questions --format json`.
#[derive(Debug, Serialize)]
pub struct QuestionJson<'a> {
    id: &'a str,
    question: &'a str,
    source: &'a str,
    concepts: &'a [String],
    red_flags: &'a [String],
    levels: &'a [String],
    exemplars: usize,
}

impl<'a> QuestionJson<'a> {
    /// The wire form of a question's outline, with its number of exemplars.
    pub fn new(outline: &'a QuestionOutline, exemplars: usize) -> Self {
        Self {
            id: &outline.id,
            question: &outline.question,
            source: &outline.source,
            concepts: &outline.concepts,
            red_flags: &outline.red_flags,
            levels: &outline.levels,
            exemplars,
        }
    }
}
