//! A tantivy index over exemplar answers: which model answers a candidate's
//! text is closest to, the level they point to, and which question the text
//! most likely answers.
//!
//! Text goes through the `assay-text` analysis, registered as the tantivy
//! tokenizer [`TOKENIZER_NAME`], so the stems in the index are the stems the
//! scorer matches. (tantivy's own `en_stem` chain is a different stemmer and
//! is not used.)
//!
//! # Similarity
//!
//! tantivy retrieves candidates by BM25; they are then ranked by the cosine
//! of TF-IDF vectors over stems, which is what [`Neighbour::similarity`]
//! reports:
//!
//! - term weight `(1 + ln tf) * idf`, with `idf = ln((N + 1) / (df + 1))`
//!   over the `N` indexed exemplars, so a stem found in every exemplar weighs
//!   nothing and one found in none weighs most;
//! - similarity is the cosine of the two weight vectors: 0 when they share no
//!   weighted stem, 1 for the same distribution of stems.
//!
//! ```
//! use assay_index::ExemplarIndex;
//! use assay_score::{Corpus, Exemplar};
//!
//! let exemplar = |q: &str, id: &str, text: &str| Exemplar {
//!     question: q.into(), id: id.into(), level: "good".into(), harmful: false, text: text.into(),
//! };
//! let corpus = Corpus { exemplars: vec![
//!     exemplar("crisis", "a", "I would call the crisis line and stay with them."),
//!     exemplar("notes", "a", "I keep short factual notes and store them securely."),
//! ]};
//! let index = ExemplarIndex::in_ram(&corpus);
//! let found = index.nearest_text("Stay with the person and phone a crisis line", 1, None);
//! assert_eq!(found[0].question, "crisis");
//! assert!(found[0].similarity > 0.3 && found[0].similarity <= 1.0);
//! ```
#![deny(missing_docs)]

mod error;
mod exemplar_index;
mod manifest;
mod questions;
mod schema;
mod tokenizer;
mod vectors;

pub use assay_score::Neighbour;
pub use error::{IndexError, Result};
pub use exemplar_index::ExemplarIndex;
pub use manifest::{corpus_hash, Manifest, MANIFEST_FILE};
pub use questions::{
    own_concept_strength, QuestionMatch, OFF_TOPIC_MARGIN, OFF_TOPIC_RATIO, RUBRIC_MATCH_WEIGHT,
};
pub use schema::SCHEMA_VERSION;
pub use tokenizer::{AssayTokenizer, TOKENIZER_NAME};
