//! `assay eval`: how far assay agrees with human raters.
//!
//! Human-machine figures compare assay with the **consensus** of an
//! answer's raters (the mean of their scores; with one rater, that rater).
//! Human levels come from the human score through the question's rubric
//! levels. Human-human figures compare every pair of ratings of the same
//! answer; the readiness verdict sets them against human-machine kappa on
//! the same answers, so the ceiling and the machine are measured alike.

use std::collections::BTreeMap;

use assay_score::{ExemplarEvidence, Rubric, RubricSet, Score, Scorer};
use assay_text::Analysis;

use serde::Serialize;

use crate::agreement::{Agreement, Pair};
use crate::labels::{LabelSet, LabelledAnswer};
use crate::verdict::Verdict;

/// An answer scored by assay next to its human scores.
#[derive(Debug, Clone)]
pub struct Judged<'a> {
    /// The labelled answer.
    pub label: &'a LabelledAnswer,
    /// assay's score.
    pub score: Score,
}

/// What an exemplar index says about an analysed answer to a rubric's
/// question (the CLI passes its index's `evidence`).
pub type Exemplars<'e> = &'e dyn Fn(&Rubric, &Analysis) -> ExemplarEvidence;

/// Scores every labelled answer with the rubrics, in file order. A rubric
/// that blends exemplars into its total (`exemplar-weight`) is scored with
/// `exemplars`, so the total is the one `assay score` and `assay batch`
/// give; without `exemplars` such a rubric's totals leave the blend out.
#[must_use]
pub fn judge<'a>(
    rubrics: &RubricSet,
    labels: &'a LabelSet,
    exemplars: Option<Exemplars<'_>>,
) -> Vec<Judged<'a>> {
    let mut scorer = Scorer::new();
    labels
        .answers
        .iter()
        .map(|label| {
            let rubric = rubrics.get(&label.question).expect("labels are checked against rubrics");
            let context = label.context.as_deref();
            let score = match exemplars.filter(|_| rubric.blends_exemplars()) {
                Some(evidence) => {
                    scorer.score_with(rubric, &label.answer, context, |a| evidence(rubric, a))
                }
                None => scorer.score_in_context(rubric, &label.answer, context),
            };
            Judged { label, score }
        })
        .collect()
}

/// The human-machine pair of one answer: assay's total under the rubric,
/// levels from the rubric's levels.
#[must_use]
pub fn pair(rubrics: &RubricSet, judged: &Judged, machine: f64) -> Pair {
    let rubric = rubrics.get(&judged.label.question).expect("checked");
    let level = |total: f64| rubric.levels.iter().rposition(|l| total >= l.min).unwrap_or(0);
    let human = judged.label.human_score();
    Pair { human, machine, human_level: level(human), machine_level: level(machine) }
}

/// Everything `assay eval` reports.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// Number of answers and of ratings.
    pub answers: usize,
    /// Number of ratings.
    pub ratings: usize,
    /// Level names of the first question (shared by all questions when
    /// `levels_shared`).
    pub level_names: Vec<String>,
    /// Whether every question has the same level names, so the overall
    /// confusion matrix reads as levels.
    pub levels_shared: bool,
    /// assay against the human consensus, all answers.
    pub overall: Agreement,
    /// The same, per question, in order of first appearance.
    pub questions: Vec<QuestionAgreement>,
    /// Human against human on answers with two or more ratings.
    pub human_human: Option<Agreement>,
    /// assay against the consensus on those same answers.
    pub machine_on_multi_rated: Option<Agreement>,
    /// Per labelled concept: detection against the raters' consensus.
    pub concepts: Vec<ConceptAgreement>,
    /// Deployment readiness.
    pub verdict: Verdict,
}

/// Agreement on one question.
#[derive(Debug, Clone, Serialize)]
pub struct QuestionAgreement {
    /// Question id.
    pub question: String,
    /// The agreement.
    pub agreement: Agreement,
}

