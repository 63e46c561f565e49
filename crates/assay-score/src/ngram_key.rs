//! How the harm model finds an n-gram: one 64-bit key per sequence of
//! token hashes. Shared by `build.rs`, which keys the model file's n-grams
//! when it compiles them into the binary, and by `harm.rs`, which keys an
//! answer's n-grams the same way.

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

/// One key per sequence of token hashes (so per n-gram).
pub fn ngram_key(hashes: impl Iterator<Item = u64>) -> u64 {
    hashes.fold(0x9e37_79b9_7f4a_7c15, |key, h| {
        (key.rotate_left(23) ^ h).wrapping_mul(0xff51_afd7_ed55_8ccd)
    })
}
