//! Cues compiled ahead of time.
//!
//! Compiling a cue lexes it and stems each word; for the built-in rubrics
//! (about a thousand cues a question) that was most of `assay score`'s
//! start-up. A compiled cue's pattern is written as bytes by
//! [`encode_cue`] (the command-line tool does this for its built-in rubrics
//! when it is built), and read back by the loader in a fraction of the
//! time. A cue's pattern depends on its text alone, so a table keyed by the
//! text gives what [`Cue::parse`] would.
//!
//! Layout: a flags byte (1: `~`, 2: `^`), then the nodes as a sequence: a
//! node count (u16, little-endian) and each node as a tag byte and its
//! body: `0` a stem (length u8, UTF-8 bytes), `1` a prefix (the same),
//! `2` `@context`, `3` a gap (its width, u8), `4` a choice (optional u8,
//! option count u16, each option a sequence).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use assay_text::{Analyzer, FnvBuildHasher};

use crate::anchor::Anchor;
use crate::cue::{Cue, CueError, Node, Term};

/// Cue texts and their patterns as [`encode_cue`] writes them, sorted by
/// text.
#[derive(Debug, Clone, Copy, Default)]
pub struct PrecompiledCues(&'static [(&'static str, &'static [u8])]);

impl PrecompiledCues {
    /// The table `cues`, which must be sorted by cue text, each pattern
    /// written by [`encode_cue`] for that text.
    #[must_use]
    pub const fn new(cues: &'static [(&'static str, &'static [u8])]) -> Self {
        Self(cues)
    }

    /// The encoded pattern of cue `source`, if the table has it.
    fn get(&self, source: &str) -> Option<&'static [u8]> {
        let found = self.0.binary_search_by(|(text, _)| (*text).cmp(source)).ok()?;
        Some(self.0[found].1)
    }
}

/// Compiles cues: from a [`PrecompiledCues`] table where it has the cue,
/// with [`Cue::parse`] otherwise. It also remembers each cue's [`Anchor`]:
/// a library concept's cues are indexed again for every question that uses
/// it.
pub(crate) struct CueCompiler {
    analyzer: Analyzer,
    precompiled: PrecompiledCues,
    anchors: HashMap<String, Anchor, FnvBuildHasher>,
    /// One shared copy of each stem read from the table, as the analyser
    /// shares them between parsed cues: matching compares a cue's stems
    /// with the answer's, and scattered copies cost cache misses.
    stems: HashSet<Arc<str>, FnvBuildHasher>,
}

impl CueCompiler {
    /// A compiler that looks in `precompiled` first.
    pub fn new(precompiled: PrecompiledCues) -> Self {
        Self {
            analyzer: Analyzer::new(),
            precompiled,
            anchors: HashMap::default(),
            stems: HashSet::default(),
        }
    }

    /// [`Anchor::of`] `cue`, worked out once per cue text (a cue's pattern
    /// depends on its text alone).
    pub fn anchor(&mut self, cue: &Cue) -> Anchor {
        if let Some(anchor) = self.anchors.get(&cue.source) {
            return anchor.clone();
        }
        let anchor = Anchor::of(cue);
        self.anchors.insert(cue.source.clone(), anchor.clone());
        anchor
    }

    /// The compiled cue `source`.
    pub fn compile(&mut self, source: &str) -> Result<Cue, CueError> {
        let stems = &mut self.stems;
        let mut shared = |text: &str| match stems.get(text) {
            Some(stem) => Arc::clone(stem),
            None => {
                let stem: Arc<str> = Arc::from(text);
                stems.insert(Arc::clone(&stem));
                stem
            }
        };
        match self.precompiled.get(source).and_then(|bytes| decode(source, bytes, &mut shared)) {
            Some(cue) => Ok(cue),
            None => Cue::parse(source, &mut self.analyzer),
        }
    }
}

/// `cue`'s pattern and flags as bytes (see the module's documentation).
///
/// # Panics
///
/// If a stem or prefix is longer than 255 bytes, or a sequence or choice
/// has more than 65,535 parts: no cue a person writes comes near.
#[must_use]
pub fn encode_cue(cue: &Cue) -> Vec<u8> {
    let mut out = vec![u8::from(cue.ignores_negation) | u8::from(cue.sentence_start) << 1];
    encode_sequence(&cue.nodes, &mut out);
    out
}

