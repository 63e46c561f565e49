//! Stemming behind a cache.

use std::collections::HashMap;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};

use crate::hash::{stem_key, FnvBuildHasher};
use crate::word_class::WordClasses;

/// Most distinct words a cache keeps. Past this, words are stemmed on every
/// use instead, so a pathological text cannot make the cache grow without
/// bound.
const MAX_ENTRIES: usize = 200_000;

/// English Snowball stemming with a cache of word to `(word, stem)`.
///
/// Answers repeat the same few hundred words; the cache makes stemming a
/// hash lookup after the first time, and hands out shared strings so tokens
/// do not each allocate their own copy.
pub struct StemCache {
    stemmer: Stemmer,
    entries: HashMap<Box<str>, Entry, FnvBuildHasher>,
}

/// A cached word: shared word, shared stem, the stem's key, and the
/// word's closed classes.
type Entry = (Arc<str>, Arc<str>, u64, WordClasses);

impl StemCache {
    /// An empty cache for English.
    #[must_use]
    pub fn new() -> Self {
        Self { stemmer: Stemmer::create(Algorithm::English), entries: HashMap::default() }
    }

    /// The shared word, its stem, and the stem's [`stem_key`]. `word` must
    /// already be lower-case.
    pub fn get(&mut self, word: &str) -> (Arc<str>, Arc<str>, u64) {
        let (word, stem, key, _) = self.lookup(word);
        (word, stem, key)
    }

    /// [`StemCache::get`], with the word's classes.
    pub(crate) fn lookup(&mut self, word: &str) -> Entry {
        if let Some((w, s, k, c)) = self.entries.get(word) {
            return (Arc::clone(w), Arc::clone(s), *k, *c);
        }
        let shared_word: Arc<str> = Arc::from(word);
        let stem: Arc<str> = Arc::from(self.stemmer.stem(word).as_ref());
        let key = stem_key(&stem);
        let classes = WordClasses::of(word, &stem);
        if self.entries.len() < MAX_ENTRIES {
            let entry = (Arc::clone(&shared_word), Arc::clone(&stem), key, classes);
            self.entries.insert(word.into(), entry);
        }
        (shared_word, stem, key, classes)
    }

    /// The stem of `word` (lower-case), through the cache.
    pub fn stem(&mut self, word: &str) -> Arc<str> {
        self.get(word).1
    }

    /// Number of distinct words cached.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is cached yet.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl Default for StemCache {
    fn default() -> Self {
        Self::new()
    }
}

impl Clone for StemCache {
    /// A copy of the cached entries with its own stemmer (the stemmer holds
    /// no state between calls).
    fn clone(&self) -> Self {
        Self { stemmer: Stemmer::create(Algorithm::English), entries: self.entries.clone() }
    }
}

impl std::fmt::Debug for StemCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StemCache").field("entries", &self.entries.len()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_inflections_alike() {
        let mut cache = StemCache::new();
        assert_eq!(&*cache.stem("listening"), "listen");
        assert_eq!(&*cache.stem("listened"), "listen");
        assert_eq!(&*cache.stem("listens"), "listen");
        assert_eq!(cache.stem("judging"), cache.stem("judge"));
    }

    #[test]
    fn caches_each_word_once() {
        let mut cache = StemCache::new();
        let first = cache.stem("supporting");
        let again = cache.stem("supporting");
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(cache.len(), 1);
    }
}
