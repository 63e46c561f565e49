//! Character folding applied before words are formed.

/// Folds typographic variants to the plain character the rules are written
/// for: curly and prime quotes to `'` and `"`, the dash family to `-` (a
/// dash that stands between spaces is later read as a clause boundary).
#[must_use]
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        other => other,
    }
}

/// Whether `c` (already folded) can be part of a word.
#[must_use]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Whether the original (unfolded) character is a long dash, which always
/// separates clauses, even without spaces around it.
#[must_use]
pub fn is_long_dash(c: char) -> bool {
    matches!(c, '\u{2013}' | '\u{2014}' | '\u{2015}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_quotes_and_dashes() {
        assert_eq!(fold_char('\u{2019}'), '\'');
        assert_eq!(fold_char('\u{201C}'), '"');
        assert_eq!(fold_char('\u{2014}'), '-');
        assert_eq!(fold_char('a'), 'a');
    }
}
