//! Matching many cues against one analysed answer.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use assay_text::{Analysis, FnvBuildHasher, KeyBuildHasher, Span, Token};

use crate::anchor::Anchor;
use crate::cue::{Cue, Term};
use crate::first_terms::{FirstTerms, TokenBits};
use crate::match_node::MatchNode;
use crate::required_terms::RequiredTerms;

/// Bits in the filter of anchor stem keys (a power of two).
const STEM_FILTER_BITS: usize = 4096;

/// One place where a cue matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueMatch {
    /// Index of the cue in the set.
    pub cue: usize,
    /// Index of the first and one past the last matched token.
    pub tokens: (usize, usize),
    /// The matched words in the original text.
    pub span: Span,
    /// Whether the match sits inside a negation and so earns nothing.
    pub negated: bool,
}

/// A set of cues indexed by their anchors, so an answer is matched in one
/// pass over its tokens and each cue is only tried just before the rare
/// words it cannot match without (the anchor: a set of words every match
/// of the cue contains).
#[derive(Debug, Clone, Default)]
pub struct CueSet {
    cues: Vec<Cue>,
    /// The terms each cue can begin with: a cue is only tried at a token
    /// one of them matches.
    first: Vec<FirstTerms>,
    /// Each cue's pattern, arranged for matching the first time the cue
    /// is tried: a command that reads one answer arranges only the cues
    /// that answer needs.
    patterns: Vec<OnceLock<Vec<MatchNode>>>,
    /// What a sentence must have for each cue to match in it.
    required: Vec<RequiredTerms>,
    /// Cues anchored on a stem, by its key.
    by_stem: HashMap<u64, Vec<Anchored>, KeyBuildHasher>,
    /// Cues anchored on a prefix, by the prefix's first two bytes.
    by_prefix: HashMap<u16, Vec<(Arc<str>, Anchored)>, FnvBuildHasher>,
    /// Bit `key % STEM_FILTER_BITS` is set for every anchor stem's key: a
    /// token whose bit is clear anchors nothing, found without a hash
    /// lookup (most tokens, since anchors are rare words).
    stem_filter: Vec<u64>,
    /// The union of the anchor prefixes' bits, the same way.
    prefix_filter: u64,
    /// Cues anchored on `@context`: tried at every word of the context.
    by_context: Vec<Anchored>,
}

/// A cue listed under one of its anchor terms, with what [`CueSet::find`]
/// needs to choose where to try it, kept in one place in memory.
#[derive(Debug, Clone, Copy)]
struct Anchored {
    /// Index of the cue in the set.
    cue: u32,
    /// Most tokens before the anchor in a match of the cue.
    lead: u32,
    /// Fingerprint of the cue's first terms.
    first: TokenBits,
}

impl CueSet {
    /// An empty set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `cue`; returns its index in the set.
    pub fn push(&mut self, cue: Cue) -> usize {
        let anchor = Anchor::of(&cue);
        self.push_anchored(cue, anchor)
    }

    /// Adds `cue`, whose [`Anchor::of`] is `anchor`; returns its index.
    pub(crate) fn push_anchored(&mut self, cue: Cue, anchor: Anchor) -> usize {
        let index = self.cues.len();
        let first = FirstTerms::of(&cue.nodes);
        let anchored = Anchored {
            cue: u32::try_from(index).expect("fewer than 2^32 cues"),
            lead: u32::try_from(anchor.lead).unwrap_or(u32::MAX),
            first: first.bits,
        };
        self.first.push(first);
        self.required.push(RequiredTerms::of(&cue.nodes));
        self.patterns.push(OnceLock::new());
        if self.stem_filter.is_empty() {
            self.stem_filter = vec![0; STEM_FILTER_BITS / 64];
        }
        for term in anchor.terms {
            match term {
                Term::Stem(_, key) => {
                    let bit = key as usize % STEM_FILTER_BITS;
                    self.stem_filter[bit / 64] |= 1 << (bit % 64);
                    self.by_stem.entry(key).or_default().push(anchored);
                }
                Term::Context => self.by_context.push(anchored),
                Term::Prefix(prefix) => {
                    let bucket = prefix_bucket(&prefix).expect("prefixes have two letters");
                    self.prefix_filter |= TokenBits::of_prefix(&prefix).prefix;
                    self.by_prefix.entry(bucket).or_default().push((prefix, anchored));
                }
            }
        }
        self.cues.push(cue);
        index
    }

