//! The harm review mark: a learned estimate that an answer describes
//! harmful practice, for the questions where a harmful answer is plausible.
//!
//! A logistic regression over the answer's word 1-3-grams (TF-IDF, each
//! vector of unit length; a word after a negator in its clause is marked,
//! so "I would never keep it secret" is not "keep it secret"), trained by
//! `scripts/harm_model.py` on the development answers of
//! `examples/red-flags/` (see its `PROCEDURE.md`) and built into the binary
//! (`model/harm-ngrams.tsv`). The model is used
//! only on the questions its training answers were written for. It marks
//! an answer for a person to read and names the sentence that weighs most
//! towards harm. By itself it changes neither the total nor the feedback;
//! a rubric whose question uses a red flag with `raised-by =
//! "harm-estimate"` lets it raise that flag and confirm the cue red flags
//! ([`crate::HarmTrigger`]). It cannot tell a harm done from one recounted,
//! and marks some good answers (`rubrics/README.md` has the figures).

use assay_text::Span;

use crate::model_reader::Reader;
use crate::ngram_models::NgramModels;
use crate::ngram_tokens::{tokenize, Tokens};

/// Probability at or above which an answer is marked for review: of 0.5,
/// 0.55, 0.6, 0.65 and 0.7, the one whose smaller of recall and precision
/// is highest in grouped cross-validation on the development answers
/// (recall 0.92, precision 0.94; at 0.55, 0.89 and 0.96).
pub const HARM_REVIEW_PROBABILITY: f64 = 0.5;

/// Fewer words than this, and the estimate does not overrule a red flag's
/// cues: of the development answers that short, 182 are safe and 2
/// harmful, so it has hardly seen a short harmful answer (it puts "I would
/// promise to keep it secret between us." at 0.35).
pub const HARM_CONFIRM_MIN_WORDS: usize = 30;

/// The model, compiled into a binary table by `build.rs` from
/// `model/harm-ngrams.tsv`.
static MODEL_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/harm-model.bin"));

/// The harm estimate for one answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Harm {
    /// Estimated probability, from 0 to 1 (three decimals), that the answer
    /// describes harmful practice.
    pub probability: f64,
    /// The sentence whose words weigh most towards harm, when any weighs
    /// towards it at all.
    pub sentence: Option<Span>,
    /// How many words the estimate read.
    pub words: usize,
}

impl Harm {
    /// Whether a person should read the answer.
    #[must_use]
    pub fn review(&self) -> bool {
        self.probability >= HARM_REVIEW_PROBABILITY
    }

    /// Whether the estimate may overrule red-flag cues (see
    /// [`HARM_CONFIRM_MIN_WORDS`]).
    #[must_use]
    pub fn can_overrule_cues(&self) -> bool {
        self.words >= HARM_CONFIRM_MIN_WORDS
    }
}

/// What a red flag's `raised-by` names for the learned harm estimate.
pub const HARM_ESTIMATE: &str = "harm-estimate";

/// The harm estimate for `answer` to question `question`, or `None` when
/// the model was not trained for that question.
#[must_use]
pub fn harm_estimate(question: &str, answer: &str) -> Option<Harm> {
    let tokens = tokenize(answer);
    let hits = NgramModels::builtin().find(&tokens);
    harm_estimate_of(question, &tokens, &hits.harm)
}

/// [`harm_estimate`] of an answer already read as `tokens`, whose harm
/// n-grams are `occurrences` (see [`crate::ngram_models::NgramHits::harm`]).
pub(crate) fn harm_estimate_of(
    question: &str,
    tokens: &Tokens,
    occurrences: &[u64],
) -> Option<Harm> {
    covers_question(question).then(|| HarmModel::builtin().estimate(tokens, occurrences))
}

/// Whether the model was trained for question `question`.
#[must_use]
pub fn covers_question(question: &str) -> bool {
    HarmModel::builtin().questions.iter().any(|q| q == question)
}

/// The n-gram weights and the questions they were trained for; its
/// n-grams' keys are in the table it shares with the concept estimate
/// ([`NgramModels`]).
#[derive(Debug)]
pub(crate) struct HarmModel {
    /// The longest n-gram the model has.
    pub(crate) n_max: usize,
    bias: f64,
    questions: Vec<String>,
    /// Each term's idf and weight, side by side: one cache line read, not two.
    values: Vec<(f64, f64)>,
}

