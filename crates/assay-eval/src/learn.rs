//! Learning a rubric from scored answers: mined cues, their weights and the
//! level thresholds, chosen for the metric a trainer names.
//!
//! 1. **Candidates.** Every run of one to three words inside a sentence
//!    (stems, stop words and the question mark `?` included, negated words
//!    left out), and every run of one or two words that opens a sentence
//!    (written with `^`), used by at least [`LearnOptions::min_support`]
//!    answers; where a sample has a context, also each such run with the
//!    words it shares with the context written `@context`. Each becomes a
//!    cue and is matched by assay's own cue matcher,
//!    so what is learned is what assay will find.
//! 2. **Fit**, inside each cross-validation fold on its training part only:
//!    the candidates most correlated with the level are kept, a linear model
//!    is fitted (a logistic regression; for more than two levels one per
//!    level boundary, on "at or above it", their weights summed), the
//!    strongest [`LearnOptions::max_cues`] are kept and it is refitted.
//!    Weights are rounded to whole points from 1 to [`WEIGHT_STEPS`].
//! 3. **Thresholds, regularisation and the number of cues** (a quarter, half
//!    or all of [`LearnOptions::max_cues`]) are chosen on the out-of-fold
//!    scores to maximise the metric; then the model is fitted on all answers
//!    and the level thresholds placed on its scores of them. A threshold may
//!    fall between any two neighbouring distinct scores, so a level held by
//!    a few answers (3% of EPITOME explorations are weak ones) can get a
//!    band of its own.
//!
//! The result ([`Learned`]) is what a rubric holds: cues grouped by weight
//! into concepts (a concept of `n` cues of weight `w` has weight `n * w` and
//! saturation `n`, so each cue adds `w`), cues with negative weight as red
//! flags with a penalty, and level `min`s. [`Learned::question_toml`] writes
//! it as a question file. Nothing here reads files or prints.

use std::collections::{BTreeMap, HashMap};

use assay_score::cue::CONTEXT_WORD;
use assay_score::{Cue, CueSet};
use assay_text::{Analysis, Analyzer};

use crate::folds::mix64;

/// Largest whole-point weight a learned cue can get.
pub const WEIGHT_STEPS: f64 = 8.0;

/// L2 strengths tried by cross-validation.
const L2_GRID: [f64; 6] = [0.3, 1.0, 3.0, 10.0, 30.0, 100.0];
/// Gradient steps of one fit.
const ITERATIONS: usize = 300;
/// Most candidate cues matched exactly, the most frequent first.
const MAX_CANDIDATES: usize = 6000;
/// Candidates entering a fit, as a multiple of `max_cues`.
const SCREEN_FACTOR: usize = 3;

/// The metric learning aims at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Objective {
    /// F1 of the answers at the top level against the rest.
    F1,
    /// The mean F1 over the levels.
    MacroF1,
    /// Quadratic weighted kappa on levels.
    Qwk,
    /// The F1 of each level weighted by how many answers are at it.
    WeightedF1,
}

impl Objective {
    /// The metric's value for `predicted` against `truth` (levels).
    #[must_use]
    pub fn measure(self, truth: &[usize], predicted: &[usize], levels: usize) -> f64 {
        match self {
            Objective::F1 => f1(truth, predicted, levels - 1),
            Objective::MacroF1 => {
                (0..levels).map(|l| f1(truth, predicted, l)).sum::<f64>() / levels as f64
            }
            Objective::WeightedF1 => {
                (0..levels)
                    .map(|l| {
                        f1(truth, predicted, l) * truth.iter().filter(|&&t| t == l).count() as f64
                    })
                    .sum::<f64>()
                    / truth.len().max(1) as f64
            }
            Objective::Qwk => crate::metrics::Confusion::new(
                levels,
                truth.iter().copied().zip(predicted.iter().copied()),
            )
            .quadratic_weighted_kappa()
            .unwrap_or(0.0),
        }
    }
}

