//! Property tests of the text analysis ([`Analyzer::analyze`]), on arbitrary
//! Unicode (combining marks, emoji, right-to-left text, control characters,
//! `\r\n`, very long words) and on English-like text full of negations,
//! contractions and punctuation:
//!
//! - analysis never panics, and every token and sentence span is a non-empty
//!   byte range on character boundaries of the input, in text order, with no
//!   overlaps; each token lies inside its sentence;
//! - a token's word is the text under its span, folded and lower-cased (or,
//!   for the parts of a contraction, the part's expansion), and its stem and
//!   stem key are those of that word;
//! - sentence and clause numbers count up from 0 one at a time, and negation
//!   marks are consistent (a negated token names an earlier negator of its
//!   sentence, a question mark is never negated);
//! - analysis is deterministic, with a fresh or a warm stem cache;
//! - a paragraph break isolates the analysis: the paragraph after it is
//!   analysed as it would be alone, and so is the one before it;
//! - the documented negation rules hold for any verb, whatever the
//!   surrounding paragraphs, letter case and apostrophe style.
//!
//! The default run is short (256 cases a property, under two seconds in a
//! debug `cargo test`). Before a release, run it long: 500,000 cases take
//! about six minutes on one core (less with two), and with the `assay-score`
//! properties' long run some ten minutes in all:
//!
//! ```text
//! PROPTEST_CASES=500000 cargo test --release -p assay-text --test properties
//! ```
//!
//! A failure prints its smallest input and saves its seed in
//! `properties.proptest-regressions` beside this file, which later runs
//! replay first: commit it with the fix.

use assay_text::{stem_key, Analysis, Analyzer, Span, StemCache, Story, Token, QUESTION_MARK};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;

/// Cases per property when `PROPTEST_CASES` does not say otherwise.
const DEFAULT_CASES: u32 = 256;

/// The run's configuration: [`DEFAULT_CASES`] cases, or `PROPTEST_CASES`.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok());
    ProptestConfig { cases: cases.unwrap_or(DEFAULT_CASES), ..ProptestConfig::default() }
}

/// The characters the analysis folds to an apostrophe: inside a word they
/// join a contraction or a possessive, and they never reach a token's word.
const APOSTROPHES: &[char] =
    &['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}', '\u{2032}', '\u{02BC}', '`'];

/// Punctuation the tokenizer acts on, typographic variants included, and
/// the whitespace that separates words, lines and paragraphs.
const PUNCTUATION: &str = "'\u{2019}\u{2018}\u{201A}\u{201B}\u{2032}\u{02BC}`\"\u{201C}\u{201D}\
    \u{201E}\u{201F}\u{2033}\u{AB}\u{BB}.!?\u{2026},;:()[]{}-\u{2010}\u{2011}\u{2012}\u{2013}\
    \u{2014}\u{2015}\u{2212}*\u{2022}\n\r\t \u{A0}\u{2028}\u{3000}";

/// Letters with unusual case mappings: `İ` lower-cases to two characters,
/// `ǅ` is title case, the Kelvin and Ohm signs lower-case to ASCII and Greek,
/// `ß` and `ẞ` are a case pair of different lengths, `ﬃ` is a ligature,
/// superscripts, fractions and non-Latin digits are alphanumeric, and `é`
/// comes precomposed and as `e` with a combining accent.
const ODD_LETTERS: &str = "\u{130}\u{131}\u{3A3}\u{3C2}\u{DF}\u{1E9E}\u{1C5}\u{212A}\u{2126}\
    \u{FB03}\u{B2}\u{BD}\u{663}\u{3007}\u{E9}\u{65}\u{301}";

/// Bidirectional and zero-width controls.
const INVISIBLES: &str = "\u{200B}\u{200C}\u{200D}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\
    \u{202E}\u{2066}\u{2069}\u{FEFF}";

/// One character that stresses the tokenizer.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => any::<char>(),
        2 => select(PUNCTUATION.chars().collect::<Vec<_>>()),
        1 => proptest::char::range('\u{300}', '\u{36F}'),
        1 => proptest::char::range('\u{1F300}', '\u{1FAFF}'),
        1 => proptest::char::range('\u{1F3FB}', '\u{1F3FF}'),
        1 => prop_oneof![
            proptest::char::range('\u{5D0}', '\u{5EA}'),
            proptest::char::range('\u{627}', '\u{64A}'),
        ],
        1 => select(INVISIBLES.chars().chain(ODD_LETTERS.chars()).collect::<Vec<_>>()),
        1 => prop_oneof![
            proptest::char::range('\0', '\u{1F}'),
            proptest::char::range('\u{7F}', '\u{9F}'),
        ],
        2 => proptest::char::range('a', 'z'),
    ]
}

