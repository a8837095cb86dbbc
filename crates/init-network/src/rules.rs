//! The connection rules, one function per row (or per column for a fixed
//! in-degree): pairwise Bernoulli over the mask's candidates, pairwise
//! Bernoulli by geometric skipping for a constant probability without a
//! mask, and a fixed number of partners drawn ∝ the profile.

use init_core::{ElementRng, Key};
use rand::distr::Distribution;
use rand::distr::weighted::WeightedIndex;

use crate::error::{ConnectError, Side};
use crate::space::{Candidates, Scratch, Space};
use init_spatial::Profile;

/// Pairwise Bernoulli, row `i`: each candidate `j` within the mask
/// connects when `key.stream(i·n_post + j).uniform() < profile(d_ij)`
/// (`key`: the seed's `Domain::Connectivity` key). Appends the row's
/// columns in ascending order.
#[allow(clippy::too_many_arguments)]
#[inline]
pub(crate) fn bernoulli_row<const G: usize, P: Profile>(
    space: &Space<'_, '_, G>,
    profile: &P,
    key: Key,
    n_post: usize,
    autapses: bool,
    i: usize,
    s: &mut Scratch,
    out: &mut Vec<u32>,
) {
    let n = space.candidates(i, s);
    if s.p.len() < n {
        s.p.resize(n, 0.0);
    }
    // A pass of its own, so that the profile (exp) vectorises.
    for (p, &d) in s.p[..n].iter_mut().zip(&s.d[..n]) {
        *p = profile.value_si(d);
    }
    let start = out.len();
    out.resize(start + n, 0);
    let dst = &mut out[start..];
    let base = i as u64 * n_post as u64;
    let mut m = 0;
    for (&j, &p) in s.j[..n].iter().zip(&s.p[..n]) {
        let u = key.stream(base + u64::from(j)).uniform();
        let keep = u < p && (autapses || j as usize != i);
        // Branch-free: the accept rate is near 1/5, a branch would
        // mispredict often.
        dst[m] = j;
        m += usize::from(keep);
    }
    out.truncate(start + m);
    sort_columns(&mut out[start..], n_post, &mut s.sort);
}

/// Rows up to this long are sorted by [`sort_columns`]' buckets; longer
/// ones (whose buckets would hold many columns each) by `sort_unstable`.
const BUCKET_SORT_MAX: usize = 512;

/// Sort a row's columns (all `< n_post`) in place.
///
/// Ours rather than `sort_unstable` alone: a typical row holds ~150
/// columns spread over `0..n_post`, so a counting pass on their top 8 bits
/// (256 buckets) leaves them nearly sorted and an insertion pass finishes.
/// Measured on rows of 150 random columns below 1e5: 1.0 µs per row against
/// 1.4 µs for `sort_unstable` (pdqsort), about 4 % of a sparse_spatial
/// connection.
fn sort_columns(cols: &mut [u32], n_post: usize, tmp: &mut Vec<u32>) {
    if cols.len() > BUCKET_SORT_MAX {
        cols.sort_unstable();
        return;
    }
    let bits = usize::BITS - n_post.saturating_sub(1).leading_zeros();
    let shift = bits.saturating_sub(8);
    let mut start = [0u32; 257];
    for &j in cols.iter() {
        start[(j >> shift) as usize + 1] += 1;
    }
    for b in 0..256 {
        start[b + 1] += start[b];
    }
    tmp.clear();
    tmp.resize(cols.len(), 0);
    for &j in cols.iter() {
        let slot = &mut start[(j >> shift) as usize];
        tmp[*slot as usize] = j;
        *slot += 1;
    }
    for k in 1..tmp.len() {
        let x = tmp[k];
        let mut m = k;
        while m > 0 && tmp[m - 1] > x {
            tmp[m] = tmp[m - 1];
            m -= 1;
        }
        tmp[m] = x;
    }
    cols.copy_from_slice(tmp);
}

/// The gaps between the successes of a Bernoulli(p) sequence: rand_distr's
/// `Geometric`, except where `1 − p` rounds to 1 (p < 2⁻⁵³), for which
/// rand_distr's constructor never returns (it squares `1 − p` until it is
/// below ½). There the gap is drawn by inversion, `⌊ln u / ln(1 − p)⌋`
/// with `ln_1p`, exact to rounding.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Geometric {
    /// rand_distr's sampler.
    Exact(rand_distr::Geometric),
    /// Inversion, with `1 / ln(1 − p)` (negative).
    Inverse(f64),
}

