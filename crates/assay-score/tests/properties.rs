//! Property tests of the cue parser ([`Cue::parse`]) and the rubric loader
//! ([`RubricSet::load`]):
//!
//! - a cue built from the cue language's own syntax (words, `*` prefixes,
//!   `a|b`, `( | )` groups, `[ ]` optional parts, `...N` gaps, `?`,
//!   `@context`, leading `^` and `~`) compiles, to the structure the
//!   language promises;
//! - any string, and any jumble of cue syntax, compiles to such a structure
//!   or is refused with an error at a character of the cue (or its end),
//!   never a panic, and whitespace around a cue changes nothing;
//! - a cue refused inside a rubric is reported at that character of the
//!   rubric file;
//! - a rubric file of the repository's `rubrics/` (concepts, red flags,
//!   questions) mutated (bytes deleted, characters inserted, a number
//!   replaced by any float including NaN, infinities and 1e308, a line
//!   duplicated) never panics: it loads to rubrics that keep every
//!   validation promise and score an answer from 0 to 100, in the level of
//!   that total, or is refused with errors, in file order, that all name
//!   the mutated file and a line and column inside it;
//! - a number replaced by NaN or an infinity is always refused, at that
//!   number.
//!
//! The default run is short (256 cases a cue property, 48 a rubric file
//! property, a few seconds in a debug `cargo test`). Before a release, run
//! it long: 25,000 cases take about four minutes on one core (less with
//! two), and with the `assay-text` properties' long run some ten minutes in
//! all:
//!
//! ```text
//! PROPTEST_CASES=25000 cargo test --release -p assay-score --test properties
//! ```
//!
//! `PROPTEST_CASES` sets every property's cases alike. A failure prints its
//! smallest input and saves its seed in `properties.proptest-regressions`
//! beside this file, which later runs replay first: commit it with the fix.

use std::path::Path;
use std::sync::OnceLock;

use assay_score::cue::{Node, Term, CONTEXT_WORD, MAX_GAP};
use assay_score::{Cue, LoadError, RubricSet, Scorer, SourceFile};
use assay_text::{stem_key, Analyzer};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::TestCaseError;

/// Cases per cue property when `PROPTEST_CASES` does not say otherwise.
const CUE_CASES: u32 = 256;

/// Cases per rubric file property (each loads rubrics, some 25 ms in a
/// debug build) when `PROPTEST_CASES` does not say otherwise.
const RUBRIC_CASES: u32 = 48;

/// The run's configuration: `cases` cases, or `PROPTEST_CASES`.
fn config(cases: u32) -> ProptestConfig {
    let from_env = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok());
    ProptestConfig { cases: from_env.unwrap_or(cases), ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------
// Cues

/// Cue words that compile: plain, capitalised, contracted, hyphenated,
/// with inner marks, digits, accents, a trailing apostrophe or `?`.
const CUE_WORDS: &[&str] = &[
    "listen",
    "Listening",
    "crisis",
    "line",
    "988",
    "don't",
    "i'd",
    "won't",
    "cannot",
    "a&e",
    "open-ended",
    "peers'",
    "you?",
    "caf\u{E9}",
    "na\u{EF}ve",
    "2.50",
    "check",
    "in",
    "later",
    "never",
    "not",
    "so",
    "you",
    "feel",
    "them",
    "\u{130}stanbul",
    "OK",
];

/// Prefix cue words: at least two letters before the `*`.
const PREFIXES: &[&str] =
    &["judg*", "listen*", "empath*", "problem-solv*", "Valid*", "caf\u{E9}*", "re-fer*"];

/// One cue word that compiles: a word, a prefix, `@context` or `?`.
fn cue_word() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(CUE_WORDS).prop_map(String::from),
        2 => select(PREFIXES).prop_map(String::from),
        1 => Just(CONTEXT_WORD.to_owned()),
        1 => Just("?".to_owned()),
    ]
}

