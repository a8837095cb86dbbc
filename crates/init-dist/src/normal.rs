//! The normal (Gaussian) distribution.

use std::marker::PhantomData;

use init_core::{Context, Element, InitError, Initializer, Key, Value, check};
use rand_distr::{Distribution, StandardNormal};

/// The normal distribution `N(mean, std²)`, in the unit of its parameters.
///
/// Density: `f(x) = exp(−(x − μ)² / (2σ²)) / (σ√(2π))`.
///
/// `std = 0` is allowed and gives `mean` everywhere (as numpy does).
///
/// # Example
///
/// ```
/// use init_core::{Generate, QuantityStats};
/// use init_dist::Normal;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let w = Normal::new(G::new::<nS>(1.0), G::new::<nS>(0.2))?.generate(10_000, 42)?;
/// assert!((w.mean_value().unwrap().get::<nS>() - 1.0).abs() < 0.01);
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// Samples are `μ + σ·z` with `z` from `rand_distr::StandardNormal`, the
/// ZIGNOR variant of the ziggurat method (Doornik 2005), drawn from the
/// element's own stream.
///
/// Reference: J. A. Doornik (2005), *An Improved Ziggurat Method to Generate
/// Normal Random Samples*, Nuffield College, Oxford.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Normal<Q> {
    mean: f64,
    std: f64,
    unit: PhantomData<Q>,
}

impl<Q: Value> Normal<Q> {
    /// `N(mean, std²)`. Errors: `mean` not finite; `std` negative or not
    /// finite.
    pub fn new(mean: Q, std: Q) -> Result<Self, InitError> {
        Ok(Normal {
            mean: check::finite("mean", mean)?,
            std: check::non_negative("std", std)?,
            unit: PhantomData,
        })
    }

    /// The mean.
    pub fn mean(&self) -> Q {
        Q::from_si(self.mean)
    }

    /// The standard deviation.
    pub fn std(&self) -> Q {
        Q::from_si(self.std)
    }
}

impl<Q: Value> Initializer for Normal<Q> {
    type Output = Q;

    #[inline(always)]
    fn sample(&self, el: Element, _: &Context<'_>, key: Key) -> f64 {
        let z: f64 = StandardNormal.sample(&mut key.stream(el.flat));
        self.mean + self.std * z
    }

    /// `mean ± 14·std`: what the sampler can return, not a likely range.
    /// rand_distr's ziggurat returns at most `|z| <= 12.23` whatever its
    /// random bits (its strips stop at 3.71, and its tail, fed `Open01`
    /// numbers of at least 2⁻⁵³, at `3.654 + sqrt(106·ln 2)`); 14 leaves
    /// room for rounding.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        let w = self.std * Z_MAX;
        let b = (self.mean - w, self.mean + w);
        (b.0.is_finite() && b.1.is_finite()).then_some(b)
    }
}

/// A bound on `|z|` for every value `rand_distr::StandardNormal` (0.5) can
/// return, whatever its random bits:
///
/// * the ziggurat's strips return `u·x[i]` with `|u| <= 1`, at most
///   `x[0] = 3.7130862467403632`;
/// * the base strip's tail returns `R − x` with `R = 3.654152885361009`
///   and `x = ln(x₁)/R`, accepted only when `−2 ln(x₂) >= x²`; `x₂` comes
///   from `Open01`, at least 2⁻⁵³, so `x² <= 2·53·ln 2` and
///   `|z| <= R + sqrt(106·ln 2) = 12.23`.
///
/// 14 leaves room for rounding. `normal::tests::z_max_bounds_the_samplers_extremes`
/// drives the sampler down its extreme paths with crafted random bits.
pub(crate) const Z_MAX: f64 = 14.0;

init_core::impl_initializer_ops!([Q] Normal<Q> where Q: Value);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{draws, ns};
    use init_testkit::{assert_ks, assert_moments};
    use statrs::distribution::{ContinuousCDF, Normal as Exact};

    #[test]
    fn follows_the_normal_law() {
        let d = Normal::new(ns(0.5), ns(0.1)).unwrap();
        let x = draws(&d, 200_000, 1);
        let exact = Exact::new(0.5, 0.1).unwrap();
        assert_ks("Normal(0.5, 0.1) nS", &x, |v| exact.cdf(v));
        assert_moments("Normal(0.5, 0.1) nS", &x, 0.5, 0.1);
    }

    /// Random bits that send the ziggurat to its largest returns: the base
    /// strip at |u| -> 1 (its tail), then the tail's extreme accepted
    /// value (x₁ as small as acceptance allows, x₂ at Open01's minimum).
    #[test]
    fn z_max_bounds_the_samplers_extremes() {
        use rand::RngCore;
        /// The scripted words first, then an ordinary stream (so a script
        /// the sampler rejects cannot loop forever).
        struct Scripted(Vec<u64>, usize, init_core::ElementRng);
        impl RngCore for Scripted {
            fn next_u32(&mut self) -> u32 {
                (self.next_u64() >> 32) as u32
            }
            fn next_u64(&mut self) -> u64 {
                self.1 += 1;
                match self.0.get(self.1 - 1) {
                    Some(&v) => v,
                    None => self.2.next_u64(),
                }
            }
            fn fill_bytes(&mut self, d: &mut [u8]) {
                rand::rand_core::impls::fill_bytes_via_next(self, d)
            }
        }
        const R: f64 = 3.654152885361009;
        // i = 0 (low 8 bits), u just below +1 or at −1 (bits >> 12).
        let strip0_high = (((1u64 << 52) - 1) << 12) & !0xff;
        let strip0_low = 0u64;
        let mut largest: f64 = 0.0;
        // Open01 keeps the top 52 bits: m → (m + ½)·2⁻⁵². x₁ from a ladder
        // of values, x₂ at the minimum (m = 0), which accepts the largest x.
        for shift in 0..52 {
            let x1 = 1u64 << (12 + shift);
            for first in [strip0_high, strip0_low] {
                let mut rng = Scripted(
                    vec![first, x1, 0],
                    0,
                    init_core::Seed::new(shift).key().stream(0),
                );
                let z: f64 = StandardNormal.sample(&mut rng);
                largest = largest.max(z.abs());
            }
        }
        // The analytic bound is reached to within a strip, and Z_MAX holds.
        assert!(
            largest > R + 7.0,
            "the script did not reach the tail ({largest})"
        );
        assert!(largest <= R + (106.0 * std::f64::consts::LN_2).sqrt() + 1e-9);
        assert!(largest < Z_MAX);
        let d = Normal::new(ns(1.0), ns(0.2)).unwrap();
        let (lo, hi) = d.value_bounds().unwrap();
        assert!(lo < 1e-9 * (1.0 - 0.2 * largest) && hi > 1e-9 * (1.0 + 0.2 * largest));
    }

    #[test]
    fn zero_std_is_the_mean() {
        let d = Normal::new(ns(2.0), ns(0.0)).unwrap();
        assert!(draws(&d, 100, 3).iter().all(|&v| v == 2.0));
    }

    #[test]
    fn invalid_parameters() {
        for (m, s, name) in [
            (0.0, -0.1, "std"),
            (0.0, f64::NAN, "std"),
            (0.0, f64::INFINITY, "std"),
            (f64::NAN, 1.0, "mean"),
            (f64::NEG_INFINITY, 1.0, "mean"),
        ] {
            assert!(
                matches!(Normal::new(ns(m), ns(s)), Err(InitError::InvalidParameter { name: n, .. }) if n == name),
                "Normal({m}, {s}) should fail on {name}"
            );
        }
    }
}
