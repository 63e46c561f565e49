//! Behaviour of the whole analysis pipeline, as the scorer relies on it.

use assay_text::{Analysis, Analyzer};

fn analyze(text: &str) -> Analysis {
    Analyzer::new().analyze(text)
}

/// Whether the first token whose word is `word` is negated.
fn negated(text: &str, word: &str) -> bool {
    let analysis = analyze(text);
    analysis
        .tokens
        .iter()
        .find(|t| t.word() == word)
        .unwrap_or_else(|| panic!("no token {word:?} in {text:?}"))
        .is_negated()
}

#[test]
fn offsets_point_at_the_candidates_own_words() {
    let text = "Caf\u{e9} talk \u{2014} I\u{2019}d LISTEN, carefully.";
    let analysis = analyze(text);
    let surface: Vec<&str> = analysis.tokens.iter().map(|t| &text[t.span.range()]).collect();
    assert_eq!(surface, ["Caf\u{e9}", "talk", "I", "\u{2019}d", "LISTEN", "carefully"]);
    let words: Vec<&str> = analysis.tokens.iter().map(|t| t.word()).collect();
    assert_eq!(words, ["caf\u{e9}", "talk", "i", "would", "listen", "carefully"]);
}

#[test]
fn contractions_expand_without_losing_offsets() {
    let text = "I can't and won't; I'm sure I don't.";
    let analysis = analyze(text);
    let pairs: Vec<(&str, &str)> =
        analysis.tokens.iter().map(|t| (t.word(), &text[t.span.range()])).collect();
    assert_eq!(
        pairs,
        [
            ("i", "I"),
            ("can", "ca"),
            ("not", "n't"),
            ("and", "and"),
            ("will", "wo"),
            ("not", "n't"),
            ("i", "I"),
            ("am", "'m"),
            ("sure", "sure"),
            ("i", "I"),
            ("do", "do"),
            ("not", "n't"),
        ]
    );
}

#[test]
fn stems_are_english_snowball() {
    let analysis = analyze("Listening, listened; judgmental judges escalation escalating");
    let stems: Vec<&str> = analysis.tokens.iter().map(|t| t.stem()).collect();
    assert_eq!(stems, ["listen", "listen", "judgment", "judg", "escal", "escal"]);
}

#[test]
fn sentences_have_spans() {
    let text = "First one. Second one!  Third";
    let analysis = analyze(text);
    let sentences: Vec<&str> = analysis.sentences.iter().map(|s| &text[s.range()]).collect();
    assert_eq!(sentences, ["First one.", "Second one!", "Third"]);
    let of_third = analysis.tokens.last().unwrap().sentence;
    assert_eq!(of_third, 2);
}

#[test]
fn never_judge_is_negated() {
    assert!(negated("I would never judge them.", "judge"));
    assert!(negated("I wouldn't judge them.", "judge"));
    assert!(negated("I do not judge them.", "judge"));
    assert!(negated("I cannot judge anyone.", "judge"));
    assert!(negated("I avoid judging people.", "judging"));
    assert!(negated("I refuse to lecture them.", "lecture"));
}

#[test]
fn not_hesitate_and_never_fail_affirm() {
    assert!(!negated("I would not hesitate to call a crisis line.", "call"));
    assert!(!negated("I wouldn't hesitate to call a crisis line.", "call"));
    assert!(!negated("I'd never fail to follow up.", "follow"));
    assert!(!negated("I would never ever forget to check in.", "check"));
    assert!(!negated("Not only would I listen, I'd also refer them.", "listen"));
}

#[test]
fn double_negation_cancels() {
    assert!(!negated("I would not act without asking them first.", "asking"));
    assert!(negated("I would not act without asking them first.", "act"));
}

#[test]
fn negation_stops_at_the_end_of_its_clause() {
    assert!(!negated("I would not judge them, I would listen.", "listen"));
    assert!(!negated("I wouldn't judge but listen.", "listen"));
    assert!(!negated("I won't lecture them and I will listen.", "listen"));
    assert!(!negated("I don't panic. I call for help.", "call"));
    assert!(!negated("I would never judge them \u{2014} listening comes first.", "listening"));
}