/// A gap, if any: `...` or `...N` with N from 1 to [`MAX_GAP`].
fn gap() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        3 => Just(None),
        1 => Just(Some("...".to_owned())),
        1 => (1..=MAX_GAP).prop_map(|n| Some(format!("...{n}"))),
    ]
}

/// Items joined by spaces, with a gap between some of them (never at either
/// end, never two in a row).
fn joined(items: Vec<(String, Option<String>)>) -> String {
    let last = items.len().saturating_sub(1);
    let mut out = Vec::new();
    for (i, (item, gap)) in items.into_iter().enumerate() {
        out.push(item);
        if let Some(gap) = gap.filter(|_| i < last) {
            out.push(gap);
        }
    }
    out.join(" ")
}

/// A cue item that compiles: a word, alternatives `a|b` written together,
/// or a group `( | )` or optional group `[ | ]` of phrases (which nest).
fn cue_item() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        4 => cue_word(),
        1 => proptest::collection::vec(cue_word(), 2..4).prop_map(|words| words.join("|")),
    ];
    leaf.prop_recursive(3, 32, 4, |inner| {
        let phrase = proptest::collection::vec((inner, gap()), 1..4).prop_map(joined);
        let options = proptest::collection::vec(phrase, 1..4);
        (options, any::<bool>(), select(&["|", " | ", "| "][..])).prop_map(
            |(options, optional, bar)| {
                let (open, close) = if optional { ("[", "]") } else { ("(", ")") };
                format!("{open}{}{close}", options.join(bar))
            },
        )
    })
}

/// Leading marks: `^` (sentence start) and `~` (ignores negation), alone,
/// together in either order, with or without spaces.
const MARKS: &[&str] = &["", "", "", "^ ", "^", "~ ", "~", "^~ ", "~ ^ ", " ~^", "\t^ "];

/// A cue that compiles: marks, then items around one plain word (so not
/// every part is optional), with gaps between some of them.
fn valid_cue() -> impl Strategy<Value = String> {
    (
        select(MARKS),
        proptest::collection::vec((cue_item(), gap()), 0..3),
        select(CUE_WORDS),
        gap(),
        proptest::collection::vec((cue_item(), gap()), 0..3),
    )
        .prop_map(|(marks, before, word, gap, after)| {
            let mut items = before;
            items.push((word.to_owned(), gap));
            items.extend(after);
            format!("{marks}{}", joined(items))
        })
}

/// Pieces of the cue language, well and badly formed, for jumbles.
const CUE_TOKENS: &[&str] = &[
    "listen",
    "crisis line",
    "judg*",
    "a*",
    "*",
    "**",
    "don't*",
    "@context",
    "@",
    "?",
    "you?",
    "??",
    "(",
    ")",
    "[",
    "]",
    "|",
    "||",
    "...",
    "....",
    "...0",
    "...3",
    "...12",
    "...13",
    "...99",
    "...999",
    "..",
    "^",
    "~",
    "<3",
    "&&",
    "organi[sz]ed",
    "(my )?",
    "'",
    "\u{2019}",
    "-",
    "\u{2014}",
    "\"",
    "\\",
    "\t",
    "\n",
    " ",
    "  ",
    "\u{A0}",
    "\u{300}",
    "\u{1F600}",
    "\u{5D0}\u{5D1}",
    "\u{130}",
    "ab\u{301}",
    "e.g.",
    "2.50",
];

/// Any cue-like text: a jumble of [`CUE_TOKENS`] and arbitrary characters,
/// a valid cue with a character deleted or inserted, or any string.
fn cue_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => select(CUE_TOKENS).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ];
    let separator = select(&["", " ", " ", "  "][..]);
    let jumble = proptest::collection::vec((piece, separator), 0..16)
        .prop_map(|parts| parts.into_iter().map(|(piece, sep)| piece + sep).collect());
    let edited = (valid_cue(), any::<Index>(), select(CUE_TOKENS), any::<bool>()).prop_map(
        |(cue, at, token, delete)| {
            let chars: Vec<char> = cue.chars().collect();
            let at = at.index(chars.len() + 1);
            let (head, tail) = chars.split_at(at);
            let tail = if delete { tail.get(1..).unwrap_or_default() } else { tail };
            let mut edited: String = head.iter().collect();
            if !delete {
                edited.push_str(token);
            }
            edited.extend(tail);
            edited
        },
    );
    prop_oneof![3 => jumble, 2 => edited, 1 => any::<String>()]
}

