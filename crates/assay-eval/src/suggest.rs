//! Rubric edits worth a trainer's look, drawn from the labelled answers:
//!
//! - **terms** (stems and two-word phrases) that many high-scored answers
//!   use outside any counted evidence, and few low-scored ones: wording the
//!   rubric may be missing;
//! - **cues** that fire mostly on low-scored answers: wording that may
//!   reward the wrong thing.
//!
//! "High" is the upper half of the question's levels (the top two of four,
//! the top one of two or three), "low" the rest. A question whose answers
//! all fall on one side gets no term suggestions, and says so
//! ([`Suggestions::skipped`]). These are leads, not edits: each comes with counts and example
//! answers so the trainer can judge.

use std::collections::{BTreeMap, BTreeSet};

use assay_score::RubricSet;
use assay_text::Analyzer;
use serde::Serialize;

use crate::evaluation::{pair, Judged};

/// Fewest high-scored answers a term must appear in.
pub const MIN_TERM_ANSWERS: usize = 3;
/// Fewest answers a cue must fire in before it is judged.
pub const MIN_CUE_ANSWERS: usize = 3;
/// Share of a cue's answers that must be low-scored for it to be listed.
pub const LOW_CUE_SHARE: f64 = 0.75;
/// Most suggestions of each kind per question.
pub const PER_QUESTION: usize = 5;

/// A term common in high-scored answers that no cue covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermSuggestion {
    /// Question id.
    pub question: String,
    /// The term as most often written.
    pub term: String,
    /// High-scored answers using it outside evidence, of how many.
    pub high: (usize, usize),
    /// Low-scored answers using it outside evidence, of how many.
    pub low: (usize, usize),
    /// Ids of up to three high-scored answers using it.
    pub examples: Vec<String>,
}

/// A cue that fires mostly on low-scored answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CueSuggestion {
    /// Question id.
    pub question: String,
    /// The concept the cue belongs to.
    pub concept: String,
    /// The cue as written.
    pub cue: String,
    /// Low-scored answers it counted in.
    pub low: usize,
    /// High-scored answers it counted in.
    pub high: usize,
    /// Ids of up to three low-scored answers it fired in.
    pub examples: Vec<String>,
}

/// All suggestions, per question in label order.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Suggestions {
    /// Terms to consider adding as cues.
    pub terms: Vec<TermSuggestion>,
    /// Cues to consider narrowing or dropping.
    pub cues: Vec<CueSuggestion>,
    /// Questions that could get no term suggestions, and why.
    pub skipped: Vec<SkippedQuestion>,
}

/// A question no term could be suggested for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkippedQuestion {
    /// Question id.
    pub question: String,
    /// Why, in a sentence.
    pub reason: String,
}

/// Words too common to suggest on their own: articles, forms of *be* and
/// *have*, the commonest prepositions and conjunctions. Unlike assay's stop
/// words this keeps *what*, *how*, *why*, *you*, *your*, *my* and *same*:
/// the words of questions, reflections and self-disclosure.
const FILLER_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "had", "has",
    "have", "in", "is", "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were",
    "with",
];

/// Looks for both kinds of suggestion in the judged answers.
#[must_use]
pub fn suggest(rubrics: &RubricSet, judged: &[Judged]) -> Suggestions {
    let mut questions: Vec<&str> = Vec::new();
    for j in judged {
        if !questions.contains(&j.label.question.as_str()) {
            questions.push(&j.label.question);
        }
    }
    let mut analyzer = Analyzer::new();
    let mut out = Suggestions::default();
    for q in questions {
        let rubric = rubrics.get(q).expect("labels are checked against rubrics");
        let first_high = rubric.levels.len() / 2;
        let these: Vec<(&Judged, bool)> = judged
            .iter()
            .filter(|j| j.label.question == q)
            .map(|j| (j, pair(rubrics, j, j.score.total).human_level >= first_high))
            .collect();
        let high = these.iter().filter(|(_, high)| *high).count();
        if high == 0 || high == these.len() {
            let side = if high == 0 { "below" } else { "at or above" };
            let level = &rubric.levels[first_high].name;
            out.skipped.push(SkippedQuestion {
                question: q.to_owned(),
                reason: format!(
                    "all {} answers are {side} `{level}`, so no term tells high from low",
                    these.len()
                ),
            });
        }
        out.terms.extend(terms(q, &these, &mut analyzer));
        out.cues.extend(cues(q, &these));
    }
    out
}

