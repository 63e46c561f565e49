//! Errors of the exemplar index.

use std::path::PathBuf;

/// What can go wrong building or opening an index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// tantivy failed.
    #[error("index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    /// The folder cannot be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The folder is not a complete, readable assay index.
    #[error("{path} is not a usable assay index ({reason}); rebuild it with `assay index build --corpus <DIR> -o {path}`")]
    Corrupt {
        /// The index folder.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The index was built from other data or by another version of assay.
    #[error("{path} is stale ({reason}); rebuild it with `assay index build --corpus {corpus} -o {path}`")]
    Stale {
        /// The index folder.
        path: PathBuf,
        /// The corpus folder it was built from.
        corpus: String,
        /// What changed.
        reason: String,
    },
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, IndexError>;
