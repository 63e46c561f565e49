//! View models of the two pages `assay serve` shows in a browser: the
//! practice page (answer a question, see the same feedback a report gives,
//! try again) and the trainer's playground (see what in a rubric fired on
//! an answer, edit the rubric and score again). Rendered by
//! [`crate::HtmlRenderer::practice`] and [`crate::HtmlRenderer::playground`]
//! with the same auto-escaping as the reports: nothing here is markup.

use assay_score::{CueOwner, Evidence, Exemplar, NearestExamples, Rubric, Score, STORY_EVIDENCE};
use serde::Serialize;

use crate::input::ScoredExemplar;
use crate::model::{CandidateReport, Priority, QuestionReport};

/// Longest quoted run of an answer in the playground's "nearly fired" list,
/// in characters.
const MAX_RUN_CHARS: usize = 160;

/// A question as a picker lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuestionChoice {
    /// Question id.
    pub id: String,
    /// The question.
    pub question: String,
    /// Whether it is the one on the page.
    pub selected: bool,
}

impl QuestionChoice {
    /// Every rubric of `rubrics` as a choice, `selected` the one chosen.
    pub fn list<'r>(
        rubrics: impl IntoIterator<Item = &'r Rubric>,
        selected: Option<&str>,
    ) -> Vec<QuestionChoice> {
        rubrics
            .into_iter()
            .map(|r| QuestionChoice {
                id: r.id.clone(),
                question: r.question.clone(),
                selected: selected == Some(r.id.as_str()),
            })
            .collect()
    }
}

/// The question a page is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChosenQuestion {
    /// Question id.
    pub id: String,
    /// The question.
    pub question: String,
}

impl ChosenQuestion {
    /// The question of `rubric`.
    #[must_use]
    pub fn of(rubric: &Rubric) -> Self {
        ChosenQuestion { id: rubric.id.clone(), question: rubric.question.clone() }
    }
}

/// The practice page: a question picker, the answer form and, after an
/// attempt, its feedback.
#[derive(Debug, Clone, Serialize)]
pub struct PracticePage {
    /// Every question, for the picker.
    pub questions: Vec<QuestionChoice>,
    /// The topic word last asked for, kept in its box.
    pub topic: String,
    /// How the question was picked, or why none was.
    pub note: Option<String>,
    /// The question being practised, if one is chosen.
    pub question: Option<ChosenQuestion>,
    /// The answer kept in the text box (the attempt just scored).
    pub answer: String,
    /// The attempt just scored, if any.
    pub attempt: Option<PracticeAttempt>,
}

/// One scored attempt at a question.
#[derive(Debug, Clone, Serialize)]
pub struct PracticeAttempt {
    /// An id made by the server for this attempt, so the browser's history
    /// records it once however often the page is shown.
    pub id: String,
    /// The feedback, exactly as a report shows it.
    pub feedback: QuestionReport,
    /// What to work on first (red flags, then the misses worth most).
    pub priorities: Vec<Priority>,
    /// How the total moved since the attempt before, if there was one.
    pub change: Option<ScoreChange>,
    /// A model answer to compare with, if the question has one.
    pub model: Option<ModelAnswer>,
}

impl PracticeAttempt {
    /// The attempt shown by `report` (a report on this one answer), after
    /// an attempt that scored `previous`, if any.
    ///
    /// # Panics
    ///
    /// `report` has no question (it must be a report on one answer).
    #[must_use]
    pub fn new(
        id: String,
        report: CandidateReport,
        previous: Option<f64>,
        model: Option<ModelAnswer>,
    ) -> Self {
        let CandidateReport { priorities, mut questions, .. } = report;
        let feedback = questions.swap_remove(0);
        let change = previous.map(|before| ScoreChange::new(before, feedback.score));
        PracticeAttempt { id, feedback, priorities, change, model }
    }
}

/// How a total moved between two attempts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreChange {
    /// The earlier total.
    pub before: f64,
    /// The new total.
    pub after: f64,
    /// `after - before`, rounded to one decimal.
    pub points: f64,
    /// `points` with its sign, such as `+12.5` or `-3.0`.
    pub signed: String,
    /// `up`, `down` or `same`, for the page's wording and colour.
    pub direction: &'static str,
}