/// Words of interview answers, chosen for what the analysis does with them:
/// negators and the words that end or neutralise their scope, contractions
/// with straight, curly and missing apostrophes, abbreviations, decimals
/// and hyphenated words.
const WORDS: &[&str] = &[
    "I",
    "i",
    "We",
    "we",
    "they",
    "would",
    "will",
    "never",
    "not",
    "Not",
    "no",
    "nobody",
    "nor",
    "neither",
    "without",
    "avoid",
    "refusing",
    "instead",
    "of",
    "rather",
    "than",
    "and",
    "or",
    "but",
    "because",
    "so",
    "then",
    "while",
    "don't",
    "Don\u{2019}t",
    "dont",
    "won't",
    "can't",
    "cannot",
    "isn't",
    "ain't",
    "shan't",
    "n't",
    "I'd",
    "I'm",
    "we'll",
    "they're",
    "it's",
    "let's",
    "peer's",
    "peers'",
    "o'clock",
    "listen",
    "listening",
    "judge",
    "judging",
    "lecture",
    "them",
    "her",
    "ask",
    "open-ended",
    "problem-solving",
    "questions",
    "hesitate",
    "fail",
    "to",
    "call",
    "a",
    "the",
    "crisis",
    "line",
    "think",
    "should",
    "wait",
    "matter",
    "what",
    "only",
    "just",
    "ever",
    "really",
    "help",
    "feel",
    "felt",
    "asked",
    "told",
    "Dr",
    "e.g",
    "2.50",
    "988",
    "OK",
    "Caf\u{E9}",
    "\u{130}stanbul",
    "you",
    "?",
    "how",
];

/// What stands between two words: mostly a space, sometimes punctuation
/// that ends a clause, a sentence, a line or a paragraph.
fn separator() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        8 => Just(" "),
        4 => select(&[
            ", ", ". ", "? ", "! ", "; ", ": ", " - ", " \u{2014} ", "\u{2014}", "?! ", "...",
            "\u{2026} ", "\n", "\n\n", "\n- ", "\n1. ", " (", ") ", "\"", "\u{201D} ", "'", "\r\n",
            ".\" ", ".\n\n",
        ][..]),
    ]
}

/// English-like text: words of [`WORDS`] joined by [`separator`]s.
fn english() -> impl Strategy<Value = String> {
    proptest::collection::vec((select(WORDS), separator()), 0..40)
        .prop_map(|parts| parts.into_iter().flat_map(|(word, sep)| [word, sep]).collect())
}

/// A piece of arbitrary text: a tricky character, an English word, a line
/// end, a very long word or a long run of combining marks.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => tricky_char().prop_map(String::from),
        3 => (select(WORDS), separator()).prop_map(|(word, sep)| format!("{word}{sep}")),
        1 => Just("\r\n".to_owned()),
        1 => "[a-zA-Z]{200,1200}",
        1 => "[a-z\u{300}-\u{36F}]{50,300}",
    ]
}

/// Arbitrary text built from [`fragment`]s.
fn any_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(fragment(), 0..48).prop_map(|fragments| fragments.concat())
}

/// Any text at all: plain arbitrary strings, UTF-8 decoded from arbitrary
/// bytes, [`any_text`] or [`english`].
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(any::<u8>(), 0..200)
            .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        any_text(),
        english(),
    ]
}

/// The word a run of characters of the input becomes: lower-cased character
/// by character, apostrophes dropped (the only characters of a word the
/// analysis folds are apostrophes).
fn folded(surface: &str) -> String {
    surface.chars().filter(|c| !APOSTROPHES.contains(c)).flat_map(char::to_lowercase).collect()
}

/// Checks that `span` is a non-empty byte range of `text` on character
/// boundaries.
fn check_span(text: &str, span: Span, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        span.start < span.end && span.end <= text.len(),
        "{what} span {span:?} out of 0..{}",
        text.len()
    );
    prop_assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} span {span:?} is not on character boundaries"
    );
    Ok(())
}

