//! A text's position in the embedding space.

/// A unit-length vector (or all zeros, for a text with no known word
/// pieces).
#[derive(Debug, Clone, PartialEq)]
pub struct Embedding {
    values: Box<[f32]>,
}

impl Embedding {
    /// Normalises `values` to unit length; all zeros stay zeros.
    #[must_use]
    pub fn from_sum(mut values: Vec<f32>) -> Self {
        let norm = values.iter().map(|v| v * v).sum::<f32>().sqrt();
        if norm > 0.0 {
            for v in &mut values {
                *v /= norm;
            }
        }
        Self { values: values.into_boxed_slice() }
    }

    /// Cosine similarity with `other`, from -1 to 1 (0 when either is
    /// empty).
    #[must_use]
    pub fn cosine(&self, other: &Embedding) -> f32 {
        self.values.iter().zip(other.values.iter()).map(|(a, b)| a * b).sum()
    }

    /// Whether no word piece of the text was known.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.values.iter().all(|v| *v == 0.0)
    }

    /// The vector's components.
    #[must_use]
    pub fn values(&self) -> &[f32] {
        &self.values
    }
}