impl HarmModel {
    fn builtin() -> &'static HarmModel {
        &NgramModels::builtin().harm
    }

    /// `n_max`, bias and questions from the front of the table `build.rs`
    /// writes.
    fn header(reader: &mut Reader<'_>) -> Option<(usize, f64, Vec<String>)> {
        let n_max = reader.u32()? as usize;
        let bias = reader.f64()?;
        let questions = (0..reader.u32()?).map(|_| reader.string()).collect::<Option<Vec<_>>>()?;
        Some((n_max, bias, questions))
    }

    /// Reads the built-in model, and its n-grams' keys in term order.
    pub(crate) fn load() -> Option<(HarmModel, Vec<u64>)> {
        let mut reader = Reader(MODEL_BYTES);
        let (n_max, bias, questions) = Self::header(&mut reader)?;
        let count = reader.u32()? as usize;
        let mut keys = Vec::with_capacity(count);
        let mut values = Vec::with_capacity(count);
        for _ in 0..count {
            keys.push(reader.u64()?);
            let idf = reader.f64()?;
            values.push((idf, reader.f64()?));
        }
        reader.0.is_empty().then_some((HarmModel { n_max, bias, questions, values }, keys))
    }

    /// The logit of an answer read as `tokens`, whose harm n-grams are
    /// `occurrences` (see [`crate::ngram_models::NgramHits::harm`]), each sentence's share of it,
    /// and the number of words read.
    fn logit(&self, tokens: &Tokens, occurrences: &[u64]) -> (f64, Vec<(Span, f64)>, usize) {
        let words = tokens.hashes.len();
        let mut counts = TermCounts::of(occurrences);
        // Each distinct term's value and weight, in the order the answer
        // first uses them; `count` ends as what each occurrence adds to its
        // sentence, before the norm.
        let mut norm = 0.0;
        let mut sum = 0.0;
        for &slot in &counts.distinct {
            let slot = &mut counts.slots[slot as usize];
            let (idf, weight) = self.values[slot.term as usize];
            // 1 + ln(count), the sublinear term frequency; ln(1) is 0.
            let count = slot.count;
            let frequency = if count == 1.0 { 1.0 } else { 1.0 + count.ln() };
            let value = frequency * idf;
            norm += value * value;
            sum += value * weight;
            slot.count = value / count * weight;
        }
        if norm == 0.0 {
            return (self.bias, Vec::new(), words);
        }
        let norm = norm.sqrt();
        let mut shares = vec![0f64; tokens.sentences.len()];
        for (&occurrence, &slot) in occurrences.iter().zip(&counts.slot_of) {
            shares[(occurrence & u64::from(u32::MAX)) as usize] +=
                counts.slots[slot as usize].count / norm;
        }
        let spans = tokens.sentences.iter().map(|&(span, _)| span);
        (self.bias + sum / norm, spans.zip(shares).collect(), words)
    }

    fn estimate(&self, tokens: &Tokens, occurrences: &[u64]) -> Harm {
        let (logit, shares, words) = self.logit(tokens, occurrences);
        let probability = 1.0 / (1.0 + (-logit).exp());
        let top = shares.iter().filter(|(_, share)| *share > 0.0);
        let sentence = top.fold(None, |best: Option<(Span, f64)>, &(span, share)| match best {
            Some((_, kept)) if kept >= share => best,
            _ => Some((span, share)),
        });
        Harm {
            probability: (probability * 1000.0).round() / 1000.0,
            sentence: sentence.map(|(span, _)| span),
            words,
        }
    }
}

/// A term no slot of a [`TermCounts`] holds.
const EMPTY_TERM: u32 = u32::MAX;

/// One slot of a [`TermCounts`].
#[derive(Debug, Clone, Copy)]
struct CountSlot {
    term: u32,
    count: f64,
}

/// How often each term occurs in an answer: an open-addressed table with
/// room for half as many again as the occurrences (and an answer's
/// distinct terms are fewer still), so a term is counted in a probe or
/// two, where sorting the occurrences by term cost several times as much.
struct TermCounts {
    slots: Vec<CountSlot>,
    /// The slots in use, in the order their terms first occur.
    distinct: Vec<u32>,
    /// Each occurrence's slot.
    slot_of: Vec<u32>,
}

