//! GitHub Actions workflow commands (`::error title=...::message`), which
//! CI shows as annotations.

use std::io::{self, Write};

/// How serious an annotation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// `::error`: the run failed for this.
    Error,
    /// `::warning`.
    Warning,
    /// `::notice`: for information.
    Notice,
}

/// Writes one annotation line with `title` and `message`, escaped as the
/// workflow-command syntax requires.
pub fn annotate(out: &mut dyn Write, level: Level, title: &str, message: &str) -> io::Result<()> {
    let command = level.command();
    writeln!(out, "::{command} title={}::{}", escape_property(title), escape_data(message))
}

/// Writes one annotation at `line` and `column` (1-based) of `file`, which
/// GitHub shows on that line of the file in a pull request.
pub fn annotate_file(
    out: &mut dyn Write,
    level: Level,
    file: &str,
    (line, column): (usize, usize),
    message: &str,
) -> io::Result<()> {
    let command = level.command();
    let file = escape_property(file);
    writeln!(out, "::{command} file={file},line={line},col={column}::{}", escape_data(message))
}

impl Level {
    /// The workflow command's name.
    fn command(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Notice => "notice",
        }
    }
}

/// A message: `%`, CR and LF escaped.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value: as a message, and `:` and `,` too.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_titles_are_escaped() {
        let mut out = Vec::new();
        annotate(&mut out, Level::Error, "a: b, c", "100% sure\nnext").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::error title=a%3A b%2C c::100%25 sure%0Anext\n"
        );
    }

    #[test]
    fn a_file_annotation_escapes_the_file_as_a_property() {
        let mut out = Vec::new();
        let file = "rubrics, v2/q:1.toml";
        annotate_file(&mut out, Level::Warning, file, (3, 7), "50%\r\nx").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::warning file=rubrics%2C v2/q%3A1.toml,line=3,col=7::50%25%0D%0Ax\n"
        );
    }
}
