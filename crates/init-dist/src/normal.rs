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

    #[inline]
    fn sample(&self, el: Element, _: &Context<'_>, key: Key) -> f64 {
        let z: f64 = StandardNormal.sample(&mut key.stream(el.flat));
        self.mean + self.std * z
    }
}

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