impl Geometric {
    /// Gaps for probability `p`; `None` where `p` is not in `[0, 1]`.
    pub(crate) fn new(p: f64) -> Option<Geometric> {
        if p > 0.0 && 1.0 - p == 1.0 {
            return Some(Geometric::Inverse(1.0 / (-p).ln_1p()));
        }
        rand_distr::Geometric::new(p).ok().map(Geometric::Exact)
    }

    /// One gap (failures before the next success).
    pub(crate) fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        match *self {
            Geometric::Exact(g) => g.sample(rng),
            Geometric::Inverse(inv_log) => {
                // u in (0, 1]: ln u <= 0, so the gap is >= 0 (saturating).
                let u = 1.0 - rng.random::<f64>();
                (u.ln() * inv_log).floor() as u64
            }
        }
    }
}

/// Pairwise Bernoulli with one probability `p` for every pair and no mask,
/// row `i`: the gaps between connected columns are geometric, drawn from
/// the row's own stream `key.stream(i)`, so a row costs its synapses, not
/// its `n_post` pairs.
pub(crate) fn geometric_row(
    geometric: &Geometric,
    key: Key,
    n_post: usize,
    autapses: bool,
    i: usize,
    out: &mut Vec<u32>,
) {
    // Columns are numbered without the neuron itself when autapses are
    // off: k ≥ i is column k + 1.
    let skip = !autapses && i < n_post;
    let n = (n_post - usize::from(skip)) as u64;
    let mut rng = key.stream(i as u64);
    let mut k = 0u64;
    while k < n {
        let gap = geometric.sample(&mut rng);
        if gap >= n - k {
            break;
        }
        k += gap;
        let j = if skip && k >= i as u64 { k + 1 } else { k };
        // j < n_post <= u32::MAX + 1 (checked by the connector).
        out.push(j as u32);
        k += 1;
    }
}

/// What a fixed-degree draw needs besides the candidates.
pub(crate) struct Degree {
    /// Partners per neuron.
    pub(crate) k: usize,
    /// Draw with replacement.
    pub(crate) multapses: bool,
    /// Exclude the neuron itself (same index on the other side).
    pub(crate) skip_self: bool,
    /// The side whose degree is fixed.
    pub(crate) side: Side,
    /// The partner-choice stream of neuron `q` is `key.stream(q)`.
    pub(crate) key: Key,
}

/// Scratch of a fixed-degree draw: the candidates' (index, probability).
#[derive(Default)]
pub(crate) struct DegreeScratch {
    pub(crate) space: Scratch,
    candidates: Vec<(u32, f64)>,
}

/// `rule.k` partners of neuron `q` (on `rule.side`), among the candidates
/// within the mask, with probability ∝ the profile; appended in ascending
/// order.
///
/// The candidates are put in index order first, so the draw does not depend
/// on how the grid happens to order them. Without multapses: weighted
/// sampling without replacement (Efraimidis & Spirakis' A-ExpJ, rand's
/// `sample_weighted`); with multapses: `k` independent draws
/// (`WeightedIndex`).
pub(crate) fn degree_partners<C: Candidates + ?Sized, P: Profile + ?Sized>(
    space: &C,
    profile: &P,
    rule: &Degree,
    q: usize,
    s: &mut DegreeScratch,
    out: &mut Vec<u32>,
) -> Result<(), ConnectError> {
    let n = space.candidates(q, &mut s.space);
    s.candidates.clear();
    if s.space.p.len() < n {
        s.space.p.resize(n, 0.0);
    }
    profile.values_si(&s.space.d[..n], &mut s.space.p[..n]);
    for (&j, &p) in s.space.j[..n].iter().zip(&s.space.p[..n]) {
        // Non-finite and non-positive probabilities cannot be drawn ∝.
        if p > 0.0 && p.is_finite() && !(rule.skip_self && j as usize == q) {
            s.candidates.push((j, p));
        }
    }
    s.candidates.sort_unstable_by_key(|c| c.0);
    let available = s.candidates.len();
    let too_few = ConnectError::TooFewCandidates {
        side: rule.side,
        neuron: q,
        available,
        required: rule.k,
    };
    if rule.k == 0 {
        return Ok(());
    }
    if available == 0 || (available < rule.k && !rule.multapses) {
        return Err(too_few);
    }
    let start = out.len();
    let mut rng: ElementRng = rule.key.stream(q as u64);
    let c = &s.candidates;
    if rule.multapses {
        // Weights are finite and > 0 and there is at least one, so the
        // table builds; a failure can only mean the sum overflowed.
        let Ok(table) = WeightedIndex::new(c.iter().map(|c| c.1)) else {
            return Err(too_few);
        };
        out.extend((0..rule.k).map(|_| c[table.sample(&mut rng)].0));
    } else {
        let Ok(chosen) = rand::seq::index::sample_weighted(&mut rng, available, |t| c[t].1, rule.k)
        else {
            return Err(too_few);
        };
        out.extend(chosen.iter().map(|t| c[t].0));
    }
    out[start..].sort_unstable();
    Ok(())
}

