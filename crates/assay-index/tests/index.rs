//! The exemplar index built from the project's own corpus.

use std::fs;

use assay_cli::builtin;
use assay_index::{corpus_hash, ExemplarIndex, IndexError, Manifest, MANIFEST_FILE};
use assay_score::Corpus;
use assay_text::Analyzer;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

fn corpus() -> Corpus {
    builtin().load().expect("built-in data loads").corpus
}

#[test]
fn the_index_stores_the_scorer_stems() {
    let text =
        "In an emergency I would call emergency services, listening calmly; they're not alone.";
    let mut analyzer = TextAnalyzer::from(assay_index::AssayTokenizer::default());
    let mut stream = analyzer.token_stream(text);
    let mut from_index = Vec::new();
    while stream.advance() {
        from_index.push(stream.token().text.clone());
    }
    let from_scorer: Vec<String> =
        Analyzer::new().analyze(text).tokens.iter().map(|t| t.stem().to_string()).collect();
    assert_eq!(from_index, from_scorer);
    assert!(from_index.contains(&"emerg".to_owned()), "rust-stemmers stems emergency to emerg");
    // tantivy's own English stemmer disagrees on this word, which is why it is not used.
    let mut en_stem =
        tantivy::tokenizer::TextAnalyzer::builder(tantivy::tokenizer::SimpleTokenizer::default())
            .filter(tantivy::tokenizer::LowerCaser)
            .filter(tantivy::tokenizer::Stemmer::new(tantivy::tokenizer::Language::English))
            .build();
    let mut stream = en_stem.token_stream("emergency");
    stream.advance();
    assert_ne!(stream.token().text, "emerg", "if tantivy now agrees, this guard can go");
}

#[test]
fn nearest_exemplars_of_a_question_come_from_that_question() {
    let index = ExemplarIndex::in_ram(&corpus());
    let found = index.nearest_text(
        "I would ask them directly about suicide, stay with them and call the crisis line.",
        3,
        Some("suicidal-thoughts"),
    );
    assert!(!found.is_empty());
    assert!(found.iter().all(|n| n.question == "suicidal-thoughts"));
    assert!(found.windows(2).all(|w| w[0].similarity >= w[1].similarity));
    assert!(found.iter().all(|n| (0.0..=1.0).contains(&n.similarity)));
}

#[test]
fn an_exemplar_matches_itself_with_similarity_one() {
    let corpus = corpus();
    let index = ExemplarIndex::in_ram(&corpus);
    let exemplar = &corpus.exemplars[0];
    let found = index.nearest_text(&exemplar.text, 1, None);
    assert_eq!(
        (found[0].question.as_str(), found[0].exemplar.as_str()),
        (exemplar.question.as_str(), exemplar.id.as_str())
    );
    assert!((found[0].similarity - 1.0).abs() < 1e-9);
}

#[test]
fn a_persistent_index_reopens_with_the_same_answers() {
    let corpus = corpus();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index");
    let (built, manifest) = ExemplarIndex::build(&corpus, "corpus", &out).unwrap();
    assert_eq!(manifest.exemplars, corpus.exemplars.len());
    assert_eq!(manifest.corpus_hash, corpus_hash(&corpus));
    let (reopened, again) = ExemplarIndex::open(&out, Some(&corpus)).unwrap();
    assert_eq!(manifest, again);
    let text = "I keep short factual notes, tell people what I write and lock them away.";
    assert_eq!(built.nearest_text(text, 5, None), reopened.nearest_text(text, 5, None));
    // An index made in memory builds its search on the first query across
    // questions, and finds what the persistent one finds.
    let in_ram = ExemplarIndex::in_ram(&corpus);
    assert_eq!(in_ram.nearest_text(text, 5, None), reopened.nearest_text(text, 5, None));
    // Building again over an existing index replaces it.
    ExemplarIndex::build(&corpus, "corpus", &out).unwrap();
    assert!(ExemplarIndex::open(&out, Some(&corpus)).is_ok());
}

#[test]
fn a_stale_index_is_refused_with_rebuild_instructions() {
    let mut corpus = corpus();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("index");
    ExemplarIndex::build(&corpus, "my-corpus", &out).unwrap();
    corpus.exemplars[0].text.push_str(" One more sentence.");
    let error = ExemplarIndex::open(&out, Some(&corpus)).unwrap_err();
    assert!(matches!(error, IndexError::Stale { .. }), "{error}");
    let message = error.to_string();
    assert!(message.contains("corpus changed"), "{message}");
    assert!(message.contains("assay index build --corpus my-corpus -o"), "{message}");

    let manifest_path = out.join(MANIFEST_FILE);
    let mut manifest: Manifest =
        serde_json::from_str(&fs::read_to_string(&manifest_path).unwrap()).unwrap();
    manifest.analyzer_version += 1;
    fs::write(&manifest_path, serde_json::to_string(&manifest).unwrap()).unwrap();
    let error = ExemplarIndex::open(&out, None).unwrap_err();
    assert!(
        matches!(error, IndexError::Stale { .. }) && error.to_string().contains("text analysis"),
        "{error}"
    );
}

#[test]
fn a_corrupt_index_is_refused() {
    let corpus = corpus();
    let dir = tempfile::tempdir().unwrap();

    let empty = dir.path().join("empty");
    fs::create_dir(&empty).unwrap();
    let error = ExemplarIndex::open(&empty, None).unwrap_err();
    assert!(
        matches!(error, IndexError::Corrupt { .. })
            && error.to_string().contains("assay index build"),
        "{error}"
    );

    let out = dir.path().join("index");
    ExemplarIndex::build(&corpus, "corpus", &out).unwrap();
    fs::write(out.join(MANIFEST_FILE), "{ not json").unwrap();
    assert!(matches!(ExemplarIndex::open(&out, None).unwrap_err(), IndexError::Corrupt { .. }));

    let out = dir.path().join("index2");
    ExemplarIndex::build(&corpus, "corpus", &out).unwrap();
    for entry in fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() != MANIFEST_FILE {
            fs::remove_file(path).unwrap();
        }
    }
    assert!(matches!(ExemplarIndex::open(&out, None).unwrap_err(), IndexError::Corrupt { .. }));
}

#[test]
fn an_unrelated_folder_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("precious.txt"), "keep me").unwrap();
    assert!(ExemplarIndex::build(&corpus(), "corpus", dir.path()).is_err());
    assert_eq!(fs::read_to_string(dir.path().join("precious.txt")).unwrap(), "keep me");
}

#[test]
fn many_threads_can_query_one_index() {
    let index = ExemplarIndex::in_ram(&corpus());
    let text =
        "I would stay calm, lower my voice and let them vent before we look for a way forward.";
    let expected = index.nearest_text(text, 5, None);
    std::thread::scope(|scope| {
        let handles: Vec<_> =
            (0..8).map(|_| scope.spawn(|| index.nearest_text(text, 5, None))).collect();
        for handle in handles {
            assert_eq!(handle.join().unwrap(), expected);
        }
    });
}