/// F1 of level `level` against the rest (0 when it is never predicted or
/// never true).
fn f1(truth: &[usize], predicted: &[usize], level: usize) -> f64 {
    let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
    for (&t, &p) in truth.iter().zip(predicted) {
        match (t == level, p == level) {
            (true, true) => tp += 1.0,
            (false, true) => fp += 1.0,
            (true, false) => fn_ += 1.0,
            (false, false) => {}
        }
    }
    if tp == 0.0 {
        0.0
    } else {
        2.0 * tp / (2.0 * tp + fp + fn_)
    }
}

/// How to learn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LearnOptions {
    /// The metric thresholds and regularisation are chosen for.
    pub objective: Objective,
    /// Most cues in the learned rubric.
    pub max_cues: usize,
    /// Fewest answers a candidate cue must appear in.
    pub min_support: usize,
    /// Cross-validation folds.
    pub folds: usize,
}

impl Default for LearnOptions {
    fn default() -> Self {
        Self { objective: Objective::Qwk, max_cues: 150, min_support: 3, folds: 5 }
    }
}

/// One scored answer to learn from.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample<'a> {
    /// The answer.
    pub text: &'a str,
    /// Its level, from 0.
    pub level: usize,
    /// Answers with the same group stay in one fold (a conversation, a
    /// writer).
    pub group: u64,
    /// What the answer responds to, if known (the question, a post, the
    /// other person's last turn): candidate cues may then use `@context`.
    pub context: Option<&'a str>,
}

/// A learned cue.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnedCue {
    /// The cue as written in the rubric.
    pub source: String,
    /// Whole points it adds (negative: takes off).
    pub weight: i32,
    /// Training answers it fires in.
    pub support: usize,
    /// Mean level (from 0) of those answers.
    pub mean_level: f64,
}

/// A rubric learned from scored answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Learned {
    /// The cues, strongest first.
    pub cues: Vec<LearnedCue>,
    /// The `min` of each level above the first, on assay's 0-100 scale.
    pub level_mins: Vec<f64>,
    /// The chosen L2 strength.
    pub l2: f64,
    /// The objective on the out-of-fold predictions (what a new answer can
    /// expect, as far as the training data can tell).
    pub cross_validated: f64,
    /// Candidate cues considered.
    pub candidates: usize,
    /// Cross-validation folds used.
    pub folds: usize,
}

/// Why nothing could be learned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LearnError {
    /// Too few answers, or all at one level.
    #[error("learning needs answers at two levels or more, at least {needed} in all; got {got}")]
    TooFew {
        /// Answers needed.
        needed: usize,
        /// Answers given.
        got: usize,
    },
}