/// How well assay finds one concept the raters labelled.
#[derive(Debug, Clone, Serialize)]
pub struct ConceptAgreement {
    /// Concept id.
    pub concept: String,
    /// Found by assay and by the raters.
    pub true_positives: usize,
    /// Found by assay only.
    pub false_positives: usize,
    /// Found by the raters only.
    pub false_negatives: usize,
    /// Found by neither.
    pub true_negatives: usize,
    /// Answers whose raters split evenly (left out).
    pub disputed: usize,
    /// Labelled answers to questions whose rubric lacks the concept (left out).
    pub not_in_rubric: usize,
    /// TP / (TP + FP).
    pub precision: Option<f64>,
    /// TP / (TP + FN).
    pub recall: Option<f64>,
    /// Harmonic mean of precision and recall.
    pub f1: Option<f64>,
    /// The answers behind each false positive.
    pub false_positive_cases: Vec<Case>,
    /// The answers behind each false negative.
    pub false_negative_cases: Vec<Case>,
    /// Each cue that counted in at least one judged answer, most often
    /// counted first: how far the raters agree with it.
    pub cues: Vec<CueAgreement>,
}

/// One cue of a concept against the raters' consensus on the concept.
#[derive(Debug, Clone, Serialize)]
pub struct CueAgreement {
    /// The cue as written.
    pub cue: String,
    /// Judged answers in which it counted (unnegated).
    pub fired: usize,
    /// Of those, the share the raters said show the concept.
    pub precision: f64,
    /// Of the answers the raters said show the concept, the share it
    /// counted in.
    pub recall: Option<f64>,
}

/// An answer where assay and the raters disagree on a concept.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    /// The answer's id.
    pub answer_id: String,
    /// The question.
    pub question: String,
    /// The answer text.
    pub answer: String,
    /// What fired for the concept: `(cue, matched text, negated)`.
    pub evidence: Vec<(String, String, bool)>,
}

/// Evaluates assay's `judged` scores against their labels.
#[must_use]
pub fn evaluate(rubrics: &RubricSet, labels: &LabelSet, judged: &[Judged]) -> EvalReport {
    let levels = level_count(rubrics, labels);
    let pairs: Vec<Pair> = judged.iter().map(|j| pair(rubrics, j, j.score.total)).collect();
    let questions = labels
        .questions()
        .into_iter()
        .map(|q| {
            let these: Vec<Pair> = judged
                .iter()
                .zip(&pairs)
                .filter(|(j, _)| j.label.question == q)
                .map(|(_, p)| *p)
                .collect();
            QuestionAgreement {
                question: q.to_owned(),
                agreement: Agreement::from_pairs(&these, levels),
            }
        })
        .collect();
    let overall = Agreement::from_pairs(&pairs, levels);
    let (human_human, machine_on_multi_rated) = human_ceiling(rubrics, judged, &pairs, levels);
    let verdict = Verdict::judge(
        overall.qwk,
        human_human.as_ref().and_then(|a| a.qwk),
        machine_on_multi_rated.as_ref().and_then(|a| a.qwk),
        overall.smd,
    );
    let first = rubrics.get(labels.answers.first().map_or("", |a| a.question.as_str()));
    let level_names: Vec<String> =
        first.map(|r| r.levels.iter().map(|l| l.name.clone()).collect()).unwrap_or_default();
    let levels_shared = labels.questions().iter().all(|q| {
        rubrics.get(q).is_some_and(|r| r.levels.iter().map(|l| &l.name).eq(level_names.iter()))
    });
    EvalReport {
        answers: labels.answers.len(),
        ratings: labels.answers.iter().map(|a| a.ratings.len()).sum(),
        level_names,
        levels_shared,
        overall,
        questions,
        human_human,
        machine_on_multi_rated,
        concepts: labels.labelled_concepts.iter().map(|c| concept_agreement(c, judged)).collect(),
        verdict,
    }
}

/// The most levels any labelled question has.
#[must_use]
pub fn level_count(rubrics: &RubricSet, labels: &LabelSet) -> usize {
    labels
        .questions()
        .iter()
        .filter_map(|q| rubrics.get(q))
        .map(|r| r.levels.len())
        .max()
        .unwrap_or(1)
}

