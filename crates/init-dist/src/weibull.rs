//! The Weibull distribution.

use std::marker::PhantomData;

use init_core::{Context, Element, InitError, Initializer, Key, Value, check};
use rand_distr::{Distribution, Weibull as WeibullSampler};

/// The Weibull distribution `λ·Weibull(k)` with dimensionless shape `k`
/// and scale `λ` in the unit of the samples.
///
/// Density: `f(x) = (k/λ)(x/λ)^(k−1) exp(−(x/λ)^k)` for `x >= 0`; mean
/// `λ·Γ(1 + 1/k)`, variance `λ²(Γ(1 + 2/k) − Γ(1 + 1/k)²)`.
///
/// # Example
///
/// ```
/// use init_core::{Generate, QuantityStats};
/// use init_dist::Weibull;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// // k = 1 is the exponential with mean λ.
/// let w = Weibull::new(1.0, G::new::<nS>(0.5))?.generate(100_000, 42)?;
/// assert!((w.mean_value().unwrap().get::<nS>() - 0.5).abs() < 0.01);
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// Samples come from `rand_distr::Weibull` (inversion:
/// `λ·(−ln U)^(1/k)`, `U` in `(0, 1]`), built once in `new` with the scale
/// in SI units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Weibull<Q> {
    shape: f64,
    scale: f64,
    dist: WeibullSampler<f64>,
    unit: PhantomData<Q>,
}

impl<Q: Value> Weibull<Q> {
    /// `λ·Weibull(k)` with `shape = k`, `scale = λ`. Errors: `shape` or
    /// `scale` not finite or `<= 0`.
    pub fn new(shape: f64, scale: Q) -> Result<Self, InitError> {
        let k = check::positive("shape", shape)?;
        let lambda = check::positive("scale", scale)?;
        let dist = WeibullSampler::new(lambda, k)
            .map_err(|_| InitError::invalid_value("scale", scale, "must be finite and > 0"))?;
        Ok(Weibull {
            shape: k,
            scale: lambda,
            dist,
            unit: PhantomData,
        })
    }

    /// The shape `k`.
    pub fn shape(&self) -> f64 {
        self.shape
    }

    /// The scale `λ`.
    pub fn scale(&self) -> Q {
        Q::from_si(self.scale)
    }
}

impl<Q: Value> Initializer for Weibull<Q> {
    type Output = Q;

    #[inline(always)]
    fn sample(&self, el: Element, _: &Context<'_>, key: Key) -> f64 {
        self.dist.sample(&mut key.stream(el.flat))
    }
}

init_core::impl_initializer_ops!([Q] Weibull<Q> where Q: Value);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{draws, draws_f64, names, ns};
    use init_testkit::{assert_ks, assert_moments};
    use statrs::distribution::{ContinuousCDF, Weibull as Exact};
    use statrs::function::gamma::gamma;

    fn moments(k: f64, lambda: f64) -> (f64, f64) {
        let (g1, g2) = (gamma(1.0 + 1.0 / k), gamma(1.0 + 2.0 / k));
        (lambda * g1, lambda * (g2 - g1 * g1).sqrt())
    }

    #[test]
    fn follows_the_weibull_law() {
        let d = Weibull::new(1.5, ns(0.7)).unwrap();
        assert_eq!((d.shape(), d.scale()), (1.5, ns(0.7)));
        let x = draws(&d, 200_000, 1);
        let exact = Exact::new(1.5, 0.7).unwrap();
        assert_ks("Weibull(1.5, 0.7) nS", &x, |v| exact.cdf(v));
        let (m, s) = moments(1.5, 0.7);
        assert_moments("Weibull(1.5, 0.7) nS", &x, m, s);
    }

    #[test]
    fn small_shape_follows_the_law() {
        let d = Weibull::new(0.6, 2.0).unwrap();
        let x = draws_f64(&d, 200_000, 2);
        let exact = Exact::new(0.6, 2.0).unwrap();
        assert_ks("Weibull(0.6, 2)", &x, |v| exact.cdf(v));
    }

    #[test]
    fn invalid_parameters() {
        for (k, l, name) in [
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
                names(Weibull::new(k, ns(l)), name),
                "Weibull({k}, {l}) should fail on {name}"
            );
        }
    }
}
