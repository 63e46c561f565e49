//! Building, opening and querying the index.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use assay_score::{
    Corpus, Exemplar, ExemplarEvidence, LevelEstimate, Neighbour, Rubric, RubricSet,
};
use assay_text::{Analysis, Analyzer};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, TantivyDocument, Value};
use tantivy::{doc, DocAddress, Index, IndexReader, ReloadPolicy, Term};

use crate::questions::{off_topic, own_concept_strength, QuestionMatch, RUBRIC_MATCH_WEIGHT};
use crate::schema::{schema, Fields};
use crate::vectors::{built_in_counts, term_counts, Idf, Postings, TermCounts, Vector};
use crate::{AssayTokenizer, IndexError, Result, TOKENIZER_NAME};

/// How many candidates BM25 retrieves per requested neighbour before the
/// cosine ranking (at least [`MIN_CANDIDATES`]).
const CANDIDATES_PER_RESULT: usize = 10;
/// Fewest BM25 candidates retrieved.
const MIN_CANDIDATES: usize = 50;
/// Neighbours of the asked question behind a level estimate.
pub const ESTIMATE_NEIGHBOURS: usize = 3;
/// Memory budget of the single indexing thread (tantivy's minimum is 15 MB).
const WRITER_MEMORY: usize = 20_000_000;

/// Exemplar answers indexed for similarity search.
pub struct ExemplarIndex {
    /// The BM25 side, for candidates when a query is not limited to one
    /// question's few exemplars. An index opened from a folder has it from
    /// the start; one made in memory builds it on the first such query, so
    /// commands that never search (`assay score`) do not pay for it.
    search: OnceLock<Option<Search>>,
    exemplars: Vec<Exemplar>,
    /// Each exemplar's stem counts.
    counts: Vec<TermCounts>,
    /// Each exemplar's TF-IDF vector, made the first time it is compared:
    /// `assay score` compares an answer with its own question's few.
    vectors: Vec<OnceLock<Vector>>,
    idf: Idf,
    /// Document frequencies over the question profiles.
    profile_idf: Idf,
    /// One vector per question over the stems of all its exemplars, in
    /// order of first appearance, weighted by `profile_idf`.
    profiles: Vec<(String, Vector)>,
    /// `profiles` as inverted lists, for comparing a query with all of them.
    profile_postings: Postings,
    /// Ordinals of each question's exemplars, in corpus order.
    by_question: HashMap<String, Vec<usize>>,
}

/// A tantivy index of the exemplars and how its documents map to them.
struct Search {
    reader: IndexReader,
    fields: Fields,
    /// Ordinal of each document, by segment and document id.
    ordinals: Vec<Vec<u32>>,
}

impl std::fmt::Debug for ExemplarIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExemplarIndex").field("exemplars", &self.exemplars.len()).finish()
    }
}

impl ExemplarIndex {
    /// Indexes `corpus` in memory. The similarity vectors are made now; the
    /// tantivy index only when a search first needs it.
    #[must_use]
    pub fn in_ram(corpus: &Corpus) -> Self {
        Self::from_exemplars(corpus.exemplars.clone(), OnceLock::new())
    }

