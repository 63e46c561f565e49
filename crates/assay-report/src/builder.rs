//! Building the report model from scored answers.

use assay_score::{Evidence, Rubric, Score};
use assay_text::Analyzer;

use crate::charts::{concept_grid_svg, score_chart_svg};
use crate::cohort::IndexBuilder;
use crate::highlight::{segments, Mark, MarkKind};
use crate::input::{AnswerInput, CandidateInput, ScoredExemplar};
use crate::insights::{count_words, Insights};
use crate::making::score_making;
use crate::model::{
    CandidateReport, ConceptGrid, GridCell, GridRow, Illustration, IndexPage, LegendEntry,
    MissingConcept, OverviewRow, PresentConcept, Provenance, QuestionReport, RedFlagNote,
};
use crate::priorities::priorities;
use crate::review::review_reasons;
use crate::shown_name::shown_name;
use crate::svg_text::shorten;

/// Number of highlight colours; concepts beyond share them (labels tell
/// them apart).
pub const COLOURS: usize = 8;

/// Longest illustration sentence, in characters.
const MAX_ILLUSTRATION_CHARS: usize = 320;

/// Builds report models. Holds an [`Analyzer`] for the writing insights;
/// keep one and reuse it.
#[derive(Debug, Default)]
pub struct ReportBuilder {
    analyzer: Analyzer,
    made: Option<Provenance>,
}

impl ReportBuilder {
    /// A builder with a fresh analyzer.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder whose reports say what made them.
    #[must_use]
    pub fn with_provenance(made: Provenance) -> Self {
        ReportBuilder { made: Some(made), ..Self::default() }
    }

    /// The report on one candidate. Deterministic: the same input gives the
    /// same report.
    pub fn candidate(&mut self, input: &CandidateInput<'_>) -> CandidateReport {
        let concepts = concept_order(&input.answers);
        let colour = |id: &str| concepts.iter().position(|(c, _)| c == id).unwrap_or(0) % COLOURS;
        let questions: Vec<QuestionReport> = input
            .answers
            .iter()
            .enumerate()
            .map(|(i, answer)| self.question(i, answer, &colour))
            .collect();
        let overview: Vec<OverviewRow> = input
            .answers
            .iter()
            .zip(&questions)
            .map(|(answer, q)| OverviewRow {
                label: q.label.clone(),
                anchor: q.anchor.clone(),
                question_id: q.question_id.clone(),
                question: q.question.clone(),
                score: q.score,
                level: q.level.clone(),
                level_rank: level_rank(answer.rubric, &q.level),
                levels: answer.rubric.levels.len(),
                red_flags: q.red_flags.iter().map(|f| f.name.clone()).collect(),
                off_topic: q.off_topic.is_some(),
            })
            .collect();
        let grid = ConceptGrid {
            columns: questions.iter().map(|q| q.label.clone()).collect(),
            rows: concepts
                .iter()
                .map(|(id, name)| GridRow {
                    concept: id.clone(),
                    name: name.clone(),
                    cells: input
                        .answers
                        .iter()
                        .map(|a| match a.score.concepts.iter().find(|c| &c.id == id) {
                            Some(c) if c.hit() => GridCell::Hit,
                            Some(_) => GridCell::Missing,
                            None => GridCell::NotAsked,
                        })
                        .collect(),
                })
                .collect(),
        };
        let mean_score = (!questions.is_empty()).then(|| {
            let mean = questions.iter().map(|q| q.score).sum::<f64>() / questions.len() as f64;
            (mean * 10.0).round() / 10.0
        });
        CandidateReport {
            candidate: shown_name(&input.candidate),
            made: self.made.clone(),
            mean_score,
            priorities: priorities(&questions),
            chart_svg: score_chart_svg(&overview),
            grid_svg: concept_grid_svg(&grid),
            overview,
            grid,
            questions,
            problems: input.problems.clone(),
        }
    }

