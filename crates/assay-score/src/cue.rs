//! Cue patterns: the phrase syntax trainers write (see `rubrics/README.md`).

use std::fmt;
use std::sync::Arc;

use assay_text::Analyzer;

use crate::Site;

/// The cue word that matches a content word of the answer's context.
pub const CONTEXT_WORD: &str = "@context";

/// Largest gap `...N` a cue may ask for.
pub const MAX_GAP: u8 = 12;
/// Gap of a bare `...`.
pub const DEFAULT_GAP: u8 = 3;

/// How one cue word is compared with a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// The token's stem equals this stem (with its [`assay_text::stem_key`]).
    Stem(Arc<str>, u64),
    /// The token's word starts with these letters.
    Prefix(Arc<str>),
    /// A content word that also occurs in the answer's context (written
    /// `@context`; see [`assay_text::Analysis::mark_context`]).
    Context,
}

impl Term {
    /// A stem term.
    #[must_use]
    pub fn stem(stem: Arc<str>) -> Term {
        let key = assay_text::stem_key(&stem);
        Term::Stem(stem, key)
    }

    /// Whether `token` matches.
    #[must_use]
    pub fn matches(&self, token: &assay_text::Token) -> bool {
        match self {
            Term::Stem(stem, key) => token.stem_key == *key && token.stem() == &**stem,
            Term::Prefix(prefix) => token.word().starts_with(&**prefix),
            Term::Context => token.in_context,
        }
    }
}

/// One element of a cue pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// One word.
    Term(Term),
    /// One of several sequences; `optional` if it may be left out.
    Choice {
        /// The alternatives, each a sequence of nodes.
        options: Vec<Vec<Node>>,
        /// Whether the answer may leave this part out.
        optional: bool,
    },
    /// Up to this many other words.
    Gap(u8),
}

impl Node {
    /// Whether the node can match no words at all.
    pub(crate) fn is_nullable(&self) -> bool {
        match self {
            Node::Term(_) => false,
            Node::Gap(_) => true,
            Node::Choice { options, optional } => {
                *optional || options.iter().any(|o| o.iter().all(Node::is_nullable))
            }
        }
    }
}

/// A compiled cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// The cue as the trainer wrote it.
    pub source: String,
    /// The pattern to match, in order.
    pub nodes: Vec<Node>,
    /// Whether the cue fires inside a negation too (written with a leading
    /// `~`): for phrasing whose meaning a negation does not reverse, such
    /// as "I wouldn't want to make a fuss" for a red flag on minimising.
    pub ignores_negation: bool,
    /// Whether a match must begin a sentence (written with a leading `^`):
    /// `^ so you` for a reflection that opens with "so you".
    pub sentence_start: bool,
    /// Where the cue is written, for a cue read from a rubric file (set by
    /// [`crate::RubricSet::load`]; `None` from [`Cue::parse`]).
    pub site: Option<Site>,
}