/// Checks that the tokens of one written word (one token, or the two parts
/// of a contraction) have the words their text says.
fn check_word(text: &str, parts: &[&Token]) -> Result<(), TestCaseError> {
    let surfaces: Vec<String> = parts.iter().map(|t| folded(&text[t.span.range()])).collect();
    let words: Vec<&str> = parts.iter().map(|t| t.word()).collect();
    match (&surfaces[..], &words[..]) {
        ([surface], [word]) => {
            // A word as written, a possessive (`peer's` is `peer`), or a
            // bare `n't`.
            let whole = &text[parts[0].span.range()];
            let possessive = whole
                .char_indices()
                .rev()
                .nth(1)
                .filter(|&(_, c)| APOSTROPHES.contains(&c))
                .is_some_and(|(at, _)| {
                    whole[at..].ends_with(['s', 'S']) && folded(&whole[..at]) == **word
                });
            prop_assert!(
                surface == word || possessive || (surface == "nt" && *word == "not"),
                "token {word:?} at {:?} does not come from {whole:?}",
                parts[0].span
            );
        }
        ([base, ending], [base_word, expanded]) => {
            let irregular = [("wo", "will"), ("ca", "can"), ("sha", "shall"), ("ai", "is")];
            prop_assert!(
                base == base_word || irregular.contains(&(base.as_str(), *base_word)),
                "contraction base {base_word:?} does not come from {base:?}"
            );
            let endings = [
                ("nt", "not"),
                ("not", "not"),
                ("ll", "will"),
                ("ve", "have"),
                ("re", "are"),
                ("m", "am"),
                ("d", "would"),
                ("s", "is"),
                ("s", "us"),
            ];
            prop_assert!(
                endings.contains(&(ending.as_str(), *expanded)),
                "contraction part {expanded:?} does not come from {ending:?}"
            );
        }
        _ => prop_assert!(false, "a written word became {} tokens: {words:?}", words.len()),
    }
    Ok(())
}

/// Checks everything an [`Analysis`] of `text` promises about its tokens,
/// sentences, clauses and negation.
fn check_analysis(text: &str, analysis: &Analysis) -> Result<(), TestCaseError> {
    let tokens = &analysis.tokens;
    let mut stems = StemCache::new();
    let mut negators_before = 0;
    for (i, token) in tokens.iter().enumerate() {
        check_span(text, token.span, "token")?;
        prop_assert_eq!(&*stems.stem(token.word()), token.stem(), "stem of {:?}", token.word());
        prop_assert_eq!(token.stem_key, stem_key(token.stem()));
        prop_assert_eq!(token.is_question_mark(), token.word() == QUESTION_MARK);
        if token.is_question_mark() {
            prop_assert_eq!(&text[token.span.range()], "?");
            prop_assert!(token.negation_depth == 0 && !token.is_negator);
        }
        prop_assert_eq!(token.negation_depth == 0, token.negator.is_none());
        if let Some(negator) = token.negator {
            let negator = negator as usize;
            prop_assert!(negator < i, "token {} governed by later token {}", i, negator);
            prop_assert!(tokens[negator].is_negator);
            prop_assert_eq!(tokens[negator].sentence, token.sentence);
        }
        prop_assert!(usize::from(token.negation_depth) <= negators_before);
        negators_before += usize::from(token.is_negator);
        prop_assert!(!token.in_context, "in_context is set without a context");
        let sentence = analysis.sentences.get(token.sentence as usize);
        prop_assert!(sentence.is_some(), "token {} in sentence {} of none", i, token.sentence);
        let sentence = sentence.copied().unwrap_or_default();
        prop_assert!(
            sentence.start <= token.span.start && token.span.end <= sentence.end,
            "token {:?} outside its sentence {:?}",
            token.span,
            sentence
        );
    }
    if let Some(first) = tokens.first() {
        prop_assert_eq!((first.sentence, first.clause), (0, 0));
    }
    for pair in tokens.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        prop_assert!(a.span.end <= b.span.start, "tokens {:?} and {:?} overlap", a.span, b.span);
        prop_assert!(b.sentence == a.sentence || b.sentence == a.sentence + 1);
        prop_assert!(b.clause == a.clause || b.clause == a.clause + 1);
        prop_assert!(b.sentence == a.sentence || b.clause != a.clause, "a clause spans sentences");
    }
    // Two written words are always apart, so touching word tokens are the
    // parts of one word.
    let mut word: Vec<&Token> = Vec::new();
    for token in tokens.iter().filter(|t| !t.is_question_mark()) {
        if word.last().is_some_and(|last| last.span.end != token.span.start) {
            check_word(text, &word)?;
            word.clear();
        }
        word.push(token);
    }
    if !word.is_empty() {
        check_word(text, &word)?;
    }
    let sentences = &analysis.sentences;
    for &sentence in sentences {
        check_span(text, sentence, "sentence")?;
    }
    for pair in sentences.windows(2) {
        prop_assert!(pair[0].end <= pair[1].start, "sentences {:?} overlap", pair);
    }
    let last_sentence = tokens.last().map_or(0, |t| t.sentence as usize + 1);
    prop_assert_eq!(sentences.len(), last_sentence, "a sentence without a token");
    Ok(())
}