/// Learns a rubric for answers at `levels` levels.
///
/// # Errors
///
/// [`LearnError::TooFew`] with fewer than `2 * folds` answers or a single
/// level present.
pub fn learn(
    samples: &[Sample],
    levels: usize,
    options: &LearnOptions,
) -> Result<Learned, LearnError> {
    let needed = 2 * options.folds.max(2);
    let distinct = samples.iter().map(|s| s.level).collect::<std::collections::BTreeSet<_>>();
    if samples.len() < needed || distinct.len() < 2 || levels < 2 {
        return Err(LearnError::TooFew { needed, got: samples.len() });
    }
    let mut analyzer = Analyzer::new();
    let analyses: Vec<Analysis> = samples
        .iter()
        .map(|s| {
            let mut analysis = analyzer.analyze(s.text);
            if let Some(context) = s.context {
                analysis.mark_context(&analyzer.analyze(context));
            }
            analysis
        })
        .collect();
    let (sources, hits) = candidate_hits(&analyses, options.min_support, &mut analyzer);
    let truth: Vec<usize> = samples.iter().map(|s| s.level).collect();
    let folds = fold_of(samples, options.folds);

    let mut best: Option<(f64, (f64, usize))> = None;
    let caps = [options.max_cues / 4, options.max_cues / 2, options.max_cues];
    let mut caps: Vec<usize> =
        caps.into_iter().filter(|&c| c >= 5 || c == options.max_cues).collect();
    caps.dedup();
    for (l2, cap) in L2_GRID.into_iter().flat_map(|l2| caps.iter().map(move |&cap| (l2, cap))) {
        let mut out_of_fold = vec![0.0; samples.len()];
        for fold in 0..options.folds {
            let train: Vec<usize> = (0..samples.len()).filter(|&i| folds[i] != fold).collect();
            let model = fit(&hits, &truth, &train, levels, l2, cap, sources.len());
            for i in (0..samples.len()).filter(|&i| folds[i] == fold) {
                out_of_fold[i] = model.score(&hits[i]);
            }
        }
        let thresholds = choose_thresholds(&out_of_fold, &truth, levels, options.objective);
        let predicted: Vec<usize> = out_of_fold.iter().map(|&s| level_at(s, &thresholds)).collect();
        let value = options.objective.measure(&truth, &predicted, levels);
        if best.as_ref().is_none_or(|b| value > b.0) {
            best = Some((value, (l2, cap)));
        }
    }
    let (cross_validated, (l2, cap)) = best.expect("the grid is not empty");
    let all: Vec<usize> = (0..samples.len()).collect();
    let model = fit(&hits, &truth, &all, levels, l2, cap, sources.len());
    let fitted: Vec<f64> = hits.iter().map(|h| model.score(h)).collect();
    // The levels are placed on the final model's own scores of the
    // training answers (on held-out training answers this did better than
    // carrying the cross-validated boundaries over by quantile).
    let level_mins = choose_thresholds(&fitted, &truth, levels, options.objective);
    let level_mins = increasing(level_mins);

    let mut cues: Vec<LearnedCue> = model
        .points
        .iter()
        .filter(|(_, w)| *w != 0)
        .map(|&(c, weight)| {
            let firing: Vec<usize> =
                (0..samples.len()).filter(|&i| hits[i].contains(&(c as u32))).collect();
            let mean_level =
                firing.iter().map(|&i| truth[i] as f64).sum::<f64>() / firing.len().max(1) as f64;
            LearnedCue { source: sources[c].clone(), weight, support: firing.len(), mean_level }
        })
        .collect();
    cues.sort_by(|a, b| {
        b.weight.cmp(&a.weight).then(b.support.cmp(&a.support)).then(a.source.cmp(&b.source))
    });
    Ok(Learned {
        cues,
        level_mins,
        l2,
        cross_validated,
        candidates: sources.len(),
        folds: options.folds,
    })
}

/// The candidate cues of `analyses` (sources) and, per answer, the sorted
/// indices of those that fire unnegated in it.
fn candidate_hits(
    analyses: &[Analysis],
    min_support: usize,
    analyzer: &mut Analyzer,
) -> (Vec<String>, Vec<Vec<u32>>) {
    let mut support: HashMap<String, usize> = HashMap::new();
    for analysis in analyses {
        let mut seen: Vec<String> = phrases(analysis);
        seen.sort_unstable();
        seen.dedup();
        for phrase in seen {
            *support.entry(phrase).or_default() += 1;
        }
    }
    let mut frequent: Vec<(String, usize)> =
        support.into_iter().filter(|&(_, n)| n >= min_support).collect();
    frequent.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    frequent.truncate(MAX_CANDIDATES);
    let mut set = CueSet::new();
    let mut sources = Vec::new();
    for (source, _) in frequent {
        if let Ok(cue) = Cue::parse(&source, analyzer) {
            set.push(cue);
            sources.push(source);
        }
    }
    let hits: Vec<Vec<u32>> = analyses
        .iter()
        .map(|analysis| {
            let mut fired: Vec<u32> = set
                .find(analysis)
                .into_iter()
                .filter(|m| !m.negated)
                .map(|m| m.cue as u32)
                .collect();
            fired.sort_unstable();
            fired.dedup();
            fired
        })
        .collect();
    distinct(sources, &hits)
}