impl ScoreChange {
    /// The change from `before` to `after`.
    #[must_use]
    pub fn new(before: f64, after: f64) -> Self {
        let points = ((after - before) * 10.0).round() / 10.0;
        let direction = if points > 0.0 {
            "up"
        } else if points < 0.0 {
            "down"
        } else {
            "same"
        };
        // `-0.0` would print with its sign.
        let points = if points == 0.0 { 0.0 } else { points };
        ScoreChange { before, after, points, signed: format!("{points:+.1}"), direction }
    }
}

/// A model answer shown after an attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelAnswer {
    /// The exemplar's id.
    pub id: String,
    /// Its level.
    pub level: String,
    /// Its text.
    pub text: String,
}

impl ModelAnswer {
    /// The model answer `assay practice` offers: the one at the highest
    /// level among `exemplars` that is not harmful (the last such in corpus
    /// order), if there is any.
    #[must_use]
    pub fn best(rubric: &Rubric, exemplars: &[ScoredExemplar]) -> Option<Self> {
        let rank = |e: &Exemplar| rubric.levels.iter().position(|l| l.name == e.level);
        exemplars
            .iter()
            .map(|s| &s.exemplar)
            .filter(|e| !e.harmful)
            .max_by_key(|e| rank(e))
            .map(|e| ModelAnswer { id: e.id.clone(), level: e.level.clone(), text: e.text.clone() })
    }
}

/// The trainer's playground: a question's rubric as editable TOML, an
/// answer, and what the rubric made of it.
#[derive(Debug, Clone, Serialize)]
pub struct PlaygroundPage {
    /// Every question, for the picker.
    pub questions: Vec<QuestionChoice>,
    /// Why no question is shown, or a word on what happened.
    pub note: Option<String>,
    /// The question whose rubric is being tried, if one is chosen.
    pub question: Option<ChosenQuestion>,
    /// The rubric file's path, as error lines name it.
    pub file: String,
    /// The answer being tried.
    pub answer: String,
    /// The question's rubric as TOML: the file as loaded, or the edit.
    pub toml: String,
    /// Whether `toml` differs from the file as loaded.
    pub edited: bool,
    /// Problems in the edited TOML, as `file:line:col: message` lines (what
    /// `assay rubric check` prints).
    pub errors: Vec<String>,
    /// What the rubric made of the answer, when both are there and valid.
    pub result: Option<PlaygroundResult>,
}

/// What a rubric made of one answer, for a trainer.
#[derive(Debug, Clone, Serialize)]
pub struct PlaygroundResult {
    /// The total from 0 to 100.
    pub score: f64,
    /// Its level.
    pub level: String,
    /// With an edited rubric: the total and level the rubric as loaded
    /// gives, to compare.
    pub loaded: Option<(f64, String)>,
    /// Every concept, in rubric order, with what fired for it.
    pub concepts: Vec<ConceptTrace>,
    /// Red flags raised, with what raised them.
    pub red_flags: Vec<FlagTrace>,
    /// Red flags whose example sentences the answer resembles, listed for
    /// review only (they change nothing).
    pub resembles: Vec<FlagTrace>,
    /// Each compared run of the answer with its nearest example sentences:
    /// what fired through the examples and what nearly did.
    pub nearest: Vec<NearRun>,
    /// The feedback a candidate would see, as in a report.
    pub feedback: QuestionReport,
}

