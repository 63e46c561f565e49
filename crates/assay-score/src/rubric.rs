//! Validated rubrics, ready to score with.

use std::sync::OnceLock;

use crate::concept_map::ConceptMap;
use crate::cue_set::CueSet;
use crate::example_set::{ExampleSet, Examples};

/// A concept as used by one question: from the library or defined inline.
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    /// Concept id.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Weight in the question's total (above 0).
    pub weight: f64,
    /// Whether an answer without it cannot reach the top level.
    pub required: bool,
    /// Whether it only adds credit (a bonus concept): its weight is left
    /// out of the weight a total is a share of, so an answer that leaves
    /// it out loses nothing.
    pub bonus: bool,
    /// Number of distinct cues for full strength (at least 1).
    pub saturation: u32,
    /// Whether an answer that tells a story of the candidate's own (a
    /// situation and what they did, [`assay_text::Story`]) shows it in full,
    /// cues or not: set for a concrete example.
    pub story: bool,
    /// Whether the concept comes from the shared library.
    pub from_library: bool,
    /// The cues as written, in order.
    pub cues: Vec<String>,
    /// Example sentences for the semantic matcher.
    pub examples: Examples,
    /// Feedback when missing.
    pub guidance: String,
    /// Feedback when present.
    pub praise: String,
}

/// Something an answer must not contain.
#[derive(Debug, Clone, PartialEq)]
pub struct RedFlag {
    /// Red flag id.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// The cues as written, in order.
    pub cues: Vec<String>,
    /// Example sentences for the semantic matcher.
    pub examples: Examples,
    /// Highest total an answer with this flag can get.
    pub cap: Option<f64>,
    /// Points taken off the total.
    pub penalty: Option<f64>,
    /// Feedback when raised.
    pub warning: String,
    /// Whether the red flag comes from the shared library
    /// (`red-flags/<id>.toml`).
    pub from_library: bool,
    /// When set, the learned harm estimate raises this red flag (it has no
    /// cues) and confirms the question's other red flags.
    pub harm: Option<HarmTrigger>,
}

/// How the learned harm estimate ([`crate::harm_estimate`]) acts on a
/// question's red flags, written as `raised-by = "harm-estimate"` with
/// `raise-at` and `confirm-at` in a red flag's file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HarmTrigger {
    /// Estimate at or above which this red flag is raised.
    pub raise_at: f64,
    /// Estimate below which the question's cue red flags are listed for
    /// review instead of capping ([`crate::Score::resembles`]).
    pub confirm_at: f64,
}

/// A named band of totals.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    /// Level name.
    pub name: String,
    /// Lowest total in the level.
    pub min: f64,
}

/// Whose cue a cue in a rubric's [`CueSet`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueOwner {
    /// The concept at this index of [`Rubric::concepts`].
    Concept(usize),
    /// The red flag at this index of [`Rubric::red_flags`].
    RedFlag(usize),
}

/// The validated rubric of one question.
#[derive(Debug, Clone)]
pub struct Rubric {
    /// Question id.
    pub id: String,
    /// The question text.
    pub question: String,
    /// Where the question comes from.
    pub source: String,
    /// Concepts in file order.
    pub concepts: Vec<Concept>,
    /// Red flags in file order.
    pub red_flags: Vec<RedFlag>,
    /// Levels from lowest to highest; the first starts at 0.
    pub levels: Vec<Level>,
    /// Share of the total (0 to below 1) taken from the level the nearest
    /// exemplars point to, when an exemplar index is used.
    pub exemplar_weight: f64,
    /// Distinct content words at which concept points count in full; 0
    /// turns the detail factor off (see [`crate::Detail`]).
    pub detail_words: u32,
    /// Whether the question file sets `detail-words` (otherwise
    /// `detail_words` is the default for the matcher in use).
    pub(crate) detail_words_written: bool,
    /// Every cue of the concepts and red flags.
    pub(crate) cues: CueSet,
    /// Owner of each cue in `cues`, by cue index.
    pub(crate) owners: Vec<CueOwner>,
    /// Whether the semantic matcher runs (see
    /// [`crate::RubricSet::with_semantic_matcher`]).
    pub(crate) semantic: bool,
    /// Whether red flags' examples are compared too (see
    /// [`crate::RubricSet::with_red_flag_resemblance`]).
    pub(crate) resemblance: bool,
    /// Every concept of the rubric set and, for each of this rubric's
    /// concepts, its place in it (see [`crate::concept_map`]); set with the
    /// semantic matcher.
    pub(crate) concept_map: Option<(std::sync::Arc<ConceptMap>, Vec<usize>, Vec<usize>)>,
    /// For each concept, its place in the learned concept estimate
    /// ([`crate::concept_estimate`]) when it is a library concept the
    /// estimate knows and the estimate is on.
    pub(crate) estimated: Vec<Option<usize>>,
    /// Every example of the concepts and red flags, embedded on first use
    /// (so a command that scores one question embeds one rubric's examples).
    pub(crate) examples: OnceLock<ExampleSet>,
}

impl Rubric {
    /// Total weight of all concepts.
    #[must_use]
    pub fn total_weight(&self) -> f64 {
        self.concepts.iter().map(|c| c.weight).sum()
    }