    fn question(
        &mut self,
        index: usize,
        input: &AnswerInput<'_>,
        colour: &dyn Fn(&str) -> usize,
    ) -> QuestionReport {
        let AnswerInput { rubric, answer, score, .. } = *input;
        let analysis = self.analyzer.analyze(answer);
        let models = model_word_counts(rubric, input.exemplars);
        let insights = Insights::new(answer, &analysis, &models);
        let rank = level_rank(rubric, &score.level);
        let quote = |e: &Evidence| answer[e.span.range()].to_owned();
        let present = score
            .concepts
            .iter()
            .filter(|c| c.hit())
            .map(|c| PresentConcept {
                id: c.id.clone(),
                name: c.name.clone(),
                colour: colour(&c.id),
                strength: (c.strength * 100.0).round() / 100.0,
                points: c.points,
                required: c.required,
                praise: rubric_concept(rubric, &c.id).map(|k| k.praise.clone()).unwrap_or_default(),
                quotes: unique(c.evidence.iter().filter(|e| !e.negated).map(quote)),
            })
            .collect();
        let core_weight = rubric.core_weight();
        // Sentences already used to illustrate a concept of this answer.
        let mut illustrated: Vec<String> = Vec::new();
        let mut missing: Vec<MissingConcept> = score
            .concepts
            .iter()
            .filter(|c| !c.hit())
            .map(|c| MissingConcept {
                id: c.id.clone(),
                name: c.name.clone(),
                required: c.required,
                worth: if core_weight > 0.0 {
                    (1000.0 * c.weight / core_weight).round() / 10.0
                } else {
                    0.0
                },
                guidance: rubric_concept(rubric, &c.id)
                    .map(|k| k.guidance.clone())
                    .unwrap_or_default(),
                negated: unique(c.evidence.iter().filter(|e| e.negated).map(quote)),
                illustration: illustration(rubric, rank, &c.id, input.exemplars, &mut illustrated),
            })
            .collect();
        // Required first, then the most points.
        missing.sort_by(|a, b| b.required.cmp(&a.required).then(b.worth.total_cmp(&a.worth)));
        let red_flags = score
            .red_flags
            .iter()
            .map(|f| RedFlagNote {
                id: f.id.clone(),
                name: f.name.clone(),
                warning: rubric
                    .red_flags
                    .iter()
                    .find(|r| r.id == f.id)
                    .map(|r| r.warning.clone())
                    .unwrap_or_default(),
                effect: flag_effect(f.cap, f.penalty),
                quotes: unique(f.evidence.iter().map(quote)),
            })
            .collect();
        let answer_marks = marks(score, colour);
        let recorded_note = input
            .recorded_total
            .filter(|recorded| (recorded - score.total).abs() >= 0.05)
            .map(|recorded| {
                format!(
                    "The batch output recorded {recorded:.1}; scored again now it is {:.1} (the rubrics changed since).",
                    score.total
                )
            });
        QuestionReport {
            label: format!("Q{}", index + 1),
            anchor: format!("q{}", index + 1),
            line: input.line,
            question_id: rubric.id.clone(),
            question: rubric.question.clone(),
            score: score.total,
            level: score.level.clone(),
            levels: rubric.levels.iter().map(|l| l.name.clone()).collect(),
            reason: score.reason.map(|r| r.as_str().to_owned()),
            making: score_making(score),
            estimate: score
                .exemplars
                .as_ref()
                .and_then(|e| e.estimate.as_ref())
                .map(|e| e.level.clone()),
            review: review_reasons(rubric, score, answer, insights.word_count),
            recorded_note,
            segments: segments(answer, &answer_marks),
            legend: legend(&answer_marks),
            present,
            missing,
            red_flags,
            off_topic: off_topic(score, input.off_topic_question),
            insights,
        }
    }
}

impl IndexPage {
    /// The index of `reports`, each written to the file of the same
    /// position in `files`, with `problems` that belong to no candidate.
    /// [`IndexBuilder`] gathers the same page one report at a time.
    #[must_use]
    pub fn new(
        reports: &[CandidateReport],
        files: &[String],
        problems: Vec<crate::RowProblem>,
    ) -> Self {
        let mut index = IndexBuilder::new();
        for (report, file) in reports.iter().zip(files) {
            index.add(report, file);
        }
        index.finish(problems)
    }
}

/// Every concept of the candidate's answers, in order of first appearance.
fn concept_order(answers: &[AnswerInput<'_>]) -> Vec<(String, String)> {
    let mut order: Vec<(String, String)> = Vec::new();
    for concept in answers.iter().flat_map(|a| &a.score.concepts) {
        if !order.iter().any(|(id, _)| id == &concept.id) {
            order.push((concept.id.clone(), concept.name.clone()));
        }
    }
    order
}

fn level_rank(rubric: &Rubric, level: &str) -> usize {
    rubric.levels.iter().position(|l| l.name == level).unwrap_or(0)
}

fn rubric_concept<'r>(rubric: &'r Rubric, id: &str) -> Option<&'r assay_score::Concept> {
    rubric.concepts.iter().find(|c| c.id == id)
}