fn human_ceiling(
    rubrics: &RubricSet,
    judged: &[Judged],
    pairs: &[Pair],
    levels: usize,
) -> (Option<Agreement>, Option<Agreement>) {
    let mut human = Vec::new();
    let mut machine = Vec::new();
    for (j, p) in judged.iter().zip(pairs) {
        let ratings = &j.label.ratings;
        if ratings.len() < 2 {
            continue;
        }
        machine.push(*p);
        let rubric = rubrics.get(&j.label.question).expect("checked");
        let level = |s: f64| rubric.levels.iter().rposition(|l| s >= l.min).unwrap_or(0);
        for (i, a) in ratings.iter().enumerate() {
            for b in &ratings[i + 1..] {
                human.push(Pair {
                    human: a.score,
                    machine: b.score,
                    human_level: level(a.score),
                    machine_level: level(b.score),
                });
            }
        }
    }
    if human.is_empty() {
        return (None, None);
    }
    (Some(Agreement::from_pairs(&human, levels)), Some(Agreement::from_pairs(&machine, levels)))
}

fn concept_agreement(concept: &str, judged: &[Judged]) -> ConceptAgreement {
    let mut out = ConceptAgreement {
        concept: concept.to_owned(),
        true_positives: 0,
        false_positives: 0,
        false_negatives: 0,
        true_negatives: 0,
        disputed: 0,
        not_in_rubric: 0,
        precision: None,
        recall: None,
        f1: None,
        false_positive_cases: Vec::new(),
        false_negative_cases: Vec::new(),
        cues: Vec::new(),
    };
    // Per cue: answers it counted in, and those the raters agreed with.
    let mut cues: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for j in judged {
        if !j.label.concept_judged(concept) {
            continue;
        }
        let Some(found) = j.score.concepts.iter().find(|c| c.id == concept) else {
            out.not_in_rubric += 1;
            continue;
        };
        let Some(human) = j.label.concept_label(concept) else {
            out.disputed += 1;
            continue;
        };
        let case = || Case {
            answer_id: j.label.id.clone(),
            question: j.label.question.clone(),
            answer: j.label.answer.clone(),
            evidence: found
                .evidence
                .iter()
                .map(|e| (e.cue.clone(), j.label.answer[e.span.range()].to_owned(), e.negated))
                .collect(),
        };
        let mut counted: Vec<&str> =
            found.evidence.iter().filter(|e| !e.negated).map(|e| e.cue.as_str()).collect();
        counted.sort_unstable();
        counted.dedup();
        for cue in counted {
            let entry = cues.entry(cue.to_owned()).or_default();
            entry.0 += 1;
            entry.1 += usize::from(human);
        }
        match (found.hit(), human) {
            (true, true) => out.true_positives += 1,
            (false, false) => out.true_negatives += 1,
            (true, false) => {
                out.false_positives += 1;
                out.false_positive_cases.push(case());
            }
            (false, true) => {
                out.false_negatives += 1;
                out.false_negative_cases.push(case());
            }
        }
    }
    let (tp, fp, fn_) =
        (out.true_positives as f64, out.false_positives as f64, out.false_negatives as f64);
    out.precision = (tp + fp > 0.0).then(|| tp / (tp + fp));
    out.recall = (tp + fn_ > 0.0).then(|| tp / (tp + fn_));
    out.f1 = out
        .precision
        .zip(out.recall)
        .and_then(|(p, r)| (p + r > 0.0).then(|| 2.0 * p * r / (p + r)));
    let positives = out.true_positives + out.false_negatives;
    out.cues = cues
        .into_iter()
        .map(|(cue, (fired, agreed))| CueAgreement {
            cue,
            fired,
            precision: agreed as f64 / fired as f64,
            recall: (positives > 0).then(|| agreed as f64 / positives as f64),
        })
        .collect();
    out.cues.sort_by(|a, b| b.fired.cmp(&a.fired).then(a.cue.cmp(&b.cue)));
    out
}
