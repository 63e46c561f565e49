//! The semantic matcher: an answer's clauses compared with the example
//! sentences of a rubric's concepts and red flags.
//!
//! Every example is embedded once, the first time its rubric is scored with
//! the matcher on, with the static model of [`assay_embed`]. An answer is embedded per token (the sum of its
//! word pieces' vectors), so any run of tokens has a vector from two prefix
//! sums. The runs compared are each clause, each two neighbouring clauses of
//! a sentence, and each sentence. A run earns its owner (concept or red flag)
//! when its cosine with one of the owner's examples reaches the owner's
//! threshold and beats every counter-example of the owner. A run with a
//! negated word earns nothing unless the example it resembles is itself
//! negative; such a run is kept as negated evidence, like a negated cue.
//! Concepts are earned this way; red flags are only "resembled" (see
//! [`crate::Score::resembles`]).

use assay_embed::StaticModel;
use assay_text::{Analysis, Analyzer, Span};

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::columns::{Columns, BLOCK};
use crate::concept_map::{ConceptMap, Nearness};
use crate::rubric::CueOwner;
use crate::Site;

/// Similarity an example must reach when a concept sets no
/// `example-threshold`.
pub const DEFAULT_CONCEPT_THRESHOLD: f64 = 0.58;

/// Similarity an example must reach when a red flag sets no
/// `example-threshold`. A red flag's examples never raise it (on the dev
/// half of the red-flag set, examples alone reach a precision of 0.65 at
/// best): they mark an answer for a person to review.
pub const DEFAULT_RED_FLAG_THRESHOLD: f64 = 0.74;

/// Longest run, in tokens, compared with the examples.
const MAX_RUN_TOKENS: usize = 40;

/// Fewest content words (not stop words) a run needs to be compared: a
/// fragment such as "while they talk" carries one, and its vector is
/// little more than that word's, close to any example that uses it.
const MIN_RUN_CONTENT_WORDS: usize = 2;

/// The example sentences of one concept or red flag, as written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Examples {
    /// Sentences that show it.
    pub examples: Vec<String>,
    /// Where each of `examples` is written, in the same order.
    pub sites: Vec<Site>,
    /// Near misses that do not.
    pub counter_examples: Vec<String>,
    /// Lowest cosine similarity to an example that counts.
    pub threshold: f64,
}

/// One embedded example.
#[derive(Debug, Clone)]
struct Entry {
    /// Index into the owner's `examples`.
    index: usize,
    /// The example itself says something is not done.
    negative: bool,
}

/// The examples of one owner, `entries[start..end]`, and its
/// counter-examples, rows `counters.0..counters.1` of
/// [`ExampleSet::counter_vectors`].
#[derive(Debug, Clone)]
struct Group {
    owner: CueOwner,
    /// The concept's place in [`ExampleSet::map`].
    centroid: Option<usize>,
    threshold: f32,
    start: usize,
    end: usize,
    counters: (usize, usize),
}

/// Every example of a rubric, embedded.
#[derive(Debug, Clone, Default)]
pub(crate) struct ExampleSet {
    dims: usize,
    /// The examples' vectors, in the order of `entries`.
    columns: Columns,
    entries: Vec<Entry>,
    /// The counter-examples' vectors, `dims` values each. A counter-example
    /// matters only to a run that already reaches its owner's threshold, so
    /// it is compared with that run alone, when it does.
    counter_vectors: Vec<f32>,
    groups: Vec<Group>,
    /// Every concept of the rubric set (see [`crate::concept_map`]).
    map: Option<Arc<ConceptMap>>,
}

