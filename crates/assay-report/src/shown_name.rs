//! Candidate ids as shown to people: without the invisible characters that
//! reorder or hide text. An id with a right-to-left override (U+202E) would
//! otherwise read backwards in a report ("exe.txt" shown as "txt.exe").

/// Bidirectional formatting characters: marks, embeddings, overrides and
/// isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `id` as a report shows it: bidi controls and other control characters
/// removed; `(no id)` when nothing visible is left.
#[must_use]
pub fn shown_name(id: &str) -> String {
    let shown: String = id.chars().filter(|&c| !is_bidi_control(c) && !c.is_control()).collect();
    if shown.trim().is_empty() {
        "(no id)".to_owned()
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reordering_characters_are_removed() {
        assert_eq!(shown_name("report\u{202e}txt.exe"), "reporttxt.exe");
        assert_eq!(shown_name("\u{2067}c1\u{2069}"), "c1");
        assert_eq!(shown_name("a\u{0}b\tc"), "abc");
        assert_eq!(shown_name("\u{200f}"), "(no id)");
        assert_eq!(shown_name("Zoë O'Brien"), "Zoë O'Brien");
    }
}
