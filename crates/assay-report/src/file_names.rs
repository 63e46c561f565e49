//! File names for candidates' reports, made from their ids.

/// Longest file stem, in characters.
const MAX_STEM: usize = 60;

/// One file name per id, in order, with extension `ext`: characters other
/// than ASCII letters, digits, `-` and `_` become `_`, names are cut to
/// 60 characters, and names that would collide (compared case-insensitively,
/// as some file systems do, and never `index`) get `-2`, `-3`, ...
#[must_use]
pub fn file_names<S: AsRef<str>>(ids: &[S], ext: &str) -> Vec<String> {
    let mut taken: Vec<String> = vec!["index".to_owned()];
    ids.iter()
        .map(|id| {
            let mut stem: String = id
                .as_ref()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
                .take(MAX_STEM)
                .collect();
            if stem.trim_matches('_').is_empty() {
                stem = "candidate".to_owned();
            }
            let mut name = stem.clone();
            let mut n = 1;
            while taken.contains(&name.to_lowercase()) {
                n += 1;
                name = format!("{stem}-{n}");
            }
            taken.push(name.to_lowercase());
            format!("{name}.{ext}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_safe_and_distinct() {
        let ids = ["c001", "../etc/passwd", "C001", "c001", "index", "", "a b<c>"];
        assert_eq!(
            file_names(&ids, "html"),
            [
                "c001.html",
                "___etc_passwd.html",
                "C001-2.html",
                "c001-3.html",
                "index-2.html",
                "candidate.html",
                "a_b_c_.html"
            ]
        );
    }

    #[test]
    fn long_ids_are_cut() {
        let long = "x".repeat(200);
        assert_eq!(file_names(&[long], "md")[0].len(), MAX_STEM + 3);
    }
}
