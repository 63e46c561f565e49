//! Many dot products at once: stored vectors laid out [`BLOCK`] at a time,
//! dimension by dimension, so that one pass over the dimensions multiplies
//! several stored vectors with several query vectors in vector lanes.
//!
//! Each dot product is summed in one lane, dimension after dimension, so
//! its value does not depend on how many vectors are taken together, on the
//! instruction set the processor offers, or on the thread: the semantic
//! matcher's scores stay byte-identical everywhere.

/// Stored vectors side by side in one column: two SSE registers' worth, or
/// one AVX register's.
pub(crate) const BLOCK: usize = 8;

/// Stored vectors, [`BLOCK`] at a time and dimension by dimension.
#[derive(Debug, Clone, Default)]
pub(crate) struct Columns {
    dims: usize,
    len: usize,
    /// `columns[block * dims + d][j]` is dimension `d` of vector
    /// `block * BLOCK + j` (zero past the last vector).
    columns: Vec<[f32; BLOCK]>,
}

impl Columns {
    /// `vectors`, `dims` values each, regrouped.
    pub fn new(vectors: &[f32], dims: usize) -> Self {
        let rows: Vec<&[f32]> = vectors.chunks_exact(dims.max(1)).collect();
        let mut columns = Vec::with_capacity(rows.len().div_ceil(BLOCK) * dims);
        for block in rows.chunks(BLOCK) {
            for d in 0..dims {
                let mut column = [0f32; BLOCK];
                for (value, row) in column.iter_mut().zip(block) {
                    *value = row[d];
                }
                columns.push(column);
            }
        }
        Self { dims, len: rows.len(), columns }
    }

    /// How many [`BLOCK`]s the stored vectors fill.
    pub fn blocks(&self) -> usize {
        self.len.div_ceil(BLOCK)
    }

    /// The dot products of the stored vectors of the blocks listed in
    /// `blocks` with the `n` queries in `queries` (`dims` values each):
    /// `out[q * width + k * BLOCK + j]`, with `width = blocks.len() *
    /// BLOCK`, for query `q` and vector `j` of block `blocks[k]` (zero past
    /// the last stored vector): each query's products side by side.
    pub fn dots(&self, queries: &[f32], n: usize, blocks: &[usize]) -> Vec<f32> {
        let mut out = vec![0f32; blocks.len() * BLOCK * n];
        let mut padded = queries[..n * self.dims].to_vec();
        padded.resize(n.div_ceil(QUERIES) * QUERIES * self.dims, 0.0);
        pulp::Arch::new().dispatch(Kernel::Many {
            columns: self,
            queries: &padded,
            n,
            blocks,
            out: &mut out,
        });
        out
    }

    /// The dot product of every stored vector with `query`, in order.
    pub fn dots_with(&self, query: &[f32]) -> Vec<f32> {
        let mut out = vec![0f32; self.blocks() * BLOCK];
        let query = &query[..self.dims];
        pulp::Arch::new().dispatch(Kernel::One { columns: self, query, out: &mut out });
        out.truncate(self.len);
        out
    }

    /// What [`Kernel`] runs for several queries, taken [`QUERIES`] at a time.
    #[inline(always)]
    fn many_queries(&self, queries: &[f32], n: usize, blocks: &[usize], out: &mut [f32]) {
        let dims = self.dims;
        for (g, group) in queries.chunks_exact(QUERIES * dims).enumerate() {
            let queries: [&[f32]; QUERIES] = std::array::from_fn(|q| &group[q * dims..][..dims]);
            let tiles = blocks.len() / MANY_QUERY_BLOCKS * MANY_QUERY_BLOCKS;
            for k in (0..tiles).step_by(MANY_QUERY_BLOCKS) {
                let tile: [usize; MANY_QUERY_BLOCKS] = std::array::from_fn(|b| blocks[k + b]);
                let acc = self.tile::<MANY_QUERY_BLOCKS, QUERIES>(tile, queries);
                self.store(&acc, tile, k, g * QUERIES, (n, blocks.len()), out);
            }
            for (k, &block) in blocks.iter().enumerate().skip(tiles) {
                let acc = self.tile::<1, QUERIES>([block], queries);
                self.store(&acc, [block], k, g * QUERIES, (n, blocks.len()), out);
            }
        }
    }

    /// What [`Kernel`] runs for one query and every block, blocks taken
    /// [`ONE_QUERY_BLOCKS`] at a time.
    #[inline(always)]
    fn one_query(&self, query: &[f32], out: &mut [f32]) {
        let query = [query];
        let blocks = self.blocks();
        let tiles = blocks / ONE_QUERY_BLOCKS * ONE_QUERY_BLOCKS;
        for k in (0..tiles).step_by(ONE_QUERY_BLOCKS) {
            let tile: [usize; ONE_QUERY_BLOCKS] = std::array::from_fn(|b| k + b);
            let acc = self.tile::<ONE_QUERY_BLOCKS, 1>(tile, query);
            self.store(&acc, tile, k, 0, (1, blocks), out);
        }
        for block in tiles..blocks {
            let acc = self.tile::<1, 1>([block], query);
            self.store(&acc, [block], block, 0, (1, blocks), out);
        }
    }