/// The runs of an answer and their similarity to the examples of the
/// blocks compared.
struct Similarities {
    dims: usize,
    /// Token ranges of the runs.
    runs: Vec<(usize, usize)>,
    /// Clause ranges of the runs.
    run_clauses: Vec<(usize, usize)>,
    /// The sum of each clause's word-piece vectors, `dims` values each.
    clause_sums: Vec<f32>,
    /// Each run's vector's length.
    norms: Vec<f32>,
    /// For each block of examples, its place among the blocks compared.
    slots: Vec<Option<usize>>,
    /// `values[run * width + slot * BLOCK + j]` for example `j` of the
    /// block in `slot`: each run's similarities side by side.
    values: Vec<f32>,
    /// Values a run has: [`BLOCK`] per block compared.
    width: usize,
}

impl Similarities {
    /// Run `r`'s similarities to entries `entries`, whose blocks were
    /// compared, in order: the blocks of one group of examples are
    /// compared together, so their values sit side by side.
    fn values(&self, entries: std::ops::Range<usize>, r: usize) -> &[f32] {
        if entries.is_empty() {
            return &[];
        }
        let slot = self.slots[entries.start / BLOCK].expect("the entry's block was compared");
        let start = r * self.width + slot * BLOCK + entries.start % BLOCK;
        &self.values[start..start + entries.len()]
    }

    /// Run `r`'s vector: the sum of its clauses' vectors.
    fn vector(&self, r: usize) -> Vec<f32> {
        let (first, last) = self.run_clauses[r];
        let mut vector = vec![0f32; self.dims];
        sum_clauses(&self.clause_sums, first..last, &mut vector);
        vector
    }
}

/// Sets `vector` to the sum of the vectors of `clauses` in `clause_sums`
/// (as many values each as `vector` has): a run's vector, the same when
/// its length is taken as when it is compared again.
fn sum_clauses(clause_sums: &[f32], clauses: std::ops::Range<usize>, vector: &mut [f32]) {
    let dims = vector.len();
    vector.fill(0.0);
    for sum in clause_sums[clauses.start * dims..clauses.end * dims].chunks_exact(dims) {
        vector.iter_mut().zip(sum).for_each(|(v, s)| *v += s);
    }
}

/// An example sentence as the matcher uses it.
#[derive(Debug)]
struct EmbeddedExample {
    /// Its embedding's values.
    vector: Vec<f32>,
    /// It says something is not done (it has a negator).
    negative: bool,
}

/// `text` embedded and checked for a negator, once per process: every
/// question's rubric holds the library concepts' examples again, and
/// embedding them anew for each was most of a batch's start-up with the
/// matcher on. The result depends on the text alone.
fn embedded_example(text: &str, analyzer: &mut Analyzer) -> Arc<EmbeddedExample> {
    static EMBEDDED: OnceLock<Mutex<HashMap<String, Arc<EmbeddedExample>>>> = OnceLock::new();
    let cache = EMBEDDED.get_or_init(Mutex::default);
    if let Some(found) = cache.lock().unwrap_or_else(PoisonError::into_inner).get(text) {
        return Arc::clone(found);
    }
    let negative = analyzer.analyze(text).tokens.iter().any(|t| t.is_negator);
    let vector = StaticModel::builtin().embed(text).values().to_vec();
    let embedded = Arc::new(EmbeddedExample { vector, negative });
    let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
    Arc::clone(cache.entry(text.to_owned()).or_insert(embedded))
}

/// A run of the answer close to an example.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ExampleMatch {
    /// Concept or red flag.
    pub owner: CueOwner,
    /// Index of the example in its owner's `examples`.
    pub example: usize,
    /// Bytes of the answer the run covers.
    pub span: Span,
    /// Sentence index of the run.
    pub sentence: u32,
    /// Cosine similarity.
    pub similarity: f64,
    /// The run has a negated word and the example is not negative.
    pub negated: bool,
}

