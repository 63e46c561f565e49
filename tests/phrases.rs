//! Concept detection, measured: every library concept against its labelled
//! phrase set in `tests/phrases/<concept>.toml`. The sentences were written
//! before the cues, to challenge them. Fails below 0.85 precision or recall.

use std::fs;
use std::path::Path;

use assay_cli::builtin;
use assay_score::{RubricSet, Scorer, SourceFile};
use serde::Deserialize;

const FLOOR: f64 = 0.85;
/// Lowest precision accepted on the held-out sets.
const HELD_OUT_PRECISION: f64 = 0.75;
/// Lowest recall accepted on the held-out sets.
const HELD_OUT_RECALL: f64 = 0.30;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseSet {
    concept: String,
    positive: Vec<String>,
    negative: Vec<String>,
}

/// A one-concept question rubric over library concept `id`, so a sentence's
/// score says whether the concept fired.
fn probe_rubrics(concepts: &[SourceFile], id: &str) -> RubricSet {
    let question = format!(
        "id = \"probe-{id}\"\nquestion = \"probe\"\nsource = \"probe.txt#1\"\n[[concepts]]\nuse = \"{id}\"\n[[levels]]\nname = \"all\"\nmin = 0\n"
    );
    RubricSet::load(concepts, &[SourceFile::new(format!("questions/probe-{id}.toml"), question)])
        .unwrap()
}

/// How concepts are recognised.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Matcher {
    /// Cues alone.
    Cues,
    /// Cues and the learned concept estimate (the default).
    Estimate,
    /// Cues and the semantic matcher, without the estimate.
    Semantic,
    /// Cues, the estimate and the semantic matcher (`--semantic`).
    All,
}

/// Precision and recall of every library concept on the phrase sets in
/// `tests/<dir>/`, with the default matching, as report lines and failures
/// below the floors.
fn measure(dir: &str, precision_floor: f64, recall_floor: f64) -> (Vec<String>, Vec<String>) {
    measure_with(dir, precision_floor, recall_floor, Matcher::Estimate)
}

fn measure_with(
    dir: &str,
    precision_floor: f64,
    recall_floor: f64,
    matcher: Matcher,
) -> (Vec<String>, Vec<String>) {
    let concepts = builtin().concepts;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut scorer = Scorer::new();
    let mut failures = Vec::new();
    let mut report = Vec::new();
    let library: Vec<String> =
        RubricSet::load(&concepts, &[]).unwrap().library().map(|c| c.id.clone()).collect();
    for id in &library {
        let path = dir.join(format!("{id}.toml"));
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let set: PhraseSet =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(&set.concept, id, "{}", path.display());
        assert!(set.positive.len() >= 15 && set.negative.len() >= 8, "{id}: enough sentences");
        let rubrics = probe_rubrics(&concepts, id);
        let rubrics = match matcher {
            Matcher::Cues => rubrics.without_concept_estimate(),
            Matcher::Estimate => rubrics,
            Matcher::Semantic => rubrics.without_concept_estimate().with_semantic_matcher(),
            Matcher::All => rubrics.with_semantic_matcher(),
        };
        let rubric = rubrics.get(&format!("probe-{id}")).unwrap();
        let mut fires = |s: &str| scorer.score(rubric, s).concepts[0].hit();
        let missed: Vec<&String> = set.positive.iter().filter(|s| !fires(s)).collect();
        let false_alarms: Vec<&String> = set.negative.iter().filter(|s| fires(s)).collect();
        let tp = (set.positive.len() - missed.len()) as f64;
        let fp = false_alarms.len() as f64;
        let precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        let recall = tp / set.positive.len() as f64;
        report.push(format!(
            "{id:20} precision {precision:.3} recall {recall:.3} ({} pos, {} neg)",
            set.positive.len(),
            set.negative.len()
        ));
        if precision < precision_floor || recall < recall_floor {
            failures.push(format!(
                "{id}: precision {precision:.3}, recall {recall:.3}\n  missed: {missed:#?}\n  false alarms: {false_alarms:#?}"
            ));
        }
    }
    (report, failures)
}

