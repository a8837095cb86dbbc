//! The continuous uniform distribution.

use std::marker::PhantomData;

use init_core::{Context, Element, InitError, Initializer, Key, Value, check};
use rand_distr::{Distribution, Uniform as UniformSampler};

/// The uniform distribution `U[low, high)`, in the unit of its bounds.
///
/// Density: `f(x) = 1 / (high − low)` for `low <= x < high`.
///
/// # Example
///
/// ```
/// use init_core::{Generate, QuantityStats};
/// use init_dist::Uniform;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let w = Uniform::new(G::new::<nS>(0.1), G::new::<nS>(0.5))?.generate(10_000, 42)?;
/// assert!(w.min_value().unwrap() >= G::new::<nS>(0.1));
/// assert!(w.max_value().unwrap() < G::new::<nS>(0.5));
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// Samples come from `rand::distr::Uniform` (re-exported by `rand_distr`):
/// one 64-bit draw mapped to `low + (high − low)·u` with `u` in `[0, 1)`,
/// the scale nudged down at construction so that rounding never reaches
/// `high`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Uniform<Q> {
    low: f64,
    high: f64,
    dist: UniformSampler<f64>,
    unit: PhantomData<Q>,
}

impl<Q: Value> Uniform<Q> {
    /// `U[low, high)`. Errors: `low` or `high` not finite; `high <= low`;
    /// `high − low` overflowing (reported on `high`).
    pub fn new(low: Q, high: Q) -> Result<Self, InitError> {
        let lo = check::finite("low", low)?;
        let hi = check::finite("high", high)?;
        check::ordered("high", lo, high)?;
        let dist = UniformSampler::new(lo, hi)
            .map_err(|_| InitError::invalid_value("high", high, "high − low must be finite"))?;
        Ok(Uniform {
            low: lo,
            high: hi,
            dist,
            unit: PhantomData,
        })
    }

    /// The lower bound (included).
    pub fn low(&self) -> Q {
        Q::from_si(self.low)
    }

    /// The upper bound (excluded).
    pub fn high(&self) -> Q {
        Q::from_si(self.high)
    }
}

impl<Q: Value> Initializer for Uniform<Q> {
    type Output = Q;

    #[inline(always)]
    fn sample(&self, el: Element, _: &Context<'_>, key: Key) -> f64 {
        self.dist.sample(&mut key.stream(el.flat))
    }

    /// `[low, high)`: rand's uniform sampler never reaches `high`.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        Some((self.low, self.high))
    }
}

init_core::impl_initializer_ops!([Q] Uniform<Q> where Q: Value);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{draws, names, ns};
    use init_core::Generate;
    use init_testkit::{assert_ks, assert_moments};
    use statrs::distribution::{ContinuousCDF, Uniform as Exact};

    #[test]
    fn follows_the_uniform_law() {
        let d = Uniform::new(ns(-0.2), ns(0.6)).unwrap();
        assert_eq!((d.low(), d.high()), (ns(-0.2), ns(0.6)));
        let x = draws(&d, 200_000, 1);
        let exact = Exact::new(-0.2, 0.6).unwrap();
        assert_ks("Uniform(-0.2, 0.6) nS", &x, |v| exact.cdf(v));
        assert_moments("Uniform(-0.2, 0.6) nS", &x, 0.2, 0.8 / 12f64.sqrt());
        // Half-open: checked on the SI values, where the bounds are exact.
        let si: Vec<f64> = d
            .generate(200_000, 2)
            .unwrap()
            .iter()
            .map(|g| g.value)
            .collect();
        assert!(
            si.iter()
                .all(|&v| (ns(-0.2).value..ns(0.6).value).contains(&v))
        );
    }

    #[test]
    fn invalid_parameters() {
        for (lo, hi, name) in [
            (1.0, 1.0, "high"),
            (1.0, 0.5, "high"),
            (f64::NAN, 1.0, "low"),
            (f64::NEG_INFINITY, 1.0, "low"),
            (0.0, f64::NAN, "high"),
            (0.0, f64::INFINITY, "high"),
            (-1e308, 1e308, "high"),
        ] {
            assert!(
                names(Uniform::new(lo, hi), name),
                "Uniform({lo}, {hi}) should fail on {name}"
            );
        }
    }
}
