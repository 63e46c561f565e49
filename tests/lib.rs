//! Quality tests over the built-in rubrics and corpus live in this package's test targets.