/// The highlights of a score: counted and negated concept evidence, and
/// red-flag evidence.
fn marks(score: &Score, colour: &dyn Fn(&str) -> usize) -> Vec<Mark> {
    let mut marks = Vec::new();
    // Markers number the concepts with evidence in this answer, in rubric
    // order; the legend above the answer names them.
    let mut number = 0;
    for concept in score.concepts.iter().filter(|c| !c.evidence.is_empty()) {
        number += 1;
        for e in &concept.evidence {
            marks.push(Mark {
                span: e.span,
                kind: if e.negated { MarkKind::Negated } else { MarkKind::Concept },
                about: concept.id.clone(),
                name: concept.name.clone(),
                marker: number.to_string(),
                colour: colour(&concept.id),
            });
        }
    }
    for flag in &score.red_flags {
        for e in &flag.evidence {
            marks.push(Mark {
                span: e.span,
                kind: MarkKind::RedFlag,
                about: flag.id.clone(),
                name: flag.name.clone(),
                marker: "⚠".to_owned(),
                colour: 0,
            });
        }
    }
    marks
}

/// The legend of an answer's markers: each concept with evidence (and each
/// red flag), in marker order, once.
fn legend(marks: &[Mark]) -> Vec<LegendEntry> {
    let mut out: Vec<LegendEntry> = Vec::new();
    for m in marks {
        if out.iter().any(|e| e.about == m.about) {
            continue;
        }
        let (name, class) = match m.kind {
            MarkKind::RedFlag => (format!("Red flag: {}", m.name), "tag flag".to_owned()),
            _ => (m.name.clone(), format!("tag c{}", m.colour)),
        };
        out.push(LegendEntry { about: m.about.clone(), marker: m.marker.clone(), name, class });
    }
    out
}

/// Word counts of the non-harmful exemplars at the question's top two
/// levels.
fn model_word_counts(rubric: &Rubric, exemplars: &[ScoredExemplar]) -> Vec<usize> {
    let top_two = rubric.levels.len().saturating_sub(2);
    exemplars
        .iter()
        .filter(|s| !s.exemplar.harmful && level_rank(rubric, &s.exemplar.level) >= top_two)
        .map(|s| count_words(&s.exemplar.text))
        .collect()
}

/// The sentence of the first counted evidence of `concept` in the highest
/// non-harmful exemplar above level `rank` that shows it.
fn illustration(
    rubric: &Rubric,
    rank: usize,
    concept: &str,
    exemplars: &[ScoredExemplar],
    used: &mut Vec<String>,
) -> Option<Illustration> {
    // Every sentence of a higher, non-harmful model answer with counted
    // evidence of the concept, with how many other concepts it also shows:
    // the sentence that shows this concept most on its own wins, then the
    // higher level; one sentence never illustrates two concepts.
    let mut best: Option<(usize, std::cmp::Reverse<usize>, Illustration)> = None;
    for s in exemplars.iter().filter(|s| !s.exemplar.harmful) {
        let level = level_rank(rubric, &s.exemplar.level);
        if level <= rank {
            continue;
        }
        let Some(shown) = s.score.concepts.iter().find(|c| c.id == concept) else { continue };
        for evidence in shown.evidence.iter().filter(|e| !e.negated) {
            let Some(sentence) = s.exemplar.text.get(evidence.sentence.range()) else { continue };
            let sentence = shorten(sentence.trim(), MAX_ILLUSTRATION_CHARS);
            if used.contains(&sentence) {
                continue;
            }
            let others = s
                .score
                .concepts
                .iter()
                .filter(|c| c.id != concept)
                .filter(|c| {
                    c.evidence.iter().any(|e| !e.negated && e.sentence == evidence.sentence)
                })
                .count();
            let key = (others, std::cmp::Reverse(level));
            if best.as_ref().is_none_or(|b| (key.0, key.1) < (b.0, b.1)) {
                let illustration = Illustration {
                    level: s.exemplar.level.clone(),
                    exemplar: s.exemplar.id.clone(),
                    sentence,
                };
                best = Some((key.0, key.1, illustration));
            }
        }
    }
    let (_, _, illustration) = best?;
    used.push(illustration.sentence.clone());
    Some(illustration)
}

fn flag_effect(cap: Option<f64>, penalty: Option<f64>) -> String {
    match (cap, penalty) {
        (Some(cap), Some(penalty)) => {
            format!("takes {penalty} points off and caps the score at {cap}")
        }
        (Some(cap), None) => format!("caps the score at {cap}"),
        (None, Some(penalty)) => format!("takes {penalty} points off"),
        (None, None) => "is reported".to_owned(),
    }
}

fn off_topic(score: &Score, likely_question: Option<&str>) -> Option<String> {
    score.exemplars.as_ref()?.off_topic.as_ref()?;
    Some(match likely_question {
        Some(question) => format!(
            "This answer reads more like an answer to another question (“{question}”) than to the one asked. Reread the question and answer it directly."
        ),
        None => "This answer reads more like an answer to another question than to the one asked. Reread the question and answer it directly.".to_owned(),
    })
}

/// `items` without repeats, in first-seen order.
fn unique(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}
