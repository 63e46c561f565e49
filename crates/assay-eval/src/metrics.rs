//! Agreement statistics between two raters (a human and assay, or two
//! humans). Each returns `None` where the statistic is undefined (no pairs,
//! no variance), never a made-up number.

/// Arithmetic mean.
#[must_use]
pub fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// Population standard deviation.
#[must_use]
pub fn std_dev(xs: &[f64]) -> Option<f64> {
    let m = mean(xs)?;
    Some((xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / xs.len() as f64).sqrt())
}

/// Pearson's correlation coefficient.
#[must_use]
pub fn pearson(xs: &[f64], ys: &[f64]) -> Option<f64> {
    assert_eq!(xs.len(), ys.len(), "pearson needs paired values");
    let (mx, my) = (mean(xs)?, mean(ys)?);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx).powi(2);
        syy += (y - my).powi(2);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

/// Ranks from 1, ties sharing the mean of their ranks.
#[must_use]
pub fn ranks(xs: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].total_cmp(&xs[b]));
    let mut ranks = vec![0.0; xs.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && xs[order[j + 1]] == xs[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        i = j + 1;
    }
    ranks
}

/// Spearman's rank correlation (Pearson on ranks, ties averaged).
#[must_use]
pub fn spearman(xs: &[f64], ys: &[f64]) -> Option<f64> {
    pearson(&ranks(xs), &ranks(ys))
}

/// Root mean squared difference.
#[must_use]
pub fn rmse(xs: &[f64], ys: &[f64]) -> Option<f64> {
    assert_eq!(xs.len(), ys.len(), "rmse needs paired values");
    mean(&xs.iter().zip(ys).map(|(x, y)| (x - y).powi(2)).collect::<Vec<_>>()).map(f64::sqrt)
}

/// Standardised mean difference of `machine` from `human`: the difference
/// of the means over the pooled standard deviation
/// `sqrt((sd_h² + sd_m²) / 2)`, as in Williamson, Xi and Breyer (2012).
#[must_use]
pub fn standardised_mean_difference(human: &[f64], machine: &[f64]) -> Option<f64> {
    let pooled = ((std_dev(human)?.powi(2) + std_dev(machine)?.powi(2)) / 2.0).sqrt();
    let difference = mean(machine)? - mean(human)?;
    (pooled > 0.0).then(|| difference / pooled)
}

/// A confusion matrix of levels: `counts[a][b]` pairs where the first rater
/// gave level `a` and the second level `b`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confusion {
    /// Pair counts, `levels × levels`.
    pub counts: Vec<Vec<u32>>,
}

impl Confusion {
    /// Counts the pairs; every level must be below `levels`.
    #[must_use]
    pub fn new(levels: usize, pairs: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut counts = vec![vec![0; levels]; levels];
        for (a, b) in pairs {
            counts[a][b] += 1;
        }
        Self { counts }
    }

    /// Number of pairs.
    #[must_use]
    pub fn total(&self) -> u32 {
        self.counts.iter().flatten().sum()
    }

    /// Share of pairs on the same level.
    #[must_use]
    pub fn exact(&self) -> Option<f64> {
        self.share(0)
    }

    /// Share of pairs at most one level apart.
    #[must_use]
    pub fn adjacent(&self) -> Option<f64> {
        self.share(1)
    }

    fn share(&self, within: usize) -> Option<f64> {
        let total = self.total();
        let near: u32 =
            self.cells().filter(|&(a, b, _)| a.abs_diff(b) <= within).map(|(_, _, n)| n).sum();
        (total > 0).then(|| f64::from(near) / f64::from(total))
    }