    /// The cue at `index`.
    #[must_use]
    pub fn cue(&self, index: usize) -> &Cue {
        &self.cues[index]
    }

    /// Number of cues.
    #[must_use]
    pub fn len(&self) -> usize {
        self.cues.len()
    }

    /// Whether the set has no cues.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.cues.is_empty()
    }

    /// Every match of every cue in `analysis`, ordered by cue then position.
    /// A cue's matches do not overlap: the earliest, shortest one wins.
    ///
    /// A cue is tried at every start that one of its first terms matches
    /// and that lies at most its lead before an occurrence of its anchor in
    /// the same sentence; a match anywhere else would lack its anchor.
    #[must_use]
    pub fn find(&self, analysis: &Analysis) -> Vec<CueMatch> {
        let tokens = &analysis.tokens;
        let fillers = fillers(tokens);
        let bits: Vec<TokenBits> = tokens.iter().map(TokenBits::of).collect();
        let mut found: Vec<CueMatch> = Vec::new();
        // Per cue, the first start not tried yet: anchors come in text
        // order, so each (cue, start) is tried at most once.
        let mut untried = vec![0u32; self.cues.len()];
        let mut anchored: Vec<Anchored> = Vec::new();
        let mut sentence_start = 0;
        let mut sentence_bits = sentence_bits(tokens, &bits, 0);
        for (at, token) in tokens.iter().enumerate() {
            if token.sentence != tokens[sentence_start].sentence {
                sentence_start = at;
                sentence_bits = self::sentence_bits(tokens, &bits, at);
            }
            anchored.clear();
            self.anchored_at(token, bits[at], &mut anchored);
            let next = u32::try_from(at + 1).unwrap_or(u32::MAX);
            for a in &anchored {
                let cue = a.cue as usize;
                // A sentence without one of the cue's required words holds
                // no match of it, from any start.
                let from = if self.required[cue].met_by(sentence_bits) {
                    at.saturating_sub(a.lead as usize)
                        .max(sentence_start)
                        .max(untried[cue] as usize)
                } else {
                    at + 1
                };
                for start in from..=at {
                    // The fingerprint check first: it turns most starts
                    // away without touching the cue's own data.
                    if a.first.meets(bits[start])
                        && self.first[cue].match_token(&tokens[start], bits[start])
                    {
                        if let Some(m) = self.try_at(cue, (tokens, &bits), &fillers, start) {
                            found.push(m);
                        }
                    }
                }
                untried[cue] = untried[cue].max(next);
            }
        }
        found.sort_by_key(|m| (m.cue, m.tokens.0));
        let mut kept: Vec<CueMatch> = Vec::with_capacity(found.len());
        for m in found {
            let overlaps = kept.last().is_some_and(|k| k.cue == m.cue && m.tokens.0 < k.tokens.1);
            if !overlaps {
                kept.push(m);
            }
        }
        kept
    }

    /// The match of cue `cue` starting at token `start`, if any;
    /// `fillers` says which tokens are filler words.
    fn try_at(
        &self,
        cue: usize,
        (tokens, bits): (&[Token], &[TokenBits]),
        fillers: &[bool],
        start: usize,
    ) -> Option<CueMatch> {
        if self.cues[cue].sentence_start
            && start > 0
            && tokens[start - 1].sentence == tokens[start].sentence
        {
            return None;
        }
        let matcher = Matcher { tokens, bits, fillers, start, sentence: tokens[start].sentence };
        let pattern = self.patterns[cue].get_or_init(|| MatchNode::compile(&self.cues[cue].nodes));
        let end = matcher.sequence(pattern, start, &|end| Some(end))?;
        Some(CueMatch {
            cue,
            tokens: (start, end),
            span: tokens[start].span.cover(tokens[end - 1].span),
            negated: !self.cues[cue].ignores_negation && tokens[start].is_negated(),
        })
    }

    /// Cues anchored at `token`, perhaps with repeats; `bits` is the
    /// token's fingerprint.
    fn anchored_at(&self, token: &Token, bits: TokenBits, out: &mut Vec<Anchored>) {
        if token.in_context {
            out.extend_from_slice(&self.by_context);
        }
        let bit = token.stem_key as usize % STEM_FILTER_BITS;
        if self.stem_filter.get(bit / 64).is_some_and(|word| word >> (bit % 64) & 1 == 1) {
            if let Some(cues) = self.by_stem.get(&token.stem_key) {
                out.extend_from_slice(cues);
            }
        }
        if self.prefix_filter & bits.prefix == 0 {
            return;
        }
        let Some(bucket) = prefix_bucket(token.word()) else { return };
        if let Some(prefixes) = self.by_prefix.get(&bucket) {
            out.extend(
                prefixes
                    .iter()
                    .filter(|(prefix, _)| token.word().starts_with(&**prefix))
                    .map(|(_, cue)| *cue),
            );
        }
    }
}