/// Why a cue could not be compiled, and at which character of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueError {
    /// 0-based character offset in the cue where the problem is.
    pub at: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Cue {
    /// Whether the cue has an `@context` word: it can only fire on an
    /// answer given with its context.
    #[must_use]
    pub fn uses_context(&self) -> bool {
        fn any(nodes: &[Node]) -> bool {
            nodes.iter().any(|node| match node {
                Node::Term(term) => *term == Term::Context,
                Node::Gap(_) => false,
                Node::Choice { options, .. } => options.iter().any(|o| any(o)),
            })
        }
        any(&self.nodes)
    }

    /// Compiles `source`, stemming its words with `analyzer`.
    ///
    /// # Errors
    ///
    /// A [`CueError`] for an empty cue, unbalanced brackets, a bad gap, a
    /// cue that starts or ends with a gap, or a word without letters.
    pub fn parse(source: &str, analyzer: &mut Analyzer) -> Result<Cue, CueError> {
        // Leading marks (`~`, `^`, in either order) are blanked out so that
        // character offsets in errors stay relative to `source`.
        let mut pattern: Vec<char> = source.chars().collect();
        let mut ignores_negation = false;
        let mut sentence_start = false;
        for c in &mut pattern {
            match *c {
                c if c.is_whitespace() => continue,
                '~' if !ignores_negation => ignores_negation = true,
                '^' if !sentence_start => sentence_start = true,
                _ => break,
            }
            *c = ' ';
        }
        let pattern: String = pattern.into_iter().collect();
        let lexemes = lex(&pattern)?;
        let end = pattern.chars().count();
        let mut parser = Parser { lexemes: &lexemes, next: 0, end, analyzer };
        let nodes = parser.sequence(None)?;
        if nodes.is_empty() {
            return Err(CueError { at: 0, message: "the cue is empty".into() });
        }
        if matches!(nodes.first(), Some(Node::Gap(_))) || matches!(nodes.last(), Some(Node::Gap(_)))
        {
            return Err(CueError {
                at: 0,
                message: "a cue cannot start or end with `...`: a gap only joins two words".into(),
            });
        }
        if nodes.iter().all(Node::is_nullable) {
            return Err(CueError {
                at: 0,
                message: "every part of the cue is optional, so it would match anything".into(),
            });
        }
        Ok(Cue { source: source.to_owned(), nodes, ignores_negation, sentence_start, site: None })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Lexeme {
    Word(String),
    Open(char),
    Close(char),
    Bar,
    Gap(u8),
}

fn lex(source: &str) -> Result<Vec<(usize, Lexeme)>, CueError> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' | '[' => {
                out.push((i, Lexeme::Open(c)));
                i += 1;
            }
            ')' | ']' => {
                out.push((i, Lexeme::Close(c)));
                i += 1;
            }
            '|' => {
                out.push((i, Lexeme::Bar));
                i += 1;
            }
            '.' if chars[i..].starts_with(&['.', '.', '.']) => {
                let start = i;
                i += 3;
                let digits: String = chars[i..].iter().take_while(|c| c.is_ascii_digit()).collect();
                i += digits.len();
                let gap = if digits.is_empty() {
                    DEFAULT_GAP
                } else {
                    match digits.parse::<u8>() {
                        Ok(n) if (1..=MAX_GAP).contains(&n) => n,
                        _ => {
                            return Err(CueError {
                                at: start,
                                message: format!("a gap must be `...` or `...N` with N from 1 to {MAX_GAP}, found `...{digits}`"),
                            })
                        }
                    }
                };
                out.push((start, Lexeme::Gap(gap)));
            }
            _ => {
                let start = i;
                let word: String = chars[i..]
                    .iter()
                    .take_while(|c| !c.is_whitespace() && !"()[]|".contains(**c))
                    .collect();
                if word.contains("...") {
                    return Err(CueError {
                        at: start,
                        message: format!("put spaces around `...` in `{word}`"),
                    });
                }
                i += word.chars().count();
                out.push((start, Lexeme::Word(word)));
            }
        }
    }
    check_attached_brackets(&out)?;
    Ok(out)
}

/// Brackets hold whole words: `organi[sz]ed` or `(my )?` are regex habits
/// that would silently match something else.
fn check_attached_brackets(lexemes: &[(usize, Lexeme)]) -> Result<(), CueError> {
    for pair in lexemes.windows(2) {
        let ((a_at, a), (b_at, b)) = (&pair[0], &pair[1]);
        let a_end = a_at
            + match a {
                Lexeme::Word(w) => w.chars().count(),
                Lexeme::Gap(_) => 3,
                _ => 1,
            };
        let attached = a_end == *b_at;
        match (a, b) {
            (Lexeme::Word(w), Lexeme::Open(open)) if attached => {
                return Err(CueError {
                    at: *b_at,
                    message: format!("put a space between `{w}` and `{open}`: brackets hold whole words or phrases, not letters"),
                });
            }
            (Lexeme::Close(close), Lexeme::Word(w)) if attached => {
                return Err(CueError {
                    at: *b_at,
                    message: format!("put a space between `{close}` and `{w}`: brackets hold whole words or phrases, not letters"),
                });
            }
            _ => {}
        }
    }
    Ok(())
}

