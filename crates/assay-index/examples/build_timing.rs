//! Times building the in-memory index of the built-in corpus and querying it.
fn main() {
    let corpus = assay_cli::builtin().load().unwrap().corpus;
    let t = std::time::Instant::now();
    let index = assay_index::ExemplarIndex::in_ram(&corpus).unwrap();
    println!("{} exemplars indexed in {:?}", index.len(), t.elapsed());
    let mut analyzer = assay_text::Analyzer::new();
    let analysis = analyzer.analyze(&corpus.exemplars[0].text);
    let t = std::time::Instant::now();
    let m = index.match_questions(&analysis, 3);
    println!("match in {:?}: {:?}", t.elapsed(), m.first().map(|m| &m.question));
    let t = std::time::Instant::now();
    let n = index.nearest(&analysis, 3, Some(&corpus.exemplars[0].question));
    println!("nearest in {:?}: {}", t.elapsed(), n.len());
}
