//! The beta distribution, stretched onto an interval.

use std::marker::PhantomData;

use init_core::{Context, Element, InitError, Initializer, Key, Value, check};
use rand_distr::{Beta as BetaSampler, Distribution};

/// The beta distribution on `[low, high]`: `low + (high − low)·Beta(α, β)`,
/// with dimensionless shapes `α`, `β` and bounds in the unit of the
/// samples.
///
/// Density of `y = (x − low)/(high − low)`:
/// `f(y) = y^(α−1) (1 − y)^(β−1) / B(α, β)` on `[0, 1]`; mean
/// `low + (high − low)·α/(α + β)`.
///
/// # Example
///
/// ```
/// use init_core::{Generate, QuantityStats};
/// use init_dist::Beta;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let d = Beta::new(2.0, 2.0, G::new::<nS>(0.0), G::new::<nS>(1.0))?;
/// let w = d.generate(100_000, 42)?;
/// assert!((w.mean_value().unwrap().get::<nS>() - 0.5).abs() < 0.01);
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// `Beta(α, β)` comes from `rand_distr::Beta`, built once in `new`:
/// Cheng's algorithm BB when `min(α, β) > 1`, BC otherwise.
///
/// Reference: R. C. H. Cheng (1978), *Generating Beta Variates with
/// Nonintegral Shape Parameters*, Comm. ACM 21(4), 317–322.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Beta<Q> {
    alpha: f64,
    beta: f64,
    low: f64,
    high: f64,
    width: f64,
    dist: BetaSampler<f64>,
    unit: PhantomData<Q>,
}

/// The largest shape a [`Beta`] takes.
const MAX_SHAPE: f64 = 1e100;

impl<Q: Value> Beta<Q> {
    /// `low + (high − low)·Beta(alpha, beta)`. Errors: `alpha` or `beta`
    /// not finite, `<= 0` or `> 1e100`; `low` or `high` not finite; `high <= low`;
    /// `high − low` overflowing (reported on `high`).
    pub fn new(alpha: f64, beta: f64, low: Q, high: Q) -> Result<Self, InitError> {
        let a = check::positive("alpha", alpha)?;
        let b = check::positive("beta", beta)?;
        // Cheng's algorithm (rand_distr) forms α + β and 2αβ: beyond 1e100
        // they overflow and every draw is NaN. Such a Beta is a point mass
        // at α/(α + β) to within 1e-50 anyway.
        for (name, v) in [("alpha", a), ("beta", b)] {
            if v > MAX_SHAPE {
                return Err(InitError::invalid(name, v, "must be <= 1e100"));
            }
        }
        let lo = check::finite("low", low)?;
        let hi = check::finite("high", high)?;
        check::ordered("high", lo, high)?;
        let width = hi - lo;
        if !width.is_finite() {
            return Err(InitError::invalid_value(
                "high",
                high,
                "high − low must be finite",
            ));
        }
        let dist = BetaSampler::new(a, b)
            .map_err(|_| InitError::invalid("alpha", alpha, "must be finite and > 0"))?;
        Ok(Beta {
            alpha: a,
            beta: b,
            low: lo,
            high: hi,
            width,
            dist,
            unit: PhantomData,
        })
    }

    /// The shape `α`.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }

    /// The shape `β`.
    pub fn beta(&self) -> f64 {
        self.beta
    }

    /// The lower bound.
    pub fn low(&self) -> Q {
        Q::from_si(self.low)
    }

    /// The upper bound.
    pub fn high(&self) -> Q {
        Q::from_si(self.high)
    }
}

impl<Q: Value> Initializer for Beta<Q> {
    type Output = Q;

    #[inline]
    fn sample(&self, el: Element, _: &Context<'_>, key: Key) -> f64 {
        self.low + self.width * self.dist.sample(&mut key.stream(el.flat))
    }