/// Which of `tokens` are filler words, which may stand between two
/// adjacent cue words without a `...`: the determiners
/// ([`assay_text::DETERMINERS`]). Read once per text rather than at every
/// failed word of every attempt.
fn fillers(tokens: &[Token]) -> Vec<bool> {
    tokens.iter().map(Token::is_determiner).collect()
}

/// The union of the fingerprints `bits` of the tokens of the sentence that
/// starts at token `start`.
fn sentence_bits(tokens: &[Token], bits: &[TokenBits], start: usize) -> TokenBits {
    let Some(first) = tokens.get(start) else { return TokenBits::default() };
    let length = tokens[start..].iter().take_while(|t| t.sentence == first.sentence).count();
    bits[start..start + length].iter().fold(TokenBits::default(), |all, &b| all.union(b))
}

/// The first two bytes of `word`, if it has two.
fn prefix_bucket(word: &str) -> Option<u16> {
    match word.as_bytes() {
        [a, b, ..] => Some(u16::from_le_bytes([*a, *b])),
        _ => None,
    }
}

/// Backtracking matcher for one cue at one start token, all in one
/// sentence.
struct Matcher<'a> {
    tokens: &'a [Token],
    /// Each token's fingerprint.
    bits: &'a [TokenBits],
    fillers: &'a [bool],
    start: usize,
    sentence: u32,
}

/// What to match after a node: given the token index reached, the end of
/// the whole match, if the rest matches.
type Rest<'r> = &'r dyn Fn(usize) -> Option<usize>;

