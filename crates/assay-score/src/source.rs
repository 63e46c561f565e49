//! Rubric and corpus text handed to the library, with positions in it.

use crate::error::Problems;

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

/// Parses `file` as TOML of shape `T`, or records where and why it is not.
pub(crate) fn parse_toml<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    problems: &mut Problems,
) -> Option<T> {
    match toml::from_str::<T>(&file.text) {
        Ok(value) => Some(value),
        Err(error) => {
            let at = error.span().map_or(0, |s| s.start);
            problems.add(file, at, error.message().trim().to_owned());
            None
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_lines_and_character_columns() {
        let file = SourceFile::new("a/b/c.toml", "ab\n\u{e9}xy\n");
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(3), (2, 1));
        assert_eq!(file.line_column(5), (2, 2));
        assert_eq!(file.stem(), "c");
    }
}
