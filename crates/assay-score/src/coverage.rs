//! Which cues never fire: dead rubric parts a trainer should fix or drop.

use std::collections::BTreeSet;

use assay_text::Analyzer;

use crate::{RubricSet, Site};

/// A cue that matched none of the texts it was tried on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SilentCue {
    /// Where the cue is written: `concepts/<id>` for a library concept,
    /// `red-flags/<id>` for a library red flag, `questions/<id>` for a
    /// question's own concept or red flag.
    pub file: String,
    /// The concept or red flag the cue belongs to.
    pub owner: String,
    /// The cue as written.
    pub cue: String,
    /// Where the cue is written (its string, quotes included).
    pub site: Site,
}

/// Runs every cue of every rubric over `texts` and returns the cues that
/// never matched outside a negation, sorted by file, owner and cue. A
/// library concept's cue counts as firing if it fires in any question's
/// rubric. Cues with `@context` are left out: texts without a context
/// cannot show whether they fire.
#[must_use]
pub fn silent_cues<'a>(
    rubrics: &RubricSet,
    texts: impl IntoIterator<Item = &'a str>,
) -> Vec<SilentCue> {
    let mut analyzer = Analyzer::new();
    let analyses: Vec<_> = texts.into_iter().map(|t| analyzer.analyze(t)).collect();
    let mut all = BTreeSet::new();
    let mut fired = BTreeSet::new();
    for rubric in rubrics.rubrics() {
        let describe = |cue: usize| -> SilentCue {
            let owner = rubric.owners[cue];
            let cue = rubric.cues.cue(cue);
            SilentCue {
                file: rubric.written_in(owner),
                owner: rubric.owner_id(owner).to_owned(),
                cue: cue.source.clone(),
                site: cue.site.clone().unwrap_or_default(),
            }
        };
        for cue in (0..rubric.cues.len()).filter(|&c| !rubric.cues.cue(c).uses_context()) {
            all.insert(describe(cue));
        }
        for analysis in &analyses {
            for m in rubric.cues.find(analysis) {
                if !m.negated {
                    fired.insert(describe(m.cue));
                }
            }
        }
    }
    all.difference(&fired).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SourceFile;

    #[test]
    fn a_silent_cue_is_located_where_it_is_written() {
        let concept = SourceFile::new(
            "concepts/listening.toml",
            "id = \"listening\"\nname = \"L\"\nweight = 1\ncues = [\"listen\", \"zebra crossing\"]\nguidance = \"g\"\npraise = \"p\"\n",
        );
        let question = SourceFile::new(
            "questions/q.toml",
            "id = \"q\"\nquestion = \"Q?\"\n[[concepts]]\nuse = \"listening\"\n[[levels]]\nname = \"low\"\nmin = 0\n",
        );
        let rubrics = RubricSet::load(std::slice::from_ref(&concept), &[question]).unwrap();
        let silent = silent_cues(&rubrics, ["I would listen."]);
        assert_eq!(silent.len(), 1, "{silent:?}");
        assert_eq!(
            (silent[0].file.as_str(), silent[0].cue.as_str()),
            ("concepts/listening", "zebra crossing")
        );
        assert_eq!(silent[0].site.path, "concepts/listening.toml");
        assert_eq!(&concept.text[silent[0].site.span.clone()], "\"zebra crossing\"");
    }
}
