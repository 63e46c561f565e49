//! Scoring an answer against a rubric.

use assay_text::{Analysis, Analyzer, Span, Story};

use crate::concept_estimate::ConceptModel;
use crate::harm::harm_estimate_of;
use crate::ngram_models::{NgramHits, NgramModels};
use crate::ngram_tokens::{tokenize, Tokens};

use crate::cue_set::CueMatch;
use crate::detail::Detail;
use crate::exemplars::ExemplarEvidence;
use crate::rubric::{CueOwner, Rubric};
use crate::score::{
    Adjustment, ConceptScore, Evidence, Feedback, FeedbackKind, NextLevel, Reason, RedFlagHit,
    Review, Score,
};

/// The `about` of the feedback item that flags an off-topic answer.
pub const OFF_TOPIC: &str = "off-topic";

/// The `about` of the feedback item that flags an answer whose nearest
/// model answer is a harmful one.
pub const HARMFUL_EXEMPLAR: &str = "harmful-exemplar";

/// Share of the total weight from which a missing concept gets guidance even
/// when it is not required.
pub const GUIDANCE_WEIGHT_SHARE: f64 = 0.2;

/// How far below the top level's `min` a missing required concept holds the
/// total.
pub const REQUIRED_MARGIN: f64 = 1.0;

/// Scores answers. Holds an [`Analyzer`] (and its stem cache), so keep one
/// per thread and reuse it.
#[derive(Debug, Default)]
pub struct Scorer {
    analyzer: Analyzer,
}

impl Scorer {
    /// A scorer with a fresh analyzer.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Scores `answer` against `rubric`. Deterministic: the same answer and
    /// rubric always give the same score.
    pub fn score(&mut self, rubric: &Rubric, answer: &str) -> Score {
        let analysis = self.analyzer.analyze(answer);
        score_answer(rubric, answer, &analysis, None)
    }

    /// The example sentences nearest to each run of `answer` (see
    /// [`Rubric::nearest_examples`]).
    pub fn explain(
        &mut self,
        rubric: &Rubric,
        answer: &str,
        per_run: usize,
    ) -> Vec<crate::NearestExamples> {
        rubric.nearest_examples(&self.analyzer.analyze(answer), per_run)
    }

    /// Scores `answer` as a response to `context`, when there is one (the
    /// question asked, a post, the other person's last turn): cues with
    /// `@context` match the answer's content words that `context` also
    /// uses. Without a context it is [`Scorer::score`].
    pub fn score_in_context(
        &mut self,
        rubric: &Rubric,
        answer: &str,
        context: Option<&str>,
    ) -> Score {
        let analysis = self.analyze(answer, context);
        score_answer(rubric, answer, &analysis, None)
    }

    /// Scores `answer` (in `context`, if given) with what `exemplars`
    /// (typically an exemplar index) says about its analysis.
    pub fn score_with(
        &mut self,
        rubric: &Rubric,
        answer: &str,
        context: Option<&str>,
        exemplars: impl FnOnce(&Analysis) -> ExemplarEvidence,
    ) -> Score {
        let analysis = self.analyze(answer, context);
        let evidence = exemplars(&analysis);
        score_answer(rubric, answer, &analysis, Some(evidence))
    }

    /// The analysis of `answer`, with the words it shares with `context`
    /// marked.
    fn analyze(&mut self, answer: &str, context: Option<&str>) -> Analysis {
        let mut analysis = self.analyzer.analyze(answer);
        if let Some(context) = context {
            let context = self.analyzer.analyze(context);
            analysis.mark_context(&context);
        }
        analysis
    }
}