impl Matcher<'_> {
    fn token(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i).filter(|t| t.sentence == self.sentence)
    }

    /// Matches `nodes` from token `at`, then `rest`.
    fn sequence(&self, nodes: &[MatchNode], at: usize, rest: Rest<'_>) -> Option<usize> {
        let Some((node, tail)) = nodes.split_first() else {
            return rest(at);
        };
        let then = |after: usize| self.sequence(tail, after, rest);
        match node {
            MatchNode::Term(term) => self.term(term, at, &then),
            MatchNode::Gap(max) => {
                for skipped in 0..=usize::from(*max) {
                    if let Some(end) = then(at + skipped) {
                        return Some(end);
                    }
                    match self.token(at + skipped) {
                        Some(t) if !t.is_negator => {}
                        _ => break,
                    }
                }
                None
            }
            MatchNode::Choice { options, optional, first } => first
                .is_none_or(|first| self.may_begin_with(first, at))
                .then(|| {
                    options
                        .iter()
                        .filter(|option| self.may_begin(option, at))
                        .find_map(|option| self.sequence(option, at, &then))
                })
                .flatten()
                .or_else(|| if *optional { then(at) } else { None }),
        }
    }

    /// Whether `nodes` may match from `at`: false only when they begin with
    /// a word that [`Matcher::term`] cannot match there, checked without
    /// building the continuation.
    fn may_begin(&self, nodes: &[MatchNode], at: usize) -> bool {
        let Some(MatchNode::Term(term)) = nodes.first() else { return true };
        let Some(token) = self.token(at) else { return false };
        term.matches(token)
            || (at > self.start
                && self.fillers[at]
                && self.token(at + 1).is_some_and(|next| term.matches(next)))
    }

    /// Whether a word whose fingerprint meets `first` is at `at`, or after
    /// one filler word there unless `at` is the start: false only when no
    /// word [`Matcher::term`] could match with such a fingerprint is.
    fn may_begin_with(&self, first: TokenBits, at: usize) -> bool {
        if self.token(at).is_none() {
            return false;
        }
        first.meets(self.bits[at])
            || (at > self.start
                && self.fillers[at]
                && self.token(at + 1).is_some()
                && first.meets(self.bits[at + 1]))
    }

    /// Matches one word at `at`, or after one filler word unless it is the
    /// first word of the match.
    fn term(&self, term: &Term, at: usize, rest: Rest<'_>) -> Option<usize> {
        let token = self.token(at)?;
        if term.matches(token) {
            if let Some(end) = rest(at + 1) {
                return Some(end);
            }
        }
        let filler = at > self.start && self.fillers[at];
        if filler && self.token(at + 1).is_some_and(|next| term.matches(next)) {
            return rest(at + 2);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use assay_text::Analyzer;

    use super::*;

    /// The text of each non-overlapping match of `cue` in `text`, with `!`
    /// in front of negated ones.
    fn matches(cue: &str, text: &str) -> Vec<String> {
        let mut analyzer = Analyzer::new();
        let mut set = CueSet::new();
        set.push(Cue::parse(cue, &mut analyzer).unwrap());
        let analysis = analyzer.analyze(text);
        set.find(&analysis)
            .into_iter()
            .map(|m| format!("{}{}", if m.negated { "!" } else { "" }, &text[m.span.range()]))
            .collect()
    }

    #[test]
    fn a_question_mark_is_a_token_cues_can_ask_for() {
        assert_eq!(matches("?", "How did that feel? I wonder."), ["?"]);
        assert_eq!(matches("how ... ?", "How did that feel? Fine."), ["How did that feel?"]);
        assert!(matches("?", "How did that feel. I wonder!").is_empty());
        // A question said with a negation still asks.
        assert_eq!(matches("?", "Don't you think so?"), ["?"]);
    }

    #[test]
    fn at_context_matches_content_words_the_context_shares() {
        let mut analyzer = Analyzer::new();
        let mut set = CueSet::new();
        set.push(Cue::parse("so you ... @context", &mut analyzer).unwrap());
        set.push(Cue::parse("@context", &mut analyzer).unwrap());
        let text = "So you feel the drinking helps. The weather is fine.";
        let mut analysis = analyzer.analyze(text);
        assert!(set.find(&analysis).is_empty(), "no context, no match");
        analysis.mark_context(&analyzer.analyze("I drink because it helps me relax."));
        let found: Vec<(usize, &str)> =
            set.find(&analysis).iter().map(|m| (m.cue, &text[m.span.range()])).collect();
        // "so you feel the drinking": `drink` is shared; stop words never are.
        assert_eq!(found, [(0, "So you feel the drinking"), (1, "drinking"), (1, "helps")]);
    }

    #[test]
    fn a_caret_anchors_a_cue_at_the_start_of_a_sentence() {
        assert_eq!(matches("^ so you", "So you felt alone. And so you left."), ["So you"]);
        assert!(matches("^ so you", "I think so you know.").is_empty());
    }

    #[test]
    fn stems_match_inflections() {
        assert_eq!(matches("listen carefully", "I listened carefully."), ["listened carefully"]);
        assert_eq!(matches("listen carefully", "I listen, carefully."), ["listen, carefully"]);
    }

    #[test]
    fn fillers_may_sit_between_words() {
        assert_eq!(
            matches("call crisis line", "I would call the crisis line."),
            ["call the crisis line"]
        );
        assert!(matches("call crisis line", "I would call them about a crisis line.").is_empty());
    }

    #[test]
    fn gaps_are_bounded() {
        assert_eq!(
            matches("ask ... question", "ask them an open question"),
            ["ask them an open question"]
        );
        assert!(matches("ask ... question", "ask them if they have a question").is_empty());
        assert_eq!(matches("ask ...5 question", "ask them if they have a question").len(), 1);
    }

    #[test]
    fn gaps_do_not_cross_negators_or_sentences() {
        assert!(matches("tell ... supervisor", "tell them I would not involve my supervisor")
            .is_empty());
        assert!(matches("listen ... judge", "I listen. Judges decide.").is_empty());
    }

    #[test]
    fn prefixes_alternatives_and_optionals() {
        assert_eq!(matches("judg*", "judgmental and judging"), ["judgmental", "judging"]);
        assert_eq!(
            matches("(crisis line|hotline|988)", "call 988 or a hotline"),
            ["988", "hotline"]
        );
        assert_eq!(matches("[gently] ask", "I gently ask."), ["gently ask"]);
        assert_eq!(matches("[gently] ask", "I ask."), ["ask"]);
        assert_eq!(matches("ask|invite them", "I invite them"), ["invite them"]);
        assert_eq!(
            matches("(let (them|her) know|tell) plan", "let her know the plan"),
            ["let her know the plan"]
        );
    }

    #[test]
    fn negated_matches_are_marked() {
        assert_eq!(matches("judg*", "I would never judge them."), ["!judge"]);
        assert_eq!(matches("never judg*", "I would never judge them."), ["never judge"]);
        assert_eq!(
            matches("call ... crisis line", "I wouldn't hesitate to call a crisis line."),
            ["call a crisis line"]
        );
        assert_eq!(
            matches("promise ... secret", "I would never promise to keep it secret."),
            ["!promise to keep it secret"]
        );
    }

    /// What `find` returned before anchors, required words and choice
    /// fingerprints: every cue tried at every start one of its first terms
    /// matches, each choice's options each tried.
    fn find_at_every_start(set: &CueSet, analysis: &Analysis) -> Vec<CueMatch> {
        let mut set = set.clone();
        for (pattern, cue) in set.patterns.iter_mut().zip(&set.cues) {
            *pattern = OnceLock::from(MatchNode::without_fingerprints(&cue.nodes));
        }
        let set = &set;
        let tokens = &analysis.tokens;
        let fillers = fillers(tokens);
        let bits: Vec<TokenBits> = tokens.iter().map(TokenBits::of).collect();
        let mut kept: Vec<CueMatch> = Vec::new();
        for cue in 0..set.len() {
            for start in 0..tokens.len() {
                let token = &tokens[start];
                if !set.first[cue].match_token(token, bits[start]) {
                    continue;
                }
                let Some(m) = set.try_at(cue, (tokens, &bits), &fillers, start) else {
                    continue;
                };
                if !kept.last().is_some_and(|k| k.cue == cue && start < k.tokens.1) {
                    kept.push(m);
                }
            }
        }
        kept
    }

    /// The `.toml` files of a folder of the repository, as source files.
    fn repository_files(folder: &str) -> Vec<crate::SourceFile> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(folder);
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        paths
            .into_iter()
            .map(|path| {
                let text = std::fs::read_to_string(&path).unwrap();
                crate::SourceFile::new(path.display().to_string(), text)
            })
            .collect()
    }

    #[test]
    fn anchored_matching_finds_what_trying_every_start_finds() {
        let library =
            [repository_files("rubrics/concepts"), repository_files("rubrics/red-flags")].concat();
        let rubrics =
            crate::RubricSet::load(&library, &repository_files("rubrics/questions")).unwrap();
        let mut texts: Vec<String> = ["corpus", "tests/phrases", "tests/phrases-heldout"]
            .iter()
            .flat_map(|folder| repository_files(folder))
            .map(|file| file.text)
            .collect();
        // The same words run together without punctuation, so matches can
        // stretch further than in written sentences.
        texts.extend(texts.clone().iter().map(|t| t.replace(['.', ',', '"', '\n'], " ")));
        let mut analyzer = Analyzer::new();
        let analyses: Vec<Analysis> = texts.iter().map(|t| analyzer.analyze(t)).collect();
        let mut matches = 0;
        // Every text against a few rubrics (the reference is slow).
        for (r, rubric) in rubrics.rubrics().enumerate() {
            for analysis in analyses.iter().skip(r % 12).step_by(12) {
                let found = rubric.cues.find(analysis);
                assert_eq!(found, find_at_every_start(&rubric.cues, analysis), "{}", rubric.id);
                matches += found.len();
            }
        }
        assert!(matches > 5_000, "only {matches} matches: the texts did not load");
    }

    #[test]
    fn contractions_in_cues_match_both_forms() {
        assert_eq!(
            matches("don't judge", "I don't judge, I do not judge."),
            ["don't judge", "do not judge"]
        );
    }
}
