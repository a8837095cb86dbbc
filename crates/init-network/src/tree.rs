//! How a fixed total number of synapses is shared among targets: a binary
//! tree of splits over the target range, each node's share drawn from its
//! own stream, so any target's count (or a range's) is computed without
//! the others'.
//!
//! With multapses the `K` synapses are i.i.d. uniform pairs, so the
//! targets' counts are multinomial with equal probabilities: a node of `n`
//! targets holding `c` synapses gives its left half `Binomial(c, n_left/n)`.
//! Without multapses the synapses are `K` distinct pairs among the
//! `n·m` a node holds (`m` sources per target), so the left half's share
//! is hypergeometric: `K` draws without replacement from `n·m` pairs, of
//! which `n_left·m` are on the left.

use std::ops::Range;

use init_core::{ElementRng, Key};
use rand::distr::Distribution;
use rand_distr::{Binomial, Hypergeometric};

/// How a node's synapses are shared between its halves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sharing {
    /// Pairs with replacement (multapses): binomial splits.
    WithReplacement,
    /// Distinct pairs, `pairs_per_target` per target: hypergeometric splits.
    Distinct { pairs_per_target: u64 },
}

/// The share of the left part `left` of `total` items holding `c`
/// synapses.
fn left_share(c: u64, left: u64, total: u64, sharing: Sharing, rng: &mut ElementRng) -> u64 {
    if c == 0 || left == 0 {
        return 0;
    }
    if left == total {
        return c;
    }
    match sharing {
        Sharing::WithReplacement => {
            let p = left as f64 / total as f64;
            match Binomial::new(c, p) {
                Ok(b) => b.sample(rng),
                // p is in (0, 1) and c >= 1: Binomial::new cannot fail.
                Err(_) => unreachable!("a binomial of {c} trials with p = {p}"),
            }
        }
        Sharing::Distinct {
            pairs_per_target: m,
        } => {
            let (n, k) = (total * m, left * m);
            match Hypergeometric::new(n, k, c) {
                Ok(h) => h.sample(rng),
                // rand_distr's inversion underflows for a tiny mode in a
                // huge population: draw the c pairs one by one, exactly.
                Err(_) => sequential_hypergeometric(n, k, c, rng),
            }
        }
    }
}

/// `c` draws without replacement from `n` items of which `k` succeed, one
/// at a time (exact; used only where rand_distr's set-up underflows, when
/// the expected count is small).
fn sequential_hypergeometric(n: u64, k: u64, c: u64, rng: &mut ElementRng) -> u64 {
    let (mut n, mut k, mut hits) = (n, k, 0);
    for _ in 0..c {
        if k == 0 {
            break;
        }
        if rng.uniform() * (n as f64) < k as f64 {
            hits += 1;
            k -= 1;
        }
        n -= 1;
    }
    hits
}

/// The counts of the targets in `want` (a sub-range of `0..n`) when `total`
/// synapses are shared among `n` targets; `out[j − want.start]`.
///
/// The tree: node `[lo, hi)` splits at `lo + (hi − lo)/2`, its share drawn
/// from `key.stream(lo·(n + 1) + hi)`; only the nodes that meet `want` are
/// visited, so a range costs its length plus the depth.
pub(crate) fn counts(
    total: u64,
    n: usize,
    want: Range<usize>,
    sharing: Sharing,
    key: Key,
) -> Vec<u64> {
    let mut out = vec![0u64; want.len()];
    if n > 0 && !want.is_empty() {
        descend(total, 0..n, &want, n, sharing, key, &mut out);
    }
    out
}

fn descend(
    c: u64,
    node: Range<usize>,
    want: &Range<usize>,
    n: usize,
    sharing: Sharing,
    key: Key,
    out: &mut [u64],
) {
    if node.end <= want.start || node.start >= want.end {
        return;
    }
    if node.len() == 1 {
        out[node.start - want.start] = c;
        return;
    }
    let mid = node.start + node.len() / 2;
    let flat = node.start as u64 * (n as u64 + 1) + node.end as u64;
    let mut rng = key.stream(flat);
    let left = left_share(
        c,
        (mid - node.start) as u64,
        node.len() as u64,
        sharing,
        &mut rng,
    );
    descend(left, node.start..mid, want, n, sharing, key, out);
    descend(c - left, mid..node.end, want, n, sharing, key, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use init_core::Seed;

    #[test]
    fn counts_sum_to_the_total_and_ranges_equal_the_whole() {
        let key = Seed::new(3).key();
        for sharing in [
            Sharing::WithReplacement,
            Sharing::Distinct {
                pairs_per_target: 50,
            },
        ] {
            for (total, n) in [
                (1000u64, 37usize),
                (0, 10),
                (7, 1),
                (12_345, 1000),
                (49 * 3, 3),
            ] {
                let all = counts(total, n, 0..n, sharing, key);
                assert_eq!(all.iter().sum::<u64>(), total, "{sharing:?} {total} {n}");
                if let Sharing::Distinct { pairs_per_target } = sharing {
                    assert!(all.iter().all(|&c| c <= pairs_per_target));
                }
                for r in [0..n, n / 3..n / 2 + 1, n - 1..n, 0..1] {
                    assert_eq!(
                        counts(total, n, r.clone(), sharing, key),
                        all[r.clone()],
                        "{r:?}"
                    );
                }
            }
        }
    }

    /// With replacement the counts are multinomial: each is
    /// `Binomial(K, 1/n)`; a chi-square of their histogram against that law
    /// (p > 1e-3, fixed seed).
    #[test]
    fn multinomial_counts_follow_the_binomial_marginal() {
        use statrs::distribution::{Binomial as Exact, Discrete};
        let (k, n) = (200_000u64, 20_000usize);
        let c = counts(k, n, 0..n, Sharing::WithReplacement, Seed::new(11).key());
        let exact = Exact::new(1.0 / n as f64, k).unwrap();
        // Bins: <= 3, 4..=18 one each, >= 19 (every expected count >= 30).
        let bin = |x: u64| (x.clamp(3, 19) - 3) as usize;
        let mut observed = vec![0.0; 17];
        for &x in &c {
            observed[bin(x)] += 1.0;
        }
        let mut expected = vec![0.0; 17];
        for x in 0..=200u64 {
            expected[bin(x)] += exact.pmf(x) * n as f64;
        }
        init_testkit::assert_chi_square("multinomial counts", &observed, &expected, 1);
    }

    #[test]
    fn the_sequential_hypergeometric_has_its_mean() {
        let mut rng = Seed::new(5).key().stream(0);
        let (n, k, c) = (10_000u64, 3_000u64, 500u64);
        let draws = 2000;
        let mean = (0..draws)
            .map(|_| sequential_hypergeometric(n, k, c, &mut rng) as f64)
            .sum::<f64>()
            / draws as f64;
        let exact = c as f64 * k as f64 / n as f64;
        let var = exact * (1.0 - k as f64 / n as f64) * (n - c) as f64 / (n - 1) as f64;
        assert!(
            (mean - exact).abs() < 4.0 * (var / draws as f64).sqrt(),
            "{mean}"
        );
    }
}