/// Keeps one cue per set of answers fired in (the one with the fewest
/// words, then the first), renumbering the hits: "sounds really hard" adds
/// nothing a model can use when "really hard" fires in the same answers.
fn distinct(sources: Vec<String>, hits: &[Vec<u32>]) -> (Vec<String>, Vec<Vec<u32>>) {
    let mut answers: Vec<Vec<u32>> = vec![Vec::new(); sources.len()];
    for (i, fired) in hits.iter().enumerate() {
        for &c in fired {
            answers[c as usize].push(i as u32);
        }
    }
    let length = |c: usize| sources[c].split_whitespace().count();
    let mut order: Vec<usize> = (0..sources.len()).collect();
    order.sort_by_key(|&c| (length(c), c));
    let mut seen: HashMap<&[u32], usize> = HashMap::new();
    let mut kept = vec![None; sources.len()];
    let mut kept_sources = Vec::new();
    for c in order {
        if answers[c].is_empty() || seen.contains_key(answers[c].as_slice()) {
            continue;
        }
        seen.insert(&answers[c], c);
        kept[c] = Some(kept_sources.len() as u32);
        kept_sources.push(sources[c].clone());
    }
    let hits = hits
        .iter()
        .map(|fired| {
            let mut renumbered: Vec<u32> = fired.iter().filter_map(|&c| kept[c as usize]).collect();
            renumbered.sort_unstable();
            renumbered
        })
        .collect();
    (kept_sources, hits)
}

/// The word runs of one answer that could become cues, written as cues.
fn phrases(analysis: &Analysis) -> Vec<String> {
    let tokens = &analysis.tokens;
    let mut out = Vec::new();
    for start in 0..tokens.len() {
        let opens = start == 0 || tokens[start - 1].sentence != tokens[start].sentence;
        let (mut words, mut shared): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
        for token in &tokens[start..tokens.len().min(start + 3)] {
            if token.sentence != tokens[start].sentence || token.is_negated() || token.is_negator {
                break;
            }
            words.push(token.word());
            shared.push(if token.in_context { CONTEXT_WORD } else { token.word() });
            let phrase = words.join(" ");
            if opens && words.len() <= 2 {
                out.push(format!("^ {phrase}"));
            }
            out.push(phrase);
            // The same run with the words it shares with the context
            // written `@context`: "so you feel @context".
            if shared != words {
                out.push(shared.join(" "));
            }
        }
    }
    out
}

/// Fold of each sample: groups shuffled by a fixed hash and dealt round
/// robin, so the folds are the same on every run.
fn fold_of(samples: &[Sample], folds: usize) -> Vec<usize> {
    let mut groups: Vec<u64> = samples.iter().map(|s| s.group).collect();
    groups.sort_unstable();
    groups.dedup();
    groups.sort_by_key(|&g| mix64(g));
    let fold: HashMap<u64, usize> =
        groups.iter().enumerate().map(|(i, &g)| (g, i % folds)).collect();
    samples.iter().map(|s| fold[&s.group]).collect()
}

/// A fitted model: whole-point weights per candidate and the 0-100 scale.
struct Model {
    /// `(candidate, points)`, points non-zero.
    points: Vec<(usize, i32)>,
    /// Sum of the positive points: what a score is a share of.
    total: f64,
}

impl Model {
    /// The score assay gives an answer with these cues: the points of the
    /// positive cues as a share of all positive points, less the negative
    /// ones, within 0-100.
    fn score(&self, hits: &[u32]) -> f64 {
        let earned: i32 = self
            .points
            .iter()
            .filter(|(c, _)| hits.binary_search(&(*c as u32)).is_ok())
            .map(|&(_, p)| p)
            .sum();
        (100.0 * f64::from(earned) / self.total).clamp(0.0, 100.0)
    }
}

