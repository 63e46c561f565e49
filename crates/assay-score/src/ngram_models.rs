//! The two learned models, the harm estimate ([`crate::harm`]) and the
//! concept estimate ([`crate::concept_estimate`]), loaded together with one
//! table of their n-grams, so that an answer's n-grams are keyed and looked
//! up once for both.

use std::ops::Range;
use std::sync::OnceLock;

use crate::concept_estimate::ConceptModel;
use crate::harm::HarmModel;
use crate::ngram_terms::{TermTable, NO_TERM};
use crate::ngram_tokens::Tokens;

/// The harm model's place in the shared table.
pub(crate) const HARM: usize = 0;

/// The concept model's place in the shared table.
pub(crate) const CONCEPTS: usize = 1;

/// Both models and their n-grams.
#[derive(Debug)]
pub(crate) struct NgramModels {
    pub(crate) harm: HarmModel,
    pub(crate) concepts: ConceptModel,
    /// Every n-gram of either model, with each model's term.
    terms: TermTable,
    /// The longest n-gram of either.
    n_max: usize,
}

/// The known n-grams of one answer, for each model.
#[derive(Debug)]
pub(crate) struct NgramHits {
    /// Each occurrence of a harm n-gram: its term in the high 32 bits, its
    /// sentence in the low ones; sentence after sentence, and in each all
    /// 1-grams first, then 2-grams, then 3-grams, in text order.
    pub(crate) harm: Vec<u64>,
    /// The concept model's terms found, sentence after sentence.
    pub(crate) concepts: Vec<u32>,
    /// Each sentence's range in `concepts`.
    pub(crate) concept_sentences: Vec<Range<usize>>,
}

impl NgramModels {
    /// The built-in models, compiled in by `build.rs`.
    pub(crate) fn builtin() -> &'static NgramModels {
        static MODELS: OnceLock<NgramModels> = OnceLock::new();
        MODELS.get_or_init(|| {
            NgramModels::load().expect("build.rs writes valid harm and concept models")
        })
    }

    fn load() -> Option<NgramModels> {
        let (harm, harm_keys) = HarmModel::load()?;
        let (concepts, concept_keys) = ConceptModel::load()?;
        let mut terms = TermTable::with_capacity(harm_keys.len() + concept_keys.len());
        for (model, keys) in [(HARM, harm_keys), (CONCEPTS, concept_keys)] {
            for (term, key) in keys.into_iter().enumerate() {
                if !terms.insert(key, model, u32::try_from(term).ok()?) {
                    return None;
                }
            }
        }
        let n_max = harm.n_max.max(concepts.n_max);
        Some(NgramModels { harm, concepts, terms, n_max })
    }

    /// The known n-grams of an answer read as `tokens`.
    pub(crate) fn find(&self, tokens: &Tokens) -> NgramHits {
        let mut hits = NgramHits {
            harm: Vec::with_capacity(tokens.hashes.len() * 2),
            concepts: Vec::with_capacity(tokens.hashes.len()),
            concept_sentences: Vec::with_capacity(tokens.sentences.len()),
        };
        let mut known = Vec::new();
        let (harm_n, concept_n) = (self.harm.n_max, self.concepts.n_max);
        for (s, (_, range)) in tokens.sentences.iter().enumerate() {
            let start = hits.concepts.len();
            let hashes = &tokens.hashes[range.clone()];
            self.terms.for_each_known(hashes, self.n_max, &mut known, |n, terms| {
                if terms[HARM] != NO_TERM && n <= harm_n {
                    hits.harm.push(u64::from(terms[HARM]) << 32 | s as u64);
                }
                if terms[CONCEPTS] != NO_TERM && n <= concept_n {
                    hits.concepts.push(terms[CONCEPTS]);
                }
            });
            hits.concept_sentences.push(start..hits.concepts.len());
        }
        hits
    }
}