    /// `[low, high]`, widened by a few ulps of the operands: `low + width·x`
    /// with `x <= 1` may round past `high`.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        let slack = 4.0 * f64::EPSILON * (self.low.abs() + self.high.abs());
        Some((self.low - slack, self.high + slack))
    }
}

init_core::impl_initializer_ops!([Q] Beta<Q> where Q: Value);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{draws, draws_f64, names, ns};
    use init_testkit::{assert_ks, assert_moments};
    use statrs::distribution::{Beta as Exact, ContinuousCDF};

    fn moments(a: f64, b: f64, low: f64, high: f64) -> (f64, f64) {
        let w = high - low;
        let s = a + b;
        (low + w * a / s, w * (a * b / (s * s * (s + 1.0))).sqrt())
    }

    #[test]
    fn follows_the_beta_law_on_an_interval() {
        // min(α, β) > 1: algorithm BB.
        let d = Beta::new(2.0, 5.0, ns(0.1), ns(0.9)).unwrap();
        assert_eq!(
            (d.alpha(), d.beta(), d.low(), d.high()),
            (2.0, 5.0, ns(0.1), ns(0.9))
        );
        let x = draws(&d, 200_000, 1);
        let exact = Exact::new(2.0, 5.0).unwrap();
        assert_ks("Beta(2, 5) on [0.1, 0.9] nS", &x, |v| {
            exact.cdf(((v - 0.1) / 0.8).clamp(0.0, 1.0))
        });
        let (m, s) = moments(2.0, 5.0, 0.1, 0.9);
        assert_moments("Beta(2, 5) on [0.1, 0.9] nS", &x, m, s);
    }

    #[test]
    fn small_shapes_follow_the_law() {
        // min(α, β) <= 1: algorithm BC; the arcsine law and a skewed one.
        for (a, b, seed) in [(0.5, 0.5, 2), (0.7, 3.0, 3)] {
            let d = Beta::new(a, b, -1.0, 2.0).unwrap();
            let x = draws_f64(&d, 200_000, seed);
            let exact = Exact::new(a, b).unwrap();
            let label = format!("Beta({a}, {b}) on [-1, 2]");
            assert_ks(&label, &x, |v| exact.cdf(((v + 1.0) / 3.0).clamp(0.0, 1.0)));
            let (m, s) = moments(a, b, -1.0, 2.0);
            assert_moments(&label, &x, m, s);
            assert!(x.iter().all(|v| (-1.0..=2.0).contains(v)));
        }
    }

    #[test]
    fn invalid_parameters() {
        for (a, b, lo, hi, name) in [
            (0.0, 1.0, 0.0, 1.0, "alpha"),
            (-1.0, 1.0, 0.0, 1.0, "alpha"),
            (f64::NAN, 1.0, 0.0, 1.0, "alpha"),
            (f64::INFINITY, 1.0, 0.0, 1.0, "alpha"),
            (1.0, 0.0, 0.0, 1.0, "beta"),
            (1.0, -2.0, 0.0, 1.0, "beta"),
            (1.0, f64::NAN, 0.0, 1.0, "beta"),
            (1.0, f64::INFINITY, 0.0, 1.0, "beta"),
            (1.0, 1.0, f64::NAN, 1.0, "low"),
            (1.0, 1.0, f64::NEG_INFINITY, 1.0, "low"),
            (1.0, 1.0, 0.0, f64::NAN, "high"),
            (1.0, 1.0, 0.0, f64::INFINITY, "high"),
            (1.0, 1.0, 1.0, 1.0, "high"),
            (1.0, 1.0, 1.0, 0.0, "high"),
        ] {
            assert!(
                names(Beta::new(a, b, ns(lo), ns(hi)), name),
                "Beta({a}, {b}, {lo}, {hi}) should fail on {name}"
            );
        }
        // high − low overflows.
        assert!(names(Beta::new(1.0, 1.0, -1e308, 1e308), "high"));
    }
}