/// Fits the model on the answers `rows`.
fn fit(
    hits: &[Vec<u32>],
    truth: &[usize],
    rows: &[usize],
    levels: usize,
    l2: f64,
    max_cues: usize,
    candidates: usize,
) -> Model {
    let screened = screen(hits, truth, rows, candidates, SCREEN_FACTOR * max_cues);
    let weights = regress(hits, truth, rows, levels, l2, &screened);
    let mut strongest: Vec<(usize, f64)> = screened.iter().copied().zip(weights).collect();
    strongest.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    strongest.truncate(max_cues);
    let kept: Vec<usize> = strongest.iter().map(|&(c, _)| c).collect();
    let weights = regress(hits, truth, rows, levels, l2, &kept);
    let largest = weights.iter().fold(0.0f64, |m, w| m.max(w.abs()));
    let points: Vec<(usize, i32)> = if largest == 0.0 {
        Vec::new()
    } else {
        kept.iter()
            .zip(&weights)
            .map(|(&c, &w)| (c, (w / largest * WEIGHT_STEPS).round() as i32))
            .filter(|&(_, p)| p != 0)
            .collect()
    };
    let total = f64::from(points.iter().map(|&(_, p)| p.max(0)).sum::<i32>()).max(1.0);
    let mut points = points;
    points.sort_unstable();
    Model { points, total }
}