/// Scores `answer` (analysed as `analysis`) with the learned estimates:
/// the harm estimate, when the model covers the rubric's question and the
/// answer has words to score (it marks the answer for review and, when the
/// rubric has a red flag raised by it, raises that flag and confirms the
/// others), and the concept estimate, for the library concepts no cue or
/// example earned.
fn score_answer(
    rubric: &Rubric,
    answer: &str,
    analysis: &Analysis,
    exemplars: Option<ExemplarEvidence>,
) -> Score {
    let tokens = if analysis.is_empty() { None } else { Some(tokenize(answer)) };
    let hits = tokens.as_ref().map(|tokens| NgramModels::builtin().find(tokens));
    let read = tokens.as_ref().zip(hits.as_ref());
    let harm = read.and_then(|(tokens, hits)| harm_estimate_of(&rubric.id, tokens, &hits.harm));
    let mut score = score_with_estimates(rubric, analysis, exemplars, harm.as_ref(), read);
    score.harm = harm;
    score
}

/// What the evidence of a red flag raised by the harm estimate says in
/// place of a cue.
fn harm_evidence_note(probability: f64) -> String {
    format!("the learned harm estimate ({:.0}%) weighs this sentence most", probability * 100.0)
}

/// Applies the red flag the harm estimate raises (`harm_flag`: its index
/// and trigger) to the cue red flags' evidence (`raised`, one list per red
/// flag): below `confirm_at` every cue red flag's evidence moves to
/// `for_review`, where it caps nothing (unless the answer is too short for
/// the estimate to overrule cues, [`crate::HARM_CONFIRM_MIN_WORDS`]); at
/// `raise_at` or above, the flag is raised with the sentence that weighs
/// most towards harm.
fn apply_harm_estimate(
    analysis: &Analysis,
    harm: &crate::Harm,
    (flag, trigger): (usize, crate::HarmTrigger),
    raised: &mut [Vec<Evidence>],
    for_review: &mut [Vec<Evidence>],
) {
    if harm.probability < trigger.confirm_at && harm.can_overrule_cues() {
        for (evidence, listed) in raised.iter_mut().zip(for_review.iter_mut()) {
            listed.append(evidence);
        }
    }
    if harm.probability >= trigger.raise_at {
        let span = harm.sentence.unwrap_or_else(|| assay_text::Span {
            start: analysis.sentences.first().map_or(0, |s| s.start),
            end: analysis.sentences.last().map_or(0, |s| s.end),
        });
        raised[flag].push(Evidence {
            span,
            cue: harm_evidence_note(harm.probability),
            similarity: None,
            estimate: None,
            sentence: span,
            negated: false,
        });
    }
}

/// What evidence says in place of a cue when a `story = true` concept is
/// earned by a story of the candidate's own.
pub const STORY_EVIDENCE: &str = "a story of your own: what happened and what you did";

/// What evidence says in place of a cue when the learned concept estimate
/// credits a sentence (its probability is the evidence's `estimate`).
pub const CONCEPT_ESTIMATE_EVIDENCE: &str =
    "the learned concept estimate reads this sentence as showing it";

/// The sentence of `analysis` that holds `span`.
fn sentence_of(analysis: &Analysis, span: assay_text::Span) -> assay_text::Span {
    analysis
        .sentences
        .iter()
        .copied()
        .find(|s| s.start <= span.start && span.start < s.end.max(s.start + 1))
        .unwrap_or(span)
}

/// Scores an already analysed answer against `rubric`, blending in
/// `exemplars` when given, without the learned harm estimate (which reads
/// the answer's text): cue red flags cap as written and no red flag is
/// raised by the estimate. [`Scorer`] scores with it.
#[must_use]
pub fn score_analysis(
    rubric: &Rubric,
    analysis: &Analysis,
    exemplars: Option<ExemplarEvidence>,
) -> Score {
    score_with_estimates(rubric, analysis, exemplars, None, None)
}