#[test]
fn and_ends_a_scope_where_a_new_verb_phrase_starts() {
    assert!(!negated("I avoid jargon and adapt my style.", "adapt"));
    assert!(negated("I avoid judging or lecturing them.", "lecturing"));
    assert!(!negated("I listen without judgement and acknowledge their fear.", "acknowledge"));
    assert!(!negated("I would not judge them and would listen.", "listen"));
    assert!(negated("I would not judge them and lecture them.", "lecture"));
    // Pointing someone on is what the speaker does, after any negation.
    let referral = "Diagnosing isn't my role and suggest they see their doctor.";
    assert!(!negated(referral, "suggest"));
    assert!(!negated("I wouldn't diagnose it and encourage her to see a GP.", "encourage"));
}

#[test]
fn nobody_negates_its_clause() {
    assert!(negated("Nobody here will judge them.", "judge"));
}

#[test]
fn instead_of_and_rather_than_negate_what_follows() {
    assert!(negated("I ask questions instead of giving advice.", "giving"));
    assert!(!negated("I ask questions instead of giving advice.", "ask"));
    assert!(negated("Rather than lecture them, I listen.", "lecture"));
    assert!(!negated("Rather than lecture them, I listen.", "listen"));
    assert!(!negated("Instead, I would listen.", "listen"));
}

#[test]
fn no_and_without_negate_a_noun_phrase() {
    assert!(negated("There is no judgment here.", "judgment"));
    assert!(negated("I listen without judgment.", "judgment"));
    assert!(!negated("There is no shame in asking for help.", "asking"));
    assert!(!negated("No matter what, I stay calm.", "calm"));
}

#[test]
fn negation_raised_over_thinking_verbs() {
    assert!(negated("I don't think we should wait.", "wait"));
    assert!(negated("I don't assume I know what is best for them.", "know"));
    assert!(!negated("I don't judge. We talk.", "talk"));
}

#[test]
fn a_cue_with_its_own_negator_is_not_governed_by_it() {
    let analysis = analyze("I would never judge them.");
    let never = analysis.tokens.iter().find(|t| t.word() == "never").unwrap();
    assert!(never.is_negator);
    assert!(!never.is_negated());
}

#[test]
fn empty_and_whitespace_texts_have_no_tokens() {
    assert!(analyze("").is_empty());
    assert!(analyze("  \n\t ").is_empty());
    assert!(analyze("...!?").is_empty());
}

#[test]
fn a_large_text_is_analysed() {
    let text = "I would listen and never judge them. ".repeat(150_000);
    let analysis = analyze(&text);
    assert_eq!(analysis.sentences.len(), 150_000);
    assert_eq!(analysis.tokens.len(), 150_000 * 7);
}

#[test]
fn a_negated_list_ending_in_or_is_negated_to_its_end() {
    let list = "I would never lend money, give out my number, or meet them socially.";
    for word in ["lend", "give", "meet"] {
        assert!(negated(list, word), "{word}");
    }
    assert!(negated("I wouldn't gossip, judge, nor lecture anyone.", "lecture"));
    // Without an or/nor item the comma still ends the scope.
    assert!(!negated("I won't promise secrecy, explain what happens next.", "explain"));
    // A new subject ends the list.
    assert!(!negated(
        "I would never lend money, I would point them to a food bank, or a grant.",
        "point"
    ));
    // Only verbal negators carry over: `no` negates one noun phrase.
    assert!(!negated("There is no rush, take a breath, or call me later.", "call"));
}

#[test]
fn negations_typed_without_the_apostrophe_still_negate() {
    assert!(negated("I dont judge them.", "judge"));
    assert!(negated("i wouldnt tell my supervisor", "tell"));
    assert!(negated("She didnt want to go.", "want"));
    // Offsets still cover the candidate's own word.
    let analysis = analyze("I dont judge.");
    assert_eq!(analysis.tokens[1].word(), "do");
    assert_eq!(analysis.tokens[2].word(), "not");
    assert_eq!(analysis.tokens[2].span.end, 6);
}