impl TermCounts {
    /// The counts of the terms of `occurrences` (a term in the high 32
    /// bits).
    fn of(occurrences: &[u64]) -> Self {
        let size = (occurrences.len() * 3 / 2).max(2).next_power_of_two();
        let mut counts = Self {
            slots: vec![CountSlot { term: EMPTY_TERM, count: 0.0 }; size],
            distinct: vec![0; occurrences.len()],
            slot_of: Vec::with_capacity(occurrences.len()),
        };
        let mut distinct = 0;
        for &occurrence in occurrences {
            let term = (occurrence >> 32) as u32;
            let slot = counts.find(term);
            // Written every time, kept only for a new term: no branch to
            // mispredict on whether the term is new.
            counts.distinct[distinct] = slot as u32;
            distinct += usize::from(counts.slots[slot].term == EMPTY_TERM);
            counts.slots[slot].term = term;
            counts.slots[slot].count += 1.0;
            counts.slot_of.push(slot as u32);
        }
        counts.distinct.truncate(distinct);
        counts
    }

    /// The slot of `term`, or the empty slot where it would go.
    fn find(&self, term: u32) -> usize {
        let mask = self.slots.len() - 1;
        // Fibonacci hashing: the high bits of the product, well mixed.
        let mut slot = (u64::from(term).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask;
        while self.slots[slot].term != term && self.slots[slot].term != EMPTY_TERM {
            slot = (slot + 1) & mask;
        }
        slot
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_port_gives_the_training_scripts_logits() {
        let model = HarmModel::builtin();
        let text = include_str!("../model/harm-ngrams.tsv");
        let examples: Vec<(&str, f64)> = text
            .lines()
            .filter_map(|line| line.strip_prefix("#example\t"))
            .map(|line| {
                let (logit, answer) = line.split_once('\t').unwrap();
                (answer, logit.parse().unwrap())
            })
            .collect();
        assert!(examples.len() >= 4);
        for (answer, expected) in examples {
            let tokens = tokenize(answer);
            let hits = NgramModels::builtin().find(&tokens);
            let (logit, _, _) = model.logit(&tokens, &hits.harm);
            assert!((logit - expected).abs() < 1e-5, "{answer}: {logit} against {expected}");
        }
    }

    #[test]
    fn each_term_is_counted_once_however_its_occurrences_fall() {
        let occurrence = |term: u64, sentence: u64| term << 32 | sentence;
        let occurrences = [
            occurrence(70_000, 0),
            occurrence(3, 1),
            occurrence(300, 2),
            occurrence(3, 0),
            occurrence(70_000, 1),
            occurrence(3, 3),
        ];
        let counts = TermCounts::of(&occurrences);
        let count = |term: u32| counts.slots[counts.find(term)].count;
        assert_eq!((count(3), count(300), count(70_000), count(4)), (3.0, 1.0, 2.0, 0.0));
        let first_used: Vec<u32> =
            counts.distinct.iter().map(|&slot| counts.slots[slot as usize].term).collect();
        assert_eq!(first_used, [70_000, 3, 300]);
        let terms: Vec<u32> =
            counts.slot_of.iter().map(|&slot| counts.slots[slot as usize].term).collect();
        assert_eq!(terms, [70_000, 3, 300, 3, 70_000, 3]);
    }

    #[test]
    fn only_the_questions_it_was_trained_for_get_an_estimate() {
        assert!(harm_estimate("suicidal-thoughts", "I would listen.").is_some());
        assert!(harm_estimate("describe-yourself", "I would listen.").is_none());
    }

    #[test]
    fn a_promise_of_secrecy_is_marked_and_its_sentence_named() {
        let answer = "I'd thank them for telling me. I'd promise it stays between us and \
                      that I won't tell anyone, so they can trust me.";
        let harm = harm_estimate("suicidal-thoughts", answer).unwrap();
        assert!(harm.review(), "{harm:?}");
        let span = harm.sentence.unwrap();
        assert!(answer[span.range()].contains("stays between us"));
    }
}
