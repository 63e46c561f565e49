//! A fast, stable hash for short strings (64-bit FNV-1a).
//!
//! Stems are compared millions of times a second while matching cues;
//! comparing their hashes first turns most comparisons into one integer
//! comparison. The hash is stable across runs and machines.

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a over `text`'s bytes.
#[must_use]
pub fn stem_key(text: &str) -> u64 {
    let mut hasher = FnvHasher::default();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// 64-bit FNV-1a as a [`Hasher`], for hash maps keyed by short strings.
#[derive(Debug, Clone, Copy)]
pub struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> Self {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// Builds [`FnvHasher`]s.
pub type FnvBuildHasher = BuildHasherDefault<FnvHasher>;

/// A hasher for keys that are already hashes (such as [`stem_key`]s): it
/// passes the `u64` through.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, key: u64) {
        self.0 = key;
    }
}

/// Builds [`KeyHasher`]s.
pub type KeyBuildHasher = BuildHasherDefault<KeyHasher>;