impl ExampleSet {
    /// Embeds the examples of each owner; with `placement`, the concept map
    /// and each concept's place in it.
    pub fn new<'a>(
        owners: impl IntoIterator<Item = (CueOwner, &'a Examples)>,
        placement: Option<(&Arc<ConceptMap>, &[usize], &[usize])>,
    ) -> Self {
        let model = StaticModel::builtin();
        let mut analyzer = Analyzer::new();
        let mut set = ExampleSet { dims: model.dims(), ..Self::default() };
        set.map = placement.map(|(map, _, _)| Arc::clone(map));
        let mut vectors: Vec<f32> = Vec::new();
        for (owner, examples) in owners {
            if examples.examples.is_empty() {
                continue;
            }
            let start = set.entries.len();
            for (index, text) in examples.examples.iter().enumerate() {
                let embedded = embedded_example(text, &mut analyzer);
                vectors.extend_from_slice(&embedded.vector);
                set.entries.push(Entry { index, negative: embedded.negative });
            }
            let first_counter = set.counter_vectors.len() / set.dims;
            for text in &examples.counter_examples {
                set.counter_vectors
                    .extend_from_slice(&embedded_example(text, &mut analyzer).vector);
            }
            let counters = (first_counter, set.counter_vectors.len() / set.dims);
            let threshold = examples.threshold as f32;
            let centroid = match (owner, placement) {
                (CueOwner::Concept(i), Some((_, concepts, _))) => concepts.get(i).copied(),
                (CueOwner::RedFlag(i), Some((_, _, flags))) => flags.get(i).copied(),
                _ => None,
            };
            let end = set.entries.len();
            set.groups.push(Group { owner, centroid, threshold, start, end, counters });
        }
        set.columns = Columns::new(&vectors, set.dims);
        set
    }

    /// Whether the rubric has no examples at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every wanted owner's best match in each sentence of `analysis`, in
    /// owner order then text order. Owners for which `wanted` is false (a
    /// concept its cues already earn in full, a red flag its cues raise)
    /// are not compared at all: that is most of the matcher's work saved,
    /// and what it would find there could not change the score.
    pub fn find(
        &self,
        analysis: &Analysis,
        wanted: impl Fn(CueOwner) -> bool,
    ) -> Vec<ExampleMatch> {
        if self.is_empty() || analysis.tokens.is_empty() {
            return Vec::new();
        }
        let groups: Vec<&Group> = self.groups.iter().filter(|g| wanted(g.owner)).collect();
        if groups.is_empty() {
            return Vec::new();
        }
        let mut blocks = vec![false; self.entries.len().div_ceil(BLOCK)];
        for group in &groups {
            blocks[group.start / BLOCK..group.end.div_ceil(BLOCK)].fill(true);
        }
        let similarities = self.similarities(analysis, &blocks);
        let mut candidates: Vec<Candidate> = Vec::new();
        for (r, &(start, end)) in similarities.runs.iter().enumerate() {
            let run = Run::of(analysis, start, end);
            self.candidates(&groups, &similarities, r, &run, &mut candidates);
        }
        self.best(&similarities, candidates)
    }