impl PlaygroundResult {
    /// The trace of `score` (of `answer` on `rubric`), with `runs` from
    /// [`assay_score::Scorer::explain`] and the `feedback` a report gives.
    #[must_use]
    pub fn new(
        rubric: &Rubric,
        answer: &str,
        score: &Score,
        runs: &[NearestExamples],
        feedback: QuestionReport,
    ) -> Self {
        let fired = |evidence: &[Evidence]| -> Vec<Fired> {
            evidence.iter().map(|e| Fired::new(answer, e)).collect()
        };
        let concepts = score
            .concepts
            .iter()
            .map(|c| {
                let position = rubric.concepts.iter().position(|k| k.id == c.id);
                ConceptTrace {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    hit: c.hit(),
                    points: c.points,
                    strength: (c.strength * 100.0).round() / 100.0,
                    required: c.required,
                    bonus: c.bonus,
                    written_in: position
                        .map(|i| rubric.written_in(CueOwner::Concept(i)))
                        .unwrap_or_default(),
                    fired: fired(&c.evidence),
                }
            })
            .collect();
        let flags = |hits: &[assay_score::RedFlagHit]| -> Vec<FlagTrace> {
            hits.iter()
                .map(|f| FlagTrace {
                    id: f.id.clone(),
                    name: f.name.clone(),
                    fired: fired(&f.evidence),
                })
                .collect()
        };
        PlaygroundResult {
            score: score.total,
            level: score.level.clone(),
            loaded: None,
            concepts,
            red_flags: flags(&score.red_flags),
            resembles: flags(&score.resembles),
            nearest: runs.iter().map(|run| NearRun::new(rubric, answer, run)).collect(),
            feedback,
        }
    }
}

/// A concept and what fired for it.
#[derive(Debug, Clone, Serialize)]
pub struct ConceptTrace {
    /// Concept id.
    pub id: String,
    /// Concept name.
    pub name: String,
    /// Whether the answer shows it.
    pub hit: bool,
    /// Points it added before caps.
    pub points: f64,
    /// Strength from 0 to 1, rounded to two decimals.
    pub strength: f64,
    /// Whether the top level needs it.
    pub required: bool,
    /// Whether it is extra credit.
    pub bonus: bool,
    /// Where it is written: `concepts/<id>` or `questions/<question>`.
    pub written_in: String,
    /// Every match, counted or negated, in text order.
    pub fired: Vec<Fired>,
}

/// A red flag and what raised it.
#[derive(Debug, Clone, Serialize)]
pub struct FlagTrace {
    /// Red flag id.
    pub id: String,
    /// Red flag name.
    pub name: String,
    /// The matches.
    pub fired: Vec<Fired>,
}

/// One cue or example sentence that matched words of the answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fired {
    /// `cue`, `example` (the semantic matcher), `story` (a story of the
    /// candidate's own) or `estimate` (the learned concept estimate).
    pub by: &'static str,
    /// The cue as written, or the example sentence.
    pub rule: String,
    /// The answer's words it matched.
    pub words: String,
    /// For an example: the similarity, rounded to two decimals; for the
    /// estimate, its probability.
    pub similarity: Option<f64>,
    /// Whether the match sits in a negation and so earned nothing.
    pub negated: bool,
}

impl Fired {
    fn new(answer: &str, e: &Evidence) -> Self {
        let by = if e.similarity.is_some() {
            "example"
        } else if e.estimate.is_some() {
            "estimate"
        } else if e.cue == STORY_EVIDENCE {
            "story"
        } else {
            "cue"
        };
        Fired {
            by,
            rule: e.cue.clone(),
            words: answer.get(e.span.range()).unwrap_or_default().to_owned(),
            similarity: e.similarity.or(e.estimate).map(|s| (s * 100.0).round() / 100.0),
            negated: e.negated,
        }
    }
}

/// A compared run of the answer (a clause, two clauses, a sentence) and
/// the example sentences nearest to it.
#[derive(Debug, Clone, Serialize)]
pub struct NearRun {
    /// The run's words, on one line and shortened.
    pub words: String,
    /// Whether a word of it is negated (it earns nothing).
    pub negated: bool,
    /// The nearest examples, most similar first.
    pub nearest: Vec<NearLine>,
}