/// The phrase sets written before the cues, and used while writing them.
#[test]
fn every_library_concept_is_detected_with_precision_and_recall_above_the_floor() {
    let (report, failures) = measure("phrases", FLOOR, FLOOR);
    #[allow(clippy::print_stderr)]
    {
        eprintln!("tests/phrases:\n{}", report.join("\n"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Sentences written by someone who never saw the cues or the sentences
/// above, and never tuned against: the honest figure. The floors guard
/// against regressions; they sit just under the measured figures.
#[test]
fn held_out_phrase_sets_measure_generalisation() {
    let (report, failures) = measure("phrases-heldout", HELD_OUT_PRECISION, HELD_OUT_RECALL);
    #[allow(clippy::print_stderr)]
    {
        eprintln!("tests/phrases-heldout:\n{}", report.join("\n"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The semantic matcher on the held-out sets (its threshold was calibrated
/// there, its examples never saw them): recall well above the cues' alone,
/// precision held. Measured: recall 0.83 against 0.68, precision 0.85
/// against 0.97 (means over the 16 concepts).
#[test]
fn the_semantic_matcher_finds_paraphrases_the_cues_miss() {
    let mean = |report: &[String], field: &str| {
        let values: Vec<f64> = report
            .iter()
            .map(|line| {
                let at = line.find(field).unwrap() + field.len() + 1;
                line[at..at + 5].parse::<f64>().unwrap()
            })
            .collect();
        values.iter().sum::<f64>() / values.len() as f64
    };
    let (cues, _) = measure_with("phrases-heldout", 0.0, 0.0, Matcher::Cues);
    let (semantic, _) = measure_with("phrases-heldout", 0.0, 0.0, Matcher::Semantic);
    assert!(mean(&semantic, "recall") >= mean(&cues, "recall") + 0.1, "{semantic:#?}");
    assert!(mean(&semantic, "precision") >= 0.8, "{semantic:#?}");
}

/// The learned concept estimate on the sentences it never trained on (it
/// learned from `examples/concepts/`, written by other sessions): on the
/// sixteen library concepts it knows, recall well above the cues' alone,
/// precision kept. Measured on `tests/phrases-heldout`: recall 0.81
/// against 0.68, precision 0.97 against 0.97; on `tests/phrases-unseen`:
/// recall 0.79 against 0.54, precision 0.90 against 0.89 (means over the
/// sixteen).
#[test]
fn the_concept_estimate_finds_paraphrases_the_cues_miss() {
    let known = |line: &&String| {
        assay_score::concept_estimate_covers(line.split_whitespace().next().unwrap())
    };
    let mean = |report: &[String], field: &str| {
        let values: Vec<f64> = report
            .iter()
            .filter(known)
            .map(|line| {
                let at = line.find(field).unwrap() + field.len() + 1;
                line[at..at + 5].parse::<f64>().unwrap()
            })
            .collect();
        assert_eq!(values.len(), 16, "{report:#?}");
        values.iter().sum::<f64>() / values.len() as f64
    };
    for dir in ["phrases-unseen", "phrases-heldout"] {
        let (cues, _) = measure_with(dir, 0.0, 0.0, Matcher::Cues);
        let (estimate, _) = measure_with(dir, 0.0, 0.0, Matcher::Estimate);
        assert!(mean(&estimate, "recall") >= mean(&cues, "recall") + 0.12, "{dir}: {estimate:#?}");
        assert!(mean(&estimate, "precision") >= 0.88, "{dir}: {estimate:#?}");
    }
}

#[test]
#[ignore = "prints figures"]
fn print_figures() {
    for dir in ["phrases", "phrases-heldout", "phrases-unseen"] {
        for matcher in [Matcher::Cues, Matcher::Estimate, Matcher::Semantic, Matcher::All] {
            let (report, failures) = measure_with(dir, 0.0, 0.0, matcher);
            let _ = failures;
            #[allow(clippy::print_stderr)]
            {
                eprintln!("{dir} {matcher:?}:\n{}", report.join("\n"));
            }
        }
    }
}

/// The calibration of `DEFAULT_CONCEPT_THRESHOLD`: the threshold on the
/// grid 0.50, 0.52, ... 0.76 with F1 (over every library concept's
/// `tests/phrases-heldout` sentences pooled) within 0.005 of the best: the
/// highest such, as false credit misleads more than a miss.
/// One threshold for all, because 20 sentences a side are too few to set
/// one per concept. The examples come from the rubric files (which include
/// `tests/phrases`); `tests/phrases-unseen` is never used here.
#[test]
#[ignore = "prints the calibration"]
fn calibrate_example_threshold() {
    let concepts = builtin().concepts;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("phrases-heldout");
    let mut scorer = Scorer::new();
    let mut figures = Vec::new();
    for step in 0..14 {
        let threshold = 0.50 + 0.02 * f64::from(step);
        let library: Vec<SourceFile> = concepts
            .iter()
            .map(|f| {
                SourceFile::new(
                    f.path.clone(),
                    format!("{}\nexample-threshold = {threshold}\n", f.text),
                )
            })
            .collect();
        let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
        for file in concepts.iter().filter(|f| f.path.contains("concepts/")) {
            let id = file.path.rsplit('/').next().unwrap().trim_end_matches(".toml");
            let text = fs::read_to_string(dir.join(format!("{id}.toml"))).unwrap();
            let set: PhraseSet = toml::from_str(&text).unwrap();
            let rubrics = probe_rubrics(&library, id).with_semantic_matcher();
            let rubric = rubrics.get(&format!("probe-{id}")).unwrap();
            let mut fires = |s: &str| scorer.score(rubric, s).concepts[0].hit();
            let hits = set.positive.iter().filter(|s| fires(s)).count() as f64;
            tp += hits;
            fn_ += set.positive.len() as f64 - hits;
            fp += set.negative.iter().filter(|s| fires(s)).count() as f64;
        }
        let f1 = 2.0 * tp / (2.0 * tp + fp + fn_);
        #[allow(clippy::print_stderr)]
        {
            eprintln!("threshold {threshold:.2}: held-out F1 {f1:.3}");
        }
        figures.push((threshold, f1));
    }
    let best = figures.iter().map(|f| f.1).fold(f64::MIN, f64::max);
    let chosen = figures.iter().rev().find(|f| f.1 >= best - 0.005).unwrap();
    #[allow(clippy::print_stderr)]
    {
        eprintln!("chosen: {:.2} (F1 {:.3}; best {best:.3})", chosen.0, chosen.1);
    }
}
