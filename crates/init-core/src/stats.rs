//! Summary statistics of arrays of quantities.
//!
//! `ndarray`'s own `.mean()` needs `FromPrimitive`, which `uom` quantities do
//! not implement, and it shadows any trait method of the same name; so these
//! are named `mean_value`, `std_value`, ... and return quantities.
//!
//! Sums are taken over fixed blocks in a fixed order, so a statistic is the
//! same number whatever the thread count.

use std::borrow::Cow;

use ndarray::{ArrayBase, Data, Dimension};
use rayon::prelude::*;

use crate::value::{ArrayValues, Value};

const BLOCK: usize = 1 << 14;

/// Mean, standard deviation, minimum and maximum of an array, in its unit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary<Q> {
    /// Number of elements.
    pub count: usize,
    /// Arithmetic mean.
    pub mean: Q,
    /// Population standard deviation (numpy's default, `ddof = 0`).
    pub std: Q,
    /// Smallest element.
    pub min: Q,
    /// Largest element.
    pub max: Q,
}

/// Statistics of an array of quantities (or of `f64`).
///
/// ```
/// use init_core::QuantityStats;
/// use ndarray::array;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let w = array![G::new::<nS>(1.0), G::new::<nS>(2.0), G::new::<nS>(4.0)];
/// let s = w.summary().unwrap();
/// assert!((s.mean.get::<nS>() - 7.0 / 3.0).abs() < 1e-12);
/// assert_eq!(w.max_value().unwrap(), G::new::<nS>(4.0));
/// assert!((w.quantile(0.5).unwrap().get::<nS>() - 2.0).abs() < 1e-12);
/// ```
pub trait QuantityStats<Q: Value> {
    /// Arithmetic mean; `None` when empty.
    fn mean_value(&self) -> Option<Q>;
    /// Population standard deviation (`ddof = 0`); `None` when empty.
    fn std_value(&self) -> Option<Q>;
    /// Smallest element (NaN if any element is NaN); `None` when empty.
    fn min_value(&self) -> Option<Q>;
    /// Largest element (NaN if any element is NaN); `None` when empty.
    fn max_value(&self) -> Option<Q>;
    /// The `q`-quantile, `q` in [0, 1], interpolated linearly between order
    /// statistics (numpy's default); `None` when empty or `q` is outside
    /// [0, 1].
    fn quantile(&self, q: f64) -> Option<Q>;
    /// All of count, mean, std, min and max in one pass over the data.
    fn summary(&self) -> Option<Summary<Q>>;
}

fn values<Q: Value, S: Data<Elem = Q>, D: Dimension>(a: &ArrayBase<S, D>) -> Cow<'_, [f64]> {
    let v = a.si_view();
    match v.to_slice_memory_order() {
        Some(s) => Cow::Borrowed(s),
        None => Cow::Owned(v.iter().copied().collect()),
    }
}

/// Sum of `f(x)` over `xs`, in fixed blocks combined in order.
fn block_sum(xs: &[f64], f: impl Fn(f64) -> f64 + Sync) -> f64 {
    let partial = |b: &[f64]| b.iter().map(|&x| f(x)).sum::<f64>();
    if xs.len() <= BLOCK {
        return partial(xs);
    }
    let parts: Vec<f64> = xs.par_chunks(BLOCK).map(partial).collect();
    parts.iter().sum()
}

fn mean(xs: &[f64]) -> Option<f64> {
    (!xs.is_empty()).then(|| block_sum(xs, |x| x) / xs.len() as f64)
}

fn std(xs: &[f64], m: f64) -> f64 {
    (block_sum(xs, |x| (x - m) * (x - m)) / xs.len() as f64).sqrt()
}

fn extreme(xs: &[f64], pick: fn(f64, f64) -> f64) -> Option<f64> {
    let first = *xs.first()?;
    if xs.iter().any(|x| x.is_nan()) {
        return Some(f64::NAN);
    }
    Some(xs.iter().copied().fold(first, pick))
}

/// The statistics of SI values `xs`, shared by arrays and slices.
mod of {
    use super::*;

    pub(super) fn quantile<Q: Value>(xs: &[f64], q: f64) -> Option<Q> {
        if !(0.0..=1.0).contains(&q) || xs.is_empty() {
            return None;
        }
        let mut xs = xs.to_vec();
        if xs.iter().any(|x| x.is_nan()) {
            return Some(Q::from_si(f64::NAN));
        }
        let pos = q * (xs.len() - 1) as f64;
        let lo = pos.floor() as usize;
        let frac = pos - lo as f64;
        let (_, &mut a, rest) = xs.select_nth_unstable_by(lo, f64::total_cmp);
        let v = if frac > 0.0 {
            // The next order statistic is the smallest of the upper part.
            let b = rest.iter().copied().fold(f64::INFINITY, f64::min);
            a + (b - a) * frac
        } else {
            a
        };
        Some(Q::from_si(v))
    }