impl NearRun {
    fn new(rubric: &Rubric, answer: &str, run: &NearestExamples) -> Self {
        NearRun {
            words: one_line(answer.get(run.span.range()).unwrap_or_default(), MAX_RUN_CHARS),
            negated: run.negated,
            nearest: run
                .nearest
                .iter()
                .map(|near| NearLine {
                    owner: rubric.owner_id(near.owner).to_owned(),
                    owner_name: match near.owner {
                        CueOwner::Concept(i) => rubric.concepts[i].name.clone(),
                        CueOwner::RedFlag(i) => format!("Red flag: {}", rubric.red_flags[i].name),
                    },
                    example: rubric.example(near.owner, near.example).to_owned(),
                    similarity: (near.similarity * 100.0).round() / 100.0,
                    threshold: (near.threshold * 100.0).round() / 100.0,
                    reached: near.similarity >= near.threshold,
                })
                .collect(),
        }
    }
}

/// One example sentence near a run.
#[derive(Debug, Clone, Serialize)]
pub struct NearLine {
    /// The concept's or red flag's id.
    pub owner: String,
    /// Its name (red flags say so).
    pub owner_name: String,
    /// The example sentence.
    pub example: String,
    /// Cosine similarity, rounded to two decimals.
    pub similarity: f64,
    /// The owner's threshold, rounded to two decimals.
    pub threshold: f64,
    /// Whether the similarity reaches the threshold (the semantic matcher,
    /// when on, counts it).
    pub reached: bool,
}