    fn cells(&self) -> impl Iterator<Item = (usize, usize, u32)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .flat_map(|(a, row)| row.iter().enumerate().map(move |(b, &n)| (a, b, n)))
    }

    /// Quadratic weighted kappa (Cohen's kappa with weights `(a-b)²`):
    /// 1 for perfect agreement, 0 for chance, below 0 for worse than chance.
    /// `None` when the expected disagreement is 0 (both raters used one
    /// level only).
    #[must_use]
    pub fn quadratic_weighted_kappa(&self) -> Option<f64> {
        let n = self.counts.len();
        let total = f64::from(self.total());
        if total == 0.0 || n < 2 {
            return None;
        }
        let rows: Vec<f64> = self.counts.iter().map(|r| f64::from(r.iter().sum::<u32>())).collect();
        let cols: Vec<f64> =
            (0..n).map(|b| f64::from(self.counts.iter().map(|r| r[b]).sum::<u32>())).collect();
        let weight = |a: usize, b: usize| (a as f64 - b as f64).powi(2) / ((n - 1) as f64).powi(2);
        let (mut observed, mut expected) = (0.0, 0.0);
        for (a, b, count) in self.cells() {
            observed += weight(a, b) * f64::from(count) / total;
            expected += weight(a, b) * rows[a] * cols[b] / (total * total);
        }
        (expected > 0.0).then(|| 1.0 - observed / expected)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) {
        let a = a.expect("defined");
        assert!((a - b).abs() < 1e-9, "{a} != {b}");
    }

    #[test]
    fn pearson_against_hand_computed_values() {
        // x: 1 2 3 4 5, y: 2 4 5 4 5. Means 3 and 4; sxy = 6, sxx = 10, syy = 6.
        close(pearson(&[1., 2., 3., 4., 5.], &[2., 4., 5., 4., 5.]), 6.0 / (60f64).sqrt());
        close(pearson(&[1., 2., 3.], &[3., 2., 1.]), -1.0);
        assert_eq!(pearson(&[1., 1., 1.], &[1., 2., 3.]), None);
        assert_eq!(pearson(&[], &[]), None);
    }

    #[test]
    fn spearman_averages_tied_ranks() {
        assert_eq!(ranks(&[10., 20., 20., 5.]), vec![2.0, 3.5, 3.5, 1.0]);
        // Monotone but not linear: rank correlation 1.
        close(spearman(&[1., 2., 3., 4.], &[1., 4., 9., 100.]), 1.0);
        // Ranks x: 1 2 3 4, y: 1 3 2 4 -> d² = 0+1+1+0 = 2; 1 - 6*2/(4*15) = 0.8.
        close(spearman(&[1., 2., 3., 4.], &[10., 30., 20., 40.]), 0.8);
    }

    #[test]
    fn rmse_and_standardised_mean_difference() {
        close(rmse(&[0., 0., 0., 0.], &[1., -1., 1., -1.]), 1.0);
        close(rmse(&[1., 2.], &[4., 6.]), (12.5f64).sqrt());
        // Human 1 2 3 (sd sqrt(2/3)), machine 2 3 4 (same sd): difference 1.
        close(
            standardised_mean_difference(&[1., 2., 3.], &[2., 3., 4.]),
            1.0 / (2f64 / 3.0).sqrt(),
        );
        assert_eq!(standardised_mean_difference(&[2., 2.], &[2., 2.]), None);
    }

    #[test]
    fn kappa_on_a_known_confusion_matrix() {
        // Three levels; rows human, columns machine.
        //   [10 2 0]  rows 12 10 8, columns 11 11 8, total 30.
        //   [ 1 8 1]
        //   [ 0 1 7]
        // Weights (a-b)²/4: off by one 0.25, off by two 1.
        // Observed disagreement: 0.25 * (2+1+1+1) / 30 = 1.25/30.
        // Expected: sum w * r_a * c_b / 900
        //   off by one: 0.25*(12*11 + 10*11 + 10*8 + 8*11) = 0.25*410 = 102.5
        //   off by two: 1*(12*8 + 8*11) = 184
        //   -> 286.5 / 900.
        let m = Confusion { counts: vec![vec![10, 2, 0], vec![1, 8, 1], vec![0, 1, 7]] };
        close(m.quadratic_weighted_kappa(), 1.0 - (1.25 / 30.0) / (286.5 / 900.0));
        close(m.exact(), 25.0 / 30.0);
        close(m.adjacent(), 1.0);
    }

    #[test]
    fn kappa_is_one_when_raters_agree_and_undefined_without_spread() {
        let agree = Confusion::new(4, [(0, 0), (1, 1), (3, 3), (2, 2)]);
        close(agree.quadratic_weighted_kappa(), 1.0);
        let one_level = Confusion::new(4, [(2, 2), (2, 2)]);
        assert_eq!(one_level.quadratic_weighted_kappa(), None);
        assert_eq!(Confusion::new(4, []).quadratic_weighted_kappa(), None);
        // Systematic disagreement is worse than chance.
        let opposite = Confusion::new(2, [(0, 1), (1, 0)]);
        close(opposite.quadratic_weighted_kappa(), -1.0);
    }
}
