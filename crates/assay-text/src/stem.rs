//! Stemming behind a cache.

use std::collections::HashMap;
use std::sync::Arc;

use rust_stemmers::{Algorithm, Stemmer};

use crate::hash::{stem_key, KeyBuildHasher};
use crate::token::WordEntry;
use crate::word_class::WordClasses;
use crate::word_key::WordKey;

/// Most distinct words a cache keeps. Past this, words are stemmed on every
/// use instead, so a pathological text cannot make the cache grow without
/// bound.
const MAX_ENTRIES: usize = 200_000;

include!(concat!(env!("OUT_DIR"), "/known_stems.rs"));

/// The stem of `word` from [`KNOWN_STEMS`], stemmed when the crate was
/// built (see `build.rs`): the same stem the stemmer gives, without
/// running it.
fn known_stem(word: &str) -> Option<&'static str> {
    let found = KNOWN_STEMS.binary_search_by(|(known, _)| (*known).cmp(word));
    found.ok().map(|i| KNOWN_STEMS[i].1)
}

/// English Snowball stemming with a cache of word to its stem.
///
/// Answers repeat the same few hundred words; the cache makes stemming a
/// hash lookup after the first time, and hands out one shared entry per
/// word (word and stem), so tokens neither allocate their own copies nor
/// keep more than one reference count each.
pub struct StemCache {
    stemmer: Stemmer,
    entries: HashMap<WordKey, Entry, KeyBuildHasher>,
}

/// A cached word: the shared word and stem, the stem's key, and the word's
/// closed classes.
pub(crate) type Entry = (Arc<WordEntry>, u64, WordClasses);

impl StemCache {
    /// An empty cache for English.
    #[must_use]
    pub fn new() -> Self {
        Self { stemmer: Stemmer::create(Algorithm::English), entries: HashMap::default() }
    }

    /// The word's shared entry, the stem's [`stem_key`] and the word's
    /// classes. `word` must already be lower-case.
    pub(crate) fn lookup(&mut self, word: &str) -> Entry {
        let word_key = WordKey::of(word);
        if let Some((entry, key, classes)) = self.entries.get(&word_key) {
            return (Arc::clone(entry), *key, *classes);
        }
        let stem: Arc<str> = match known_stem(word) {
            Some(stem) => Arc::from(stem),
            None => Arc::from(self.stemmer.stem(word).as_ref()),
        };
        let key = stem_key(&stem);
        let classes = WordClasses::of(word, &stem);
        let entry = Arc::new(WordEntry { word: word.into(), stem });
        if self.entries.len() < MAX_ENTRIES {
            self.entries.insert(word_key, (Arc::clone(&entry), key, classes));
        }
        (entry, key, classes)
    }

    /// The stem of `word` (lower-case), through the cache.
    pub fn stem(&mut self, word: &str) -> Arc<str> {
        Arc::clone(&self.lookup(word).0.stem)
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
    fn the_words_stemmed_at_build_time_have_the_stemmers_stems() {
        let stemmer = Stemmer::create(Algorithm::English);
        assert!(KNOWN_STEMS.len() > 1000, "the rubrics' and corpus' words are in the table");
        assert!(KNOWN_STEMS.windows(2).all(|w| w[0].0 < w[1].0), "sorted, for binary search");
        for (word, stem) in KNOWN_STEMS {
            assert_eq!(stemmer.stem(word), *stem, "{word}");
        }
        assert_eq!(known_stem("listening"), Some("listen"));
        assert_eq!(known_stem("zzyzx"), None);
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
