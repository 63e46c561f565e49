//! The agreement benchmark suite: for each task of the public datasets, a
//! rubric is learned from the training split with `assay learn`'s code
//! ([`assay_eval::learn`]), written as a question file, loaded and scored
//! by assay like any rubric, and measured once on the test split. Mohler's
//! questions are held out whole, so its rubrics come from the reference
//! answers instead ([`mohler`]).
//!
//! Entry point: `benchmarks/agreement/run DATASETS_DIR`.

pub mod datasets;
mod mohler;
mod reference;
mod run;

pub use mohler::{mohler, MohlerResult};
pub use reference::{Reference, REFERENCES};
pub use run::{run_task, TaskResult};
