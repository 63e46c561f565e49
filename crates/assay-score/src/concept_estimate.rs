//! The learned concept estimate: for the sixteen library concepts (empathy,
//! active listening, autonomy, safety and escalation, boundaries,
//! confidentiality, referral, follow-up, collaboration, communication, a
//! concrete example, cultural humility, lived experience, problem-solving,
//! self-care, training), how likely each sentence of an answer is to show
//! the concept in words no cue foresaw.
//!
//! One logistic regression per concept over a sentence's word 1-3-grams
//! (TF-IDF, unit length; a word after a negator in its clause is marked,
//! so "I would never ask how they feel" is not "ask how they feel"),
//! trained by `scripts/concept_model.py` on the labelled sentences of
//! `examples/concepts/` (see its `PROCEDURE.md`) and built into the binary
//! (`model/concept-ngrams.tsv`). Each concept has the threshold its
//! cross-validation chose. A rubric concept that uses one of these library
//! concepts and that no cue or example earned (nor, for a concrete example,
//! a told story) is earned by a sentence at or above its threshold
//! ([`crate::Scorer`]); the evidence is that sentence.

use std::ops::Range;

use assay_text::Span;

use crate::model_reader::Reader;
use crate::ngram_models::{NgramHits, NgramModels};
use crate::ngram_tokens::Tokens;

/// The model, compiled into a binary table by `build.rs` from
/// `model/concept-ngrams.tsv`.
static MODEL_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/concept-model.bin"));

/// Whether the learned concept estimate knows library concept `id` (it
/// can earn it only for a rubric concept that uses that library concept).
#[must_use]
pub fn concept_estimate_covers(id: &str) -> bool {
    ConceptModel::builtin().index_of(id).is_some()
}

/// The n-gram weights of every concept the model knows; its n-grams' keys
/// are in the table it shares with the harm estimate ([`NgramModels`]).
#[derive(Debug)]
pub(crate) struct ConceptModel {
    /// The longest n-gram the model has.
    pub(crate) n_max: usize,
    /// Concept ids, in the model's order.
    concepts: Vec<String>,
    bias: Vec<f64>,
    /// Each concept's threshold, as a probability.
    thresholds: Vec<f64>,
    /// Per term, its idf and then one weight per concept.
    values: Vec<f64>,
}

/// The model's reading of one answer: each sentence's terms with their
/// TF-IDF values and its norm, from which a concept's logit is summed when
/// it is asked for (a rubric asks for few of the concepts).
#[derive(Debug)]
pub(crate) struct ConceptReading {
    /// Each sentence's span, norm (0 for none of the model's terms) and
    /// range in `terms`.
    sentences: Vec<(Span, f64, Range<usize>)>,
    /// Each sentence's distinct terms in term order, with their values.
    terms: Vec<(u32, f64)>,
}

/// The sentence the estimate found likeliest to show a concept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ConceptSentence {
    /// The sentence.
    pub(crate) span: Span,
    /// The estimated probability that it shows the concept.
    pub(crate) probability: f64,
}

impl ConceptModel {
    /// The built-in model.
    pub(crate) fn builtin() -> &'static ConceptModel {
        &NgramModels::builtin().concepts
    }

    /// Where the model keeps concept `id`, if it knows it.
    pub(crate) fn index_of(&self, id: &str) -> Option<usize> {
        self.concepts.iter().position(|c| c == id)
    }

    /// `n_max`, concept ids, biases and thresholds from the front of the
    /// table `build.rs` writes.
    #[allow(clippy::type_complexity)]
    fn header(reader: &mut Reader<'_>) -> Option<(usize, Vec<String>, Vec<f64>, Vec<f64>)> {
        let n_max = reader.u32()? as usize;
        let k = reader.u32()? as usize;
        let concepts = (0..k).map(|_| reader.string()).collect::<Option<Vec<_>>>()?;
        let bias = (0..k).map(|_| reader.f64()).collect::<Option<Vec<_>>>()?;
        let thresholds = (0..k).map(|_| reader.f64()).collect::<Option<Vec<_>>>()?;
        Some((n_max, concepts, bias, thresholds))
    }

    /// Reads the built-in model, and its n-grams' keys in term order.
    pub(crate) fn load() -> Option<(ConceptModel, Vec<u64>)> {
        let mut reader = Reader(MODEL_BYTES);
        let (n_max, concepts, bias, thresholds) = Self::header(&mut reader)?;
        let k = concepts.len();
        let count = reader.u32()? as usize;
        let mut keys = Vec::with_capacity(count);
        let mut values = Vec::with_capacity(count * (k + 1));
        for _ in 0..count {
            keys.push(reader.u64()?);
            for _ in 0..=k {
                values.push(reader.f64()?);
            }
        }
        let model = ConceptModel { n_max, concepts, bias, thresholds, values };
        reader.0.is_empty().then_some((model, keys))
    }

    /// Each sentence's distinct terms, their values and its norm, from
    /// which [`ConceptReading::best`] sums a concept's logits, for an
    /// answer read as `tokens`, whose concept n-grams are `hits` (see
    /// [`NgramHits::concepts`]).
    pub(crate) fn read(&self, tokens: &Tokens, hits: &NgramHits) -> ConceptReading {
        let k = self.concepts.len();
        let mut reading = ConceptReading {
            sentences: Vec::with_capacity(tokens.sentences.len()),
            terms: Vec::with_capacity(hits.concepts.len()),
        };
        let mut found: Vec<u32> = Vec::new();
        for ((span, _), range) in tokens.sentences.iter().zip(&hits.concept_sentences) {
            found.clear();
            found.extend_from_slice(&hits.concepts[range.clone()]);
            found.sort_unstable();
            let start = reading.terms.len();
            let mut norm = 0.0;
            for run in found.chunk_by(|a, b| a == b) {
                let idf = self.values[run[0] as usize * (k + 1)];
                // (1 + ln count) times the idf; ln(1) is 0.
                let count = run.len();
                let frequency = if count == 1 { 1.0 } else { 1.0 + (count as f64).ln() };
                let value = frequency * idf;
                norm += value * value;
                reading.terms.push((run[0], value));
            }
            reading.sentences.push((*span, norm.sqrt(), start..reading.terms.len()));
        }
        reading
    }
}