    /// Indexes `corpus` into the empty or new folder `dir`.
    ///
    /// # Errors
    ///
    /// The folder cannot be created or already holds an index, or tantivy
    /// fails.
    pub fn create_in_dir(corpus: &Corpus, dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|source| IndexError::Io { path: dir.into(), source })?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir, schema)?;
        fill(&index, fields, &corpus.exemplars)?;
        Self::from_index(&index, fields)
    }

    /// Opens the index in `dir`, checking that it is complete: the manifest
    /// (see [`crate::Manifest`]) is checked by the caller.
    ///
    /// # Errors
    ///
    /// [`IndexError::Corrupt`] when tantivy cannot open it, its schema is not
    /// this version's, or its documents are not a complete corpus.
    pub fn open_dir(dir: &Path, expected_exemplars: usize) -> Result<Self> {
        let corrupt = |reason: String| IndexError::Corrupt { path: dir.into(), reason };
        let index = Index::open_in_dir(dir).map_err(|e| corrupt(e.to_string()))?;
        let (expected_schema, fields) = schema();
        if index.schema() != expected_schema {
            return Err(corrupt("its fields are not the ones this version writes".into()));
        }
        let opened = Self::from_index(&index, fields).map_err(|e| corrupt(e.to_string()))?;
        if opened.exemplars.len() != expected_exemplars {
            return Err(corrupt(format!(
                "it holds {} exemplars where its manifest lists {expected_exemplars}",
                opened.exemplars.len()
            )));
        }
        Ok(opened)
    }

    /// Reads every stored exemplar back and prepares the similarity vectors.
    fn from_index(index: &Index, fields: Fields) -> Result<Self> {
        let (exemplars, search) = Search::open(index, fields)?;
        Ok(Self::from_exemplars(exemplars, OnceLock::from(Some(search))))
    }

    /// Prepares the similarity vectors of `exemplars`.
    fn from_exemplars(exemplars: Vec<Exemplar>, search: OnceLock<Option<Search>>) -> Self {
        let mut analyzer = Analyzer::new();
        let counts: Vec<_> = exemplars
            .iter()
            .map(|e| {
                built_in_counts(&e.text).unwrap_or_else(|| term_counts(&analyzer.analyze(&e.text)))
            })
            .collect();
        let idf = Idf::new(&counts);
        let vectors = counts.iter().map(|_| OnceLock::new()).collect();
        let (profile_idf, profiles) = profiles(&exemplars, &counts);
        let profile_postings = Postings::new(profiles.iter().map(|(_, v)| v));
        let mut by_question: HashMap<String, Vec<usize>> = HashMap::new();
        for (ordinal, exemplar) in exemplars.iter().enumerate() {
            by_question.entry(exemplar.question.clone()).or_default().push(ordinal);
        }
        ExemplarIndex {
            search,
            exemplars,
            counts,
            vectors,
            idf,
            profile_idf,
            profiles,
            profile_postings,
            by_question,
        }
    }

    /// The indexed exemplars, in corpus order.
    #[must_use]
    pub fn exemplars(&self) -> &[Exemplar] {
        &self.exemplars
    }

    /// Number of indexed exemplars.
    #[must_use]
    pub fn len(&self) -> usize {
        self.exemplars.len()
    }

    /// Whether the index holds no exemplar.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.exemplars.is_empty()
    }

    /// The `k` exemplars most similar to `analysis`, most similar first (ties
    /// by corpus order), optionally only those of `question`. Exemplars that
    /// share no weighted stem are left out.
    #[must_use]
    pub fn nearest(&self, analysis: &Analysis, k: usize, question: Option<&str>) -> Vec<Neighbour> {
        let query = Vector::new(&term_counts(analysis), &self.idf);
        // A question has fewer exemplars than a search would return, so
        // comparing with each of them finds what the search would find,
        // without its cost.
        let own = question.map(|q| self.by_question.get(q).map_or(&[][..], Vec::as_slice));
        let candidates = match own {
            Some(ordinals) if ordinals.len() <= candidate_limit(k) => ordinals.to_vec(),
            _ => self.candidates(&query, k, question),
        };
        let mut scored: Vec<(f64, usize)> = candidates
            .into_iter()
            .map(|ordinal| (query.cosine(self.vector(ordinal)), ordinal))
            .filter(|(similarity, _)| *similarity > 0.0)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.truncate(k);
        scored
            .into_iter()
            .map(|(similarity, ordinal)| self.neighbour(ordinal, similarity))
            .collect()
    }

    /// The TF-IDF vector of exemplar `ordinal`.
    fn vector(&self, ordinal: usize) -> &Vector {
        self.vectors[ordinal].get_or_init(|| Vector::new(&self.counts[ordinal], &self.idf))
    }

    /// [`Self::nearest`] on raw text.
    #[must_use]
    pub fn nearest_text(&self, text: &str, k: usize, question: Option<&str>) -> Vec<Neighbour> {
        self.nearest(&Analyzer::new().analyze(text), k, question)
    }

    /// What the index says about an answer to `rubric`'s question: its
    /// nearest exemplars of that question, the level they point to, and
    /// whether another question's exemplars match far better.
    #[must_use]
    pub fn evidence(&self, rubric: &Rubric, analysis: &Analysis) -> ExemplarEvidence {
        let neighbours = self.nearest(analysis, ESTIMATE_NEIGHBOURS, Some(&rubric.id));
        let estimate = LevelEstimate::from_neighbours(rubric, &neighbours);
        let matches = self.match_questions(analysis, usize::MAX);
        ExemplarEvidence { off_topic: off_topic(&rubric.id, &matches), neighbours, estimate }
    }

    /// The questions `analysis` most likely answers, best first, at most
    /// `top`: each question is compared as one profile, the stems of all
    /// its exemplars together. See [`QuestionMatch`] for the confidence.
    #[must_use]
    pub fn match_questions(&self, analysis: &Analysis, top: usize) -> Vec<QuestionMatch> {
        let query = Vector::new(&term_counts(analysis), &self.profile_idf);
        let cosines = self.profile_postings.cosines(&query);
        let mut scored: Vec<(f64, &str)> = self
            .profiles
            .iter()
            .zip(cosines)
            .map(|((question, _), similarity)| (similarity, question.as_str()))
            .filter(|(similarity, _)| *similarity > 0.0)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        QuestionMatch::rank(scored, top)
    }

    /// Like [`Self::match_questions`], but each question's profile
    /// similarity is raised by [`RUBRIC_MATCH_WEIGHT`] times how much of
    /// that question's own rubric concepts the answer shows
    /// ([`own_concept_strength`]). Questions without a rubric in `rubrics`
    /// keep their profile similarity.
    #[must_use]
    pub fn match_with_rubrics(
        &self,
        analysis: &Analysis,
        rubrics: &RubricSet,
        top: usize,
    ) -> Vec<QuestionMatch> {
        let profiles = self.match_questions(analysis, usize::MAX);
        let similarity =
            |id: &str| profiles.iter().find(|m| m.question == id).map_or(0.0, |m| m.similarity);
        let mut ids: Vec<&str> = self.profiles.iter().map(|(q, _)| q.as_str()).collect();
        for rubric in rubrics.rubrics() {
            if !ids.contains(&rubric.id.as_str()) {
                ids.push(&rubric.id);
            }
        }
        let mut scored: Vec<(f64, &str)> = ids
            .into_iter()
            .map(|id| {
                let own = rubrics.get(id).map_or(0.0, |r| own_concept_strength(r, analysis));
                (similarity(id) + RUBRIC_MATCH_WEIGHT * own, id)
            })
            .filter(|(score, _)| *score > 0.0)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        QuestionMatch::rank(scored, top)
    }

    fn neighbour(&self, ordinal: usize, similarity: f64) -> Neighbour {
        let e = &self.exemplars[ordinal];
        Neighbour {
            question: e.question.clone(),
            exemplar: e.id.clone(),
            level: e.level.clone(),
            harmful: e.harmful,
            similarity,
        }
    }

    /// Ordinals of the BM25 candidates for `query`. Should the in-memory
    /// tantivy index fail to build (it needs some 20 MB), every exemplar
    /// (of `question`, if given) is a candidate: the cosine ranking then
    /// sees all that a search could have returned.
    fn candidates(&self, query: &Vector, k: usize, question: Option<&str>) -> Vec<usize> {
        let search = self.search.get_or_init(|| Search::in_ram(&self.exemplars).ok());
        match search {
            Some(search) => search.candidates(query, candidate_limit(k), question),
            None => (0..self.exemplars.len())
                .filter(|&i| question.is_none_or(|q| self.exemplars[i].question == q))
                .collect(),
        }
    }
}

