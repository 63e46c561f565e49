//! Escaping candidate text for Markdown.
//!
//! Text from an answer must read as the same text in any CommonMark or
//! GitHub-flavoured renderer: never as a link, an image, raw HTML, emphasis,
//! a heading, a list, a table cell break or a code span. [`escape_inline`]
//! puts a backslash (which CommonMark defines to show the character itself)
//! before:
//!
//! - anywhere: `\` `` ` `` `*` `_` `[` `]` `<` `>` `!` `#` `|` `~` `&`
//!   (emphasis, code, links, images, raw HTML, table cells, strikethrough,
//!   entities);
//! - at the start of the text: `-` `+` `=` (lists, setext headings,
//!   thematic breaks) and the `.` or `)` after leading digits (ordered
//!   lists);
//! - the colon of scheme-like words browsers would run (`javascript:`,
//!   `vbscript:`, `data:`, any case), so no renderer's link detection sees
//!   a scheme.
//!
//! Other punctuation is left alone so the Markdown stays readable as plain
//! text in an email.

/// Characters that get a backslash.
const SPECIAL: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '!', '#', '|', '~', '&'];

/// Characters that get a backslash at the start of the text.
const LINE_START: &[char] = &['-', '+', '='];

/// Schemes whose colon is escaped, compared lower-case.
const SCHEMES: &[&str] = &["javascript", "vbscript", "data"];

/// `text` escaped to show literally inside a Markdown paragraph, list item
/// or table cell. Line breaks become spaces; use [`escape_lines`] to keep
/// them.
#[must_use]
pub fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut word_start = 0;
    let leading_digits = text.bytes().take_while(u8::is_ascii_digit).count();
    for (i, c) in text.char_indices() {
        if !c.is_ascii_alphanumeric() && c != ':' {
            word_start = i + c.len_utf8();
        }
        let list_marker = (i == 0 && LINE_START.contains(&c))
            || (i == leading_digits && i > 0 && matches!(c, '.' | ')'));
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            ':' if is_scheme(&text[word_start..i]) => out.push_str("\\:"),
            c if list_marker => {
                out.push('\\');
                out.push(c);
            }
            c if SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` escaped line by line, each line with `prefix` in front (such as
/// `"> "` for a block quote). Leading spaces are dropped so no line turns
/// into a code block.
#[must_use]
pub fn escape_lines(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|line| format!("{prefix}{}", escape_inline(line.trim_start())))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_scheme(word: &str) -> bool {
    SCHEMES.iter().any(|s| word.eq_ignore_ascii_case(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(escape_inline("<script>x</script>"), r"\<script\>x\</script\>");
        assert_eq!(escape_inline("[click](http://x)"), r"\[click\](http://x)");
        assert_eq!(escape_inline("![img](x.png)"), r"\!\[img\](x.png)");
        assert_eq!(escape_inline("*bold* _it_ `code`"), r"\*bold\* \_it\_ \`code\`");
        assert_eq!(escape_inline("a | b"), r"a \| b");
        assert_eq!(escape_inline("AT&T &lt;"), r"AT\&T \&lt;");
    }

    #[test]
    fn line_starts_cannot_form_blocks() {
        assert_eq!(escape_inline("# title"), r"\# title");
        assert_eq!(escape_inline("- item"), r"\- item");
        assert_eq!(escape_inline("+ item"), r"\+ item");
        assert_eq!(escape_inline("1. item"), r"1\. item");
        assert_eq!(escape_inline("12) item"), r"12\) item");
        assert_eq!(escape_inline("a - b + c = 1. d"), "a - b + c = 1. d");
        assert_eq!(escape_inline("> quote"), r"\> quote");
        assert_eq!(escape_inline("==="), r"\===");
        assert_eq!(escape_lines("one\n    code\n- two", "> "), "> one\n> code\n> \\- two");
    }

    #[test]
    fn script_schemes_lose_their_colon() {
        assert_eq!(escape_inline("javascript:alert(1)"), r"javascript\:alert(1)");
        assert_eq!(escape_inline("JavaScript:x"), r"JavaScript\:x");
        assert_eq!(escape_inline("<vbscript:x>"), r"\<vbscript\:x\>");
        assert_eq!(escape_inline("data:text/html"), r"data\:text/html");
        assert_eq!(escape_inline("note: fine"), "note: fine");
    }

    #[test]
    fn plain_text_is_untouched() {
        assert_eq!(escape_inline("I would listen, then ask."), "I would listen, then ask.");
        assert_eq!(escape_inline("don't worry"), "don't worry");
    }
}
