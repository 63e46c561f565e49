//! The built-in harm classifier reads the answers it was trained on as the
//! training script did: if the Rust features drifted from the Python ones,
//! its accuracy on its own training answers would fall.

use std::path::Path;

use assay_score::{harm_probability, HARM_REVIEW_PROBABILITY};

fn accuracy(file: &str) -> (f64, usize) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/red-flags").join(file);
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (answer, harmful) = (column("answer"), column("harmful"));
    let (mut right, mut total) = (0, 0);
    for record in reader.records() {
        let record = record.unwrap();
        let flagged = harm_probability(&record[answer]) >= HARM_REVIEW_PROBABILITY;
        right += usize::from(flagged == (&record[harmful] == "1"));
        total += 1;
    }
    (right as f64 / total as f64, total)
}

#[test]
fn the_classifier_fits_its_training_answers() {
    for file in ["dev.csv", "dev2.csv", "dev3.csv"] {
        let (accuracy, n) = accuracy(file);
        assert!(accuracy >= 0.9, "{file}: accuracy {accuracy:.3} over {n} answers");
    }
}
