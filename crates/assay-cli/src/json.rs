//! The JSON shapes `assay` prints. Serialize-only wire types, kept apart
//! from the library's types so the output format is decided in one place.

use assay_score::{Adjustment, Evidence, Rubric, Score};
use serde::Serialize;

/// `assay score --format json`.
#[derive(Debug, Serialize)]
pub struct ScoreJson<'a> {
    question: &'a str,
    score: f64,
    level: &'a str,
    reason: Option<&'static str>,
    concepts: Vec<ConceptJson<'a>>,
    red_flags: Vec<RedFlagJson<'a>>,
    adjustments: Vec<AdjustmentJson<'a>>,
    feedback: Vec<FeedbackJson<'a>>,
    off_topic: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    exemplars: Option<ExemplarsJson<'a>>,
}

#[derive(Debug, Serialize)]
struct ExemplarsJson<'a> {
    neighbours: Vec<NeighbourJson<'a>>,
    estimate: Option<EstimateJson<'a>>,
    off_topic: Option<OffTopicJson<'a>>,
}

#[derive(Debug, Serialize)]
struct NeighbourJson<'a> {
    exemplar: &'a str,
    level: &'a str,
    similarity: f64,
}

#[derive(Debug, Serialize)]
struct EstimateJson<'a> {
    level: &'a str,
    rank: f64,
    score: f64,
}

#[derive(Debug, Serialize)]
struct OffTopicJson<'a> {
    likely_question: &'a str,
    similarity: f64,
    own_similarity: f64,
}

#[derive(Debug, Serialize)]
struct ConceptJson<'a> {
    id: &'a str,
    name: &'a str,
    weight: f64,
    required: bool,
    hit: bool,
    strength: f64,
    evidence: Vec<EvidenceJson<'a>>,
}

#[derive(Debug, Serialize)]
struct RedFlagJson<'a> {
    id: &'a str,
    name: &'a str,
    cap: Option<f64>,
    penalty: Option<f64>,
    evidence: Vec<EvidenceJson<'a>>,
}

#[derive(Debug, Serialize)]
struct EvidenceJson<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    cue: &'a str,
    negated: bool,
    sentence: SpanJson,
}

#[derive(Debug, Serialize)]
struct SpanJson {
    start: usize,
    end: usize,
}

#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum AdjustmentJson<'a> {
    ExemplarBlend { weight: f64, estimate: f64 },
    RequiredMissing { concept: &'a str, cap: f64 },
    RedFlagCap { red_flag: &'a str, cap: f64 },
    RedFlagPenalty { red_flag: &'a str, penalty: f64 },
}

#[derive(Debug, Serialize)]
struct FeedbackJson<'a> {
    kind: &'static str,
    about: Option<&'a str>,
    message: &'a str,
}

impl<'a> ScoreJson<'a> {
    /// The wire form of `score`, quoting evidence from `answer`.
    pub fn new(score: &'a Score, answer: &'a str) -> Self {
        let evidence = |list: &'a [Evidence]| -> Vec<EvidenceJson<'a>> {
            list.iter()
                .map(|e| EvidenceJson {
                    start: e.span.start,
                    end: e.span.end,
                    text: &answer[e.span.range()],
                    cue: &e.cue,
                    negated: e.negated,
                    sentence: SpanJson { start: e.sentence.start, end: e.sentence.end },
                })
                .collect()
        };
        Self {
            question: &score.question,
            score: score.total,
            level: &score.level,
            reason: score.reason.map(assay_score::Reason::as_str),
            concepts: score
                .concepts
                .iter()
                .map(|c| ConceptJson {
                    id: &c.id,
                    name: &c.name,
                    weight: c.weight,
                    required: c.required,
                    hit: c.hit(),
                    strength: round3(c.strength),
                    evidence: evidence(&c.evidence),
                })
                .collect(),
            red_flags: score
                .red_flags
                .iter()
                .map(|f| RedFlagJson {
                    id: &f.id,
                    name: &f.name,
                    cap: f.cap,
                    penalty: f.penalty,
                    evidence: evidence(&f.evidence),
                })
                .collect(),
            adjustments: score
                .adjustments
                .iter()
                .map(|a| match a {
                    Adjustment::ExemplarBlend { weight, estimate } => {
                        AdjustmentJson::ExemplarBlend {
                            weight: *weight,
                            estimate: round3(*estimate),
                        }
                    }
                    Adjustment::RequiredMissing { concept, cap } => {
                        AdjustmentJson::RequiredMissing { concept, cap: *cap }
                    }
                    Adjustment::RedFlagCap { red_flag, cap } => {
                        AdjustmentJson::RedFlagCap { red_flag, cap: *cap }
                    }
                    Adjustment::RedFlagPenalty { red_flag, penalty } => {
                        AdjustmentJson::RedFlagPenalty { red_flag, penalty: *penalty }
                    }
                })
                .collect(),
            feedback: score
                .feedback
                .iter()
                .map(|f| FeedbackJson {
                    kind: f.kind.as_str(),
                    about: f.about.as_deref(),
                    message: &f.message,
                })
                .collect(),
            off_topic: score.exemplars.as_ref().is_some_and(|e| e.off_topic.is_some()),
            exemplars: score.exemplars.as_ref().map(|e| ExemplarsJson {
                neighbours: e
                    .neighbours
                    .iter()
                    .map(|n| NeighbourJson {
                        exemplar: &n.exemplar,
                        level: &n.level,
                        similarity: round3(n.similarity),
                    })
                    .collect(),
                estimate: e.estimate.as_ref().map(|x| EstimateJson {
                    level: &x.level,
                    rank: round3(x.rank),
                    score: round3(x.score),
                }),
                off_topic: e.off_topic.as_ref().map(|o| OffTopicJson {
                    likely_question: &o.likely_question,
                    similarity: round3(o.similarity),
                    own_similarity: round3(o.own_similarity),
                }),
            }),
        }
    }
}

/// One entry of `assay questions --format json`.
#[derive(Debug, Serialize)]
pub struct QuestionJson<'a> {
    id: &'a str,
    question: &'a str,
    source: &'a str,
    concepts: Vec<&'a str>,
    red_flags: Vec<&'a str>,
    levels: Vec<&'a str>,
    exemplars: usize,
}

impl<'a> QuestionJson<'a> {
    /// The wire form of `rubric`, with its number of exemplars.
    pub fn new(rubric: &'a Rubric, exemplars: usize) -> Self {
        Self {
            id: &rubric.id,
            question: &rubric.question,
            source: &rubric.source,
            concepts: rubric.concept_ids().collect(),
            red_flags: rubric.red_flags.iter().map(|f| f.id.as_str()).collect(),
            levels: rubric.levels.iter().map(|l| l.name.as_str()).collect(),
            exemplars,
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
