//! The learned models' n-gram keys (see [`crate::ngram_key`]) and each
//! model's term number for them, in one open-addressed table at most two
//! thirds full: a lookup reads one or two neighbouring slots, where a
//! general hash map spends several times the instructions on an answer's
//! few hundred n-grams, and one lookup serves both models.

use crate::ngram_key::{extend_key, START_KEY};

/// A slot no key is in. No n-gram of a model has this key (the model is
/// refused at load otherwise).
const EMPTY: u64 = 0;

/// How many models share the table.
pub(crate) const MODELS: usize = 2;

/// In a slot, a model that does not have the n-gram.
pub(crate) const NO_TERM: u32 = u32::MAX;

/// N-gram keys to each model's term number.
#[derive(Debug)]
pub(crate) struct TermTable {
    /// Each slot's key and terms side by side: a lookup reads one cache
    /// line, not two.
    slots: Vec<(u64, [u32; MODELS])>,
    /// How many keys are in.
    len: usize,
    /// How far a key is shifted right to give its first slot.
    shift: u32,
}

impl TermTable {
    /// An empty table with room for `count` keys.
    pub(crate) fn with_capacity(count: usize) -> Self {
        let size = (count.max(1) * 3).div_ceil(2).next_power_of_two();
        let shift = 64 - size.trailing_zeros();
        Self { slots: vec![(EMPTY, [NO_TERM; MODELS]); size], len: 0, shift }
    }

    /// Gives `key` term `term` in model `model`; `false`, and nothing
    /// changed, when the key is the empty mark or the term the no-term
    /// mark, the model already has the key, or a new key would fill the
    /// table beyond two thirds.
    pub(crate) fn insert(&mut self, key: u64, model: usize, term: u32) -> bool {
        if key == EMPTY || term == NO_TERM {
            return false;
        }
        let mut slot = self.first_slot(key);
        while self.slots[slot].0 != EMPTY && self.slots[slot].0 != key {
            slot = (slot + 1) & (self.slots.len() - 1);
        }
        if self.slots[slot].0 == EMPTY {
            if (self.len + 1) * 3 > self.slots.len() * 2 {
                return false;
            }
            self.slots[slot].0 = key;
            self.len += 1;
        }
        let terms = &mut self.slots[slot].1;
        if terms[model] != NO_TERM {
            return false;
        }
        terms[model] = term;
        true
    }

    /// Each model's term for `key` ([`NO_TERM`] where a model lacks it), if
    /// any model has it.
    pub(crate) fn get(&self, key: u64) -> Option<[u32; MODELS]> {
        let mut slot = self.first_slot(key);
        loop {
            match self.slots[slot] {
                (EMPTY, _) => return None,
                (found, terms) if found == key => return Some(terms),
                _ => slot = (slot + 1) & (self.slots.len() - 1),
            }
        }
    }

    /// Calls `found` with the length and terms of every n-gram of 1 to
    /// `n_max`
    /// consecutive `hashes` that the table has: all 1-grams first, in
    /// order, then all 2-grams, and so on. Every word of a model's n-gram
    /// is in at least as many of its training texts as the n-gram, so an
    /// n-gram is known (to a model) only if both (n-1)-grams inside it are:
    /// the others are not looked up. `known` is scratch space, reused
    /// between calls: the key of each known n-gram of the last length, and
    /// [`EMPTY`] for the others, so a longer n-gram's key is its first
    /// n-1 words' key extended by one word.
    pub(crate) fn for_each_known(
        &self,
        hashes: &[u64],
        n_max: usize,
        known: &mut Vec<u64>,
        mut found: impl FnMut(usize, [u32; MODELS]),
    ) {
        known.clear();
        known.resize(hashes.len(), START_KEY);
        for n in 1..=n_max.min(hashes.len()) {
            for start in 0..=hashes.len() - n {
                let inside = known[start] != EMPTY && (n == 1 || known[start + 1] != EMPTY);
                let key =
                    if inside { extend_key(known[start], hashes[start + n - 1]) } else { EMPTY };
                let term = if inside { self.get(key) } else { None };
                known[start] = if term.is_some() { key } else { EMPTY };
                if let Some(terms) = term {
                    found(n, terms);
                }
            }
            known.truncate(hashes.len() + 1 - n);
        }
    }

    /// The high bits of a key, the best mixed by [`crate::ngram_key::ngram_key`]'s
    /// last multiplication.
    fn first_slot(&self, key: u64) -> usize {
        (key >> self.shift) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The terms of a key only model `model` has.
    fn only(model: usize, term: u32) -> Option<[u32; MODELS]> {
        let mut terms = [NO_TERM; MODELS];
        terms[model] = term;
        Some(terms)
    }

    #[test]
    fn keys_are_found_and_others_are_not() {
        let mut table = TermTable::with_capacity(100);
        let keys: Vec<u64> = (1..=100u64).map(|k| k.wrapping_mul(0x9e37_79b9_7f4a_7c15)).collect();
        for (term, &key) in keys.iter().enumerate() {
            assert!(table.insert(key, 0, term as u32));
        }
        for (term, &key) in keys.iter().enumerate() {
            assert_eq!(table.get(key), only(0, term as u32));
        }
        assert_eq!(table.get(12345), None);
        assert_eq!(table.get(EMPTY), None);
    }

    #[test]
    fn both_models_share_a_key_with_their_own_terms() {
        let mut table = TermTable::with_capacity(2);
        assert!(table.insert(9 << 60, 1, 4));
        assert!(table.insert(9 << 60, 0, 7));
        assert_eq!(table.get(9 << 60), Some([7, 4]));
        assert!(table.insert(3 << 61, 1, 5));
        assert_eq!(table.get(3 << 61), only(1, 5));
    }

    #[test]
    fn the_empty_mark_a_repeated_key_and_a_full_table_are_refused() {
        let mut table = TermTable::with_capacity(1);
        assert!(!table.insert(EMPTY, 0, 0));
        assert!(!table.insert(7 << 62, 0, NO_TERM));
        assert!(table.insert(7 << 62, 0, 0));
        assert!(!table.insert(7 << 62, 0, 1));
        assert_eq!(table.get(7 << 62), only(0, 0));
        // Two slots for one key: a second would fill more than two thirds.
        assert!(!table.insert(5 << 61, 0, 1));
        // The other model may still give the first key a term.
        assert!(table.insert(7 << 62, 1, 3));
    }

    #[test]
    fn keys_with_the_same_first_slot_probe_onwards() {
        let mut table = TermTable::with_capacity(10);
        let same_start = [1u64 << 60 | 1, 1 << 60 | 2, 1 << 60 | 3];
        for (term, &key) in same_start.iter().enumerate() {
            assert!(table.insert(key, 1, term as u32));
        }
        for (term, &key) in same_start.iter().enumerate() {
            assert_eq!(table.get(key), only(1, term as u32));
        }
    }
}
