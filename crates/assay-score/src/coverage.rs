//! Which cues never fire: dead rubric parts a trainer should fix or drop.

use std::collections::BTreeSet;

use assay_text::Analyzer;

use crate::RubricSet;

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
            SilentCue {
                file: rubric.written_in(owner),
                owner: rubric.owner_id(owner).to_owned(),
                cue: rubric.cues.cue(cue).source.clone(),
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