struct Parser<'a> {
    lexemes: &'a [(usize, Lexeme)],
    next: usize,
    /// Length of the cue in characters, where "missing" errors point.
    end: usize,
    analyzer: &'a mut Analyzer,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&(usize, Lexeme)> {
        self.lexemes.get(self.next)
    }

    fn at(&self) -> usize {
        self.peek().map_or(self.end, |(at, _)| *at)
    }

    /// Nodes up to the end, or up to `|` or the closing bracket `close`.
    fn sequence(&mut self, close: Option<char>) -> Result<Vec<Node>, CueError> {
        let mut nodes = Vec::new();
        while let Some((at, lexeme)) = self.peek().cloned() {
            match lexeme {
                Lexeme::Close(c) if Some(c) == close => return Ok(nodes),
                Lexeme::Close(c) => {
                    return Err(CueError { at, message: format!("unexpected `{c}`") });
                }
                Lexeme::Bar if close.is_some() => return Ok(nodes),
                Lexeme::Bar => {
                    return Err(CueError {
                        at,
                        message: "`|` must stand between two words (`a|b`) or inside brackets"
                            .into(),
                    });
                }
                Lexeme::Gap(n) => {
                    if matches!(nodes.last(), Some(Node::Gap(_))) {
                        return Err(CueError { at, message: "two gaps in a row".into() });
                    }
                    self.next += 1;
                    nodes.push(Node::Gap(n));
                }
                Lexeme::Open(open) => {
                    self.next += 1;
                    nodes.push(self.group(open, at)?);
                }
                Lexeme::Word(_) => nodes.extend(self.word_alternatives(close.is_none())?),
            }
        }
        match close {
            Some(c) => Err(CueError { at: self.end, message: format!("missing closing `{c}`") }),
            None => Ok(nodes),
        }
    }

    /// `(a b|c)` or `[a b|c]`, after the opening bracket. Groups may nest.
    fn group(&mut self, open: char, at: usize) -> Result<Node, CueError> {
        let close = if open == '(' { ')' } else { ']' };
        let mut options = Vec::new();
        loop {
            let option = self.sequence(Some(close))?;
            if option.is_empty() {
                return Err(CueError {
                    at,
                    message: format!("empty alternative in `{open}{close}`"),
                });
            }
            if matches!(option.first(), Some(Node::Gap(_)))
                || matches!(option.last(), Some(Node::Gap(_)))
            {
                return Err(CueError {
                    at,
                    message: format!(
                        "an alternative in `{open}{close}` cannot start or end with `...`"
                    ),
                });
            }
            options.push(option);
            match self.peek() {
                Some((_, Lexeme::Bar)) => self.next += 1,
                _ => {
                    // `sequence` stopped at the closing bracket.
                    self.next += 1;
                    break;
                }
            }
        }
        Ok(Node::Choice { options, optional: open == '[' })
    }

    /// `word`, or `a|b|c` where `|` may join words (outside brackets, where
    /// it separates phrases instead).
    fn word_alternatives(&mut self, may_join: bool) -> Result<Vec<Node>, CueError> {
        let mut options = Vec::new();
        loop {
            let Some((at, Lexeme::Word(word))) = self.peek().cloned() else {
                return Err(CueError {
                    at: self.at(),
                    message: "expected a word after `|`".into(),
                });
            };
            self.next += 1;
            options.push(self.terms(&word, at)?);
            // Alternatives at one place: `a|b` with no space (or brackets).
            let joined = may_join
                && matches!(self.peek(), Some((bar_at, Lexeme::Bar)) if *bar_at == at + word.chars().count());
            if !joined {
                break;
            }
            self.next += 1;
        }
        if options.len() == 1 {
            return Ok(options.pop().unwrap_or_default());
        }
        Ok(vec![Node::Choice { options, optional: false }])
    }

    /// The terms of one written word: `@context`, a prefix, or the stems it
    /// analyses to.
    fn terms(&mut self, word: &str, at: usize) -> Result<Vec<Node>, CueError> {
        if word == CONTEXT_WORD {
            return Ok(vec![Node::Term(Term::Context)]);
        }
        if let Some(prefix) = word.strip_suffix('*') {
            // `problem-solv*`: whole words up to the last, which is a prefix.
            let analysed = self.analyzer.analyze(prefix);
            let bad_prefix = || CueError {
                at,
                message: format!("`{word}`: put `*` right after at least two letters"),
            };
            let (last, whole) = analysed.tokens.split_last().ok_or_else(bad_prefix)?;
            let surface = prefix[last.span.range()].to_lowercase();
            if last.word().chars().count() < 2
                || last.span.end != prefix.len()
                || surface != *last.word()
            {
                return Err(bad_prefix());
            }
            let mut nodes: Vec<Node> =
                whole.iter().map(|t| Node::Term(Term::stem(t.shared_stem()))).collect();
            nodes.push(Node::Term(Term::Prefix(Arc::from(last.word()))));
            return Ok(nodes);
        }
        let core = word.trim_end_matches('?');
        let ends = [core.chars().next(), core.chars().next_back()];
        if let Some(bad) = ends
            .into_iter()
            .flatten()
            .find(|&c| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}'))
        {
            return Err(CueError {
                at,
                message: format!(
                    "`{word}`: `{bad}` cannot be matched: a cue word starts and ends with a letter or digit (`?` may end it, or stand alone, for a question mark)"
                ),
            });
        }
        // A trailing `?` (or a lone one) is the question-mark token.
        let mut stems = if core.is_empty() { Vec::new() } else { self.analyzer.stems(core) };
        if core.len() < word.len() {
            stems.push(Arc::from(assay_text::QUESTION_MARK));
        }
        if stems.is_empty() {
            return Err(CueError { at, message: format!("`{word}` has no letters or digits") });
        }
        Ok(stems.into_iter().map(|s| Node::Term(Term::stem(s))).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Result<Cue, CueError> {
        Cue::parse(source, &mut Analyzer::new())
    }

    fn word(s: &str) -> Node {
        Node::Term(Term::stem(Arc::from(s)))
    }

    #[test]
    fn words_with_marks_at_their_ends_are_refused_where_they_are() {
        let error = parse("love <3").unwrap_err();
        assert_eq!(error.at, 5);
        assert!(error.message.contains("`<`"), "{}", error.message);
        assert!(parse("a&e").is_ok(), "inner marks split words as in answers");
        assert!(parse("peers' problems").is_ok());
        assert!(parse("you?").is_ok());
    }

    #[test]
    fn leading_marks_set_negation_and_sentence_start() {
        let cue = parse(" ~^ make a fuss").unwrap();
        assert!(cue.ignores_negation && cue.sentence_start);
        let cue = parse("^so you").unwrap();
        assert!(cue.sentence_start && !cue.ignores_negation);
        assert_eq!(parse("^ ...").unwrap_err().at, 0);
    }

    #[test]
    fn words_are_stemmed() {
        let cue = parse("listening carefully").unwrap();
        assert_eq!(cue.nodes, [word("listen"), word("care")]);
    }

    #[test]
    fn alternatives_groups_optionals_and_gaps() {
        let cue = parse("[gently] ask|invite ...5 (open question|open-ended)").unwrap();
        assert_eq!(
            cue.nodes,
            [
                Node::Choice { options: vec![vec![word("gentl")]], optional: true },
                Node::Choice {
                    options: vec![vec![word("ask")], vec![word("invit")]],
                    optional: false
                },
                Node::Gap(5),
                Node::Choice {
                    options: vec![
                        vec![word("open"), word("question")],
                        vec![word("open"), word("end")]
                    ],
                    optional: false
                },
            ]
        );
    }

    #[test]
    fn groups_nest() {
        let cue = parse("(let (them|her) know|tell)").unwrap();
        let inner =
            Node::Choice { options: vec![vec![word("them")], vec![word("her")]], optional: false };
        assert_eq!(
            cue.nodes,
            [Node::Choice {
                options: vec![vec![word("let"), inner, word("know")], vec![word("tell")]],
                optional: false
            }]
        );
    }

    #[test]
    fn contractions_and_prefixes() {
        let cue = parse("don't judg*").unwrap();
        assert_eq!(
            cue.nodes,
            [word("do"), word("not"), Node::Term(Term::Prefix(Arc::from("judg")))]
        );
    }

    #[test]
    fn malformed_cues_are_rejected_with_a_position() {
        let cases = [
            ("", 0, "empty"),
            ("   ", 0, "empty"),
            ("(crisis line", 12, "missing closing `)`"),
            ("call )", 5, "unexpected `)`"),
            ("... call", 0, "start or end"),
            ("call ...99 line", 5, "gap must be"),
            ("call | line", 5, "`|` must stand"),
            ("[maybe]", 0, "optional"),
            ("a* line", 0, "at least two letters"),
            ("don't* x", 0, "at least two letters"),
            ("call && line", 5, "cannot be matched"),
            ("call ... ... line", 9, "two gaps"),
            ("organi[sz]ed", 6, "put a space"),
            ("(my )?", 5, "put a space"),
        ];
        for (source, at, needle) in cases {
            let error = parse(source).expect_err(source);
            assert!(error.message.contains(needle), "{source:?}: {}", error.message);
            assert_eq!(error.at, at, "{source:?}: {}", error.message);
        }
    }
}
