//! What every request shares: the rubrics, the exemplar index, a pool of
//! scorers, and the permits that bound how many requests score at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use assay_index::ExemplarIndex;
use assay_report::{HtmlRenderer, ReportBuilder, ScoredExemplar};
use assay_score::{LoadErrors, Rubric, RubricSet, Score, Scorer, SourceFile};
use tokio::sync::Semaphore;

use crate::data::Loaded;
use crate::exemplars;

/// The server's shared state.
pub struct AppState {
    /// Rubrics and corpus.
    pub data: Loaded,
    /// The exemplar index, when there are model answers.
    pub index: Option<ExemplarIndex>,
    /// Scorers not in use (each keeps warm caches).
    scorers: Mutex<Vec<Scorer>>,
    /// One permit per request that may score at a time: a flood of
    /// requests waits here, while health and static pages do not.
    pub permits: Arc<Semaphore>,
    /// Renders the practice and playground pages.
    pub pages: HtmlRenderer,
    /// Limits and access settings.
    pub limits: Limits,
    /// Report builders not in use (each keeps an analyzer).
    builders: Mutex<Vec<ReportBuilder>>,
    /// Each question's model answers scored on its rubric as loaded, made
    /// on first use: the practice page's illustrations and length notes.
    exemplar_scores: Mutex<HashMap<String, Arc<Vec<ScoredExemplar>>>>,
}

/// Request limits and access.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body for one answer, in bytes.
    pub answer_bytes: usize,
    /// Largest batch request body, in bytes.
    pub batch_bytes: u64,
    /// Bearer token required on every request but health, if set.
    pub token: Option<String>,
}

impl AppState {
    /// State over `data`, with `workers` requests scoring at once.
    pub fn new(
        data: Loaded,
        index: Option<ExemplarIndex>,
        workers: usize,
        limits: Limits,
    ) -> anyhow::Result<Self> {
        Ok(AppState {
            data,
            index,
            scorers: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(workers)),
            pages: HtmlRenderer::new()?,
            limits,
            builders: Mutex::new(Vec::new()),
            exemplar_scores: Mutex::new(HashMap::new()),
        })
    }

    /// Runs `work` with a report builder from the pool, returning it
    /// afterwards.
    pub fn with_builder<T>(&self, work: impl FnOnce(&mut ReportBuilder) -> T) -> T {
        let pooled = self.builders.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let mut builder = pooled.unwrap_or_default();
        let result = work(&mut builder);
        self.builders.lock().unwrap_or_else(PoisonError::into_inner).push(builder);
        result
    }

    /// The model answers of `rubric`'s question, each scored on `rubric`
    /// (as `assay report` and `assay practice` score them). Cached when
    /// `rubric` is the loaded one; an edited rubric's are scored afresh.
    pub fn scored_exemplars(&self, rubric: &Rubric) -> Arc<Vec<ScoredExemplar>> {
        let loaded = self.data.rubrics.get(&rubric.id).is_some_and(|r| std::ptr::eq(r, rubric));
        if loaded {
            let cache = self.exemplar_scores.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(scored) = cache.get(&rubric.id) {
                return Arc::clone(scored);
            }
        }
        let scored: Arc<Vec<ScoredExemplar>> = Arc::new(self.with_scorer(|scorer| {
            self.data
                .corpus
                .of_question(&rubric.id)
                .map(|e| ScoredExemplar {
                    exemplar: e.clone(),
                    score: scorer.score(rubric, &e.text),
                })
                .collect()
        }));
        if loaded {
            self.exemplar_scores
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(rubric.id.clone(), Arc::clone(&scored));
        }
        scored
    }

    /// The rubric set of the loaded library and `question` alone (an edited
    /// question file), loaded in memory (nothing is written) with the same
    /// validation as any rubric folder. The semantic matcher, resembled red
    /// flags and the concept estimate are on as for the loaded rubrics.
    ///
    /// # Errors
    ///
    /// Every problem in the files, each as `file:line:col: message`.
    pub fn rubrics_with(&self, question: SourceFile) -> Result<RubricSet, LoadErrors> {
        let set = RubricSet::load(&self.data.sources.library, &[question])?;
        let rubrics = || self.data.rubrics.rubrics();
        let semantic = rubrics().any(Rubric::uses_semantic_matcher);
        let set = if semantic { set.with_semantic_matcher() } else { set };
        let resemblance = rubrics().any(Rubric::lists_red_flag_resemblance);
        let set = if resemblance { set.with_red_flag_resemblance() } else { set };
        let estimate = rubrics().any(Rubric::uses_concept_estimate);
        Ok(if estimate { set } else { set.without_concept_estimate() })
    }

    /// Runs `work` with a scorer from the pool, returning it afterwards.
    pub fn with_scorer<T>(&self, work: impl FnOnce(&mut Scorer) -> T) -> T {
        let pooled = self.scorers.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let mut scorer = pooled.unwrap_or_default();
        let result = work(&mut scorer);
        self.scorers.lock().unwrap_or_else(PoisonError::into_inner).push(scorer);
        result
    }

    /// Scores `answer` as `assay score` does: with the exemplar index when
    /// there is one.
    pub fn score(&self, rubric: &Rubric, answer: &str, context: Option<&str>) -> Score {
        self.with_scorer(|scorer| {
            exemplars::score(scorer, rubric, answer, context, self.index.as_ref())
        })
    }
}