/// Checks a sequence of compiled nodes (the whole cue, or one alternative
/// of a group): not empty, no gap at either end or twice in a row, gaps
/// within bounds, stems keyed by their hash, prefixes of two letters or
/// more. Returns whether every node may match nothing.
fn check_nodes(nodes: &[Node], source: &str) -> Result<bool, TestCaseError> {
    prop_assert!(!nodes.is_empty(), "empty sequence in {:?}", source);
    prop_assert!(!matches!(nodes.first(), Some(Node::Gap(_))), "leading gap in {:?}", source);
    prop_assert!(!matches!(nodes.last(), Some(Node::Gap(_))), "trailing gap in {:?}", source);
    let mut nullable = true;
    for (i, node) in nodes.iter().enumerate() {
        match node {
            Node::Gap(n) => {
                prop_assert!((1..=MAX_GAP).contains(n), "gap {} in {:?}", n, source);
                prop_assert!(!matches!(nodes.get(i + 1), Some(Node::Gap(_))), "two gaps");
            }
            Node::Term(Term::Stem(stem, key)) => {
                prop_assert!(!stem.is_empty(), "empty stem in {:?}", source);
                prop_assert_eq!(*key, stem_key(stem));
                nullable = false;
            }
            Node::Term(Term::Prefix(prefix)) => {
                prop_assert!(prefix.chars().count() >= 2, "prefix {:?} too short", prefix);
                prop_assert_eq!(&**prefix, prefix.to_lowercase(), "prefix is not lower case");
                nullable = false;
            }
            Node::Term(Term::Context) => nullable = false,
            Node::Choice { options, optional } => {
                prop_assert!(!options.is_empty(), "a choice without options in {:?}", source);
                let mut any_nullable = false;
                for option in options {
                    any_nullable |= check_nodes(option, source)?;
                }
                nullable &= *optional || any_nullable;
            }
        }
    }
    Ok(nullable)
}

/// The leading marks of `source` as the cue language reads them (`~` and
/// `^`, each at most once, before anything but whitespace), and `source`
/// with them blanked out.
fn leading_marks(source: &str) -> ((bool, bool), String) {
    let (mut tilde, mut caret, mut rest) = (false, false, String::new());
    let mut chars = source.chars();
    for c in chars.by_ref() {
        match c {
            c if c.is_whitespace() => rest.push(c),
            '~' if !tilde => tilde = true,
            '^' if !caret => caret = true,
            c => {
                rest.push(c);
                break;
            }
        }
    }
    rest.extend(chars);
    ((tilde, caret), rest)
}

/// Checks what parsing `source` gave: a cue with the structure the cue
/// language promises and the marks `source` has, or an error at one of its
/// characters (or its end).
fn check_parsed(
    source: &str,
    parsed: &Result<Cue, assay_score::CueError>,
) -> Result<(), TestCaseError> {
    match parsed {
        Ok(cue) => {
            prop_assert_eq!(&cue.source, source);
            let nullable = check_nodes(&cue.nodes, source)?;
            prop_assert!(!nullable, "{:?} compiled although every part is optional", source);
            let (marks, rest) = leading_marks(source);
            prop_assert_eq!((cue.ignores_negation, cue.sentence_start), marks);
            // A gap may be written against the word after it (`...@context`).
            let context_word = rest
                .split(|c: char| c.is_whitespace() || "()[]|".contains(c))
                .map(|word| {
                    word.strip_prefix("...")
                        .map_or(word, |w| w.trim_start_matches(|c: char| c.is_ascii_digit()))
                })
                .any(|word| word == CONTEXT_WORD);
            prop_assert_eq!(cue.uses_context(), context_word);
        }
        Err(error) => {
            let len = source.chars().count();
            prop_assert!(error.at <= len, "error at {} of {} characters: {}", error.at, len, error);
            prop_assert!(!error.message.is_empty());
        }
    }
    Ok(())
}

