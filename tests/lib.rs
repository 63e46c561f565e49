//! Quality tests over the built-in rubrics and corpus: they check the data a
//! user relies on (exemplars ordered by level, harmful answers caught), not
//! one crate's code. The tests are this package's test targets.