    /// The runs of `analysis` compared with the examples and their
    /// similarities to the entries of the [`BLOCK`]s marked in `blocks`.
    ///
    /// A run is one clause or several neighbouring ones, so its vector is the
    /// sum of its clauses' vectors and its dot product with an example the
    /// sum of theirs: each example meets each clause once, in one pass while
    /// the example is in cache, and runs only add those up and divide by
    /// their length.
    fn similarities(&self, analysis: &Analysis, blocks: &[bool]) -> Similarities {
        let dims = self.dims;
        let clauses = clauses(analysis);
        let clause_sums = clause_sums(StaticModel::builtin(), analysis, &clauses);
        let mut run_clauses = Vec::new();
        let mut norms = Vec::new();
        let mut vector = vec![0f32; dims];
        for (first, last) in runs_of_clauses(analysis, &clauses) {
            sum_clauses(&clause_sums, first..last, &mut vector);
            let norm = vector.iter().map(|v| v * v).sum::<f32>().sqrt();
            if norm > 0.0 {
                run_clauses.push((first, last));
                norms.push(norm);
            }
        }
        let compared: Vec<usize> = (0..blocks.len()).filter(|&b| blocks[b]).collect();
        let mut slots = vec![None; blocks.len()];
        for (slot, &block) in compared.iter().enumerate() {
            slots[block] = Some(slot);
        }
        let dots = self.columns.dots(&clause_sums, clauses.len(), &compared);
        let width = compared.len() * BLOCK;
        // Each run's dot products are its clauses' summed in text order from
        // -0.0 (as `Sum` for floats does), then divided by its length: vector
        // adds over all the examples compared.
        let mut values = vec![-0f32; width * run_clauses.len()];
        for (row, (&(first, last), norm)) in
            values.chunks_exact_mut(width.max(1)).zip(run_clauses.iter().zip(&norms))
        {
            for clause_dots in dots[first * width..last * width].chunks_exact(width) {
                row.iter_mut().zip(clause_dots).for_each(|(v, d)| *v += d);
            }
            row.iter_mut().for_each(|v| *v /= norm);
        }
        let runs = run_clauses.iter().map(|&(first, last)| (clauses[first].0, clauses[last - 1].1));
        let runs = runs.collect();
        Similarities { dims, runs, run_clauses, clause_sums, norms, slots, values, width }
    }

    /// For each compared run of `analysis`, its `per_run` most similar
    /// examples (counter-examples left out), most similar first.
    pub fn nearest(&self, analysis: &Analysis, per_run: usize) -> Vec<NearestExamples> {
        if self.is_empty() || analysis.tokens.is_empty() {
            return Vec::new();
        }
        let every_block = vec![true; self.entries.len().div_ceil(BLOCK)];
        let similarities = self.similarities(analysis, &every_block);
        let mut out = Vec::with_capacity(similarities.runs.len());
        for (r, &(start, end)) in similarities.runs.iter().enumerate() {
            let mut near: Vec<NearExample> = Vec::new();
            for group in &self.groups {
                let values = similarities.values(group.start..group.end, r);
                for (&s, entry) in values.iter().zip(&self.entries[group.start..group.end]) {
                    near.push(NearExample {
                        owner: group.owner,
                        example: entry.index,
                        similarity: f64::from(s),
                        threshold: f64::from(group.threshold),
                    });
                }
            }
            near.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
            near.truncate(per_run);
            let run = Run::of(analysis, start, end);
            out.push(NearestExamples { span: run.span, negated: run.negated, nearest: near });
        }
        out
    }

    /// Whether `group`'s concept is (nearly) the nearest of all concepts to
    /// the run with summed vector `vector` of length `norm`, or there is no
    /// concept map to say; `nearness` keeps the run's dot products with the
    /// centroids once they are computed.
    fn is_nearest_concept(
        &self,
        group: &Group,
        vector: &[f32],
        norm: f32,
        nearness: &Nearness,
    ) -> bool {
        let (Some(map), Some(k)) = (&self.map, group.centroid) else { return true };
        map.is_nearest(k, vector, norm, nearness)
    }

