//! How the learned models find an n-gram: one 64-bit key per sequence of
//! token hashes. Shared by `build.rs`, which keys the model files' n-grams
//! when it compiles them into the binary, and by `ngram_terms.rs`, which
//! keys an answer's n-grams the same way.

/// FNV-1a offset basis.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a prime.
pub const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a of a token's bytes.
pub const fn token_hash(token: &str) -> u64 {
    fnv_continue(FNV_OFFSET, token.as_bytes())
}

/// FNV-1a of `bytes`, continued from `hash`.
pub const fn fnv_continue(mut hash: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        hash = (hash ^ bytes[i] as u64).wrapping_mul(FNV_PRIME);
        i += 1;
    }
    hash
}

/// The key of no tokens, which [`extend_key`] starts from.
pub const START_KEY: u64 = 0x9e37_79b9_7f4a_7c15;

/// One key per sequence of token hashes (so per n-gram): how `build.rs`
/// keys the model files' n-grams. The library keys an answer's n-grams a
/// word at a time with [`extend_key`], to the same values.
#[allow(dead_code)] // only build.rs keys a whole n-gram at once
pub fn ngram_key(hashes: impl Iterator<Item = u64>) -> u64 {
    hashes.fold(START_KEY, extend_key)
}

/// The key of a sequence whose key is `key`, followed by the token hash
/// `hash`: an n-gram's key from its first n-1 words' key.
pub fn extend_key(key: u64, hash: u64) -> u64 {
    (key.rotate_left(23) ^ hash).wrapping_mul(0xff51_afd7_ed55_8ccd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_extended_word_by_word_is_the_whole_ngrams_key() {
        let words = ["keep", "it", "between", "us"].map(token_hash);
        let mut key = START_KEY;
        for (n, &word) in words.iter().enumerate() {
            key = extend_key(key, word);
            assert_eq!(key, ngram_key(words[..=n].iter().copied()));
        }
        assert_ne!(ngram_key(words[..2].iter().copied()), ngram_key(words[1..3].iter().copied()));
    }
}
