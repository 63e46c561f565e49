//! Which exemplar index a command uses: the loaded corpus indexed in memory,
//! or a persistent index from `assay index build`, refused when stale.

use std::path::Path;

use anyhow::{anyhow, bail};
use assay_eval::{Exemplars, Judged, LabelSet};
use assay_index::{ExemplarIndex, Manifest};
use assay_score::{Corpus, Rubric, Score, Scorer};
use assay_text::Analysis;

use crate::data::{read_corpus, Loaded};

/// The index `--index` names, checked against the corpus it was built from,
/// or else the loaded corpus indexed in memory.
///
/// # Errors
///
/// A stale or unreadable index, or no model answers at all (a rubric
/// folder given without `--corpus` or `--index`): a command that asked for
/// exemplars must not answer with none.
pub fn open(index_dir: Option<&Path>, loaded: &Loaded) -> anyhow::Result<ExemplarIndex> {
    open_if_any(index_dir, loaded)?.ok_or_else(|| {
        anyhow!(
            "no model answers to compare with: --rubrics was given without --corpus DIR or --index DIR"
        )
    })
}

/// Like [`open`], but `None` when there are no model answers to index (a
/// rubric folder given without `--corpus` or `--index`), for commands that
/// report what they can without them: a score then says its off-topic
/// check was not made (`off_topic: null`) rather than that it passed.
///
/// # Errors
///
/// A stale or unreadable index.
pub fn open_if_any(
    index_dir: Option<&Path>,
    loaded: &Loaded,
) -> anyhow::Result<Option<ExemplarIndex>> {
    let Some(dir) = index_dir else {
        if loaded.corpus.exemplars.is_empty() {
            return Ok(None);
        }
        return Ok(Some(ExemplarIndex::in_ram(&loaded.corpus)));
    };
    let manifest = Manifest::read(dir)?;
    manifest.check_versions(dir)?;
    let corpus = corpus_at(Path::new(&manifest.corpus), loaded).map_err(|e| {
        anyhow!(
            "cannot check {} against the corpus it was built from ({e:#}); rebuild it with `assay index build --corpus <DIR> -o {}`",
            dir.display(),
            dir.display()
        )
    })?;
    let (index, _) = ExemplarIndex::open(dir, Some(&corpus))?;
    Ok(Some(index))
}

/// The index scoring needs for its totals to be the ones `assay score`
/// gives: opened when a rubric blends exemplars into its total
/// (`exemplar-weight`), or when `--index` names one (so a stale index is
/// refused however it is used); `None` when no total depends on it.
pub fn for_totals(
    index_dir: Option<&Path>,
    loaded: &Loaded,
) -> anyhow::Result<Option<ExemplarIndex>> {
    if index_dir.is_none() && !loaded.rubrics.blends_exemplars() {
        return Ok(None);
    }
    open_if_any(index_dir, loaded)
}

/// Every labelled answer scored as `assay score` would score it: with the
/// index from [`for_totals`] wherever a rubric blends exemplars.
pub fn judge<'a>(
    index_dir: Option<&Path>,
    loaded: &Loaded,
    labels: &'a LabelSet,
) -> anyhow::Result<Vec<Judged<'a>>> {
    let index = for_totals(index_dir, loaded)?;
    let evidence = index.as_ref().map(|index| move |r: &Rubric, a: &Analysis| index.evidence(r, a));
    Ok(assay_eval::judge(&loaded.rubrics, labels, evidence.as_ref().map(|e| e as Exemplars<'_>)))
}

/// Scores `answer` as `assay score` does: with its exemplar evidence when
/// there is an index, without it otherwise.
pub fn score(
    scorer: &mut Scorer,
    rubric: &Rubric,
    answer: &str,
    context: Option<&str>,
    index: Option<&ExemplarIndex>,
) -> Score {
    match index {
        Some(index) => scorer.score_with(rubric, answer, context, |a| index.evidence(rubric, a)),
        None => scorer.score_in_context(rubric, answer, context),
    }
}

/// The corpus in `dir`, validated against the loaded rubrics.
pub fn corpus_at(dir: &Path, loaded: &Loaded) -> anyhow::Result<Corpus> {
    if !dir.is_dir() {
        bail!("corpus folder {} does not exist", dir.display());
    }
    let files = read_corpus(dir)?;
    Corpus::load(&files, &loaded.rubrics).map_err(|e| anyhow!("{e}"))
}