/// A question of one concept defined in place, whose only cue is `cue`
/// (written without escapes), and the 1-based line and column where the
/// cue's text begins.
fn question_with_cue(cue: &str) -> (String, (usize, usize)) {
    let head = "id = \"q\"\nquestion = \"What would you do?\"\n\n[[concepts]]\nid = \"c\"\n\
                name = \"C\"\nweight = 1\nguidance = \"g\"\npraise = \"p\"\n";
    let cues = "cues = [\"";
    let tail = "\"]\n\n[[levels]]\nname = \"low\"\nmin = 0\n";
    let line = head.matches('\n').count() + 1;
    (format!("{head}{cues}{cue}{tail}"), (line, cues.chars().count() + 1))
}

// ---------------------------------------------------------------------------
// Rubric files

/// A file of the repository's rubrics and the library files to load with
/// it: for a question, the concepts and red flags it uses; for a library
/// file, none (it is loaded as the whole library).
struct Fixture {
    /// The file, as `rubrics/<folder>/<id>.toml`.
    file: SourceFile,
    /// The library files to load with it.
    library: Vec<SourceFile>,
}

impl Fixture {
    /// Whether the file is a question (else a concept or red flag).
    fn is_question(&self) -> bool {
        self.file.path.contains("/questions/")
    }

    /// Loads the fixture with its file's text replaced by `text`.
    fn load(&self, text: String) -> (SourceFile, Result<RubricSet, Vec<LoadError>>) {
        let file = SourceFile::new(self.file.path.clone(), text);
        let loaded = if self.is_question() {
            RubricSet::load(&self.library, std::slice::from_ref(&file))
        } else {
            RubricSet::load(std::slice::from_ref(&file), &[])
        };
        (file, loaded.map_err(|errors| errors.0))
    }
}

/// The `.toml` files of `rubrics/<folder>`, by name.
fn rubric_files(folder: &str) -> Vec<SourceFile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rubrics").join(folder);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            let text = std::fs::read_to_string(&path).unwrap();
            SourceFile::new(format!("rubrics/{folder}/{name}"), text)
        })
        .collect()
}

/// Every rubric file of the repository as a [`Fixture`], read once.
fn fixtures() -> &'static [Fixture] {
    static FIXTURES: OnceLock<Vec<Fixture>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let library = [rubric_files("concepts"), rubric_files("red-flags")].concat();
        let mut fixtures: Vec<Fixture> = library
            .iter()
            .map(|file| Fixture { file: file.clone(), library: Vec::new() })
            .collect();
        for question in rubric_files("questions") {
            let used: Vec<&str> = question
                .text
                .lines()
                .filter_map(|line| line.trim().strip_prefix("use = \""))
                .filter_map(|rest| rest.strip_suffix('"'))
                .collect();
            let library = library.iter().filter(|f| used.contains(&f.stem())).cloned().collect();
            fixtures.push(Fixture { file: question, library });
        }
        fixtures
    })
}

/// The byte ranges of the numbers in a rubric file: the values of
/// `key = <number>` lines.
fn numbers(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if let Some((key, value)) = line.split_once('=') {
            let value_start = offset + key.len() + 1 + (value.len() - value.trim_start().len());
            let value = value.trim();
            let is_key = key.trim().bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
            let is_number = value.parse::<f64>().is_ok()
                && value.bytes().all(|b| b"+-.e0123456789".contains(&b));
            if is_key && !key.trim().is_empty() && is_number {
                found.push(value_start..value_start + value.len());
            }
        }
        offset += line.len();
    }
    found
}

/// A number as TOML writes it: `nan`, `inf` and `-inf` for the floats that
/// have no digits, else Rust's shortest round-trip form.
fn toml_number(value: f64) -> String {
    match value {
        v if v.is_nan() => "nan".to_owned(),
        v if v.is_infinite() => if v > 0.0 { "inf" } else { "-inf" }.to_owned(),
        v => format!("{v:?}"),
    }
}

