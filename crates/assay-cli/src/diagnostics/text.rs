//! A diagnostic as rustc and ruff show one: the message, `--> file:line:col`,
//! the source line and a caret under what is wrong (annotate-snippets).

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};
use assay_score::SourceFile;

use super::{Diagnostic, Severity};

/// `diagnostic` as text, with the line of `file` it points at when the
/// caller has the file's text; coloured when `styled`. Ends with a blank
/// line, to part it from the next.
pub fn render(diagnostic: &Diagnostic, file: Option<&SourceFile>, styled: bool) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
    let title = level.primary_title(diagnostic.message.as_str());
    let group = match file {
        Some(file) => title.element(
            Snippet::source(file.text.as_str())
                .path(diagnostic.path.as_str())
                .annotation(AnnotationKind::Primary.span(diagnostic.span.clone())),
        ),
        None => title.element(
            Origin::path(diagnostic.path.as_str())
                .line(diagnostic.start.0)
                .char_column(diagnostic.start.1),
        ),
    };
    let mut text = renderer.render(&[group]);
    text.push_str("\n\n");
    text
}

#[cfg(test)]
mod tests {
    use assay_score::LoadError;

    use super::*;

    fn diagnostic(file: &SourceFile, span: std::ops::Range<usize>) -> Diagnostic {
        let error =
            LoadError::spanning(file, span, "`weight` must be a number, found the text \"two\"");
        Diagnostic::from_load_error(&error, Some(file))
    }

    #[test]
    fn shows_the_line_and_underlines_the_span() {
        let file = SourceFile::new(
            "concepts/empathy.toml",
            "id = \"empathy\"\nweight = \"two\"\ncues = []\n",
        );
        let text = render(&diagnostic(&file, 24..29), Some(&file), false);
        assert_eq!(
            text,
            "error: `weight` must be a number, found the text \"two\"\n --> concepts/empathy.toml:2:10\n  |\n2 | weight = \"two\"\n  |          ^^^^^\n\n"
        );
    }

    #[test]
    fn a_point_gets_one_caret_and_a_missing_file_its_position() {
        let file = SourceFile::new("q.toml", "id = \"q\"\n");
        let point = render(&diagnostic(&file, 0..0), Some(&file), false);
        assert!(point.contains("1 | id = \"q\"\n  | ^\n"), "{point}");
        let bare = render(&diagnostic(&file, 5..8), None, false);
        assert_eq!(
            bare,
            "error: `weight` must be a number, found the text \"two\"\n--> q.toml:1:6\n\n"
        );
    }
}