    /// The similarity to each counter-example of `group` of the run with
    /// summed vector `vector` of length `norm`.
    fn counter_similarities<'a>(
        &'a self,
        group: &Group,
        vector: &'a [f32],
        norm: f32,
    ) -> impl Iterator<Item = f32> + 'a {
        let dims = self.dims;
        let rows = &self.counter_vectors[group.counters.0 * dims..group.counters.1 * dims];
        rows.chunks_exact(dims).map(move |row| dot(row, vector) / norm)
    }

    /// Adds run `r`'s candidate for each of `groups` whose threshold one of
    /// its examples reaches.
    fn candidates<'a>(
        &self,
        groups: &[&'a Group],
        similarities: &Similarities,
        r: usize,
        run: &Run,
        out: &mut Vec<Candidate<'a>>,
    ) {
        for &group in groups {
            let mut top: Option<(f32, &Entry)> = None;
            let values = similarities.values(group.start..group.end, r);
            for (&s, entry) in values.iter().zip(&self.entries[group.start..group.end]) {
                if top.is_none_or(|(t, _)| s > t) {
                    top = Some((s, entry));
                }
            }
            let Some((similarity, entry)) = top else { continue };
            if similarity < group.threshold {
                continue;
            }
            let found = ExampleMatch {
                owner: group.owner,
                example: entry.index,
                span: run.span,
                sentence: run.sentence,
                similarity: f64::from((similarity * 1000.0).round() / 1000.0),
                negated: run.negated && !entry.negative,
            };
            out.push(Candidate { group, run: r, similarity, found });
        }
    }

    /// Each owner's best match in each sentence, in owner order then text
    /// order: of the `candidates` that beat every counter-example of their
    /// owner and whose concept is the nearest ([`Self::is_nearest_concept`]),
    /// the one that [`rank`]s highest, the earlier in text order on a tie.
    /// Candidates are tried best first, so the costlier checks run only
    /// until one passes.
    fn best(
        &self,
        similarities: &Similarities,
        mut candidates: Vec<Candidate>,
    ) -> Vec<ExampleMatch> {
        let place = |c: &Candidate| (owner_key(c.found.owner), c.found.sentence);
        candidates.sort_by(|a, b| place(a).cmp(&place(b)).then_with(|| rank(&b.found, &a.found)));
        let runs = similarities.runs.len();
        let vectors: Vec<std::cell::OnceCell<Vec<f32>>> = vec![std::cell::OnceCell::new(); runs];
        let nearness: Vec<Nearness> = (0..runs).map(|_| Nearness::default()).collect();
        let mut best = Vec::new();
        for same_place in candidates.chunk_by(|a, b| place(a) == place(b)) {
            let passing = same_place.iter().find(|c| {
                let norm = similarities.norms[c.run];
                let vector = vectors[c.run].get_or_init(|| similarities.vector(c.run));
                !self.counter_similarities(c.group, vector, norm).any(|s| s >= c.similarity)
                    && self.is_nearest_concept(c.group, vector, norm, &nearness[c.run])
            });
            best.extend(passing.map(|c| c.found.clone()));
        }
        best.sort_by(|a, b| owner_key(a.owner).cmp(&owner_key(b.owner)).then(a.span.cmp(&b.span)));
        best
    }
}

/// A run whose similarity to one of its owner's examples reaches the
/// owner's threshold, before the counter-examples and the concept map are
/// asked.
struct Candidate<'a> {
    group: &'a Group,
    /// Index of the run in [`Similarities::runs`].
    run: usize,
    /// The similarity, unrounded.
    similarity: f32,
    found: ExampleMatch,
}

/// A compared run of an answer and the examples nearest to it.
#[derive(Debug, Clone, PartialEq)]
pub struct NearestExamples {
    /// Bytes of the answer the run covers.
    pub span: Span,
    /// Whether a word of the run is negated.
    pub negated: bool,
    /// The nearest examples, most similar first.
    pub nearest: Vec<NearExample>,
}

/// One example near a run.
#[derive(Debug, Clone, PartialEq)]
pub struct NearExample {
    /// The concept or red flag the example belongs to.
    pub owner: CueOwner,
    /// Index of the example in its owner's `examples`.
    pub example: usize,
    /// Cosine similarity.
    pub similarity: f64,
    /// The owner's threshold.
    pub threshold: f64,
}

/// Where a compared run of tokens sits.
struct Run {
    span: Span,
    sentence: u32,
    negated: bool,
}

impl Run {
    /// The run of `analysis`'s tokens `start..end`: its bytes, sentence, and
    /// whether any of its words is negated.
    fn of(analysis: &Analysis, start: usize, end: usize) -> Run {
        let tokens = &analysis.tokens[start..end];
        Run {
            span: Span { start: tokens[0].span.start, end: tokens[tokens.len() - 1].span.end },
            sentence: tokens[0].sentence,
            negated: tokens.iter().any(|t| t.is_negated()),
        }
    }
}

