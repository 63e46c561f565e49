//! How the stem cache keys a word: the bytes of a short word held in the
//! key itself, so a lookup compares three integers instead of following a
//! pointer to the stored word and comparing its bytes.

use std::hash::{Hash, Hasher};

use crate::hash::stem_key;

/// Bytes a word may have and still be held inline.
const INLINE_MAX: usize = 24;

/// A word as a hash map key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WordKey {
    /// A word of at most [`INLINE_MAX`] bytes (nearly every word): its
    /// length and its bytes read as up to three little-endian integers,
    /// which together fix every byte (see [`WordKey::of`]).
    Inline { len: u8, words: [u64; 3] },
    /// A longer word.
    Boxed(Box<str>),
}

impl WordKey {
    /// The key of `word`. Its bytes are read a few at a time, as fast
    /// hashes read short keys: the first and last 8 of a word of 8 to 16
    /// bytes (overlapping when shorter than 16), the first, second and
    /// last 8 of a longer one, the first and last 4 of a word of 4 to 7,
    /// and the first, middle and last byte of a shorter one. For a given
    /// length each reading covers every byte, so two words of the same
    /// length have the same key only if they are the same word.
    pub(crate) fn of(word: &str) -> WordKey {
        let bytes = word.as_bytes();
        let n = bytes.len();
        let read8 = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().expect("8 bytes"));
        let read4 =
            |i: usize| u64::from(u32::from_le_bytes(bytes[i..i + 4].try_into().expect("4 bytes")));
        let words = match n {
            0 => [0; 3],
            1..=3 => {
                let (first, middle, last) = (bytes[0], bytes[n / 2], bytes[n - 1]);
                [u64::from(first) | u64::from(middle) << 8 | u64::from(last) << 16, 0, 0]
            }
            4..=7 => [read4(0) | read4(n - 4) << 32, 0, 0],
            8..=16 => [read8(0), read8(n - 8), 0],
            17..=INLINE_MAX => [read8(0), read8(8), read8(n - 8)],
            _ => return WordKey::Boxed(word.into()),
        };
        WordKey::Inline { len: n as u8, words }
    }
}

impl Hash for WordKey {
    /// One `u64`, well mixed: the map is built with a hasher that passes
    /// it through ([`crate::KeyBuildHasher`]).
    fn hash<H: Hasher>(&self, state: &mut H) {
        let hash = match self {
            WordKey::Inline { len, words: [a, b, c] } => {
                let mixed = (a ^ u64::from(*len)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
                    ^ b.wrapping_mul(0xc2b2_ae3d_27d4_eb4f).rotate_left(21)
                    ^ c.wrapping_mul(0x1656_67b1_9e37_79f9).rotate_left(42);
                mixed ^ (mixed >> 29)
            }
            WordKey::Boxed(word) => stem_key(word),
        };
        state.write_u64(hash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_differing_in_any_byte_or_length_have_different_keys() {
        let mut words: Vec<String> =
            ["", "a", "ab", "ba", "a\0", "café-ünïcödé", "cafe-unicode"].map(String::from).to_vec();
        // Every length up to past the inline limit, and for each, the word
        // with each one of its bytes changed.
        for n in 1..=INLINE_MAX + 2 {
            let word: String = (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
            for i in 0..n {
                let mut changed = word.clone().into_bytes();
                changed[i] = b'Z';
                words.push(String::from_utf8(changed).unwrap());
            }
            words.push(word);
        }
        for a in &words {
            for b in &words {
                assert_eq!(WordKey::of(a) == WordKey::of(b), a == b, "{a:?} {b:?}");
            }
        }
        let long = "a".repeat(INLINE_MAX);
        assert!(matches!(WordKey::of(&long), WordKey::Inline { .. }));
        let longer = "a".repeat(INLINE_MAX + 1);
        assert_eq!(WordKey::of(&longer), WordKey::Boxed(longer.clone().into()));
    }
}