/// Any number a trainer could write, and some no trainer should: special
/// floats, extremes, signs, integers out of range, and any `f64` or `i64`.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => select(&[
            "nan", "+nan", "-nan", "inf", "+inf", "-inf", "1e308", "-1e308",
            "1.7976931348623157e308", "1e309", "5e-324", "-1", "-1.0", "0", "-0", "-0.0", "0.0",
            "1", "0.5", "1.0", "99.9", "100", "100.0", "100.1", "1e2", "12", "13", "1_000",
            "0x10", "0o7", "0b1", "+1",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "4294967296",
        ][..]).prop_map(String::from),
        1 => any::<f64>().prop_map(toml_number),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => (0.0..=100.0f64).prop_map(toml_number),
    ]
}

/// Text to insert into a rubric file: TOML syntax, rubric lines, and any
/// characters.
fn insertion() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(&[
            "\"", "'", "[", "]", "[[levels]]\n", "[[concepts]]\n", "[[red-flags]]\n", "=", " = ",
            "\n", "#", "\\", "\\u", "\\uD800", "{", "}", ",", "'''", "\"\"\"", "nan", "\t", "\r\n",
            "weight = 2\n", "min = 0\n", "use = \"empathy\"\n", "id = \"x\"\n", "cap = 30\n",
            "bonus = true\n", "required = true\n", "cues = [\"listen\"]\n", "...", "(", ")", "|",
            "*", "\u{FEFF}", "\u{0}",
        ][..]).prop_map(String::from),
        1 => any::<String>(),
        1 => cue_text(),
    ]
}

/// One change to a rubric file.
#[derive(Debug, Clone)]
enum Mutation {
    /// Deletes up to this many bytes from a position (invalid UTF-8 left
    /// behind becomes U+FFFD).
    DeleteBytes(Index, usize),
    /// Inserts text at a position (moved back to a character boundary).
    Insert(Index, String),
    /// Replaces one of the file's numbers.
    ReplaceNumber(Index, String),
    /// Writes a line twice.
    DuplicateLine(Index),
}

/// Any [`Mutation`].
fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), prop_oneof![1..4usize, 1..400usize])
            .prop_map(|(at, len)| Mutation::DeleteBytes(at, len)),
        (any::<Index>(), insertion()).prop_map(|(at, text)| Mutation::Insert(at, text)),
        (any::<Index>(), number()).prop_map(|(at, n)| Mutation::ReplaceNumber(at, n)),
        any::<Index>().prop_map(Mutation::DuplicateLine),
    ]
}

impl Mutation {
    /// `text` with this change.
    fn apply(&self, text: &str) -> String {
        match self {
            Mutation::DeleteBytes(at, len) => {
                let start = at.index(text.len() + 1);
                let end = (start + len).min(text.len());
                let mut bytes = text.as_bytes().to_vec();
                bytes.drain(start..end);
                String::from_utf8_lossy(&bytes).into_owned()
            }
            Mutation::Insert(at, inserted) => {
                let mut at = at.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                format!("{}{inserted}{}", &text[..at], &text[at..])
            }
            Mutation::ReplaceNumber(which, value) => {
                let numbers = numbers(text);
                if numbers.is_empty() {
                    return text.to_owned();
                }
                let range = numbers[which.index(numbers.len())].clone();
                format!("{}{value}{}", &text[..range.start], &text[range.end..])
            }
            Mutation::DuplicateLine(which) => {
                let lines: Vec<&str> = text.split_inclusive('\n').collect();
                if lines.is_empty() {
                    return text.to_owned();
                }
                let i = which.index(lines.len());
                let copy = if lines[i].ends_with('\n') {
                    lines[i].to_owned()
                } else {
                    "\n".to_owned() + lines[i]
                };
                let mut out: String = lines[..=i].concat();
                out.push_str(&copy);
                out.push_str(&lines[i + 1..].concat());
                out
            }
        }
    }
}