/// The CSR (rows = pre) of a matrix given by columns: `colptr` and the
/// pre index of each entry. Within a row the columns come out ascending,
/// repeated entries adjacent.
pub(crate) fn transpose(n_pre: usize, colptr: &[usize], rows: &[u32]) -> (Vec<usize>, Vec<u32>) {
    let mut indptr = vec![0usize; n_pre + 1];
    for &i in rows {
        indptr[i as usize + 1] += 1;
    }
    for i in 0..n_pre {
        indptr[i + 1] += indptr[i];
    }
    let mut next = indptr[..n_pre].to_vec();
    let mut indices = vec![0u32; rows.len()];
    for (j, w) in colptr.windows(2).enumerate() {
        for &i in &rows[w[0]..w[1]] {
            let slot = &mut next[i as usize];
            // j < n_post <= u32::MAX + 1 (checked by the connector).
            indices[*slot] = j as u32;
            *slot += 1;
        }
    }
    (indptr, indices)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// p below 2⁻⁵³ (where rand_distr's constructor never returns; found
    /// by tests/properties.rs): gaps by inversion, with mean (1 − p)/p.
    /// 20 000 gaps: the mean is within 4 standard errors (sd ≈ 1/p) of it.
    #[test]
    fn tiny_probabilities_have_geometric_gaps() {
        for p in [2f64.powi(-54), 2f64.powi(-58)] {
            let g = Geometric::new(p).unwrap();
            assert!(matches!(g, Geometric::Inverse(_)));
            let mut rng = init_core::Seed::new(3).key().stream(0);
            let n = 20_000;
            let mean = (0..n).map(|_| g.sample(&mut rng) as f64).sum::<f64>() / n as f64;
            let (mu, se) = ((1.0 - p) / p, (1.0 - p).sqrt() / p / (n as f64).sqrt());
            assert!(
                (mean - mu).abs() < 4.0 * se,
                "p = {p}: {mean} vs {mu} ± {se}"
            );
        }
        // Subnormal and the ends: no hang, no panic.
        let mut rng = init_core::Seed::new(4).key().stream(0);
        assert_eq!(Geometric::new(5e-324).unwrap().sample(&mut rng), u64::MAX);
        assert_eq!(Geometric::new(0.0).unwrap().sample(&mut rng), u64::MAX);
        assert_eq!(Geometric::new(1.0).unwrap().sample(&mut rng), 0);
        assert!(matches!(Geometric::new(0.01), Some(Geometric::Exact(_))));
        assert!(Geometric::new(1.5).is_none() && Geometric::new(f64::NAN).is_none());
    }

    #[test]
    fn sort_columns_sorts_short_long_and_repeated_rows() {
        let key = init_core::Seed::new(5).key();
        let mut tmp = Vec::new();
        for (n_post, len) in [
            (1, 3),
            (7, 20),
            (300, 150),
            (100_000, 150),
            (1 << 31, 400),
            (5000, 2000),
        ] {
            let mut cols: Vec<u32> = (0..len)
                .map(|k| (key.stream(k as u64).uniform() * n_post as f64) as u32)
                .collect();
            let mut want = cols.clone();
            want.sort_unstable();
            sort_columns(&mut cols, n_post, &mut tmp);
            assert_eq!(cols, want, "n_post {n_post}, {len} columns");
        }
        sort_columns(&mut [], 10, &mut tmp);
    }
}