/// [`score_analysis`], with the harm estimate applied to the rubric's red
/// flags when given (the score's `harm` is left for the caller to set), and
/// the concept estimate read from `read` (an answer's tokens and the known
/// n-grams in them) when given.
fn score_with_estimates(
    rubric: &Rubric,
    analysis: &Analysis,
    exemplars: Option<ExemplarEvidence>,
    harm: Option<&crate::Harm>,
    read: Option<(&Tokens, &NgramHits)>,
) -> Score {
    let mut concept_evidence = vec![Vec::new(); rubric.concepts.len()];
    let mut concept_cues = vec![Vec::new(); rubric.concepts.len()];
    let mut flag_evidence = vec![Vec::new(); rubric.red_flags.len()];
    for CueMatch { cue, span, negated, tokens } in rubric.cues.find(analysis) {
        let evidence = Evidence {
            span,
            cue: rubric.cues.cue(cue).source.clone(),
            similarity: None,
            estimate: None,
            sentence: analysis.sentences[analysis.tokens[tokens.0].sentence as usize],
            negated,
        };
        match rubric.owners[cue] {
            CueOwner::Concept(i) => {
                if !negated {
                    concept_cues[i].push(cue);
                }
                concept_evidence[i].push(evidence);
            }
            CueOwner::RedFlag(i) if !negated => flag_evidence[i].push(evidence),
            CueOwner::RedFlag(_) => {}
        }
    }
    for cues in &mut concept_cues {
        cues.sort_unstable();
        cues.dedup();
    }
    let mut concept_examples = vec![Vec::new(); rubric.concepts.len()];
    let mut resemble_evidence = vec![Vec::new(); rubric.red_flags.len()];
    for found in example_matches(rubric, analysis, &concept_cues, &flag_evidence) {
        let sentence = analysis.sentences[found.sentence as usize];
        let evidence = Evidence {
            span: found.span,
            cue: rubric.example(found.owner, found.example).to_owned(),
            similarity: Some(found.similarity),
            estimate: None,
            sentence,
            negated: found.negated,
        };
        match found.owner {
            CueOwner::Concept(i) => {
                if !found.negated {
                    concept_examples[i].push(found.example);
                }
                concept_evidence[i].push(evidence);
            }
            CueOwner::RedFlag(i) if !found.negated => resemble_evidence[i].push(evidence),
            CueOwner::RedFlag(_) => {}
        }
    }
    if let (Some(harm), Some(harm_flag)) = (harm, rubric.harm_red_flag()) {
        apply_harm_estimate(analysis, harm, harm_flag, &mut flag_evidence, &mut resemble_evidence);
    }
    let core_weight = rubric.core_weight();
    let story = std::cell::OnceCell::new();
    let reading = std::cell::OnceCell::new();
    // A sentence that raises a red flag earns no concept by the estimate.
    let flagged: Vec<Span> = flag_evidence.iter().flatten().map(|e| e.sentence).collect();
    let concepts: Vec<ConceptScore> = rubric
        .concepts
        .iter()
        .zip(&rubric.estimated)
        .zip(concept_evidence)
        .zip(concept_cues.into_iter().zip(concept_examples))
        .map(|(((concept, estimated), mut evidence), (cues, mut examples))| {
            examples.sort_unstable();
            examples.dedup();
            let mut shown = cues.len() + examples.len();
            // A told story saturates the concept before the estimate is asked.
            if concept.story && shown == 0 {
                let story = story.get_or_init(|| Story::find(analysis));
                if story.is_told() {
                    for span in [story.situation, story.action].into_iter().flatten() {
                        evidence.push(Evidence {
                            span,
                            cue: STORY_EVIDENCE.to_owned(),
                            similarity: None,
                            estimate: None,
                            sentence: sentence_of(analysis, span),
                            negated: false,
                        });
                    }
                    shown = concept.saturation as usize;
                }
            }
            if let (Some(k), Some((tokens, hits))) = (estimated, read) {
                if shown < concept.saturation as usize {
                    let model = ConceptModel::builtin();
                    let reading = reading.get_or_init(|| model.read(tokens, hits));
                    let eligible = |span| !flagged.contains(&sentence_of(analysis, span));
                    if let Some(found) = reading.best(model, *k, eligible) {
                        evidence.push(Evidence {
                            span: found.span,
                            cue: CONCEPT_ESTIMATE_EVIDENCE.to_owned(),
                            similarity: None,
                            estimate: Some(found.probability),
                            sentence: sentence_of(analysis, found.span),
                            negated: false,
                        });
                        shown += 1;
                    }
                }
            }
            evidence.sort_by_key(|e| e.span);
            let strength = (shown as f64 / f64::from(concept.saturation)).min(1.0);
            let points = if core_weight > 0.0 {
                round1(100.0 * concept.weight * strength / core_weight)
            } else {
                0.0
            };
            ConceptScore {
                points,
                id: concept.id.clone(),
                name: concept.name.clone(),
                weight: concept.weight,
                required: concept.required,
                bonus: concept.bonus,
                strength,
                evidence,
            }
        })
        .collect();
    let red_flags = flag_hits(rubric, flag_evidence, &[]);
    let resembles = flag_hits(rubric, resemble_evidence, &red_flags);
    let reason = analysis.is_empty().then_some(Reason::Empty);
    let detail = Detail::of(analysis, rubric.detail_words);
    let mut exemplars = exemplars;
    if let Some(evidence) = exemplars.as_mut() {
        // An answer that earns the second level on its own rubric answers
        // the question, however its wording compares with other questions.
        let second_level = rubric.levels.get(1).map_or(f64::INFINITY, |l| l.min);
        let own =
            Totalled { concepts: &concepts, lift: None, red_flags: &[], reason: None, detail };
        if concept_total(rubric, &own, |i| rubric.concepts[i].weight) >= second_level {
            evidence.off_topic = None;
        }
    }
    let estimate = exemplars.as_ref().and_then(|e| e.estimate.as_ref()).map(|e| e.score);
    let weights = |i: usize| rubric.concepts[i].weight;
    let top = (rubric.levels.len() > 1).then(|| rubric.levels[rubric.levels.len() - 1].min);
    let totalled =
        Totalled { concepts: &concepts, lift: None, red_flags: &red_flags, reason, detail };
    let (total, adjustments) = total(rubric, (weights, top), &totalled, estimate);
    let level = rubric.level_of(total).name.clone();
    let next_level = next_level(rubric, (weights, top), &totalled, estimate, total);
    let mut feedback = feedback(rubric, &concepts, &red_flags, reason);
    if let Some(off) = exemplars.as_ref().and_then(|e| e.off_topic.as_ref()) {
        feedback.insert(0, Feedback {
            kind: FeedbackKind::Warning,
            about: Some(OFF_TOPIC.to_owned()),
            message: format!(
                "This answer reads more like an answer to another question (`{}`) than to the one asked. Reread the question and answer it directly.",
                off.likely_question
            ),
        });
    }
    let review = exemplars
        .as_ref()
        .and_then(|e| e.neighbours.first())
        .filter(|n| n.harmful && n.similarity > 0.0)
        .map(|n| Review { exemplar: n.exemplar.clone(), similarity: n.similarity });
    if review.is_some() {
        feedback.insert(0, Feedback {
            kind: FeedbackKind::Warning,
            about: Some(HARMFUL_EXEMPLAR.to_owned()),
            message: "Of the model answers, this one is closest to an example of what not to do. Read the warnings above and check the answer keeps the person safe and in charge of their own choices.".to_owned(),
        });
    }
    Score {
        review,
        question: rubric.id.clone(),
        total,
        level,
        reason,
        concepts,
        red_flags,
        resembles,
        adjustments,
        levels: rubric.levels.clone(),
        next_level,
        feedback,
        detail,
        exemplars,
        harm: None,
    }
}

