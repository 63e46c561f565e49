//! How the exemplar index's evidence enters a score.

use assay_score::{
    score_analysis, Adjustment, ExemplarEvidence, FeedbackKind, LevelEstimate, Neighbour, OffTopic,
    Rubric, RubricSet, SourceFile, OFF_TOPIC,
};
use assay_text::Analyzer;

fn rubric(extra: &str) -> RubricSet {
    let concept = SourceFile::new(
        "concepts/follow-up.toml",
        r#"id = "follow-up"
name = "Follow-up"
weight = 1
cues = ["follow up", "check in"]
guidance = "Say how you would stay in touch."
praise = "You planned to stay in touch."
"#,
    );
    let question = SourceFile::new(
        "questions/q.toml",
        format!(
            r#"id = "q"
question = "What next?"
source = "a.txt#1"
detail-words = 0
{extra}
[[concepts]]
use = "follow-up"
[[levels]]
name = "low"
min = 0
[[levels]]
name = "mid"
min = 40
[[levels]]
name = "high"
min = 80
"#
        ),
    );
    RubricSet::load(&[concept], &[question]).unwrap()
}

fn neighbour(level: &str, similarity: f64) -> Neighbour {
    Neighbour {
        question: "q".into(),
        exemplar: level.into(),
        level: level.into(),
        harmful: false,
        similarity,
    }
}

fn evidence(rubric: &Rubric, neighbours: Vec<Neighbour>, off_topic: bool) -> ExemplarEvidence {
    ExemplarEvidence {
        estimate: LevelEstimate::from_neighbours(rubric, &neighbours),
        neighbours,
        off_topic: off_topic.then(|| OffTopic {
            likely_question: "other".into(),
            similarity: 0.5,
            own_similarity: 0.1,
        }),
    }
}

#[test]
fn the_level_estimate_is_the_similarity_weighted_mean() {
    let set = rubric("");
    let rubric = set.get("q").unwrap();
    let estimate =
        LevelEstimate::from_neighbours(rubric, &[neighbour("high", 0.6), neighbour("low", 0.2)])
            .unwrap();
    assert!((estimate.rank - 1.5).abs() < 1e-9, "{estimate:?}");
    // Middles of the bands: low 20, high 90.
    assert!((estimate.score - (0.6 * 90.0 + 0.2 * 20.0) / 0.8).abs() < 1e-9);
    let estimate =
        LevelEstimate::from_neighbours(rubric, &[neighbour("high", 0.9), neighbour("low", 0.1)])
            .unwrap();
    assert_eq!(estimate.level, "high");
    let estimate =
        LevelEstimate::from_neighbours(rubric, &[neighbour("high", 0.5), neighbour("low", 0.5)])
            .unwrap();
    assert_eq!(estimate.level, "mid");
    assert!(LevelEstimate::from_neighbours(rubric, &[]).is_none());
}

#[test]
fn exemplar_weight_blends_the_estimate_into_the_total() {
    let set = rubric("exemplar-weight = 0.5");
    let rubric = set.get("q").unwrap();
    let analysis = Analyzer::new().analyze("I would follow up.");
    let plain = score_analysis(rubric, &analysis, None);
    assert_eq!(plain.total, 100.0);
    let score = score_analysis(
        rubric,
        &analysis,
        Some(evidence(rubric, vec![neighbour("high", 0.9)], false)),
    );
    assert_eq!(score.total, 95.0);
    assert!(
        matches!(score.adjustments[0], Adjustment::ExemplarBlend { weight, estimate } if weight == 0.5 && estimate == 90.0)
    );
}

#[test]
fn without_an_exemplar_weight_exemplars_are_reported_but_change_nothing() {
    let set = rubric("");
    let rubric = set.get("q").unwrap();
    let analysis = Analyzer::new().analyze("I would follow up.");
    let score = score_analysis(
        rubric,
        &analysis,
        Some(evidence(rubric, vec![neighbour("high", 0.9)], false)),
    );
    assert_eq!(score.total, 100.0);
    assert_eq!(score.exemplars.unwrap().neighbours.len(), 1);
}

#[test]
fn an_off_topic_answer_is_warned_unless_it_does_well_on_the_rubric() {
    let set = rubric("");
    let rubric = set.get("q").unwrap();
    let mut analyzer = Analyzer::new();
    let weak = analyzer.analyze("I keep tidy notes.");
    let score = score_analysis(rubric, &weak, Some(evidence(rubric, vec![], true)));
    assert!(score.exemplars.as_ref().unwrap().off_topic.is_some());
    assert_eq!(score.feedback[0].kind, FeedbackKind::Warning);
    assert_eq!(score.feedback[0].about.as_deref(), Some(OFF_TOPIC));

    let good = analyzer.analyze("I would follow up.");
    let score = score_analysis(rubric, &good, Some(evidence(rubric, vec![], true)));
    assert!(score.exemplars.unwrap().off_topic.is_none());
    assert!(score.feedback.iter().all(|f| f.about.as_deref() != Some(OFF_TOPIC)));
}

#[test]
fn exemplar_weight_must_be_below_one() {
    let concept = SourceFile::new(
        "concepts/c.toml",
        "id = \"c\"\nname = \"C\"\nweight = 1\ncues = [\"x\"]\nguidance = \"g\"\npraise = \"p\"\n",
    );
    let question = SourceFile::new("questions/q.toml", "id = \"q\"\nquestion = \"Q?\"\nsource = \"a.txt#1\"\nexemplar-weight = 1.5\n[[concepts]]\nuse = \"c\"\n[[levels]]\nname = \"low\"\nmin = 0\n");
    let errors = RubricSet::load(&[concept], &[question]).unwrap_err().0;
    assert_eq!(errors.len(), 1);
    assert!(errors[0].message.contains("exemplar-weight must be from 0 to below 1"));
    assert_eq!((errors[0].line, errors[0].column), (4, 19));
}
