//! The learned models' n-gram keys (see [`crate::ngram_key`]) and their
//! term numbers, in an open-addressed table at most half full: a lookup
//! reads one or two neighbouring slots, where a general hash map spends
//! several times the instructions on an answer's few hundred n-grams.

/// A slot no key is in. No n-gram of the model has this key (the model
/// is refused at load otherwise).
const EMPTY: u64 = 0;

/// N-gram keys to term numbers.
#[derive(Debug)]
pub(crate) struct TermTable {
    /// Each slot's key and term side by side: a lookup reads one cache
    /// line, not two.
    slots: Vec<(u64, u32)>,
    /// How many keys are in.
    len: usize,
    /// How far a key is shifted right to give its first slot.
    shift: u32,
}

impl TermTable {
    /// An empty table with room for `count` keys.
    pub(crate) fn with_capacity(count: usize) -> Self {
        let size = (count.max(1) * 2).next_power_of_two();
        let shift = 64 - size.trailing_zeros();
        Self { slots: vec![(EMPTY, 0); size], len: 0, shift }
    }

    /// Adds `key` for term `term`; `false`, and nothing added, when the key
    /// is the empty mark, already in, or the table is half full.
    pub(crate) fn insert(&mut self, key: u64, term: u32) -> bool {
        let full = (self.len + 1) * 2 > self.slots.len();
        if key == EMPTY || full || self.get(key).is_some() {
            return false;
        }
        let mut slot = self.first_slot(key);
        while self.slots[slot].0 != EMPTY {
            slot = (slot + 1) & (self.slots.len() - 1);
        }
        self.slots[slot] = (key, term);
        self.len += 1;
        true
    }

    /// The term of `key`, if the model has it.
    pub(crate) fn get(&self, key: u64) -> Option<u32> {
        let mut slot = self.first_slot(key);
        loop {
            match self.slots[slot] {
                (EMPTY, _) => return None,
                (found, term) if found == key => return Some(term),
                _ => slot = (slot + 1) & (self.slots.len() - 1),
            }
        }
    }

    /// Calls `found` with the term of every n-gram of 1 to `n_max`
    /// consecutive `hashes` that the table has: all 1-grams first, in
    /// order, then all 2-grams, and so on. Every word of a known n-gram is
    /// in at least as many training texts as the n-gram, so an n-gram is
    /// known only if both (n-1)-grams inside it are: the others are not
    /// looked up. `known` is scratch space, reused between calls.
    pub(crate) fn for_each_known(
        &self,
        hashes: &[u64],
        n_max: usize,
        known: &mut Vec<bool>,
        mut found: impl FnMut(u32),
    ) {
        known.clear();
        known.resize(hashes.len(), true);
        for n in 1..=n_max.min(hashes.len()) {
            for (start, window) in hashes.windows(n).enumerate() {
                let inside = known[start] && known[start + usize::from(n > 1)];
                let term = if inside {
                    self.get(crate::ngram_key::ngram_key(window.iter().copied()))
                } else {
                    None
                };
                known[start] = term.is_some();
                if let Some(term) = term {
                    found(term);
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

    #[test]
    fn keys_are_found_and_others_are_not() {
        let mut table = TermTable::with_capacity(100);
        let keys: Vec<u64> = (1..=100u64).map(|k| k.wrapping_mul(0x9e37_79b9_7f4a_7c15)).collect();
        for (term, &key) in keys.iter().enumerate() {
            assert!(table.insert(key, term as u32));
        }
        for (term, &key) in keys.iter().enumerate() {
            assert_eq!(table.get(key), Some(term as u32));
        }
        assert_eq!(table.get(12345), None);
        assert_eq!(table.get(EMPTY), None);
    }

    #[test]
    fn the_empty_mark_a_repeated_key_and_a_full_table_are_refused() {
        let mut table = TermTable::with_capacity(1);
        assert!(!table.insert(EMPTY, 0));
        assert!(table.insert(7 << 62, 0));
        assert!(!table.insert(7 << 62, 1));
        assert_eq!(table.get(7 << 62), Some(0));
        // Two slots for one key: a second would fill more than half.
        assert!(!table.insert(5 << 61, 1));
    }

    #[test]
    fn keys_with_the_same_first_slot_probe_onwards() {
        let mut table = TermTable::with_capacity(10);
        let same_start = [1u64 << 60 | 1, 1 << 60 | 2, 1 << 60 | 3];
        for (term, &key) in same_start.iter().enumerate() {
            assert!(table.insert(key, term as u32));
        }
        for (term, &key) in same_start.iter().enumerate() {
            assert_eq!(table.get(key), Some(term as u32));
        }
    }
}