/// The `keep` candidates whose presence correlates most (in absolute
/// value) with the level over `rows`.
fn screen(
    hits: &[Vec<u32>],
    truth: &[usize],
    rows: &[usize],
    candidates: usize,
    keep: usize,
) -> Vec<usize> {
    let n = rows.len() as f64;
    let mean = rows.iter().map(|&i| truth[i] as f64).sum::<f64>() / n;
    let var = rows.iter().map(|&i| (truth[i] as f64 - mean).powi(2)).sum::<f64>() / n;
    let mut count = vec![0.0f64; candidates];
    let mut sum = vec![0.0f64; candidates];
    for &i in rows {
        for &c in &hits[i] {
            count[c as usize] += 1.0;
            sum[c as usize] += truth[i] as f64;
        }
    }
    let mut scored: Vec<(usize, f64)> = (0..candidates)
        .filter(|&c| count[c] >= 2.0 && count[c] < n)
        .map(|c| {
            let p = count[c] / n;
            let inside = sum[c] / count[c];
            // Point-biserial correlation of presence with the level.
            let r = (inside - mean) * (p / (1.0 - p)).sqrt() / var.sqrt().max(1e-9);
            (c, r.abs())
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.truncate(keep);
    let mut kept: Vec<usize> = scored.into_iter().map(|(c, _)| c).collect();
    kept.sort_unstable();
    kept
}

/// Weights of the candidates `features` (same order) for the answers
/// `rows`: for each level boundary, a logistic regression on "at or above
/// it", summed (a cumulative-logit model reduced to one score; one
/// regression for two levels); L2 penalty `l2`.
fn regress(
    hits: &[Vec<u32>],
    truth: &[usize],
    rows: &[usize],
    levels: usize,
    l2: f64,
    features: &[usize],
) -> Vec<f64> {
    let index: HashMap<u32, usize> =
        features.iter().enumerate().map(|(j, &c)| (c as u32, j)).collect();
    let rows_features: Vec<Vec<usize>> = rows
        .iter()
        .map(|&i| hits[i].iter().filter_map(|c| index.get(c).copied()).collect())
        .collect();
    let mut weights = vec![0.0; features.len()];
    for boundary in 1..levels {
        let targets: Vec<f64> =
            rows.iter().map(|&i| f64::from(u8::from(truth[i] >= boundary))).collect();
        let fitted = logistic(&rows_features, &targets, features.len(), l2);
        weights.iter_mut().zip(fitted).for_each(|(w, f)| *w += f);
    }
    weights
}

/// Logistic regression of `targets` (0 or 1) on binary features (the
/// active ones per row), L2 penalty `l2`: full-batch gradient steps with
/// Adam from a fixed start, so the same data give the same weights.
fn logistic(rows_features: &[Vec<usize>], targets: &[f64], k: usize, l2: f64) -> Vec<f64> {
    let n = rows_features.len() as f64;
    let mut w = vec![0.0f64; k + 1];
    let share = (targets.iter().sum::<f64>() / n).clamp(1e-3, 1.0 - 1e-3);
    w[k] = (share / (1.0 - share)).ln();
    let (mut m, mut v) = (vec![0.0f64; k + 1], vec![0.0f64; k + 1]);
    let (beta1, beta2, rate) = (0.9f64, 0.999f64, 0.05f64);
    let mut grad = vec![0.0f64; k + 1];
    for step in 1..=ITERATIONS {
        grad.iter_mut().for_each(|g| *g = 0.0);
        for (active, &y) in rows_features.iter().zip(targets) {
            let z = w[k] + active.iter().map(|&j| w[j]).sum::<f64>();
            let prediction = 1.0 / (1.0 + (-z).exp());
            let error = prediction - y;
            for &j in active {
                grad[j] += error;
            }
            grad[k] += error;
        }
        for j in 0..=k {
            grad[j] /= n;
            if j < k {
                grad[j] += l2 * w[j] / n;
            }
            m[j] = beta1 * m[j] + (1.0 - beta1) * grad[j];
            v[j] = beta2 * v[j] + (1.0 - beta2) * grad[j] * grad[j];
            let m_hat = m[j] / (1.0 - beta1.powi(step as i32));
            let v_hat = v[j] / (1.0 - beta2.powi(step as i32));
            w[j] -= rate * m_hat / (v_hat.sqrt() + 1e-8);
        }
    }
    w.truncate(k);
    w
}

/// Level boundaries on `scores` that maximise `objective`, lowest first:
/// each boundary in turn over the midpoints between neighbouring distinct
/// scores, the others held, two passes.
fn choose_thresholds(
    scores: &[f64],
    truth: &[usize],
    levels: usize,
    objective: Objective,
) -> Vec<f64> {
    let mut sorted = scores.to_vec();
    sorted.sort_by(f64::total_cmp);
    // A boundary sits halfway between two neighbouring distinct scores, so
    // rounding it to two decimals moves no answer across it.
    let above = |s: f64| {
        let next = sorted.iter().copied().find(|&v| v > s).unwrap_or(s + 1.0);
        (s + next) / 2.0
    };
    let candidates = midpoints(&sorted);
    // Start from the share of answers at each level.
    let mut thresholds: Vec<f64> = (1..levels)
        .map(|l| {
            let below = truth.iter().filter(|&&t| t < l).count() as f64 / truth.len() as f64;
            above(quantile(scores, below))
        })
        .collect();
    let measure = |t: &[f64]| {
        let predicted: Vec<usize> = scores.iter().map(|&s| level_at(s, t)).collect();
        objective.measure(truth, &predicted, levels)
    };
    for _ in 0..2 {
        for b in 0..thresholds.len() {
            let mut best = (measure(&thresholds), thresholds[b]);
            for &c in &candidates {
                let low = if b == 0 { f64::MIN } else { thresholds[b - 1] };
                let high = thresholds.get(b + 1).copied().unwrap_or(f64::MAX);
                if c <= low || c >= high {
                    continue;
                }
                let mut trial = thresholds.clone();
                trial[b] = c;
                let value = measure(&trial);
                if value > best.0 {
                    best = (value, c);
                }
            }
            thresholds[b] = best.1;
        }
    }
    thresholds
}

/// The midpoints between neighbouring distinct values of `sorted`.
fn midpoints(sorted: &[f64]) -> Vec<f64> {
    let mut distinct = sorted.to_vec();
    distinct.dedup();
    distinct.windows(2).map(|pair| (pair[0] + pair[1]) / 2.0).collect()
}

/// The level a score falls in, given ascending boundaries.
fn level_at(score: f64, thresholds: &[f64]) -> usize {
    thresholds.iter().take_while(|&&t| score >= t).count()
}

/// The value with a share `q` of `scores` below it.
fn quantile(scores: &[f64], q: f64) -> f64 {
    let mut sorted = scores.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = ((q * sorted.len() as f64).ceil() as usize).min(sorted.len() - 1);
    sorted[at]
}

/// Level `min`s rounded down to two decimals and made strictly increasing.
fn increasing(mins: Vec<f64>) -> Vec<f64> {
    let mut out: Vec<f64> = Vec::with_capacity(mins.len());
    for m in mins {
        let m = (m * 100.0).floor() / 100.0;
        let floor = out.last().map_or(0.0, |l| l + 0.01);
        out.push(m.max(floor).clamp(0.01, 100.0));
    }
    out
}

/// The red-flag penalty of a cue of negative `weight` when the positive
/// cues total `total` points: its share of them on the 0-100 scale, to two
/// decimals, within what a rubric accepts (above 0, at most 100; a score
/// cannot go below 0, so a larger penalty would take off no more).
fn penalty(weight: i32, total: i32) -> f64 {
    let share = (10_000.0 * f64::from(-weight) / f64::from(total.max(1))).round() / 100.0;
    share.clamp(0.01, 100.0)
}

/// What a learned question file says besides its cues.
#[derive(Debug, Clone, PartialEq)]
pub struct QuestionText<'a> {
    /// Question id.
    pub id: &'a str,
    /// The question, as shown to candidates.
    pub question: &'a str,
    /// Where the question comes from (free text).
    pub source: &'a str,
    /// Level names, lowest first.
    pub levels: &'a [String],
}

impl Learned {
    /// The learned rubric as a question file.
    #[must_use]
    pub fn question_toml(&self, question: &QuestionText) -> String {
        let q = |s: &str| toml_edit::Value::from(s).to_string().trim().to_owned();
        let mut out = String::new();
        out.push_str(&format!(
            "# Learned by `assay learn` from scored answers: {} cues, chosen by {}-fold\n# cross-validation (L2 {}); a candidate cue is any run of one to three words\n# in the training answers. Each cue's comment: the training answers it fires\n# in, and their mean level (0 = {}).\n",
            self.cues.len(),
            self.folds,
            self.l2,
            question.levels.first().map_or("lowest", String::as_str)
        ));
        out.push_str(&format!(
            "id = {}\nquestion = {}\nsource = {}\ndetail-words = 0\n",
            q(question.id),
            q(question.question),
            q(question.source)
        ));
        let mut by_weight: BTreeMap<std::cmp::Reverse<i32>, Vec<&LearnedCue>> = BTreeMap::new();
        for cue in self.cues.iter().filter(|c| c.weight > 0) {
            by_weight.entry(std::cmp::Reverse(cue.weight)).or_default().push(cue);
        }
        for (std::cmp::Reverse(weight), cues) in &by_weight {
            out.push_str(&format!(
                "\n[[concepts]]\nid = \"learned-weight-{weight}\"\nname = {}\nweight = {}\nsaturation = {}\ncues = [\n",
                q(&format!("Phrases worth {weight} point{} each", if *weight == 1 { "" } else { "s" })),
                weight * cues.len() as i32,
                cues.len()
            ));
            for cue in cues {
                out.push_str(&format!(
                    "  {}, # in {} answers, mean level {:.2}\n",
                    q(&cue.source),
                    cue.support,
                    cue.mean_level
                ));
            }
            out.push_str(&format!(
                "]\nguidance = {}\npraise = {}\n",
                q("Answers scored higher often use phrases like these."),
                q("You used phrasing that higher-scored answers use.")
            ));
        }
        let total: i32 = self.cues.iter().map(|c| c.weight.max(0)).sum();
        for (i, cue) in self.cues.iter().filter(|c| c.weight < 0).enumerate() {
            let penalty = penalty(cue.weight, total);
            out.push_str(&format!(
                "\n[[red-flags]]\nid = \"learned-minus-{}\"\nname = {}\ncues = [{}] # in {} answers, mean level {:.2}\npenalty = {penalty}\nwarning = {}\n",
                i + 1,
                q(&format!("Phrase worth -{} points", -cue.weight)),
                q(&cue.source),
                cue.support,
                cue.mean_level,
                q("Answers scored lower often use this phrase.")
            ));
        }
        for (i, name) in question.levels.iter().enumerate() {
            let min = if i == 0 { 0.0 } else { self.level_mins[i - 1] };
            out.push_str(&format!("\n[[levels]]\nname = {}\nmin = {min}\n", q(name)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(texts: &[(&'static str, usize)]) -> Vec<Sample<'static>> {
        texts
            .iter()
            .enumerate()
            .map(|(i, &(text, level))| Sample { text, level, group: i as u64, context: None })
            .collect()
    }

    #[test]
    fn a_phrase_that_marks_the_top_level_is_learned_with_a_positive_weight() {
        let mut texts = Vec::new();
        for _ in 0..12 {
            texts.push(("How are you feeling about it?", 1));
            texts.push(("That is a shame. Good luck.", 0));
            texts.push(("What happened next?", 1));
            texts.push(("I had the same thing happen.", 0));
        }
        let options =
            LearnOptions { objective: Objective::F1, max_cues: 10, min_support: 3, folds: 4 };
        let learned = learn(&samples(&texts), 2, &options).unwrap();
        let question = learned.cues.iter().find(|c| c.source == "?").expect("`?` is learned");
        assert!(question.weight > 0);
        assert!((learned.cross_validated - 1.0).abs() < 1e-9, "{}", learned.cross_validated);
    }

    #[test]
    fn with_a_context_echoing_it_can_be_learned() {
        let contexts = ["my sister moved away", "work has been stressful", "I sleep badly"];
        let mut samples = Vec::new();
        for i in 0..48 {
            let context = contexts[i % 3];
            // Level 1 answers take up a word of what was said; level 0 ones
            // say something general, with the same words in other turns.
            let text = match (i % 2, i % 3) {
                (1, 0) => "So your sister moving hit hard.",
                (1, 1) => "So work feels stressful lately.",
                (1, _) => "So you sleep badly these days.",
                (_, 0) => "So work can be a lot.",
                (_, 1) => "So sleep matters a lot.",
                _ => "So a sister can help a lot.",
            };
            samples.push(Sample { text, level: i % 2, group: i as u64, context: Some(context) });
        }
        let options =
            LearnOptions { objective: Objective::F1, max_cues: 10, min_support: 3, folds: 4 };
        let learned = learn(&samples, 2, &options).unwrap();
        assert!(
            learned.cues.iter().any(|c| c.source.contains(CONTEXT_WORD) && c.weight > 0),
            "{:?}",
            learned.cues
        );
        assert!(learned.cross_validated > 0.9, "{}", learned.cross_validated);
    }

    #[test]
    fn too_few_answers_are_refused() {
        let texts = [("a b c", 0), ("d e f", 1)];
        assert!(matches!(
            learn(&samples(&texts), 2, &LearnOptions::default()),
            Err(LearnError::TooFew { .. })
        ));
    }

    #[test]
    fn a_level_held_by_one_answer_in_two_hundred_gets_its_own_band() {
        let scores: Vec<f64> = (0..200).map(f64::from).collect();
        let truth: Vec<usize> =
            (0..200).map(|i| usize::from(i >= 100) + usize::from(i > 100)).collect();
        let thresholds = choose_thresholds(&scores, &truth, 3, Objective::MacroF1);
        let predicted: Vec<usize> = scores.iter().map(|&s| level_at(s, &thresholds)).collect();
        assert_eq!(predicted, truth, "{thresholds:?}");
    }

    #[test]
    fn a_penalty_stays_within_what_a_rubric_accepts() {
        assert!((penalty(-8, 3) - 100.0).abs() < 1e-9);
        assert!((penalty(-1, 1_000_000) - 0.01).abs() < 1e-9);
        assert!((penalty(-2, 8) - 25.0).abs() < 1e-9);
    }

    #[test]
    fn objectives_measure_levels() {
        let truth = [0, 0, 1, 1];
        assert!((Objective::F1.measure(&truth, &[0, 1, 1, 1], 2) - 0.8).abs() < 1e-9);
        assert!((Objective::MacroF1.measure(&truth, &truth, 2) - 1.0).abs() < 1e-9);
        assert!((Objective::Qwk.measure(&truth, &truth, 2) - 1.0).abs() < 1e-9);
    }
}