impl Search {
    /// `exemplars` indexed in memory.
    fn in_ram(exemplars: &[Exemplar]) -> Result<Self> {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        fill(&index, fields, exemplars)?;
        Ok(Self::open(&index, fields)?.1)
    }

    /// Opens `index` for search and reads every stored exemplar back, in
    /// ordinal order.
    fn open(index: &Index, fields: Fields) -> Result<(Vec<Exemplar>, Self)> {
        index.tokenizers().register(TOKENIZER_NAME, AssayTokenizer::default());
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let searcher = reader.searcher();
        let mut slots: Vec<Option<Exemplar>> = Vec::new();
        let mut ordinals = Vec::new();
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let mut segment_ordinals = vec![u32::MAX; segment.max_doc() as usize];
            for doc_id in segment.doc_ids_alive() {
                let doc: TantivyDocument =
                    searcher.doc(DocAddress::new(segment_ord as u32, doc_id))?;
                let text = |field| {
                    doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_owned()
                };
                let ordinal =
                    doc.get_first(fields.ordinal).and_then(|v| v.as_u64()).ok_or_else(|| {
                        tantivy::TantivyError::InvalidArgument("a document has no ordinal".into())
                    })? as usize;
                if slots.len() <= ordinal {
                    slots.resize(ordinal + 1, None);
                }
                if slots[ordinal].is_some() {
                    return Err(tantivy::TantivyError::InvalidArgument(format!(
                        "ordinal {ordinal} appears twice"
                    ))
                    .into());
                }
                slots[ordinal] = Some(Exemplar {
                    question: text(fields.question),
                    id: text(fields.exemplar),
                    level: text(fields.level),
                    harmful: doc.get_first(fields.harmful).and_then(|v| v.as_u64()) == Some(1),
                    text: text(fields.text),
                });
                segment_ordinals[doc_id as usize] = ordinal as u32;
            }
            ordinals.push(segment_ordinals);
        }
        let exemplars: Vec<Exemplar> = slots
            .into_iter()
            .enumerate()
            .map(|(i, slot)| {
                slot.ok_or_else(|| {
                    tantivy::TantivyError::InvalidArgument(format!("exemplar {i} is missing"))
                })
            })
            .collect::<std::result::Result<_, _>>()?;
        Ok((exemplars, Search { reader, fields, ordinals }))
    }

    /// Ordinals of the best `limit` BM25 hits for `query`.
    fn candidates(&self, query: &Vector, limit: usize, question: Option<&str>) -> Vec<usize> {
        let terms: Vec<(Occur, Box<dyn Query>)> = query
            .stems()
            .map(|stem| {
                let term = Term::from_field_text(self.fields.text, stem);
                (
                    Occur::Should,
                    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)) as Box<dyn Query>,
                )
            })
            .collect();
        if terms.is_empty() {
            return Vec::new();
        }
        let mut clauses = vec![(Occur::Must, Box::new(BooleanQuery::new(terms)) as Box<dyn Query>)];
        if let Some(question) = question {
            let term = Term::from_field_text(self.fields.question, question);
            clauses.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
        }
        let searcher = self.reader.searcher();
        let hits = searcher
            .search(&BooleanQuery::new(clauses), &TopDocs::with_limit(limit).order_by_score())
            .unwrap_or_default();
        hits.into_iter()
            .map(|(_, address)| {
                self.ordinals[address.segment_ord as usize][address.doc_id as usize] as usize
            })
            .collect()
    }
}

