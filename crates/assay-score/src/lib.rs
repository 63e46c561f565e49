//! The core of assay: rubrics, cue matching and scoring.
//!
//! A [`RubricSet`] is loaded from rubric text handed in by the caller (this
//! crate reads no files and prints nothing), validated with every problem
//! located by file, line and column. A [`Scorer`] then scores an answer
//! against one [`Rubric`]:
//!
//! 1. the answer is analysed by [`assay_text`] (tokens, stems, negation);
//! 2. every cue of the rubric's concepts and red flags is matched in one pass
//!    ([`CueSet`]); matches inside a negation are kept as evidence but earn
//!    nothing;
//! 3. each concept gets a strength from 0 to 1, the total is the weighted
//!    mean, then required concepts and red flags cap or penalise it;
//! 4. the total falls in a level, and feedback is drawn from the rubric.
//!
//! (The example sets `detail-words = 0` to score the concepts alone,
//! however short the answer; by default the concept points are scaled by
//! the answer's distinct content words, see [`Detail`].)
//!
//! ```
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
//! let question = SourceFile::new("questions/after-crisis.toml", r#"
//!     id = "after-crisis"
//!     question = "What do you do the day after a crisis?"
//!     source = "article.txt#1"
//!     detail-words = 0
//!     [[concepts]]
//!     use = "follow-up"
//!     required = true
//!     [[levels]]
//!     name = "low"
//!     min = 0
//!     [[levels]]
//!     name = "high"
//!     min = 50
//! "#);
//! let rubrics = RubricSet::load(&[concept], &[question]).unwrap();
//! let rubric = rubrics.get("after-crisis").unwrap();
//! let score = Scorer::new().score(rubric, "I would follow up and check in again.");
//! assert_eq!(score.total, 100.0);
//! assert_eq!(score.level, "high");
//! let missed = Scorer::new().score(rubric, "I would never follow up.");
//! assert_eq!(missed.total, 0.0);
//! assert!(missed.concepts[0].evidence[0].negated);
//! ```
#![deny(missing_docs)]

mod anchor;
mod columns;
mod concept_estimate;
mod concept_map;
mod confusable;
mod corpus;
mod coverage;
pub mod cue;
mod cue_code;
mod cue_set;
mod detail;
mod error;
mod example_set;
mod exemplars;
mod first_terms;
mod harm;
mod match_node;
mod model_reader;
mod ngram_key;
mod ngram_models;
mod ngram_terms;
mod ngram_tokens;
mod outline;
mod phrases;
mod required_terms;
mod rubric;
pub mod rubric_file;
mod rubric_set;
mod score;
mod scorer;
mod source;
mod stem_frequency;
mod suggest;
mod toml_message;

pub use concept_estimate::concept_estimate_covers;
pub use confusable::{confusable_examples, ConfusableExample};
pub use corpus::{Corpus, Exemplar};
pub use coverage::{silent_cues, SilentCue};
pub use cue::{Cue, CueError};
pub use cue_code::{decode_cue, encode_cue, PrecompiledCues};
pub use cue_set::{CueMatch, CueSet};
pub use detail::{
    Detail, CUE_DETAIL_WORDS, FULL_DETAIL_WORDS, MAX_DETAIL_LIFT, SEMANTIC_DETAIL_WORDS,
};
pub use error::{LoadError, LoadErrors, LoadResult};
pub use example_set::{
    Examples, NearExample, NearestExamples, DEFAULT_CONCEPT_THRESHOLD, DEFAULT_RED_FLAG_THRESHOLD,
};
pub use exemplars::{ExemplarEvidence, LevelEstimate, Neighbour, OffTopic};
pub use harm::{
    covers_question, harm_estimate, Harm, HARM_CONFIRM_MIN_WORDS, HARM_ESTIMATE,
    HARM_REVIEW_PROBABILITY,
};
pub use outline::QuestionOutline;
pub use phrases::{CueExamples, PhraseSet};
pub use rubric::{Concept, CueOwner, HarmTrigger, Level, RedFlag, Rubric};
pub use rubric_set::{RubricSet, DEFAULT_EXEMPLAR_WEIGHT, DEFAULT_SATURATION};
pub use score::{
    Adjustment, ConceptScore, Evidence, Feedback, FeedbackKind, NextLevel, Reason, RedFlagHit,
    Review, Score,
};
pub use scorer::{
    retotal, score_analysis, Scorer, Weighting, CONCEPT_ESTIMATE_EVIDENCE, GUIDANCE_WEIGHT_SHARE,
    HARMFUL_EXEMPLAR, OFF_TOPIC, REQUIRED_MARGIN, STORY_EVIDENCE,
};
pub use source::{Site, SourceFile};
