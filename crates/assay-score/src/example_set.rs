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

use crate::rubric::CueOwner;

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

/// The example sentences of one concept or red flag, as written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Examples {
    /// Sentences that show it.
    pub examples: Vec<String>,
    /// Near misses that do not.
    pub counter_examples: Vec<String>,
    /// Lowest cosine similarity to an example that counts.
    pub threshold: f64,
}

/// One embedded example.
#[derive(Debug, Clone)]
struct Entry {
    /// Index into the owner's `examples` or `counter_examples`.
    index: usize,
    /// The example itself says something is not done.
    negative: bool,
}

/// The examples of one owner: `entries[start..counters]`, then its
/// counter-examples: `entries[counters..end]`.
#[derive(Debug, Clone)]
struct Group {
    owner: CueOwner,
    threshold: f32,
    start: usize,
    counters: usize,
    end: usize,
}

/// Every example of a rubric, embedded.
#[derive(Debug, Clone, Default)]
pub(crate) struct ExampleSet {
    dims: usize,
    vectors: Vec<f32>,
    entries: Vec<Entry>,
    groups: Vec<Group>,
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
    /// Embeds the examples of each owner.
    pub fn new<'a>(owners: impl IntoIterator<Item = (CueOwner, &'a Examples)>) -> Self {
        let model = StaticModel::builtin();
        let mut analyzer = Analyzer::new();
        let mut set = ExampleSet { dims: model.dims(), ..Self::default() };
        for (owner, examples) in owners {
            if examples.examples.is_empty() {
                continue;
            }
            let start = set.entries.len();
            let all = examples.examples.iter().map(|e| (e, false));
            let all = all.chain(examples.counter_examples.iter().map(|e| (e, true)));
            let mut positions = [0usize; 2];
            for (text, counter) in all {
                let index = positions[usize::from(counter)];
                positions[usize::from(counter)] += 1;
                let analysis = analyzer.analyze(text);
                let negative = analysis.tokens.iter().any(|t| t.is_negator);
                set.vectors.extend_from_slice(model.embed(text).values());
                set.entries.push(Entry { index, negative });
            }
            let threshold = examples.threshold as f32;
            let counters = start + examples.examples.len();
            set.groups.push(Group { owner, threshold, start, counters, end: set.entries.len() });
        }
        set
    }

    /// Whether the rubric has no examples at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every owner's best match in each sentence of `analysis`, in owner
    /// order then text order.
    pub fn find(&self, analysis: &Analysis) -> Vec<ExampleMatch> {
        if self.is_empty() || analysis.tokens.is_empty() {
            return Vec::new();
        }
        let (runs, units) = self.units(analysis);
        let similarities = self.similarities(&units, runs.len());
        let mut best: Vec<ExampleMatch> = Vec::new();
        for (r, &(start, end)) in runs.iter().enumerate() {
            let run = Run::of(analysis, start, end);
            let similarity = |entry: usize| similarities[entry * runs.len() + r];
            self.collect(similarity, &run, &mut best);
        }
        best.sort_by(|a, b| owner_key(a.owner).cmp(&owner_key(b.owner)).then(a.span.cmp(&b.span)));
        best
    }

    /// The runs of `analysis` compared with the examples, and their unit
    /// vectors (`dims` values each); runs with no known word piece are left
    /// out.
    fn units(&self, analysis: &Analysis) -> (Vec<(usize, usize)>, Vec<f32>) {
        let dims = self.dims;
        let prefix = prefix_sums(StaticModel::builtin(), analysis, dims);
        let mut runs = runs(analysis);
        let mut units = Vec::with_capacity(runs.len() * dims);
        runs.retain(|&(start, end)| {
            let (from, to) = (&prefix[start * dims..][..dims], &prefix[end * dims..][..dims]);
            let at = units.len();
            units.extend(from.iter().zip(to).map(|(a, b)| b - a));
            let unit = &mut units[at..];
            let norm = unit.iter().map(|v| v * v).sum::<f32>().sqrt();
            if norm == 0.0 {
                units.truncate(at);
                return false;
            }
            unit.iter_mut().for_each(|u| *u /= norm);
            true
        });
        (runs, units)
    }

    /// `similarities[entry * runs + run]`: one pass over the examples, each
    /// compared with every run while it is in cache.
    fn similarities(&self, units: &[f32], runs: usize) -> Vec<f32> {
        let mut similarities = vec![0f32; self.entries.len() * runs];
        if runs == 0 {
            return similarities;
        }
        let rows = self.vectors.chunks_exact(self.dims);
        for (row, out) in rows.zip(similarities.chunks_exact_mut(runs)) {
            for (unit, similarity) in units.chunks_exact(self.dims).zip(out) {
                *similarity = dot(row, unit);
            }
        }
        similarities
    }

    /// For each compared run of `analysis`, its `per_run` most similar
    /// examples (counter-examples left out), most similar first.
    pub fn nearest(&self, analysis: &Analysis, per_run: usize) -> Vec<NearestExamples> {
        if self.is_empty() || analysis.tokens.is_empty() {
            return Vec::new();
        }
        let (runs, units) = self.units(analysis);
        let similarities = self.similarities(&units, runs.len());
        let mut out = Vec::with_capacity(runs.len());
        for (r, &(start, end)) in runs.iter().enumerate() {
            let mut near: Vec<NearExample> = Vec::new();
            for group in &self.groups {
                for i in group.start..group.counters {
                    near.push(NearExample {
                        owner: group.owner,
                        example: self.entries[i].index,
                        similarity: f64::from(similarities[i * runs.len() + r]),
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

    /// Adds the run's match for each owner it earns, keeping one (the most
    /// similar) per owner and sentence.
    fn collect(&self, similarity: impl Fn(usize) -> f32, run: &Run, best: &mut Vec<ExampleMatch>) {
        for group in &self.groups {
            let owner = group.owner;
            let mut top: Option<(f32, &Entry)> = None;
            for i in group.start..group.counters {
                let s = similarity(i);
                if top.is_none_or(|(t, _)| s > t) {
                    top = Some((s, &self.entries[i]));
                }
            }
            let Some((similarity_to_example, entry)) = top else { continue };
            if similarity_to_example < group.threshold
                || (group.counters..group.end).any(|i| similarity(i) >= similarity_to_example)
            {
                continue;
            }
            let candidate = ExampleMatch {
                owner,
                example: entry.index,
                span: run.span,
                sentence: run.sentence,
                similarity: f64::from((similarity_to_example * 1000.0).round() / 1000.0),
                negated: run.negated && !entry.negative,
            };
            match best.iter_mut().find(|m| m.owner == owner && m.sentence == run.sentence) {
                Some(kept) if better(&candidate, kept) => *kept = candidate,
                Some(_) => {}
                None => best.push(candidate),
            }
        }
    }
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

/// Lanes of [`dot`]: independent sums the compiler can keep in vector
/// registers.
const LANES: usize = 16;

/// The dot product of two equally long vectors, summed in [`LANES`]
/// independent lanes (so it vectorises) and then lane by lane: the same
/// order every time, so the same inputs give the same bits.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; LANES];
    let (a_chunks, b_chunks) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f32 = a_chunks.remainder().iter().zip(b_chunks.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for ((lane, x), y) in lanes.iter_mut().zip(x).zip(y) {
            *lane += x * y;
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// An unnegated match beats a negated one; then the more similar; then the
/// shorter span.
fn better(a: &ExampleMatch, b: &ExampleMatch) -> bool {
    (!a.negated, a.similarity, std::cmp::Reverse(a.span.end - a.span.start))
        > (!b.negated, b.similarity, std::cmp::Reverse(b.span.end - b.span.start))
}

fn owner_key(owner: CueOwner) -> (u8, usize) {
    match owner {
        CueOwner::Concept(i) => (0, i),
        CueOwner::RedFlag(i) => (1, i),
    }
}

/// `prefix[i * dims..]` is the sum of the vectors of tokens before `i`.
fn prefix_sums(model: &StaticModel, analysis: &Analysis, dims: usize) -> Vec<f32> {
    let mut prefix = vec![0f32; (analysis.tokens.len() + 1) * dims];
    let mut ids = Vec::new();
    for (i, token) in analysis.tokens.iter().enumerate() {
        let (done, next) = prefix.split_at_mut((i + 1) * dims);
        let row = &mut next[..dims];
        row.copy_from_slice(&done[i * dims..]);
        ids.clear();
        ids.extend(model.word_piece_ids(token.word()));
        for &id in &ids {
            model.add_row(id, row);
        }
    }
    prefix
}

/// Token ranges compared with the examples: each clause, each two
/// neighbouring clauses in one sentence, each sentence (none longer than
/// [`MAX_RUN_TOKENS`], none twice).
fn runs(analysis: &Analysis) -> Vec<(usize, usize)> {
    let tokens = &analysis.tokens;
    let mut clauses: Vec<(usize, usize)> = Vec::new();
    let mut sentences: Vec<(usize, usize)> = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        match clauses.last_mut() {
            Some(last) if tokens[last.0].clause == token.clause => last.1 = i + 1,
            _ => clauses.push((i, i + 1)),
        }
        match sentences.last_mut() {
            Some(last) if tokens[last.0].sentence == token.sentence => last.1 = i + 1,
            _ => sentences.push((i, i + 1)),
        }
    }
    let mut out = clauses.clone();
    for pair in clauses.windows(2) {
        if tokens[pair[0].0].sentence == tokens[pair[1].0].sentence {
            out.push((pair[0].0, pair[1].1));
        }
    }
    out.extend(sentences);
    out.retain(|(start, end)| end - start <= MAX_RUN_TOKENS);
    out.sort_unstable();
    out.dedup();
    out
}
