//! Rubric and corpus text handed to the library, with positions in it.

use std::cmp::Ordering;
use std::ops::Range;

use crate::error::Problems;
use crate::toml_message::plain_message;

/// The text of one file and the path it is reported under. The library never
/// reads files itself: the caller (the CLI, a test) reads them, or takes them
/// from data embedded in the binary, and hands them over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path shown in error messages, such as `rubrics/questions/x.toml`.
    pub path: String,
    /// The file's contents.
    pub text: String,
}

impl SourceFile {
    /// A source file from its display path and contents.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        Self { path: path.into(), text: text.into() }
    }

    /// The file name without directories and extension: `x` for
    /// `rubrics/questions/x.toml`.
    #[must_use]
    pub fn stem(&self) -> &str {
        let name = self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path);
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }

    /// The 1-based line and column (in characters) of byte `offset`.
    #[must_use]
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }
}

/// Where something is written: a file and the bytes of its text, for a
/// caller that points a trainer at a cue or an example (`rubric check
/// --coverage`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Site {
    /// The file, as named by [`SourceFile::path`].
    pub path: String,
    /// The bytes of the file's text, such as a cue's string as written
    /// (quotes included).
    pub span: Range<usize>,
}

impl Site {
    /// Bytes `span` of `file`.
    #[must_use]
    pub fn new(file: &SourceFile, span: Range<usize>) -> Self {
        Self { path: file.path.clone(), span }
    }
}

impl PartialOrd for Site {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// By file, then position in it.
impl Ord for Site {
    fn cmp(&self, other: &Self) -> Ordering {
        (&self.path, self.span.start, self.span.end).cmp(&(
            &other.path,
            other.span.start,
            other.span.end,
        ))
    }
}

/// The byte offset, within the TOML string literal `literal` (quotes
/// included, as written in the file), of the value's character number
/// `chars`: escapes such as `\u00e9` count as the one character they stand
/// for, so an error in a cue points at what the trainer wrote.
pub(crate) fn offset_in_string_literal(literal: &str, chars: usize) -> usize {
    let quote = if literal.starts_with("\"\"\"") || literal.starts_with("'''") { 3 } else { 1 };
    let escapes = literal.starts_with('"');
    let bytes = literal.as_bytes();
    let (mut at, mut decoded) = (quote.min(literal.len()), 0);
    while decoded < chars && at < literal.len() {
        if escapes && bytes[at] == b'\\' {
            match bytes.get(at + 1) {
                Some(b'u') => at += 6,
                Some(b'U') => at += 10,
                // A line-ending backslash stands for nothing.
                Some(b' ' | b'\t' | b'\r' | b'\n') => {
                    at += 1;
                    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
                        at += 1;
                    }
                    continue;
                }
                _ => at += 2,
            }
        } else {
            at += literal[at..].chars().next().map_or(1, char::len_utf8);
        }
        decoded += 1;
    }
    at.min(literal.len())
}

/// Parses `file` as TOML of shape `T`, or records where and why it is not.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    problems: &mut Problems,
) -> Option<T> {
    match toml::from_str::<T>(&file.text) {
        Ok(value) => Some(value),
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            let message = plain_message(&file.text, error.message(), &span);
            problems.add_span(file, span, message);
            None
        }
    }
}

/// The largest char boundary of `text` at or before `offset`.
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_in_a_string_literal_count_escapes_as_one_character() {
        assert_eq!(offset_in_string_literal("\"caf\\u00e9 <3\"", 5), 11);
        assert_eq!(offset_in_string_literal("\"a\\\"b\"", 2), 4);
        assert_eq!(offset_in_string_literal("'caf\\u00e9 x'", 5), 6);
        assert_eq!(offset_in_string_literal("\"\u{e9}x\"", 1), 3);
    }

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let file = SourceFile::new("a/b/c.toml", "ab\n\u{e9}xy\n");
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(3), (2, 1));
        assert_eq!(file.line_column(5), (2, 2));
        assert_eq!(file.stem(), "c");
    }
}