/// Checks that each part of the story found in `analysis` covers whole
/// tokens of one sentence.
fn check_story(analysis: &Analysis) -> Result<(), TestCaseError> {
    let story = Story::find(analysis);
    for span in [story.situation, story.action, story.result].into_iter().flatten() {
        let first = analysis.tokens.iter().find(|t| t.span.start == span.start);
        let last = analysis.tokens.iter().find(|t| t.span.end == span.end);
        prop_assert!(first.is_some() && last.is_some(), "story part {:?} cuts a token", span);
        prop_assert_eq!(first.map(|t| t.sentence), last.map(|t| t.sentence));
    }
    prop_assert_eq!(story.is_complete(), story.is_told() && story.result.is_some());
    Ok(())
}

/// `analysis` with its tokens and sentences moved `by` bytes, `tokens`
/// tokens, `sentences` sentences and `clauses` clauses on: what it becomes
/// when text that analyses to those many comes before it.
fn shifted(analysis: &Analysis, by: usize, tokens: u32, sentences: u32, clauses: u32) -> Analysis {
    let shift = |span: Span| Span::new(span.start + by, span.end + by);
    let mut moved = analysis.clone();
    for token in &mut moved.tokens {
        token.span = shift(token.span);
        token.sentence += sentences;
        token.clause += clauses;
        token.negator = token.negator.map(|n| n + tokens);
    }
    moved.sentences = moved.sentences.into_iter().map(shift).collect();
    moved
}

/// Words whose analysis looks at the next token (for a new verb phrase,
/// `of`, `than`): a paragraph after them must not change it.
const LOOKING_AHEAD: &[&str] = &["and", "instead", "rather"];

/// Next words they look for, to start a following paragraph with.
const LOOKED_FOR: &[&str] = &["Of", "Than", "Would", "Suggest", "Refer", "Instead"];

/// Verbs with no special role in negation scoping.
const VERBS: &[&str] = &[
    "judge",
    "lecture",
    "ignore",
    "dismiss",
    "blame",
    "rush",
    "criticise",
    "pressure",
    "interrupt",
    "shame",
    "listen to",
    "reassure",
    "comfort",
    "contact",
    "phone",
];

/// A negation sentence and whether the verb in it is negated: the rules of
/// `assay_text::negation`, with `{v}` standing for a verb.
const NEGATION_RULES: &[(&str, bool)] = &[
    ("I would never {v} them.", true),
    ("I would {v} them.", false),
    ("I don't {v} them.", true),
    ("I do not {v} them.", true),
    ("I wouldn't {v} them.", true),
    ("I cannot {v} anyone.", true),
    ("I would not hesitate to {v} them.", false),
    ("I'd never fail to {v} them.", false),
    ("I would not judge them, I would {v} them.", false),
    ("I won't lecture them but {v} them.", false),
    ("I would never lend money, give out my number, or {v} them.", true),
    ("I avoid jargon and {v} them.", false),
    ("Nobody here will {v} them.", true),
    ("I listen instead of trying to {v} them.", true),
    ("Rather than {v} them, I listen.", true),
    ("I would never act without {v} them first.", false),
    ("I don't think we should {v} them.", true),
    ("I would never ever {v} them.", true),
];