/// How many search hits are ranked by cosine for `k` results.
fn candidate_limit(k: usize) -> usize {
    k.saturating_mul(CANDIDATES_PER_RESULT).max(MIN_CANDIDATES)
}

/// Sums the stem counts of each question's exemplars into one vector.
fn profiles(exemplars: &[Exemplar], counts: &[TermCounts]) -> (Idf, Vec<(String, Vector)>) {
    let mut summed: Vec<(String, TermCounts)> = Vec::new();
    for (exemplar, counts) in exemplars.iter().zip(counts) {
        let slot = match summed.iter().position(|(q, _)| *q == exemplar.question) {
            Some(i) => i,
            None => {
                summed.push((exemplar.question.clone(), TermCounts::default()));
                summed.len() - 1
            }
        };
        for (&key, (n, stem)) in counts {
            summed[slot].1.entry(key).or_insert_with(|| (0, Arc::clone(stem))).0 += n;
        }
    }
    let idf = Idf::new(summed.iter().map(|(_, c)| c));
    let vectors = summed.iter().map(|(q, c)| (q.clone(), Vector::new(c, &idf))).collect();
    (idf, vectors)
}

/// Adds `exemplars` to `index`, in order, and commits.
fn fill(index: &Index, fields: Fields, exemplars: &[Exemplar]) -> Result<()> {
    index.tokenizers().register(TOKENIZER_NAME, AssayTokenizer::default());
    let mut writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
    for (ordinal, e) in exemplars.iter().enumerate() {
        writer.add_document(doc!(
            fields.question => e.question.as_str(),
            fields.exemplar => e.id.as_str(),
            fields.level => e.level.as_str(),
            fields.harmful => u64::from(e.harmful),
            fields.text => e.text.as_str(),
            fields.ordinal => ordinal as u64,
        ))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}