/// Checks that `errors`, from loading `files`, are not empty, each names
/// one of the files and a line and column inside it, and they come in file
/// order.
fn check_located(errors: &[LoadError], files: &[&SourceFile]) -> Result<(), TestCaseError> {
    prop_assert!(!errors.is_empty(), "an error result without errors");
    for error in errors {
        let file = files.iter().find(|f| f.path == error.path);
        prop_assert!(file.is_some(), "error names an unknown file: {}", error);
        let text = &file.map(|f| f.text.as_str()).unwrap_or_default();
        let lines: Vec<&str> = text.split('\n').collect();
        prop_assert!(
            (1..=lines.len()).contains(&error.line),
            "{} is past the file's {} lines",
            error,
            lines.len()
        );
        let columns = lines[error.line - 1].chars().count() + 1;
        prop_assert!(
            (1..=columns).contains(&error.column),
            "{} is past its line's {} columns",
            error,
            columns
        );
        prop_assert!(!error.message.trim().is_empty(), "{} has no message", error);
    }
    let positions: Vec<_> = errors.iter().map(|e| (&e.path, e.line, e.column)).collect();
    prop_assert!(positions.windows(2).all(|w| w[0] <= w[1]), "errors out of file order");
    Ok(())
}

/// Whether `id` is a valid id: lower-case letters, digits and `-`.
fn is_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Checks that a loaded rubric set keeps the promises validation makes,
/// and that each rubric scores `answer` within 0 to 100, in the level of
/// its total.
fn check_loaded(set: &RubricSet, answer: &str) -> Result<(), TestCaseError> {
    for concept in set.library() {
        prop_assert!(
            concept.weight.is_finite() && concept.weight > 0.0,
            "weight {}",
            concept.weight
        );
        prop_assert!(
            (1..=concept.cues.len().max(1) as u32).contains(&concept.saturation),
            "saturation {} of {} cues",
            concept.saturation,
            concept.cues.len()
        );
        let threshold = concept.examples.threshold;
        prop_assert!(threshold > 0.0 && threshold < 1.0, "example threshold {}", threshold);
        prop_assert!(is_id(&concept.id) && !concept.cues.is_empty());
    }
    for flag in set.library_red_flags() {
        prop_assert!(flag.cap.is_some() || flag.penalty.is_some());
        prop_assert!(flag.cap.is_none_or(|cap| (0.0..=100.0).contains(&cap)), "cap {:?}", flag.cap);
        prop_assert!(
            flag.penalty.is_none_or(|p| p > 0.0 && p <= 100.0),
            "penalty {:?}",
            flag.penalty
        );
        prop_assert!(is_id(&flag.id));
        // Cues, or raised by the harm estimate in their place.
        match flag.harm {
            None => prop_assert!(!flag.cues.is_empty()),
            Some(h) => prop_assert!(
                flag.cues.is_empty()
                    && 0.0 <= h.confirm_at
                    && h.confirm_at <= h.raise_at
                    && h.raise_at <= 1.0,
                "{:?}",
                h
            ),
        }
    }
    let mut scorer = Scorer::new();
    for rubric in set.rubrics() {
        prop_assert!(is_id(&rubric.id) && !rubric.question.is_empty());
        prop_assert!(!rubric.levels.is_empty());
        prop_assert_eq!(rubric.levels[0].min, 0.0);
        for pair in rubric.levels.windows(2) {
            prop_assert!(pair[0].min < pair[1].min && pair[1].min <= 100.0, "levels {:?}", pair);
        }
        prop_assert!((0.0..1.0).contains(&rubric.exemplar_weight));
        prop_assert!(rubric.concepts.iter().any(|c| !c.bonus), "no core concept");
        for concept in &rubric.concepts {
            prop_assert!(concept.weight.is_finite() && concept.weight > 0.0);
            prop_assert!(!(concept.bonus && concept.required));
            prop_assert!(concept.saturation >= 1);
        }
        let score = scorer.score(rubric, answer);
        prop_assert!((0.0..=100.0).contains(&score.total), "total {} of {:?}", score.total, answer);
        prop_assert_eq!(&score.level, &rubric.level_of(score.total).name);
        prop_assert_eq!(score.concepts.len(), rubric.concepts.len());
        for concept in &score.concepts {
            prop_assert!((0.0..=1.0).contains(&concept.strength), "strength {}", concept.strength);
            prop_assert!(
                concept.points.is_finite() && concept.points >= 0.0,
                "{} points for {} of {:?}",
                concept.points,
                concept.id,
                answer
            );
        }
    }
    Ok(())
}