fn encode_sequence(nodes: &[Node], out: &mut Vec<u8>) {
    let count = u16::try_from(nodes.len()).expect("a cue has fewer than 65,536 parts");
    out.extend_from_slice(&count.to_le_bytes());
    for node in nodes {
        match node {
            Node::Term(Term::Stem(stem, _)) => encode_text(0, stem, out),
            Node::Term(Term::Prefix(prefix)) => encode_text(1, prefix, out),
            Node::Term(Term::Context) => out.push(2),
            Node::Gap(width) => out.extend_from_slice(&[3, *width]),
            Node::Choice { options, optional } => {
                out.extend_from_slice(&[4, u8::from(*optional)]);
                let count = u16::try_from(options.len()).expect("fewer than 65,536 options");
                out.extend_from_slice(&count.to_le_bytes());
                for option in options {
                    encode_sequence(option, out);
                }
            }
        }
    }
}

fn encode_text(tag: u8, text: &str, out: &mut Vec<u8>) {
    let length = u8::try_from(text.len()).expect("a cue word is shorter than 256 bytes");
    out.extend_from_slice(&[tag, length]);
    out.extend_from_slice(text.as_bytes());
}

/// The cue `source` from its pattern `bytes` as [`encode_cue`] wrote them;
/// `None` if they are not such a pattern.
#[must_use]
pub fn decode_cue(source: &str, bytes: &[u8]) -> Option<Cue> {
    decode(source, bytes, &mut |text| Arc::from(text))
}

/// [`decode_cue`], each stem made by `stem`.
fn decode(source: &str, bytes: &[u8], stem: &mut dyn FnMut(&str) -> Arc<str>) -> Option<Cue> {
    let (&flags, rest) = bytes.split_first()?;
    let mut reader = Reader { rest, stem };
    let nodes = reader.sequence()?;
    reader.rest.is_empty().then(|| Cue {
        source: source.to_owned(),
        nodes,
        ignores_negation: flags & 1 != 0,
        sentence_start: flags & 2 != 0,
        site: None,
    })
}

/// What is left of an encoded pattern, and how a stem is made.
struct Reader<'a> {
    rest: &'a [u8],
    stem: &'a mut dyn FnMut(&str) -> Arc<str>,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&byte, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(byte)
    }

    fn count(&mut self) -> Option<usize> {
        Some(usize::from(u16::from_le_bytes([self.byte()?, self.byte()?])))
    }

    fn text(&mut self) -> Option<Arc<str>> {
        let length = usize::from(self.byte()?);
        let bytes = self.rest.get(..length)?;
        self.rest = &self.rest[length..];
        std::str::from_utf8(bytes).ok().map(&mut *self.stem)
    }

    fn sequence(&mut self) -> Option<Vec<Node>> {
        let count = self.count()?;
        let mut nodes = Vec::with_capacity(count);
        for _ in 0..count {
            let node = match self.byte()? {
                0 => Node::Term(Term::stem(self.text()?)),
                1 => Node::Term(Term::Prefix(self.text()?)),
                2 => Node::Term(Term::Context),
                3 => Node::Gap(self.byte()?),
                4 => {
                    let optional = self.byte()? != 0;
                    let count = self.count()?;
                    let options = (0..count).map(|_| self.sequence()).collect::<Option<_>>()?;
                    Node::Choice { options, optional }
                }
                _ => return None,
            };
            nodes.push(node);
        }
        Some(nodes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cue_reads_back_as_it_was_compiled() {
        let mut analyzer = Analyzer::new();
        for source in [
            "listen",
            "~^ don't judg* ...5 (open question|@context [gently] ask)",
            "ask ...12 [them|her] (really|truly) honestly|frankly ok?",
            "?",
        ] {
            let cue = Cue::parse(source, &mut analyzer).unwrap();
            assert_eq!(decode_cue(source, &encode_cue(&cue)), Some(cue), "{source}");
        }
    }

    #[test]
    fn a_table_gives_its_cues_and_parses_the_rest() {
        let mut analyzer = Analyzer::new();
        let listen = encode_cue(&Cue::parse("listening", &mut analyzer).unwrap());
        let table: &'static [(&'static str, &'static [u8])] = Box::leak(
            vec![("listening", &*Box::leak(listen.into_boxed_slice()))].into_boxed_slice(),
        );
        let mut compiler = CueCompiler::new(PrecompiledCues::new(table));
        assert_eq!(compiler.compile("listening"), Cue::parse("listening", &mut analyzer));
        assert_eq!(compiler.compile("calm*"), Cue::parse("calm*", &mut analyzer));
        assert!(compiler.compile("(unclosed").is_err());
    }

    #[test]
    fn bytes_that_are_not_a_pattern_are_refused() {
        assert_eq!(decode_cue("x", &[]), None);
        assert_eq!(decode_cue("x", &[0, 1, 0, 9]), None);
        assert_eq!(decode_cue("x", &[0, 1, 0, 0, 5, b'l']), None);
        assert_eq!(decode_cue("x", &[0, 0, 0, 7]), None, "bytes left over");
    }
}