/// `text` on one line, cut to `max` characters.
fn one_line(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max {
        return line;
    }
    let cut: String = line.chars().take(max - 1).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use assay_score::{RubricSet, Scorer, SourceFile};

    use super::*;
    use crate::{AnswerInput, CandidateInput, HtmlRenderer, ReportBuilder};

    const HOSTILE: &str = "<script>alert(1)</script> I would <b>follow up</b> the next day. \"><img src=x onerror=alert(2)>";

    fn rubrics() -> RubricSet {
        let concept = SourceFile::new(
            "concepts/follow-up.toml",
            r#"
            id = "follow-up"
            name = "Follow-up"
            weight = 1
            cues = ["follow up"]
            examples = ["I would check in with them again the next day."]
            guidance = "Say how you would stay in touch."
            praise = "You planned to stay in touch."
            "#,
        );
        let question = SourceFile::new(
            "questions/after.toml",
            r#"
            id = "after"
            question = "What do you do the day after a crisis?"
            source = "a.txt#1"
            [[concepts]]
            use = "follow-up"
            [[levels]]
            name = "low"
            min = 0
            [[levels]]
            name = "high"
            min = 50
            "#,
        );
        RubricSet::load(&[concept], &[question]).unwrap()
    }

    fn report(rubric: &Rubric, answer: &str, score: &Score) -> CandidateReport {
        ReportBuilder::new().candidate(&CandidateInput {
            candidate: "c1".into(),
            answers: vec![AnswerInput {
                line: None,
                rubric,
                answer,
                score,
                exemplars: &[],
                recorded_total: None,
                off_topic_question: None,
            }],
            problems: vec![],
        })
    }

    /// The page's feedback section without its heading, which differs.
    fn section(html: &str) -> String {
        let start = html.find("<section class=\"question\"").unwrap();
        let end = start + html[start..].find("</section>").unwrap();
        let body = &html[start..end];
        let heading = body.find("<h2>").unwrap();
        let heading_end = body.find("</h2>").unwrap();
        format!("{}{}", &body[..heading], &body[heading_end..])
    }

    /// No inline script or style: the server's policy forbids both.
    fn assert_no_inline_code(html: &str) {
        assert!(!html.contains("<style") && !html.contains(" style=\""), "inline style");
        for (at, _) in html.match_indices("<script") {
            assert!(html[at..].starts_with("<script src=\"assets/"), "inline script");
        }
    }

    #[test]
    fn the_practice_page_shows_the_report_feedback_escaped() {
        let rubrics = rubrics();
        let rubric = rubrics.get("after").unwrap();
        let score = Scorer::new().score(rubric, HOSTILE);
        let renderer = HtmlRenderer::new().unwrap();
        let report_page = renderer.candidate(&report(rubric, HOSTILE, &score)).unwrap();
        let attempt =
            PracticeAttempt::new("a1".into(), report(rubric, HOSTILE, &score), Some(0.0), None);
        assert_eq!(attempt.change.as_ref().map(|c| c.direction), Some("up"));
        let page = PracticePage {
            questions: QuestionChoice::list(rubrics.rubrics(), Some("after")),
            topic: "<i>".into(),
            note: Some("<b>note</b>".into()),
            question: Some(ChosenQuestion::of(rubric)),
            answer: HOSTILE.into(),
            attempt: Some(attempt),
        };
        let html = renderer.practice(&page).unwrap();
        assert_eq!(section(&html), section(&report_page), "the report's own feedback section");
        assert!(html.contains("<h2>Feedback on this attempt</h2>"));
        let change =
            format!("Change since your last attempt: <strong>+{:.1} points</strong>", score.total);
        assert!(score.total > 0.0 && html.contains(&change), "{change}");
        assert!(html.contains("<mark class="), "highlights");
        assert!(!html.contains("<script>alert") && !html.contains("<img") && !html.contains("<b>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
        assert!(html.contains("value=\"&lt;i&gt;\""));
        assert!(html.contains("<option value=\"after\" selected>"));
        assert!(html.contains("<link rel=\"stylesheet\" href=\"assets/style.css\">"));
        assert!(!html.contains("See a model answer"), "none given");
        assert_no_inline_code(&html);
    }

    #[test]
    fn the_playground_traces_what_fired_escaped() {
        let rubrics = rubrics();
        let rubric = rubrics.get("after").unwrap();
        let mut scorer = Scorer::new();
        let score = scorer.score(rubric, HOSTILE);
        let runs = scorer.explain(rubric, HOSTILE, 3);
        let feedback = report(rubric, HOSTILE, &score).questions.swap_remove(0);
        let result = PlaygroundResult::new(rubric, HOSTILE, &score, &runs, feedback);
        assert_eq!(result.concepts[0].fired[0].rule, "follow up");
        assert_eq!(result.concepts[0].fired[0].words, "follow up");
        assert_eq!(result.concepts[0].written_in, "concepts/follow-up");
        assert!(!result.nearest.is_empty() && result.nearest.iter().all(|r| !r.nearest.is_empty()));
        let page = PlaygroundPage {
            questions: QuestionChoice::list(rubrics.rubrics(), Some("after")),
            note: None,
            question: Some(ChosenQuestion::of(rubric)),
            file: "questions/after.toml".into(),
            answer: HOSTILE.into(),
            toml: "id = \"after\" # </textarea><script>alert(3)</script>".into(),
            edited: true,
            errors: vec!["questions/after.toml:1:1: <b>bad</b>".into()],
            result: Some(result),
        };
        let html = HtmlRenderer::new().unwrap().playground(&page).unwrap();
        assert!(
            html.contains("cue <code>follow up</code> matched <q class=\"quote\">follow up</q>")
        );
        assert!(html.contains("questions&#x2f;after.toml:1:1: &lt;b&gt;bad&lt;&#x2f;b&gt;"));
        assert!(
            !html.contains("<script>alert")
                && !html.contains("</textarea><")
                && !html.contains("<img")
        );
        assert!(html.contains("formaction=\"playground/download\""));
        assert_no_inline_code(&html);
    }

    #[test]
    fn a_change_has_its_sign_and_direction() {
        let up = ScoreChange::new(40.0, 52.5);
        assert_eq!((up.signed.as_str(), up.direction, up.points), ("+12.5", "up", 12.5));
        let down = ScoreChange::new(52.5, 40.0);
        assert_eq!((down.signed.as_str(), down.direction), ("-12.5", "down"));
        let same = ScoreChange::new(40.0, 40.0);
        assert_eq!((same.signed.as_str(), same.direction), ("+0.0", "same"));
    }

    #[test]
    fn runs_are_shortened_on_one_line() {
        assert_eq!(one_line("a\n  b", 10), "a b");
        assert_eq!(one_line("abcdefghijkl", 5), "abcd…");
    }
}
