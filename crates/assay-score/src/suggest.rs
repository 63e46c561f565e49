//! "Did you mean" suggestions for mistyped ids.

/// Up to `limit` of `candidates` closest to `input`, best first. A candidate
/// qualifies when it contains `input` (or the reverse) or is similar enough
/// by Jaro-Winkler similarity.
pub fn closest<'a>(
    input: &str,
    candidates: impl Iterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .filter_map(|candidate| {
            let similarity = strsim::jaro_winkler(input, candidate);
            let contains =
                !input.is_empty() && (candidate.contains(input) || input.contains(candidate));
            (contains || similarity >= 0.8)
                .then_some((similarity + if contains { 1.0 } else { 0.0 }, candidate))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(limit).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_and_containing_ids() {
        let ids = ["risk-of-harm", "suicidal-thoughts", "active-listening"];
        assert_eq!(closest("risk-of-harn", ids.into_iter(), 3), ["risk-of-harm"]);
        assert_eq!(closest("listening", ids.into_iter(), 3), ["active-listening"]);
        assert!(closest("zzz", ids.into_iter(), 3).is_empty());
    }
}
