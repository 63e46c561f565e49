//! Figures assay is compared with: TF-IDF + logistic regression on the same
//! splits (EPITOME and AnnoMI as `../shared/tools/peers/epitome_peers.py`
//! and `annomi_peers.py` measure it; SemEval as issue 13 reports it), and
//! the best published figure where one exists (each dataset's
//! PROVENANCE.md).

/// The comparison figures for one task.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reference {
    /// Task name, as in `results.json`.
    pub task: &'static str,
    /// TF-IDF (word 1-2 grams) + logistic regression, C by 5-fold CV on train.
    pub tfidf_lr: f64,
    /// The best published figure, if the literature has one for this task.
    pub published: Option<f64>,
}

/// Comparison figures, in table order.
pub const REFERENCES: [Reference; 11] = [
    Reference { task: "epitome-er-binary", tfidf_lr: 0.749, published: None },
    Reference { task: "epitome-er-3class", tfidf_lr: 0.691, published: Some(0.75) },
    Reference { task: "epitome-ip-binary", tfidf_lr: 0.815, published: None },
    Reference { task: "epitome-ip-3class", tfidf_lr: 0.546, published: Some(0.63) },
    Reference { task: "epitome-ex-binary", tfidf_lr: 0.879, published: None },
    Reference { task: "epitome-ex-3class", tfidf_lr: 0.671, published: Some(0.73) },
    Reference { task: "annomi-reflection", tfidf_lr: 0.673, published: None },
    Reference { task: "annomi-open-question", tfidf_lr: 0.702, published: None },
    Reference { task: "semeval-scientsbank-ua", tfidf_lr: 0.632, published: Some(0.773) },
    Reference { task: "semeval-beetle-ua", tfidf_lr: 0.755, published: Some(0.845) },
    Reference { task: "mohler-pearson", tfidf_lr: 0.469, published: Some(0.592) },
];
