//! What scoring an answer produces.

use assay_text::Span;

use crate::ExemplarEvidence;

/// The verdict on one answer to one question.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    /// Question id.
    pub question: String,
    /// Total from 0 to 100, rounded to one decimal.
    pub total: f64,
    /// Name of the level the total falls in.
    pub level: String,
    /// Why the answer could not be scored on its merits, if so.
    pub reason: Option<Reason>,
    /// Every concept of the rubric, in rubric order, hit or not.
    pub concepts: Vec<ConceptScore>,
    /// Red flags raised, in rubric order.
    pub red_flags: Vec<RedFlagHit>,
    /// Red flags listed for a person to read, in rubric order, that
    /// change neither the total nor the feedback: those not raised by their
    /// cues whose example sentences some of the answer's words resemble,
    /// and those whose cues fired but the harm estimate did not confirm
    /// (below the `confirm-at` of the question's harm red flag).
    pub resembles: Vec<RedFlagHit>,
    /// Limits applied to the total, in the order applied.
    pub adjustments: Vec<Adjustment>,
    /// The rubric's levels, lowest first: where each begins.
    pub levels: Vec<crate::Level>,
    /// What would lift the answer into the next level, when it is not in
    /// the top one.
    pub next_level: Option<NextLevel>,
    /// Messages for the candidate: warnings, then guidance, then praise.
    pub feedback: Vec<Feedback>,
    /// How developed the answer is, and the factor that applied to its
    /// concept points.
    pub detail: crate::Detail,
    /// What the exemplar index said, when one was used.
    pub exemplars: Option<ExemplarEvidence>,
    /// Set when a person should read the answer before trusting its score:
    /// the model answer it is most like shows harmful practice.
    pub review: Option<Review>,
    /// The learned harm estimate, on the questions it was trained for (see
    /// [`crate::harm_estimate`]); when [`crate::Harm::review`] holds, a
    /// person should read the answer. It changes neither the total nor the
    /// feedback.
    pub harm: Option<crate::Harm>,
}

/// The harmful model answer an answer is most like.
#[derive(Debug, Clone, PartialEq)]
pub struct Review {
    /// Id of the harmful exemplar.
    pub exemplar: String,
    /// Its similarity to the answer.
    pub similarity: f64,
}

/// Why an answer was scored without looking at its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The answer has no words.
    Empty,
}

impl Reason {
    /// Short machine-readable name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Empty => "empty",
        }
    }
}

/// How one concept fared.
#[derive(Debug, Clone, PartialEq)]
pub struct ConceptScore {
    /// Concept id.
    pub id: String,
    /// Concept name.
    pub name: String,
    /// Weight in this question.
    pub weight: f64,
    /// Whether the top level needs it.
    pub required: bool,
    /// Whether it only adds credit (see [`crate::Concept::bonus`]).
    pub bonus: bool,
    /// From 0 (absent) to 1 (fully shown).
    pub strength: f64,
    /// Points it added to the total before caps: its weight times its
    /// strength, as a share of the core concepts' weight, times 100.
    pub points: f64,
    /// Every match, counted or negated, in text order.
    pub evidence: Vec<Evidence>,
}

impl ConceptScore {
    /// Whether the answer shows the concept at all.
    #[must_use]
    pub fn hit(&self) -> bool {
        self.strength > 0.0
    }
}

/// The nearest way up: the level above the answer's, and the one missing
/// concept that would take the answer there on its own, if any does.
#[derive(Debug, Clone, PartialEq)]
pub struct NextLevel {
    /// Name of the next level.
    pub level: String,
    /// The total that level begins at.
    pub min: f64,
    /// Points between the answer's total and `min`.
    pub gap: f64,
    /// The missing concept that would lift the answer into the level by
    /// itself (the required one the level needs, else the one adding the
    /// most), or `None` when no single concept would: a red flag's cap
    /// stands in the way, or several are needed.
    pub concept: Option<String>,
}

/// A red flag the answer raised.
#[derive(Debug, Clone, PartialEq)]
pub struct RedFlagHit {
    /// Red flag id.
    pub id: String,
    /// Red flag name.
    pub name: String,
    /// The cap it imposes, if any.
    pub cap: Option<f64>,
    /// The penalty it takes, if any.
    pub penalty: Option<f64>,
    /// The matches that raised it (never negated ones), in text order.
    pub evidence: Vec<Evidence>,
    /// Whether the learned harm estimate raised it (its evidence is the
    /// sentence that weighs most), not cues: a model's reading that a person
    /// should check, not a wording the answer used.
    pub by_estimate: bool,
}

/// One place in the answer where a cue matched, or a run of words close to
/// an example sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The matched words, as a byte range of the answer.
    pub span: Span,
    /// The cue that matched, as written in the rubric; for a semantic match
    /// (`similarity` set), the example sentence the words resemble.
    pub cue: String,
    /// For a semantic match: the cosine similarity to the example.
    pub similarity: Option<f64>,
    /// For a sentence the learned concept estimate credited (`cue` is then
    /// [`crate::CONCEPT_ESTIMATE_EVIDENCE`]): its estimated probability of
    /// showing the concept, three decimals.
    pub estimate: Option<f64>,
    /// The sentence the match is in, as a byte range of the answer.
    pub sentence: Span,
    /// Whether the match sits inside a negation and so earned nothing.
    pub negated: bool,
}

/// A change applied to the total after the weighted mean of the concepts.
#[derive(Debug, Clone, PartialEq)]
pub enum Adjustment {
    /// The concept points were multiplied by the answer's detail factor
    /// (see [`crate::Detail`]): all of them when it is below 1, the
    /// question's own concepts' when it is above; listed when it is not 1.
    Detail {
        /// Distinct content words in the answer.
        words: u32,
        /// Distinct content words at which points count in full.
        full_words: u32,
        /// The factor applied.
        factor: f64,
    },
    /// The nearest exemplars' level was blended in.
    ExemplarBlend {
        /// Share of the total it took.
        weight: f64,
        /// The exemplar estimate as a score.
        estimate: f64,
    },
    /// A required concept is missing, so the top level is out of reach.
    RequiredMissing {
        /// The missing concept.
        concept: String,
        /// The highest total allowed.
        cap: f64,
    },
    /// A red flag capped the total.
    RedFlagCap {
        /// The red flag.
        red_flag: String,
        /// The highest total allowed.
        cap: f64,
    },
    /// A red flag took points off.
    RedFlagPenalty {
        /// The red flag.
        red_flag: String,
        /// Points taken off.
        penalty: f64,
    },
}

/// A message for the candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feedback {
    /// What kind of message it is.
    pub kind: FeedbackKind,
    /// The concept or red flag it is about, if any.
    pub about: Option<String>,
    /// The message.
    pub message: String,
}

/// Kinds of feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackKind {
    /// A red flag was raised.
    Warning,
    /// A concept that matters is missing.
    Guidance,
    /// A concept is present.
    Praise,
}

impl FeedbackKind {
    /// Short machine-readable name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            FeedbackKind::Warning => "warning",
            FeedbackKind::Guidance => "guidance",
            FeedbackKind::Praise => "praise",
        }
    }
}