/// The semantic matcher's matches that may count, given the cue hits
/// (`concept_cues`: each concept's distinct unnegated cues, in order;
/// `flag_evidence`: each red flag's).
///
/// Examples fill what the cues leave: a concept its cues earn in full is
/// not compared. A sentence that raises a red flag earns no concept by
/// resemblance ("whatever they share stays between us" reads close to
/// examples of getting help). Red flags are compared only for
/// [`crate::RubricSet::with_red_flag_resemblance`].
fn example_matches(
    rubric: &Rubric,
    analysis: &Analysis,
    concept_cues: &[Vec<usize>],
    flag_evidence: &[Vec<Evidence>],
) -> Vec<crate::example_set::ExampleMatch> {
    let examples = rubric.example_set();
    let full = |i: usize| concept_cues[i].len() >= rubric.concepts[i].saturation as usize;
    let flagged: Vec<assay_text::Span> =
        flag_evidence.iter().flatten().map(|e| e.sentence).collect();
    let mut found = examples.find(analysis, |owner| match owner {
        CueOwner::Concept(i) => !full(i),
        CueOwner::RedFlag(i) => rubric.resemblance && flag_evidence[i].is_empty(),
    });
    found.retain(|m| {
        matches!(m.owner, CueOwner::RedFlag(_))
            || !flagged.contains(&analysis.sentences[m.sentence as usize])
    });
    found
}