/// The dot product of `a` and `b`, [`BLOCK`] lanes at a time (so it runs
/// in vector registers), the lanes added up in a fixed order.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; BLOCK];
    for (a, b) in a.chunks_exact(BLOCK).zip(b.chunks_exact(BLOCK)) {
        for ((lane, &x), &y) in lanes.iter_mut().zip(a).zip(b) {
            *lane += x * y;
        }
    }
    let tail = a.chunks_exact(BLOCK).remainder().iter().zip(b.chunks_exact(BLOCK).remainder());
    lanes.iter().sum::<f32>() + tail.map(|(x, y)| x * y).sum::<f32>()
}

/// How `a` ranks against `b`: an unnegated match beats a negated one; then
/// the more similar; then the shorter span.
fn rank(a: &ExampleMatch, b: &ExampleMatch) -> std::cmp::Ordering {
    let length = |m: &ExampleMatch| m.span.end - m.span.start;
    (!a.negated)
        .cmp(&!b.negated)
        .then(a.similarity.total_cmp(&b.similarity))
        .then(length(b).cmp(&length(a)))
}

fn owner_key(owner: CueOwner) -> (u8, usize) {
    match owner {
        CueOwner::Concept(i) => (0, i),
        CueOwner::RedFlag(i) => (1, i),
    }
}

/// `sums[c * dims..][..dims]`: the sum of the word-piece vectors of clause
/// `c`'s tokens.
fn clause_sums(model: &StaticModel, analysis: &Analysis, clauses: &[(usize, usize)]) -> Vec<f32> {
    let dims = model.dims();
    let mut sums = vec![0f32; clauses.len() * dims];
    for (&(start, end), sum) in clauses.iter().zip(sums.chunks_exact_mut(dims)) {
        for token in analysis.tokens[start..end].iter().filter(|t| !t.is_question_mark()) {
            model.each_word_piece(token.word(), |id| model.add_row(id, sum));
        }
    }
    sums
}

/// The token ranges of `analysis`'s clauses, in order.
fn clauses(analysis: &Analysis) -> Vec<(usize, usize)> {
    let tokens = &analysis.tokens;
    let mut clauses: Vec<(usize, usize)> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match clauses.last_mut() {
            Some(last)
                if tokens[last.0].clause == token.clause
                    && tokens[last.0].sentence == token.sentence =>
            {
                last.1 = i + 1;
            }
            _ => clauses.push((i, i + 1)),
        }
    }
    clauses
}

/// Runs compared with the examples, as ranges of `clauses`: each clause,
/// each two neighbouring clauses in one sentence, each sentence (none longer
/// than [`MAX_RUN_TOKENS`] tokens or with fewer than
/// [`MIN_RUN_CONTENT_WORDS`] content words, none twice), in text order.
fn runs_of_clauses(analysis: &Analysis, clauses: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let sentence = |c: usize| analysis.tokens[clauses[c].0].sentence;
    let mut out: Vec<(usize, usize)> = (0..clauses.len()).map(|c| (c, c + 1)).collect();
    out.extend(
        (1..clauses.len()).filter(|&c| sentence(c - 1) == sentence(c)).map(|c| (c - 1, c + 1)),
    );
    let mut first = 0;
    for c in 1..=clauses.len() {
        if c == clauses.len() || sentence(c) != sentence(first) {
            out.push((first, c));
            first = c;
        }
    }
    out.retain(|&(first, last)| {
        let tokens = &analysis.tokens[clauses[first].0..clauses[last - 1].1];
        tokens.len() <= MAX_RUN_TOKENS
            && tokens.iter().filter(|t| !t.is_stop_word()).count() >= MIN_RUN_CONTENT_WORDS
    });
    out.sort_unstable_by_key(|&(first, last)| (clauses[first].0, clauses[last - 1].1));
    out.dedup();
    out
}
