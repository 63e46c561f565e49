//! Sentence embeddings that ship inside assay.
//!
//! A [`StaticModel`] is a table with one vector per word piece of
//! all-MiniLM-L6-v2's vocabulary, distilled from that encoder by
//! `scripts/distil_embeddings.py` (see `model/PROVENANCE.md`). A text's
//! [`Embedding`] is the normalised sum of its word pieces' vectors, so
//! embedding costs a dictionary lookup and one vector addition per word
//! piece: no neural network runs at scoring time, nothing is downloaded,
//! and the same text always gives the same vector.
//!
//! ```
//! let model = assay_embed::StaticModel::builtin();
//! let a = model.embed("I rang him the next morning to see how it went");
//! let b = model.embed("I would call back the following day to check how things were going");
//! let c = model.embed("The printer on the second floor is out of toner");
//! assert!(a.cosine(&b) > a.cosine(&c));
//! ```
#![deny(missing_docs)]

mod embedding;
mod model;
mod word_piece;

pub use embedding::Embedding;
pub use model::{ModelError, StaticModel};
pub use word_piece::basic_words;