    /// The dot products of the vectors of `B` blocks with `Q` queries:
    /// `acc[b][q][j]` for vector `j` of block `blocks[b]`.
    #[inline(always)]
    fn tile<const B: usize, const Q: usize>(
        &self,
        blocks: [usize; B],
        queries: [&[f32]; Q],
    ) -> [[[f32; BLOCK]; Q]; B] {
        let dims = self.dims;
        let columns: [&[[f32; BLOCK]]; B] =
            std::array::from_fn(|b| &self.columns[blocks[b] * dims..][..dims]);
        let mut acc = [[[0f32; BLOCK]; Q]; B];
        for d in 0..dims {
            for (acc, columns) in acc.iter_mut().zip(&columns) {
                let column = &columns[d];
                for (acc, query) in acc.iter_mut().zip(&queries) {
                    let x = query[d];
                    for (a, &w) in acc.iter_mut().zip(column) {
                        *a += w * x;
                    }
                }
            }
        }
        acc
    }

    /// Writes a tile's dot products for queries `first..first + Q` (those
    /// below `n`, of `(n, listed)`: queries, and blocks in `out`) into
    /// `out`, its blocks listed from place `slot` on, laid out as
    /// [`Columns::dots`] returns them.
    #[inline(always)]
    fn store<const B: usize, const Q: usize>(
        &self,
        acc: &[[[f32; BLOCK]; Q]; B],
        blocks: [usize; B],
        slot: usize,
        first: usize,
        (n, listed): (usize, usize),
        out: &mut [f32],
    ) {
        let width = listed * BLOCK;
        for (b, (acc, block)) in acc.iter().zip(blocks).enumerate() {
            let stored = self.len.saturating_sub(block * BLOCK).min(BLOCK);
            for (q, acc) in acc.iter().enumerate().filter(|&(q, _)| first + q < n) {
                let at = (first + q) * width + (slot + b) * BLOCK;
                out[at..at + stored].copy_from_slice(&acc[..stored]);
            }
        }
    }
}

/// One call of [`Columns::dots`] or [`Columns::dots_with`], run by
/// [`pulp`] with the widest vector instructions the processor has (AVX2 on
/// most machines since 2015, SSE2 everywhere). It uses no fused
/// multiply-add, so every width gives the same bits.
enum Kernel<'a> {
    /// [`Columns::dots`]: `n` queries, padded to a multiple of [`QUERIES`],
    /// against the listed blocks.
    Many {
        columns: &'a Columns,
        queries: &'a [f32],
        n: usize,
        blocks: &'a [usize],
        out: &'a mut [f32],
    },
    /// [`Columns::dots_with`]: one query against every block.
    One { columns: &'a Columns, query: &'a [f32], out: &'a mut [f32] },
}

impl pulp::WithSimd for Kernel<'_> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _: S) {
        match self {
            Kernel::Many { columns, queries, n, blocks, out } => {
                columns.many_queries(queries, n, blocks, out);
            }
            Kernel::One { columns, query, out } => columns.one_query(query, out),
        }
    }
}

/// Queries taken together in [`Columns::dots`], each stored dimension
/// loaded once for all of them.
const QUERIES: usize = 4;

/// Blocks taken together in [`Columns::dots`] with [`QUERIES`] queries:
/// their sums and one column of each fill the vector registers.
const MANY_QUERY_BLOCKS: usize = 3;

/// Blocks taken together in [`Columns::dots_with`], so that its one query
/// still keeps several sums going at once.
const ONE_QUERY_BLOCKS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    fn plain_dot(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).fold(0.0, |s, (x, y)| s + x * y)
    }

    fn vectors(count: usize, dims: usize, seed: u32) -> Vec<f32> {
        (0..count * dims)
            .map(|i| (((i as u32).wrapping_mul(2_654_435_761) ^ seed) % 1000) as f32 / 500.0 - 1.0)
            .collect()
    }

    #[test]
    fn every_dot_product_is_summed_dimension_by_dimension() {
        let dims = 24;
        for (rows, n) in [(1, 1), (7, 3), (8, 4), (19, 5), (70, 1), (33, 9)] {
            let stored = vectors(rows, dims, 7);
            let queries = vectors(n, dims, 11);
            let columns = Columns::new(&stored, dims);
            let every: Vec<usize> = (0..columns.blocks()).collect();
            let dots = columns.dots(&queries, n, &every);
            let width = every.len() * BLOCK;
            for (r, row) in stored.chunks_exact(dims).enumerate() {
                for (q, query) in queries.chunks_exact(dims).enumerate() {
                    assert_eq!(dots[q * width + r].to_bits(), plain_dot(row, query).to_bits());
                }
            }
            let first = &queries[..dims];
            let with: Vec<u32> = columns.dots_with(first).iter().map(|d| d.to_bits()).collect();
            let plain: Vec<u32> =
                stored.chunks_exact(dims).map(|row| plain_dot(row, first).to_bits()).collect();
            assert_eq!(with, plain);
        }
    }

    #[test]
    fn only_the_listed_blocks_are_computed_in_the_order_listed() {
        let dims = 16;
        let stored = vectors(20, dims, 3);
        let queries = vectors(2, dims, 5);
        let columns = Columns::new(&stored, dims);
        let dots = columns.dots(&queries, 2, &[2, 0]);
        let width = 2 * BLOCK;
        assert_eq!(dots.len(), width * 2);
        let expect = |row: usize, q: usize| {
            plain_dot(&stored[row * dims..][..dims], &queries[q * dims..][..dims])
        };
        assert_eq!(dots[0], expect(16, 0));
        assert_eq!(dots[width + 3], expect(19, 1));
        assert!(dots[4..BLOCK].iter().all(|&d| d == 0.0));
        assert_eq!(dots[width + BLOCK + 5], expect(5, 1));
    }
}