/// The red flags with evidence, in rubric order, leaving out those already
/// in `raised`; each flag's evidence in text order.
fn flag_hits(
    rubric: &Rubric,
    evidence: Vec<Vec<Evidence>>,
    raised: &[RedFlagHit],
) -> Vec<RedFlagHit> {
    rubric
        .red_flags
        .iter()
        .zip(evidence)
        .filter(|(flag, evidence)| !evidence.is_empty() && !raised.iter().any(|r| r.id == flag.id))
        .map(|(flag, mut evidence)| {
            evidence.sort_by_key(|e| e.span);
            RedFlagHit {
                by_estimate: flag.harm.is_some(),
                id: flag.id.clone(),
                name: flag.name.clone(),
                cap: flag.cap,
                penalty: flag.penalty,
                evidence,
            }
        })
        .collect()
}

/// The level above `total` and the single missing concept that would
/// reach it: the required concept the level is held back for, else the
/// one whose points lift the total furthest. `weighting` and `totalled` are
/// what `total` was made from.
fn next_level(
    rubric: &Rubric,
    weighting: (impl Fn(usize) -> f64 + Copy, Option<f64>),
    totalled: &Totalled<'_>,
    estimate: Option<f64>,
    total: f64,
) -> Option<NextLevel> {
    let next = rubric.levels.iter().find(|l| l.min > total)?;
    let concepts = totalled.concepts;
    let mut best: Option<(f64, bool, usize)> = None;
    for (i, concept) in concepts.iter().enumerate().filter(|(_, c)| c.strength < 1.0) {
        let lifted = Totalled { lift: Some(i), ..*totalled };
        let (with, _) = self::total(rubric, weighting, &lifted, estimate);
        if with >= next.min {
            let candidate = (with, concept.required, i);
            let better =
                best.is_none_or(|(b, required, _)| (concept.required, with) > (required, b));
            if better {
                best = Some(candidate);
            }
        }
    }
    Some(NextLevel {
        level: next.name.clone(),
        min: next.min,
        gap: round1(next.min - total),
        concept: best.map(|(_, _, i)| concepts[i].id.clone()),
    })
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// What a total depends on besides the answer: concept weights and the
/// levels. [`Weighting::of`] reads them from a rubric; a tuner tries others
/// with [`retotal`] without matching the answer again.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Weighting {
    /// One weight per concept of the rubric, in rubric order.
    pub weights: Vec<f64>,
    /// The lowest total of each level, lowest level first.
    pub level_mins: Vec<f64>,
}

impl Weighting {
    /// The weights and levels `rubric` itself has.
    #[must_use]
    pub fn of(rubric: &Rubric) -> Self {
        Self {
            weights: rubric.concepts.iter().map(|c| c.weight).collect(),
            level_mins: rubric.levels.iter().map(|l| l.min).collect(),
        }
    }

