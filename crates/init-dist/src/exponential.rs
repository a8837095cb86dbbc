//! The exponential distribution.

use std::marker::PhantomData;

use init_core::{Context, Element, InitError, Initializer, Key, Value, check};
use rand_distr::{Distribution, Exp1};

/// The exponential distribution with scale (mean) `β`, in the unit of the
/// samples; standard deviation `β`.
///
/// Density: `f(x) = exp(−x/β) / β` for `x >= 0`.
///
/// # Example
///
/// ```
/// use init_core::{Generate, QuantityStats};
/// use init_dist::Exponential;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let w = Exponential::new(G::new::<nS>(0.5))?.generate(100_000, 42)?;
/// assert!((w.mean_value().unwrap().get::<nS>() - 0.5).abs() < 0.01);
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// Samples are `β·E` with `E` from `rand_distr::Exp1`, the ziggurat method
/// (Marsaglia and Tsang 2000). Multiplying by `β` rather than building
/// `rand_distr::Exp` with rate `1/β` keeps `β` exact (no `1/(1/β)`
/// rounding, no overflow of `1/β` for tiny `β`).
///
/// Reference: G. Marsaglia and W. W. Tsang (2000), *The Ziggurat Method for
/// Generating Random Variables*, J. Stat. Softw. 5(8).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exponential<Q> {
    scale: f64,
    unit: PhantomData<Q>,
}

impl<Q: Value> Exponential<Q> {
    /// Exponential with mean `scale`. Errors: `scale` not finite or `<= 0`.
    pub fn new(scale: Q) -> Result<Self, InitError> {
        Ok(Exponential {
            scale: check::positive("scale", scale)?,
            unit: PhantomData,
        })
    }

    /// The scale `β` (the mean).
    pub fn scale(&self) -> Q {
        Q::from_si(self.scale)
    }
}

impl<Q: Value> Initializer for Exponential<Q> {
    type Output = Q;

    #[inline(always)]
    fn sample(&self, el: Element, _: &Context<'_>, key: Key) -> f64 {
        let e: f64 = Exp1.sample(&mut key.stream(el.flat));
        self.scale * e
    }
}

init_core::impl_initializer_ops!([Q] Exponential<Q> where Q: Value);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{draws, names, ns};
    use init_testkit::{assert_ks, assert_moments};
    use statrs::distribution::{ContinuousCDF, Exp as Exact};

    #[test]
    fn follows_the_exponential_law() {
        let d = Exponential::new(ns(0.5)).unwrap();
        assert_eq!(d.scale(), ns(0.5));
        let x = draws(&d, 200_000, 1);
        let exact = Exact::new(1.0 / 0.5).unwrap();
        assert_ks("Exponential(0.5) nS", &x, |v| exact.cdf(v));
        assert_moments("Exponential(0.5) nS", &x, 0.5, 0.5);
    }

    #[test]
    fn invalid_parameters() {
        for b in [0.0, -0.5, f64::NAN, f64::INFINITY] {
            assert!(names(Exponential::new(ns(b)), "scale"), "Exponential({b})");
        }
    }
}