/// Text with letters in random case and its straight apostrophes made
/// curly, as a candidate might type the same words.
fn restyle(text: &str, upper: &[bool], curly: bool) -> String {
    text.chars()
        .zip(upper.iter().cycle())
        .map(|(c, &up)| match c {
            '\'' if curly => '\u{2019}',
            c if up => c.to_ascii_uppercase(),
            c => c,
        })
        .collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn analysis_is_well_formed_on_any_text(text in text()) {
        let analysis = Analyzer::new().analyze(&text);
        check_analysis(&text, &analysis)?;
        check_story(&analysis)?;
    }

    #[test]
    fn analysis_is_well_formed_on_english(text in english()) {
        let analysis = Analyzer::new().analyze(&text);
        check_analysis(&text, &analysis)?;
        check_story(&analysis)?;
    }

    #[test]
    fn analysis_is_deterministic(text in text(), other in english()) {
        let fresh = Analyzer::new().analyze(&text);
        let mut warm = Analyzer::new();
        warm.analyze(&other);
        prop_assert_eq!(&warm.analyze(&text), &fresh);
        prop_assert_eq!(&warm.analyze(&text), &fresh);
        let stems: Vec<_> = fresh.tokens.iter().map(Token::shared_stem).collect();
        prop_assert_eq!(warm.stems(&text), stems);
    }

    #[test]
    fn a_text_is_its_own_context(text in english()) {
        let mut analysis = Analyzer::new().analyze(&text);
        analysis.mark_context(&analysis.clone());
        for token in &analysis.tokens {
            prop_assert_eq!(token.in_context, !token.is_stop_word(), "{:?}", token.word());
        }
        let mut none = Analyzer::new().analyze(&text);
        none.mark_context(&Analysis::default());
        prop_assert!(none.tokens.iter().all(|t| !t.in_context));
    }

    #[test]
    fn a_paragraph_break_isolates_the_analysis(
        before in prop_oneof![
            any_text(),
            english(),
            (english(), select(LOOKING_AHEAD)).prop_map(|(text, last)| format!("{text} {last}")),
        ],
        after in prop_oneof![
            english(),
            (select(LOOKED_FOR), english()).prop_map(|(first, text)| format!("{first} {text}")),
        ],
    ) {
        let text = format!("{before}\n\n{after}");
        let mut analyzer = Analyzer::new();
        let whole = analyzer.analyze(&text);
        let first = analyzer.analyze(&before);
        let second = analyzer.analyze(&after);
        let (n, s) = (first.tokens.len(), first.sentences.len());
        prop_assert_eq!(whole.tokens.len(), n + second.tokens.len());
        prop_assert_eq!(&whole.tokens[..n], &first.tokens[..]);
        let clauses = first.tokens.last().map_or(0, |t| t.clause + 1);
        let expected = shifted(&second, before.len() + 2, n as u32, s as u32, clauses);
        prop_assert_eq!(&whole.tokens[n..], &expected.tokens[..]);
        prop_assert_eq!(whole.sentences.len(), s + second.sentences.len());
        prop_assert_eq!(&whole.sentences[s..], &expected.sentences[..]);
        if let Some(last) = s.checked_sub(1) {
            // The first paragraph's last sentence may now run to its end.
            prop_assert_eq!(&whole.sentences[..last], &first.sentences[..last]);
            let (alone, joined) = (first.sentences[last], whole.sentences[last]);
            prop_assert!(joined.start == alone.start && alone.end <= joined.end);
            prop_assert!(joined.end <= before.len());
        }
    }

    #[test]
    fn negation_rules_hold_for_any_verb_in_any_surroundings(
        (rule, negated) in select(NEGATION_RULES),
        verb in select(VERBS),
        before in prop_oneof![Just(String::new()), english(), any_text()],
        after in english(),
        upper in proptest::collection::vec(any::<bool>(), 1..8),
        curly in any::<bool>(),
    ) {
        let sentence = restyle(&rule.replace("{v}", verb), &upper, curly);
        let at = before.len() + 2;
        let text = format!("{before}\n\n{sentence}\n\n{after}");
        let analysis = Analyzer::new().analyze(&text);
        check_analysis(&text, &analysis)?;
        let verb_at = rule.find("{v}").unwrap_or_default();
        let verb_start = at + restyle(&rule[..verb_at], &upper, curly).len();
        let Some(token) = analysis.tokens.iter().find(|t| t.span.start == verb_start) else {
            return Err(TestCaseError::fail(format!("no token at the verb of {sentence:?}")));
        };
        prop_assert_eq!(token.is_negated(), negated, "{:?} in {:?}", token.word(), sentence);
        if let Some(negator) = token.negator {
            let negator = &analysis.tokens[negator as usize];
            prop_assert!(negator.span.start >= at, "negator {:?} before the sentence", negator);
        }
    }
}

/// A last `and` after a negator, `instead` or `rather` is read within its
/// sentence: the first word of a next paragraph changes nothing.
#[test]
fn lookahead_stops_at_the_sentence_end() {
    let mut analyzer = Analyzer::new();
    let mut differs = |before: &str, next: &str| {
        let alone = analyzer.analyze(before);
        let joined = analyzer.analyze(&format!("{before}\n\n{next}"));
        let (a, j) = (alone.tokens.last().unwrap(), &joined.tokens[alone.tokens.len() - 1]);
        (a.clause, a.negation_depth) != (j.clause, j.negation_depth)
    };
    assert!(!differs("I would never and", "Would you?"));
    assert!(!differs("I listen instead", "Of course."));
    assert!(!differs("I would rather", "Than that."));
}