/// An answer made of words of `text` (the rubric file, so its cues have
/// something to match), picked by `picks`.
fn answer_from(text: &str, picks: &[Index]) -> String {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return String::new();
    }
    picks.iter().map(|i| words[i.index(words.len())]).collect::<Vec<_>>().join(" ")
}

/// The 1-based line and column of byte `offset` of `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

proptest! {
    #![proptest_config(config(CUE_CASES))]

    #[test]
    fn cues_written_in_the_cue_language_compile(source in valid_cue()) {
        let parsed = Cue::parse(&source, &mut Analyzer::new());
        prop_assert!(parsed.is_ok(), "{:?}: {}", source, parsed.as_ref().unwrap_err());
        check_parsed(&source, &parsed)?;
    }

    #[test]
    fn any_cue_text_compiles_or_is_refused_where_it_is_wrong(source in cue_text()) {
        let mut analyzer = Analyzer::new();
        let parsed = Cue::parse(&source, &mut analyzer);
        check_parsed(&source, &parsed)?;
        prop_assert_eq!(&Cue::parse(&source, &mut analyzer), &parsed, "not deterministic");
    }

    #[test]
    fn whitespace_around_a_cue_changes_nothing(
        source in prop_oneof![valid_cue(), cue_text()],
        before in "[ \t\n]{0,3}",
        after in "[ \t\n]{0,3}",
    ) {
        let mut analyzer = Analyzer::new();
        let bare = Cue::parse(&source, &mut analyzer);
        let padded = Cue::parse(&format!("{before}{source}{after}"), &mut analyzer);
        match (&bare, &padded) {
            (Ok(bare), Ok(padded)) => {
                prop_assert_eq!(&bare.nodes, &padded.nodes);
                prop_assert_eq!(
                    (bare.ignores_negation, bare.sentence_start),
                    (padded.ignores_negation, padded.sentence_start)
                );
            }
            (Err(bare), Err(padded)) => prop_assert_eq!(&bare.message, &padded.message),
            _ => prop_assert!(false, "{:?} gives {:?} but padded {:?}", source, bare, padded),
        }
    }

    #[test]
    fn a_refused_cue_is_reported_at_its_character_in_the_file(source in cue_text()) {
        // Without escapes, the file's columns are the cue's characters.
        // (With them, the column is off by the escapes' extra characters.)
        let source: String = source
            .chars()
            .filter(|&c| !(c == '"' || c == '\\' || c.is_control()) || c == '\t')
            .collect();
        let (text, (line, column)) = question_with_cue(&source);
        let file = SourceFile::new("questions/q.toml", text);
        let loaded = RubricSet::load(&[], std::slice::from_ref(&file)).map_err(|e| e.0);
        match (Cue::parse(&source, &mut Analyzer::new()), loaded) {
            (Ok(_), Ok(set)) => {
                let rubric = set.get("q");
                prop_assert!(rubric.is_some_and(|r| r.concepts[0].cues == [source.clone()]));
            }
            (Err(error), Err(errors)) => {
                check_located(&errors, &[&file])?;
                let at = (line, column + error.at);
                let reported = errors
                    .iter()
                    .any(|e| (e.line, e.column) == at && e.message.contains(&error.message));
                prop_assert!(reported, "{:?} not reported at {:?}: {:?}", error, at, errors);
            }
            (parsed, loaded) => prop_assert!(
                false,
                "cue {:?} parses as {:?} but loads as {:?}",
                source,
                parsed,
                loaded.map(|_| ())
            ),
        }
    }
}