    /// The index of the level `total` falls in.
    #[must_use]
    pub fn level_index(&self, total: f64) -> usize {
        self.level_mins.iter().rposition(|&min| total >= min).unwrap_or(0)
    }
}

/// The total `score` (made with `rubric`) would have had under `weighting`:
/// the same concept strengths, red flags and exemplar estimate, with other
/// concept weights and levels. With `Weighting::of(rubric)` it is
/// `score.total`.
#[must_use]
pub fn retotal(rubric: &Rubric, weighting: &Weighting, score: &Score) -> f64 {
    let estimate = score.exemplars.as_ref().and_then(|e| e.estimate.as_ref()).map(|e| e.score);
    let weights = |i: usize| weighting.weights[i];
    let mins = &weighting.level_mins;
    let top = (mins.len() > 1).then(|| mins[mins.len() - 1]);
    let totalled = Totalled {
        concepts: &score.concepts,
        lift: None,
        red_flags: &score.red_flags,
        reason: score.reason,
        detail: score.detail,
    };
    total(rubric, (weights, top), &totalled, estimate).0
}

/// What a total is made from, besides the weighting: the concepts (with
/// `lift`, if set, counted as fully shown, to ask what it would add), the
/// red flags raised, and why the answer was not scored on its merits.
#[derive(Clone, Copy)]
struct Totalled<'a> {
    concepts: &'a [ConceptScore],
    lift: Option<usize>,
    red_flags: &'a [RedFlagHit],
    reason: Option<Reason>,
    detail: Detail,
}

impl Totalled<'_> {
    fn strength(&self, i: usize) -> f64 {
        if self.lift == Some(i) {
            1.0
        } else {
            self.concepts[i].strength
        }
    }
}

/// The total and how it was limited. `weighting` gives the weight of each
/// concept and the top level's `min` (`None` when there is one level).
fn total(
    rubric: &Rubric,
    weighting: (impl Fn(usize) -> f64, Option<f64>),
    totalled: &Totalled<'_>,
    exemplar_estimate: Option<f64>,
) -> (f64, Vec<Adjustment>) {
    if totalled.reason.is_some() {
        return (0.0, Vec::new());
    }
    let (weight, top) = weighting;
    let mut total = concept_total(rubric, totalled, weight);
    let mut adjustments = Vec::new();
    if totalled.detail.factor != 1.0 {
        let Detail { words, full_words, factor } = totalled.detail;
        adjustments.push(Adjustment::Detail { words, full_words, factor });
    }
    if let Some(estimate) = exemplar_estimate.filter(|_| rubric.exemplar_weight > 0.0) {
        let w = rubric.exemplar_weight;
        total = (1.0 - w) * total + w * estimate;
        adjustments.push(Adjustment::ExemplarBlend { weight: w, estimate });
    }
    if let Some(top) = top {
        let cap = (top - REQUIRED_MARGIN).max(0.0);
        for (i, concept) in totalled.concepts.iter().enumerate() {
            if concept.required && totalled.strength(i) <= 0.0 {
                adjustments.push(Adjustment::RequiredMissing { concept: concept.id.clone(), cap });
                total = total.min(cap);
            }
        }
    }
    for flag in totalled.red_flags {
        if let Some(penalty) = flag.penalty {
            adjustments.push(Adjustment::RedFlagPenalty { red_flag: flag.id.clone(), penalty });
            total -= penalty;
        }
    }
    for flag in totalled.red_flags {
        if let Some(cap) = flag.cap {
            adjustments.push(Adjustment::RedFlagCap { red_flag: flag.id.clone(), cap });
            total = total.min(cap);
        }
    }
    (round1(total.clamp(0.0, 100.0)), adjustments)
}

