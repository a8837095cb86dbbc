//! The gamma distribution.

use std::marker::PhantomData;

use init_core::{Context, Element, InitError, Initializer, Key, Value, check};
use rand_distr::{Distribution, Gamma as GammaSampler};

/// The gamma distribution `Gamma(k, θ)` with dimensionless shape `k` and
/// scale `θ` in the unit of the samples; mean `kθ`, standard deviation
/// `√k·θ`.
///
/// Density: `f(x) = x^(k−1) exp(−x/θ) / (Γ(k) θ^k)` for `x > 0`.
///
/// # Example
///
/// ```
/// use init_core::{Generate, QuantityStats};
/// use init_dist::Gamma;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// // The tutorial's Gamma(shape = 3, scale = 0.2 nS): mean 0.6 nS.
/// let w = Gamma::new(3.0, G::new::<nS>(0.2))?.generate(100_000, 42)?;
/// assert!((w.mean_value().unwrap().get::<nS>() - 0.6).abs() < 0.01);
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// Samples come from `rand_distr::Gamma`, built once in `new` with the
/// scale in SI units: Marsaglia and Tsang's squeeze method for `k > 1`, an
/// exponential for `k = 1`, and for `k < 1` the boost
/// `Gamma(k) = Gamma(k + 1)·U^(1/k)`.
///
/// Reference: G. Marsaglia and W. W. Tsang (2000), *A Simple Method for
/// Generating Gamma Variables*, ACM TOMS 26(3), 363–372.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gamma<Q> {
    shape: f64,
    scale: f64,
    dist: GammaSampler<f64>,
    unit: PhantomData<Q>,
}

impl<Q: Value> Gamma<Q> {
    /// `Gamma(shape, scale)`. Errors: `shape` or `scale` not finite or
    /// `<= 0`.
    pub fn new(shape: f64, scale: Q) -> Result<Self, InitError> {
        let k = check::positive("shape", shape)?;
        let theta = check::positive("scale", scale)?;
        let dist = GammaSampler::new(k, theta)
            .map_err(|_| InitError::invalid("scale", scale, "must be finite and > 0"))?;
        Ok(Gamma {
            shape: k,
            scale: theta,
            dist,
            unit: PhantomData,
        })
    }

    /// The shape `k`.
    pub fn shape(&self) -> f64 {
        self.shape
    }

    /// The scale `θ`.
    pub fn scale(&self) -> Q {
        Q::from_si(self.scale)
    }
}

impl<Q: Value> Initializer for Gamma<Q> {
    type Output = Q;

    #[inline]
    fn sample(&self, el: Element, _: &Context<'_>, key: Key) -> f64 {
        self.dist.sample(&mut key.stream(el.flat))
    }
}

init_core::impl_initializer_ops!([Q] Gamma<Q> where Q: Value);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{draws, draws_f64, names, ns};
    use init_testkit::{assert_ks, assert_moments};
    use statrs::distribution::{ContinuousCDF, Gamma as Exact};

    #[test]
    fn follows_the_gamma_law() {
        // The tutorial's Gamma(3, 0.2 nS): the k > 1 path.
        let d = Gamma::new(3.0, ns(0.2)).unwrap();
        assert_eq!((d.shape(), d.scale()), (3.0, ns(0.2)));
        let x = draws(&d, 200_000, 1);
        let exact = Exact::new(3.0, 1.0 / 0.2).unwrap();
        assert_ks("Gamma(3, 0.2) nS", &x, |v| exact.cdf(v));
        assert_moments("Gamma(3, 0.2) nS", &x, 0.6, 3f64.sqrt() * 0.2);
    }

    #[test]
    fn small_and_unit_shapes_follow_the_law() {
        // k < 1 (boosted) and k = 1 (exponential) take other code paths.
        for (k, seed) in [(0.4, 2), (1.0, 3)] {
            let d = Gamma::new(k, 2.5).unwrap();
            let x = draws_f64(&d, 200_000, seed);
            let exact = Exact::new(k, 1.0 / 2.5).unwrap();
            assert_ks(&format!("Gamma({k}, 2.5)"), &x, |v| exact.cdf(v));
            assert_moments(&format!("Gamma({k}, 2.5)"), &x, k * 2.5, k.sqrt() * 2.5);
        }
    }

    #[test]
    fn invalid_parameters() {
        for (k, t, name) in [
            (0.0, 1.0, "shape"),
            (-1.0, 1.0, "shape"),
            (f64::NAN, 1.0, "shape"),
            (f64::INFINITY, 1.0, "shape"),
            (1.0, 0.0, "scale"),
            (1.0, -0.2, "scale"),
            (1.0, f64::NAN, "scale"),
            (1.0, f64::INFINITY, "scale"),
        ] {
            assert!(
                names(Gamma::new(k, ns(t)), name),
                "Gamma({k}, {t}) should fail on {name}"
            );
        }
    }
}