    /// Total weight of the core (not bonus) concepts: the weight a total is
    /// a share of.
    #[must_use]
    pub fn core_weight(&self) -> f64 {
        self.concepts.iter().filter(|c| !c.bonus).map(|c| c.weight).sum()
    }

    /// Whether the total blends in the nearest exemplars' level
    /// (`exemplar-weight` above 0), so it needs an exemplar index.
    #[must_use]
    pub fn blends_exemplars(&self) -> bool {
        self.exemplar_weight > 0.0
    }

    /// Whether the semantic matcher is on for this rubric (see
    /// [`crate::RubricSet::with_semantic_matcher`]): a caller rebuilding
    /// the rubric from edited text switches it on again when it was.
    #[must_use]
    pub fn uses_semantic_matcher(&self) -> bool {
        self.semantic
    }

    /// Whether the learned concept estimate may earn any of its concepts
    /// (see [`crate::RubricSet::without_concept_estimate`]).
    #[must_use]
    pub fn uses_concept_estimate(&self) -> bool {
        self.estimated.iter().any(Option::is_some)
    }

    /// Whether resembled red flags are listed (see
    /// [`crate::RubricSet::with_red_flag_resemblance`]).
    #[must_use]
    pub fn lists_red_flag_resemblance(&self) -> bool {
        self.resemblance
    }

    /// The red flag the learned harm estimate raises, with its index in
    /// [`Rubric::red_flags`], when the question uses one.
    #[must_use]
    pub fn harm_red_flag(&self) -> Option<(usize, HarmTrigger)> {
        self.red_flags.iter().enumerate().find_map(|(i, flag)| flag.harm.map(|h| (i, h)))
    }

    /// The level a total falls in.
    #[must_use]
    pub fn level_of(&self, total: f64) -> &Level {
        self.levels.iter().rev().find(|l| total >= l.min).unwrap_or(&self.levels[0])
    }

    /// The embedded examples, or none when the semantic matcher is off.
    pub(crate) fn example_set(&self) -> &ExampleSet {
        self.examples.get_or_init(|| {
            if self.semantic {
                ExampleSet::new(self.example_owners(), self.placement())
            } else {
                ExampleSet::default()
            }
        })
    }

    /// The concept map and where this rubric's concepts sit in it, when
    /// the semantic matcher has set one.
    fn placement(&self) -> Option<(&std::sync::Arc<ConceptMap>, &[usize], &[usize])> {
        self.concept_map
            .as_ref()
            .map(|(map, concepts, flags)| (map, concepts.as_slice(), flags.as_slice()))
    }

    /// The examples of every concept, then every red flag, with their owner.
    fn example_owners(&self) -> impl Iterator<Item = (CueOwner, &Examples)> {
        let concepts = self.concepts.iter().enumerate();
        let concepts = concepts.map(|(i, c)| (CueOwner::Concept(i), &c.examples));
        let flags = self.red_flags.iter().enumerate();
        concepts.chain(flags.map(|(i, f)| (CueOwner::RedFlag(i), &f.examples)))
    }

    /// The examples nearest to each clause, clause pair and sentence of an
    /// analysed answer (`per_run` each, most similar first), whether or not
    /// the semantic matcher is on: what a trainer reads to see why a
    /// concept was or was not recognised.
    #[must_use]
    pub fn nearest_examples(
        &self,
        analysis: &assay_text::Analysis,
        per_run: usize,
    ) -> Vec<crate::NearestExamples> {
        if self.semantic {
            return self.example_set().nearest(analysis, per_run);
        }
        ExampleSet::new(self.example_owners(), self.placement()).nearest(analysis, per_run)
    }

    /// Where a concept or red flag is written, relative to the rubric
    /// folder: `concepts/<id>` or `red-flags/<id>` for the library's,
    /// `questions/<question id>` for the question's own.
    #[must_use]
    pub fn written_in(&self, owner: CueOwner) -> String {
        match owner {
            CueOwner::Concept(i) if self.concepts[i].from_library => {
                format!("concepts/{}", self.concepts[i].id)
            }
            CueOwner::RedFlag(i) if self.red_flags[i].from_library => {
                format!("red-flags/{}", self.red_flags[i].id)
            }
            CueOwner::Concept(_) | CueOwner::RedFlag(_) => format!("questions/{}", self.id),
        }
    }

    /// The id of a concept or red flag.
    #[must_use]
    pub fn owner_id(&self, owner: CueOwner) -> &str {
        match owner {
            CueOwner::Concept(i) => &self.concepts[i].id,
            CueOwner::RedFlag(i) => &self.red_flags[i].id,
        }
    }

    /// The example sentence `index` of a concept's or red flag's examples.
    #[must_use]
    pub fn example(&self, owner: CueOwner, index: usize) -> &str {
        match owner {
            CueOwner::Concept(i) => &self.concepts[i].examples.examples[index],
            CueOwner::RedFlag(i) => &self.red_flags[i].examples.examples[index],
        }
    }

    /// The ids of the concepts, in order.
    pub fn concept_ids(&self) -> impl Iterator<Item = &str> {
        self.concepts.iter().map(|c| c.id.as_str())
    }
}
