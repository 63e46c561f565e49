//! Writes synthetic candidate answers as batch input CSV to stdout:
//! `cargo run --release -p assay-benches --example generate -- ROWS [SEED] [WORDS]`.
//! With WORDS, each answer runs on (more generated text joined to it) to at
//! least that many words, for measuring long answers.

use std::io::{self, BufWriter, Write};

use assay_benches::{AnswerGenerator, Rng};

fn main() -> io::Result<()> {
    let mut args = std::env::args().skip(1);
    let rows: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let words: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let corpus = assay_cli::builtin().load().expect("built-in data").corpus;
    let generator = AnswerGenerator::new(&corpus);
    let mut rng = Rng::new(seed);
    let mut out = csv_writer(io::stdout().lock());
    out.write_record(["candidate_id", "question_id", "answer"])?;
    for row in 0..rows {
        let (question, mut answer) = generator.answer(&mut rng);
        while answer.split_whitespace().count() < words {
            answer.push(' ');
            answer.push_str(&generator.answer(&mut rng).1);
        }
        out.write_record([format!("g{row:07}"), question, answer])?;
    }
    out.flush()
}

fn csv_writer<W: Write>(out: W) -> csv::Writer<BufWriter<W>> {
    csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, out))
}