/// For one term: ids of the high-scored answers using it, the number of
/// low-scored ones, and how often each written form occurs in high ones.
type TermCounts = (Vec<String>, usize, BTreeMap<String, usize>);

fn terms(
    question: &str,
    answers: &[(&Judged, bool)],
    analyzer: &mut Analyzer,
) -> Vec<TermSuggestion> {
    let n_high = answers.iter().filter(|(_, high)| *high).count();
    let n_low = answers.len() - n_high;
    let mut counts: BTreeMap<String, TermCounts> = BTreeMap::new();
    for (j, high) in answers {
        let text = &j.label.answer;
        let counted: Vec<_> = j
            .score
            .concepts
            .iter()
            .flat_map(|c| &c.evidence)
            .filter(|e| !e.negated)
            .map(|e| e.span)
            .collect();
        let analysis = analyzer.analyze(text);
        let free: Vec<_> = analysis
            .tokens
            .iter()
            .filter(|t| {
                !FILLER_WORDS.contains(&t.word()) && t.word().chars().all(char::is_alphabetic)
            })
            .filter(|t| !counted.iter().any(|s| s.start <= t.span.start && t.span.end <= s.end))
            .collect();
        let mut seen = BTreeSet::new();
        for (i, t) in free.iter().enumerate() {
            let mut found = vec![(t.stem().to_string(), t.word().to_string())];
            if let Some(next) = free.get(i + 1) {
                let adjacent = next.sentence == t.sentence
                    && text[t.span.end..next.span.start].chars().all(char::is_whitespace);
                if adjacent {
                    found.push((
                        format!("{} {}", t.stem(), next.stem()),
                        format!("{} {}", t.word(), next.word()),
                    ));
                }
            }
            for (key, surface) in found {
                let entry = counts.entry(key.clone()).or_default();
                if *high {
                    *entry.2.entry(surface).or_default() += 1;
                }
                if seen.insert(key) {
                    if *high {
                        entry.0.push(j.label.id.clone());
                    } else {
                        entry.1 += 1;
                    }
                }
            }
        }
    }
    if n_high == 0 || n_low == 0 {
        return Vec::new();
    }
    let mut found: Vec<(f64, TermSuggestion)> = counts
        .into_iter()
        .filter_map(|(_, (high, low, surfaces))| {
            let high_rate = high.len() as f64 / n_high as f64;
            let low_rate = low as f64 / n_low as f64;
            if high.len() < MIN_TERM_ANSWERS || high_rate < 0.25 || high_rate < 2.0 * low_rate {
                return None;
            }
            let term = surfaces
                .iter()
                .max_by_key(|(s, n)| (**n, std::cmp::Reverse((*s).clone())))?
                .0
                .clone();
            Some((
                high_rate - low_rate,
                TermSuggestion {
                    question: question.to_owned(),
                    term,
                    high: (high.len(), n_high),
                    low: (low, n_low),
                    examples: high.into_iter().take(3).collect(),
                },
            ))
        })
        .collect();
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.term.cmp(&b.1.term)));
    found.into_iter().take(PER_QUESTION).map(|(_, s)| s).collect()
}

fn cues(question: &str, answers: &[(&Judged, bool)]) -> Vec<CueSuggestion> {
    // (concept, cue) -> (low answer ids, high count)
    let mut fired: BTreeMap<(String, String), (Vec<String>, usize)> = BTreeMap::new();
    for (j, high) in answers {
        let mut seen = BTreeSet::new();
        for concept in &j.score.concepts {
            for e in concept.evidence.iter().filter(|e| !e.negated) {
                let key = (concept.id.clone(), e.cue.clone());
                if seen.insert(key.clone()) {
                    let entry = fired.entry(key).or_default();
                    if *high {
                        entry.1 += 1;
                    } else {
                        entry.0.push(j.label.id.clone());
                    }
                }
            }
        }
    }
    let mut found: Vec<CueSuggestion> = fired
        .into_iter()
        .filter(|(_, (low, high))| {
            let all = low.len() + high;
            all >= MIN_CUE_ANSWERS && low.len() as f64 / all as f64 >= LOW_CUE_SHARE
        })
        .map(|((concept, cue), (low, high))| CueSuggestion {
            question: question.to_owned(),
            concept,
            cue,
            low: low.len(),
            high,
            examples: low.into_iter().take(3).collect(),
        })
        .collect();
    found.sort_by(|a, b| (b.low, a.high).cmp(&(a.low, b.high)).then_with(|| a.cue.cmp(&b.cue)));
    found.truncate(PER_QUESTION);
    found
}
