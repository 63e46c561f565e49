//! The static embedding table and its file format.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::embedding::Embedding;
use crate::word_piece::{basic_words, word_pieces};

/// The model distilled by `scripts/distil_embeddings.py`, built into the
/// binary.
static BUILTIN_BYTES: &[u8] = include_bytes!("../model/minilm-static.bin");

/// First bytes of a model file.
const MAGIC: &[u8; 8] = b"ASSAYEMB";
/// The file layout this code reads.
const VERSION: u32 = 1;
/// Bytes of the header after the magic: version, rows, dimensions, vocabulary bytes.
const HEADER_FIELDS: usize = 4;

/// Why model bytes could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    /// The bytes do not start like a model file, or end too early.
    #[error("not an assay embedding model (bad header or truncated)")]
    Malformed,
    /// A layout this build cannot read.
    #[error("embedding model version {0} is not supported (this build reads version {VERSION})")]
    Version(u32),
    /// The vocabulary is not valid UTF-8 or lacks `[UNK]`.
    #[error("embedding model vocabulary is damaged")]
    Vocabulary,
}

/// A word-piece vocabulary and one int8 vector (with a scale) per piece.
#[derive(Debug)]
pub struct StaticModel {
    /// Vocabulary ids, looked up once per word piece of every answer: a
    /// fast hash, as the keys are the model's own.
    ids: FxHashMap<&'static str, u32>,
    unknown: u32,
    scales: Vec<f32>,
    rows: &'static [u8],
    dims: usize,
}

impl StaticModel {
    /// The model shipped with assay, read once per process.
    ///
    /// # Panics
    ///
    /// Never in a build that passed its tests: the shipped bytes are
    /// checked by a unit test.
    #[must_use]
    pub fn builtin() -> &'static StaticModel {
        static MODEL: OnceLock<StaticModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            StaticModel::from_bytes(BUILTIN_BYTES).expect("the built-in embedding model is valid")
        })
    }

    /// Reads a model file's bytes (the layout written by
    /// `scripts/distil_embeddings.py`).
    ///
    /// # Errors
    ///
    /// [`ModelError`] when the bytes are not such a file.
    pub fn from_bytes(bytes: &'static [u8]) -> Result<Self, ModelError> {
        let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or(ModelError::Malformed)?;
        let mut fields = [0u32; HEADER_FIELDS];
        for (i, field) in fields.iter_mut().enumerate() {
            let raw = rest.get(4 * i..4 * i + 4).ok_or(ModelError::Malformed)?;
            *field = u32::from_le_bytes(raw.try_into().map_err(|_| ModelError::Malformed)?);
        }
        let [version, rows, dims, vocab_len] = fields.map(|f| f as usize);
        if version != VERSION as usize {
            return Err(ModelError::Version(fields[0]));
        }
        let rest = &rest[4 * HEADER_FIELDS..];
        let vocab = rest.get(..vocab_len).ok_or(ModelError::Malformed)?;
        let vocab = std::str::from_utf8(vocab).map_err(|_| ModelError::Vocabulary)?;
        let scale_bytes = rest.get(vocab_len..vocab_len + 4 * rows).ok_or(ModelError::Malformed)?;
        let matrix = &rest[vocab_len + 4 * rows..];
        if matrix.len() != rows * dims || dims == 0 {
            return Err(ModelError::Malformed);
        }
        let ids: FxHashMap<&'static str, u32> = vocab.split('\n').zip(0u32..).collect();
        if ids.len() != rows {
            return Err(ModelError::Vocabulary);
        }
        let unknown = *ids.get("[UNK]").ok_or(ModelError::Vocabulary)?;
        let scales = scale_bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Self { ids, unknown, scales, rows: matrix, dims })
    }

    /// Length of every embedding.
    #[must_use]
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// Calls `each` with the word-piece ids of `text`, in order, without
    /// collecting them.
    pub fn each_word_piece(&self, text: &str, mut each: impl FnMut(u32)) {
        basic_words(text, |word| {
            word_pieces(word, self.unknown, |p| self.ids.get(p).copied(), &mut each);
        });
    }

    /// The embedding of `text`: the normalised sum of its word pieces'
    /// vectors. Unknown pieces add nothing.
    #[must_use]
    pub fn embed(&self, text: &str) -> Embedding {
        let mut sum = vec![0f32; self.dims];
        self.each_word_piece(text, |id| self.add_row(id, &mut sum));
        Embedding::from_sum(sum)
    }

    /// Adds the vector of word piece `id` to `sum`.
    pub fn add_row(&self, id: u32, sum: &mut [f32]) {
        if id == self.unknown {
            return;
        }
        let id = id as usize;
        let scale = self.scales[id];
        let row = &self.rows[id * self.dims..(id + 1) * self.dims];
        for (s, &q) in sum.iter_mut().zip(row) {
            *s += f32::from(q as i8) * scale;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_model_reads_and_knows_common_words() {
        let model = StaticModel::builtin();
        assert_eq!(model.dims(), 256);
        assert!(!model.embed("listening").is_empty());
        assert!(model.embed("").is_empty());
    }

    #[test]
    fn damaged_bytes_are_refused() {
        assert_eq!(StaticModel::from_bytes(b"nonsense").unwrap_err(), ModelError::Malformed);
        let mut bytes = BUILTIN_BYTES[..40].to_vec();
        bytes[8] = 9;
        let leaked: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        assert_eq!(StaticModel::from_bytes(leaked).unwrap_err(), ModelError::Version(9));
    }

    #[test]
    fn paraphrases_sit_closer_than_unrelated_text() {
        let model = StaticModel::builtin();
        let pairs = [
            (
                "I'd ring her the next day to see how it went",
                "I would follow up with a call tomorrow",
                "I keep my car keys by the door",
            ),
            (
                "I've been on a psychiatric ward myself",
                "my own recovery from mental illness",
                "the weather was cold and wet",
            ),
            (
                "I would phone the crisis team straight away",
                "I'd get emergency help immediately",
                "I like to plan group outings",
            ),
        ];
        for (a, b, c) in pairs {
            let (a, b, c) = (model.embed(a), model.embed(b), model.embed(c));
            assert!(a.cosine(&b) > a.cosine(&c), "{} vs {}", a.cosine(&b), a.cosine(&c));
        }
    }

    #[test]
    fn the_same_text_always_gives_the_same_vector() {
        let model = StaticModel::builtin();
        let text = "I would sit with him and listen without judging.";
        assert_eq!(model.embed(text), model.embed(text));
    }
}