proptest! {
    #![proptest_config(config(RUBRIC_CASES))]

    #[test]
    fn a_mutated_rubric_loads_or_is_refused_with_located_errors(
        which in any::<Index>(),
        mutations in proptest::collection::vec(mutation(), 1..4),
        picks in proptest::collection::vec(any::<Index>(), 0..80),
    ) {
        let fixture = &fixtures()[which.index(fixtures().len())];
        let text = mutations.iter().fold(fixture.file.text.clone(), |text, m| m.apply(&text));
        let (file, loaded) = fixture.load(text);
        match loaded {
            Ok(set) => check_loaded(&set, &answer_from(&file.text, &picks))?,
            Err(errors) => {
                let files: Vec<&SourceFile> = fixture.library.iter().chain([&file]).collect();
                check_located(&errors, &files)?;
                // The rest of the library is valid, so every problem is in
                // the mutated file.
                for error in &errors {
                    prop_assert_eq!(&error.path, &file.path, "{}", error);
                }
            }
        }
    }

    #[test]
    fn a_nan_or_infinite_number_is_refused_where_it_stands(
        which in any::<Index>(),
        number in any::<Index>(),
        value in select(&["nan", "+nan", "-nan", "inf", "+inf", "-inf"][..]),
    ) {
        let fixture = &fixtures()[which.index(fixtures().len())];
        let ranges = numbers(&fixture.file.text);
        prop_assert!(!ranges.is_empty(), "{} has no numbers", fixture.file.path);
        let range = ranges[number.index(ranges.len())].clone();
        let original = &fixture.file.text;
        let text = format!("{}{value}{}", &original[..range.start], &original[range.end..]);
        let at = line_column(&text, range.start);
        let (file, loaded) = fixture.load(text);
        let errors = loaded.err().unwrap_or_default();
        check_located(&errors, &[&file])?;
        let here = errors.iter().any(|e| e.path == file.path && (e.line, e.column) == at);
        prop_assert!(here, "{} at {:?} of {} not refused: {:?}", value, at, file.path, errors);
    }
}

/// The repository's rubrics load, and each question uses only the library
/// files its fixture loads with it, so every fixture loads as it is.
#[test]
fn the_fixtures_are_valid() {
    let (library, questions): (Vec<&Fixture>, Vec<&Fixture>) =
        fixtures().iter().partition(|f| !f.is_question());
    let library: Vec<SourceFile> = library.into_iter().map(|f| f.file.clone()).collect();
    let files: Vec<SourceFile> = questions.iter().map(|f| f.file.clone()).collect();
    let set = RubricSet::load(&library, &files).unwrap();
    for fixture in &questions {
        let rubric = set.get(fixture.file.stem()).unwrap();
        let used = rubric.concepts.iter().filter(|c| c.from_library).map(|c| &c.id);
        let flags = rubric.red_flags.iter().filter(|f| f.from_library).map(|f| &f.id);
        for id in used.chain(flags) {
            let loaded = fixture.library.iter().any(|f| f.stem() == id);
            assert!(loaded, "{} uses {id}, which its fixture leaves out", fixture.file.path);
        }
    }
    for fixture in fixtures() {
        assert!(!numbers(&fixture.file.text).is_empty(), "{} has no numbers", fixture.file.path);
    }
    assert!(questions.len() > 40 && library.len() > 30, "the rubrics did not load");
}

/// A cue with `@context` among alternatives loads: the anchor of a choice
/// added up the cost of each option, and `@context` costs `u32::MAX`, which
/// overflowed (a panic in debug builds). Found by the properties above.
#[test]
fn a_context_word_among_alternatives_loads() {
    for cue in ["(listen|@context)", "listen|@context ...2 feel", "[so] (you ...3 @context|feel)"] {
        let (text, _) = question_with_cue(cue);
        let file = SourceFile::new("questions/q.toml", text);
        assert!(RubricSet::load(&[], &[file]).is_ok(), "{cue}");
    }
}
