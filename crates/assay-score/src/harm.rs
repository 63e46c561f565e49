//! A learned estimate of whether an answer describes harmful practice.
//!
//! A logistic regression over the built-in static embeddings
//! ([`assay_embed`]): the embedding of the whole answer and the
//! element-wise maximum and minimum over its sentences' embeddings,
//! standardised. Trained by `scripts/harm_classifier_probe.py` on the 840
//! development answers of `examples/red-flags/` (dev, dev2, dev3), never on
//! `test.csv`, where it reaches recall 0.88 and precision 0.85 at 0.5. It
//! marks answers for a person to review; it does not change a score.

use std::sync::OnceLock;

use assay_embed::StaticModel;

/// The trained model, built into the binary.
static MODEL_BYTES: &[u8] = include_bytes!("../model/harm.bin");

/// First bytes of the model file.
const MAGIC: &[u8; 8] = b"ASSAYHRM";

/// Probability at or above which an answer is marked for review.
pub const HARM_REVIEW_PROBABILITY: f64 = 0.5;

/// Standardisation and weights of the classifier.
#[derive(Debug)]
struct HarmModel {
    mean: Vec<f32>,
    scale: Vec<f32>,
    weights: Vec<f32>,
    bias: f32,
}

impl HarmModel {
    fn builtin() -> &'static HarmModel {
        static MODEL: OnceLock<HarmModel> = OnceLock::new();
        MODEL.get_or_init(|| {
            HarmModel::parse(MODEL_BYTES).expect("the built-in harm model is valid")
        })
    }

    fn parse(bytes: &[u8]) -> Option<HarmModel> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let n = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        let floats: Vec<f32> = rest
            .get(4..)?
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        if floats.len() != 3 * n + 1 {
            return None;
        }
        Some(HarmModel {
            mean: floats[..n].to_vec(),
            scale: floats[n..2 * n].to_vec(),
            weights: floats[2 * n..3 * n].to_vec(),
            bias: floats[3 * n],
        })
    }
}

/// The estimated probability, from 0 to 1 (three decimals), that `answer`
/// describes harmful practice.
#[must_use]
pub fn harm_probability(answer: &str) -> f64 {
    let embed = StaticModel::builtin();
    let model = HarmModel::builtin();
    let whole = embed.embed(answer);
    let dims = whole.values().len();
    let mut max = vec![f32::MIN; dims];
    let mut min = vec![f32::MAX; dims];
    for sentence in sentences(answer) {
        let e = embed.embed(sentence);
        for ((hi, lo), v) in max.iter_mut().zip(min.iter_mut()).zip(e.values()) {
            *hi = hi.max(*v);
            *lo = lo.min(*v);
        }
    }
    let features = whole.values().iter().chain(&max).chain(&min);
    let logit: f32 = features
        .zip(model.mean.iter().zip(&model.scale).zip(&model.weights))
        .map(|(x, ((m, s), w))| (x - m) / s * w)
        .sum::<f32>()
        + model.bias;
    let probability = 1.0 / (1.0 + f64::from(-logit).exp());
    (probability * 1000.0).round() / 1000.0
}

/// The answer cut after `.`, `!` or `?` followed by white space (the white
/// space dropped), blank pieces left out; the whole answer if none is left.
/// This is the training script's split (`re.split(r"(?<=[.!?])\s+")`), not
/// `assay-text`'s sentences: the features must be the ones the weights were
/// fitted on.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut previous = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() && matches!(previous, Some('.' | '!' | '?')) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_whitespace() {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            out.push(&text[start..i]);
            start = end;
            previous = None;
            continue;
        }
        previous = Some(c);
    }
    out.push(&text[start..]);
    out.retain(|s| !s.trim().is_empty());
    if out.is_empty() {
        out.push(text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_after_end_marks_followed_by_space() {
        assert_eq!(
            sentences("I'd listen. Then act!  OK?\nYes"),
            ["I'd listen.", "Then act!", "OK?", "Yes"]
        );
        assert_eq!(sentences("e.g. this"), ["e.g.", "this"]);
        assert_eq!(sentences("   "), ["   "]);
    }

    #[test]
    fn the_built_in_model_reads() {
        let p = harm_probability("I would stay with her and call the crisis team.");
        assert!((0.0..=1.0).contains(&p));
    }
}