    pub(super) fn summary<Q: Value>(xs: &[f64]) -> Option<Summary<Q>> {
        let m = mean(xs)?;
        Some(Summary {
            count: xs.len(),
            mean: Q::from_si(m),
            std: Q::from_si(std(xs, m)),
            min: Q::from_si(extreme(xs, f64::min)?),
            max: Q::from_si(extreme(xs, f64::max)?),
        })
    }
}

/// The same statistics on a slice of quantities: the weights of a sparse
/// matrix or a network (`csr.weights().summary()`), or a `Vec`.
///
/// ```
/// use init_core::QuantityStats;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let w = vec![G::new::<nS>(1.0), G::new::<nS>(3.0)];
/// assert!((w.mean_value().unwrap().get::<nS>() - 2.0).abs() < 1e-12);
/// assert_eq!(w[..1].summary().unwrap().count, 1);
/// ```
impl<Q: Value> QuantityStats<Q> for [Q] {
    fn mean_value(&self) -> Option<Q> {
        mean(crate::value::slice_si(self)).map(Q::from_si)
    }

    fn std_value(&self) -> Option<Q> {
        let xs = crate::value::slice_si(self);
        mean(xs).map(|m| Q::from_si(std(xs, m)))
    }

    fn min_value(&self) -> Option<Q> {
        extreme(crate::value::slice_si(self), f64::min).map(Q::from_si)
    }

    fn max_value(&self) -> Option<Q> {
        extreme(crate::value::slice_si(self), f64::max).map(Q::from_si)
    }

    fn quantile(&self, q: f64) -> Option<Q> {
        of::quantile(crate::value::slice_si(self), q)
    }

    fn summary(&self) -> Option<Summary<Q>> {
        of::summary(crate::value::slice_si(self))
    }
}

impl<Q: Value, S: Data<Elem = Q>, D: Dimension> QuantityStats<Q> for ArrayBase<S, D> {
    fn mean_value(&self) -> Option<Q> {
        mean(&values(self)).map(Q::from_si)
    }

    fn std_value(&self) -> Option<Q> {
        let xs = values(self);
        mean(&xs).map(|m| Q::from_si(std(&xs, m)))
    }

    fn min_value(&self) -> Option<Q> {
        extreme(&values(self), f64::min).map(Q::from_si)
    }

    fn max_value(&self) -> Option<Q> {
        extreme(&values(self), f64::max).map(Q::from_si)
    }

    fn quantile(&self, q: f64) -> Option<Q> {
        of::quantile(&values(self), q)
    }

    fn summary(&self) -> Option<Summary<Q>> {
        of::summary(&values(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, Array2, array};
    use uom::si::electrical_conductance::nanosiemens;
    use uom::si::f64::ElectricalConductance;

    fn ns(v: f64) -> ElectricalConductance {
        ElectricalConductance::new::<nanosiemens>(v)
    }

    #[test]
    fn matches_hand_computed_values() {
        let w = array![ns(1.0), ns(2.0), ns(3.0), ns(10.0)];
        let s = w.summary().unwrap();
        assert_eq!(s.count, 4);
        assert!((s.mean.get::<nanosiemens>() - 4.0).abs() < 1e-12);
        // population variance: (9 + 4 + 1 + 36) / 4 = 12.5
        assert!((s.std.get::<nanosiemens>() - 12.5f64.sqrt()).abs() < 1e-12);
        assert_eq!(s.min, ns(1.0));
        assert_eq!(s.max, ns(10.0));
        // numpy.quantile([1, 2, 3, 10], 0.9) = 3 + 0.7 * 7 = 7.9
        assert!((w.quantile(0.9).unwrap().get::<nanosiemens>() - 7.9).abs() < 1e-12);
        assert_eq!(w.quantile(0.0).unwrap(), ns(1.0));
        assert_eq!(w.quantile(1.0).unwrap(), ns(10.0));
        assert!(w.quantile(1.5).is_none());
    }

    #[test]
    fn slices_give_the_arrays_statistics() {
        let v = vec![ns(1.0), ns(2.0), ns(3.0), ns(10.0)];
        let a = Array1::from_vec(v.clone());
        assert_eq!(v.summary(), a.summary());
        assert_eq!(v.quantile(0.9), a.quantile(0.9));
        assert_eq!(v[..0].mean_value(), None);
        assert_eq!(v.std_value(), a.std_value());
    }

    #[test]
    fn empty_and_nan() {
        let e: Array1<ElectricalConductance> = Array1::from_vec(vec![]);
        assert!(e.mean_value().is_none() && e.summary().is_none() && e.quantile(0.5).is_none());
        let n = array![1.0, f64::NAN];
        assert!(n.max_value().unwrap().is_nan());
        assert!(n.quantile(0.5).unwrap().is_nan());
    }

    #[test]
    fn large_arrays_use_blocks_and_agree_with_a_plain_sum() {
        let a = Array2::from_shape_fn((300, 200), |(i, j)| ((i * 200 + j) % 7) as f64);
        let plain: f64 = a.iter().sum::<f64>() / a.len() as f64;
        assert!((a.mean_value().unwrap() - plain).abs() < 1e-12);
        // A transposed (non-contiguous in logical order) view gives the same.
        assert!((a.t().mean_value().unwrap() - plain).abs() < 1e-12);
    }
}