/// The weight earned by every concept, core and bonus, as a share of the
/// core concepts' weight, from 0 to 100, with the weight of the concept at
/// each index given by `weight`. Bonus concepts fill gaps left by core ones;
/// they never count against an answer.
/// The concept points times the detail factor, at most 100: a factor below
/// 1 shrinks every concept's points; one above 1 lifts only the points of
/// the question's own concepts, so a developed answer to another question,
/// which earns the general library concepts, is not lifted with it.
fn concept_total(rubric: &Rubric, totalled: &Totalled<'_>, weight: impl Fn(usize) -> f64) -> f64 {
    let concepts = totalled.concepts;
    let core_weight: f64 =
        concepts.iter().enumerate().filter(|(_, c)| !c.bonus).map(|(i, _)| weight(i)).sum();
    let factor = totalled.detail.factor;
    let earned: f64 = (0..concepts.len())
        .map(|i| {
            let lift = if rubric.concepts[i].from_library { factor.min(1.0) } else { factor };
            weight(i) * totalled.strength(i) * lift
        })
        .sum();
    if core_weight > 0.0 {
        (100.0 * earned / core_weight).min(100.0)
    } else {
        0.0
    }
}

fn feedback(
    rubric: &Rubric,
    concepts: &[ConceptScore],
    red_flags: &[RedFlagHit],
    reason: Option<Reason>,
) -> Vec<Feedback> {
    let mut out = Vec::new();
    if reason == Some(Reason::Empty) {
        out.push(Feedback {
            kind: FeedbackKind::Guidance,
            about: None,
            message: "The answer is empty. Write out what you would do and why.".to_owned(),
        });
    }
    for hit in red_flags {
        let flag = rubric.red_flags.iter().find(|f| f.id == hit.id);
        out.push(Feedback {
            kind: FeedbackKind::Warning,
            about: Some(hit.id.clone()),
            message: flag.map(|f| f.warning.clone()).unwrap_or_default(),
        });
    }
    let heavy = GUIDANCE_WEIGHT_SHARE * rubric.total_weight();
    for (concept, score) in rubric.concepts.iter().zip(concepts) {
        if !score.hit() && (concept.required || concept.weight >= heavy) {
            out.push(Feedback {
                kind: FeedbackKind::Guidance,
                about: Some(concept.id.clone()),
                message: concept.guidance.clone(),
            });
        }
    }
    for (concept, score) in rubric.concepts.iter().zip(concepts) {
        if score.hit() {
            out.push(Feedback {
                kind: FeedbackKind::Praise,
                about: Some(concept.id.clone()),
                message: concept.praise.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{RubricSet, SourceFile};

    fn rubric() -> RubricSet {
        let concept = |id: &str, cue: &str| {
            SourceFile::new(
                format!("concepts/{id}.toml"),
                format!(
                    "id = \"{id}\"\nname = \"{id}\"\nweight = 1\ncues = [\"{cue}\"]\nguidance = \"g\"\npraise = \"p\"\n"
                ),
            )
        };
        let question = SourceFile::new(
            "questions/q.toml",
            "id = \"q\"\nquestion = \"Q?\"\nsource = \"a.txt#1\"\ndetail-words = 0\n\
             [[concepts]]\nuse = \"listen\"\n[[concepts]]\nuse = \"refer\"\nrequired = true\n\
             [[levels]]\nname = \"low\"\nmin = 0\n[[levels]]\nname = \"high\"\nmin = 60\n",
        );
        RubricSet::load(&[concept("listen", "listen"), concept("refer", "refer")], &[question])
            .unwrap()
    }

    /// A question whose second concept is a bonus, and a red flag whose
    /// cue says it fires inside a negation too.
    fn bonus_rubric(bonus: &str) -> Result<RubricSet, crate::LoadErrors> {
        let concept = |id: &str, cue: &str| {
            SourceFile::new(
                format!("concepts/{id}.toml"),
                format!("id = \"{id}\"\nname = \"{id}\"\nweight = 1\ncues = [\"{cue}\"]\nguidance = \"g\"\npraise = \"p\"\n"),
            )
        };
        let question = SourceFile::new(
            "questions/q.toml",
            format!(
                "id = \"q\"\nquestion = \"Q?\"\nsource = \"a.txt#1\"\ndetail-words = 0\n\
                 [[concepts]]\nuse = \"listen\"\nweight = 3\n[[concepts]]\nuse = \"story\"\n{bonus}\n\
                 [[red-flags]]\nid = \"fuss\"\nname = \"Plays it down\"\ncues = [\"~ make a fuss\"]\ncap = 15\nwarning = \"w\"\n\
                 [[levels]]\nname = \"low\"\nmin = 0\n[[levels]]\nname = \"high\"\nmin = 75\n"
            ),
        );
        RubricSet::load(&[concept("listen", "listen"), concept("story", "last year")], &[question])
    }

    #[test]
    fn one_statement_earns_a_concept_and_a_bonus_concept_only_adds() {
        let set = bonus_rubric("bonus = true").unwrap();
        let rubric = set.get("q").unwrap();
        // Core weight 3: one clear statement of it is full marks.
        assert_eq!(Scorer::new().score(rubric, "I listen.").total, 100.0);
        // The bonus alone fills a third of the core weight.
        let story = Scorer::new().score(rubric, "Last year a man came in.");
        assert_eq!(story.total, 33.3);
        assert_eq!(story.next_level.as_ref().unwrap().concept.as_deref(), Some("listen"));
        // Without `bonus`, leaving the story out costs a quarter.
        let set = bonus_rubric("").unwrap();
        assert_eq!(Scorer::new().score(set.get("q").unwrap(), "I listen.").total, 75.0);
    }

    #[test]
    fn a_concept_cannot_be_both_required_and_bonus() {
        let errors = bonus_rubric("bonus = true\nrequired = true").unwrap_err();
        assert!(
            errors.to_string().contains("both `required = true` and `bonus = true`"),
            "{errors}"
        );
    }

    #[test]
    fn a_tilde_cue_fires_inside_a_negation() {
        let set = bonus_rubric("bonus = true").unwrap();
        let rubric = set.get("q").unwrap();
        let score = Scorer::new().score(rubric, "I listen, but I wouldn't want to make a fuss.");
        assert_eq!(score.red_flags.len(), 1, "{score:?}");
        assert_eq!(score.total, 15.0);
        // An ordinary cue is switched off by the same negation.
        let score = Scorer::new().score(rubric, "I wouldn't listen.");
        assert_eq!(score.total, 0.0);
    }

    #[test]
    fn retotal_with_the_rubric_own_weighting_gives_the_score_total() {
        let set = rubric();
        let rubric = set.get("q").unwrap();
        for answer in ["I listen.", "I listen and refer.", "I refer.", ""] {
            let score = Scorer::new().score(rubric, answer);
            assert_eq!(retotal(rubric, &Weighting::of(rubric), &score), score.total, "{answer}");
        }
    }

    #[test]
    fn retotal_applies_other_weights_and_the_new_top_level() {
        let set = rubric();
        let rubric = set.get("q").unwrap();
        let score = Scorer::new().score(rubric, "I listen.");
        assert_eq!(score.total, 50.0);
        let heavier = Weighting { weights: vec![3.0, 1.0], level_mins: vec![0.0, 60.0] };
        // 75 from the weights, held below the top level because `refer` is required.
        assert_eq!(retotal(rubric, &heavier, &score), 59.0);
        let higher_top = Weighting { weights: vec![3.0, 1.0], level_mins: vec![0.0, 90.0] };
        assert_eq!(retotal(rubric, &higher_top, &score), 75.0);
        assert_eq!(higher_top.level_index(75.0), 0);
        assert_eq!(higher_top.level_index(90.0), 1);
    }
}