impl ConceptReading {
    /// The sentence likeliest to show concept `concept` (its place in the
    /// model), among those `eligible` lets count, when it reaches the
    /// concept's threshold.
    pub(crate) fn best(
        &self,
        model: &ConceptModel,
        concept: usize,
        eligible: impl Fn(Span) -> bool,
    ) -> Option<ConceptSentence> {
        let threshold = model.thresholds[concept];
        let at_least = (threshold / (1.0 - threshold)).ln();
        let mut best: Option<(Span, f64)> = None;
        for (s, &(span, _, _)) in self.sentences.iter().enumerate() {
            let logit = self.logit(model, s, concept);
            if logit >= at_least && best.is_none_or(|(_, kept)| logit > kept) && eligible(span) {
                best = Some((span, logit));
            }
        }
        best.map(|(span, logit)| ConceptSentence {
            span,
            probability: (1000.0 / (1.0 + (-logit).exp())).round() / 1000.0,
        })
    }

    /// Sentence `sentence`'s logit for concept `concept` (its place in
    /// `model`): the bias, plus the weighted sum of its terms' values over
    /// its norm.
    fn logit(&self, model: &ConceptModel, sentence: usize, concept: usize) -> f64 {
        let (_, norm, range) = &self.sentences[sentence];
        let row = model.concepts.len() + 1;
        let mut sum = 0.0;
        for &(term, value) in &self.terms[range.clone()] {
            sum += value * model.values[term as usize * row + 1 + concept];
        }
        model.bias[concept] + if *norm > 0.0 { sum / norm } else { 0.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ngram_tokens::tokenize;

    /// The built-in model's reading of `answer`.
    fn read(answer: &str) -> ConceptReading {
        let tokens = tokenize(answer);
        ConceptModel::builtin().read(&tokens, &NgramModels::builtin().find(&tokens))
    }

    #[test]
    fn the_port_gives_the_training_scripts_logits() {
        let text = include_str!("../model/concept-ngrams.tsv");
        let examples: Vec<(&str, Vec<f64>)> = text
            .lines()
            .filter_map(|line| line.strip_prefix("#example\t"))
            .map(|line| {
                let (logits, sentence) = line.split_once('\t').unwrap();
                (sentence, logits.split(',').map(|x| x.parse().unwrap()).collect())
            })
            .collect();
        assert!(examples.len() >= 4);
        for (sentence, expected) in examples {
            let reading = read(sentence);
            assert_eq!(reading.sentences.len(), 1, "{sentence}");
            let model = ConceptModel::builtin();
            let logits: Vec<f64> =
                (0..model.concepts.len()).map(|k| reading.logit(model, 0, k)).collect();
            assert_eq!(logits.len(), expected.len());
            for (got, want) in logits.iter().zip(&expected) {
                assert!((got - want).abs() < 1e-5, "{sentence}: {got} against {want}");
            }
        }
    }

    #[test]
    fn a_call_the_next_day_reads_as_follow_up_and_its_sentence_is_named() {
        let model = ConceptModel::builtin();
        let answer = "I sat with him for a while. I rang him the next morning to see how the \
                      appointment had gone.";
        let follow_up = model.index_of("follow-up").unwrap();
        let best = read(answer).best(model, follow_up, |_| true).unwrap();
        assert!(answer[best.span.range()].starts_with("I rang him"), "{best:?}");
        assert!(best.probability >= model.thresholds[follow_up]);
    }

    #[test]
    fn a_sentence_that_may_not_count_is_passed_over() {
        let model = ConceptModel::builtin();
        let answer = "I rang him the next morning to see how the appointment had gone.";
        let follow_up = model.index_of("follow-up").unwrap();
        assert_eq!(read(answer).best(model, follow_up, |_| false), None);
        // Library concepts only: a question's own concept is not known.
        assert!(!concept_estimate_covers("open-questions"));
        assert!(concept_estimate_covers("empathy"));
        assert!(concept_estimate_covers("lived-experience"));
    }
}
