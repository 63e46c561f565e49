//! Text analysis shared by every part of assay that looks at words.
//!
//! The scorer matches rubric cues against a candidate's answer and the index
//! searches model answers; both must agree on what a "word" is, or a cue that
//! fires in one place would miss in the other. This crate is that single
//! definition.
//!
//! [`Analyzer::analyze`] turns a text into an [`Analysis`]:
//!
//! - [`Token`]s with byte offsets into the original text, so evidence always
//!   points at the candidate's own words. Curly quotes and dashes are folded,
//!   words are lower-cased (Unicode-aware) and split at hyphens.
//! - Contractions expanded for matching ("don't" becomes `do` + `not`,
//!   "I'd" becomes `i` + `would`) while each part keeps the offsets of the
//!   characters it came from.
//! - An English Snowball stem per token (rust-stemmers), behind a
//!   [`StemCache`] because answers repeat the same words over and over.
//! - Sentence and clause numbers, and negation scope: each token knows how
//!   many active negators ("not", "never", "without", "instead of", ...)
//!   govern it. The rules are documented in [`negation`].
//!
//! ```
//! use assay_text::Analyzer;
//!
//! let mut analyzer = Analyzer::new();
//! let analysis = analyzer.analyze("I would never judge them.");
//! let judge = analysis.tokens.iter().find(|t| t.stem() == "judg").unwrap();
//! assert!(judge.is_negated());
//! assert_eq!(&"I would never judge them."[judge.span.range()], "judge");
//! ```
#![deny(missing_docs)]

mod analyzer;
mod contraction;
mod hash;
pub mod negation;
mod normalize;
mod sentence;
mod span;
mod stem;
mod stopwords;
mod story;
mod token;
mod tokenizer;
mod word_class;
mod word_key;
pub mod word_pattern;

pub use analyzer::{Analysis, Analyzer, QUESTION_MARK};
pub use hash::{stem_key, FnvBuildHasher, FnvHasher, KeyBuildHasher, KeyHasher};
pub use span::Span;
pub use stem::StemCache;
pub use stopwords::is_stop_word;
pub use story::Story;
pub use token::Token;
pub use word_class::DETERMINERS;

/// Version of the analysis rules. Anything persisted from an analysis (such
/// as an index) records it, and is rebuilt when it changes.
pub const ANALYZER_VERSION: u32 = 1;
