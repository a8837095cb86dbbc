//! Clipped: a base initializer clamped to `[min, max]`, either bound
//! optional.

use std::fmt::Debug;
use std::marker::PhantomData;

use init_core::{Context, Element, InitError, Initializer, Key, Run, Value, check};

use crate::transform::Transform;

/// The interval `[min, max]` (either end optional) and the clamp onto it,
/// validated once; a [`Transform`] of its quantity.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds<Q> {
    lo: f64,
    hi: f64,
    unit: PhantomData<Q>,
}

impl<Q: Value> Bounds<Q> {
    /// `[min, max]`; `None` leaves that side open.
    ///
    /// Errors: a non-finite bound (named `min` or `max`), or `min > max`
    /// (named `max`). `min == max` is allowed: every value becomes `min`.
    pub fn new(min: impl Into<Option<Q>>, max: impl Into<Option<Q>>) -> Result<Self, InitError> {
        let (min, max) = (min.into(), max.into());
        let lo = min.map(|v| check::finite("min", v)).transpose()?;
        let hi = max.map(|v| check::finite("max", v)).transpose()?;
        if let (Some(l), Some(h)) = (lo, hi) {
            if l > h {
                return Err(InitError::InvalidParameter {
                    name: "max",
                    value: format!(
                        "{} (min = {})",
                        Q::from_si(h).describe(),
                        Q::from_si(l).describe()
                    ),
                    rule: "must be >= `min`",
                });
            }
        }
        Ok(Bounds {
            lo: lo.unwrap_or(f64::NEG_INFINITY),
            hi: hi.unwrap_or(f64::INFINITY),
            unit: PhantomData,
        })
    }

    /// The lower bound, if any.
    pub fn min(&self) -> Option<Q> {
        (self.lo > f64::NEG_INFINITY).then(|| Q::from_si(self.lo))
    }

    /// The upper bound, if any.
    pub fn max(&self) -> Option<Q> {
        (self.hi < f64::INFINITY).then(|| Q::from_si(self.hi))
    }

    /// Clamp a value in SI units. NaN stays NaN (it is never silently
    /// turned into a bound).
    #[inline(always)]
    pub fn clamp_si(&self, x: f64) -> f64 {
        if x < self.lo {
            self.lo
        } else if x > self.hi {
            self.hi
        } else {
            x
        }
    }
}

impl<Q: Value> Transform<Q> for Bounds<Q> {
    type Out = Q;
    #[inline(always)]
    fn transform(&self, x: Q) -> Q {
        Q::from_si(self.clamp_si(x.si()))
    }
}

/// `clip(base, min, max)`: each sample clamped to `[min, max]`, either
/// bound optional.
///
/// `x ↦ min(max(x, min), max)`. The bounds have the base's unit (a length
/// bound on a conductance does not compile).
///
/// # Example
///
/// ```
/// use init_compose::InitializerExt;
/// use init_core::{Generate, QuantityStats};
/// use init_dist::Normal;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let g = |v| G::new::<nS>(v);
/// let w = Normal::new(g(0.5), g(0.3))?.clip(g(0.2), g(0.8))?.generate(10_000, 1)?;
/// assert!(w.min_value().unwrap() >= g(0.2) && w.max_value().unwrap() <= g(0.8));
/// // Only a floor:
/// let floor = Normal::new(g(0.5), g(0.3))?.clip(g(0.2), None)?;
/// # Ok::<(), init_core::InitError>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Clipped<I: Initializer> {
    base: I,
    bounds: Bounds<I::Output>,
}

impl<I: Initializer> Clipped<I> {
    /// `base` clamped to `[min, max]`; `None` leaves a side open.
    ///
    /// Errors: as [`Bounds::new`].
    pub fn new(
        base: I,
        min: impl Into<Option<I::Output>>,
        max: impl Into<Option<I::Output>>,
    ) -> Result<Self, InitError> {
        Ok(Clipped {
            base,
            bounds: Bounds::new(min, max)?,
        })
    }

    /// The bounds.
    pub fn bounds(&self) -> &Bounds<I::Output> {
        &self.bounds
    }
}

impl<I: Initializer> Initializer for Clipped<I> {
    type Output = I::Output;

    #[inline]
    fn sample(&self, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
        self.bounds.clamp_si(self.base.sample(el, ctx, key))
    }

    fn check(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        self.base.check(shape, ctx)
    }

    /// The base's bounds clamped to `[min, max]`; without base bounds, the
    /// clip's own when both are given.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        let (lo, hi) = (self.bounds.lo, self.bounds.hi);
        match self.base.value_bounds() {
            Some((a, b)) => Some((self.bounds.clamp_si(a), self.bounds.clamp_si(b))),
            None => (lo.is_finite() && hi.is_finite()).then_some((lo, hi)),
        }
    }

    fn fill(&self, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
        self.base.fill(run, ctx, key, out);
        out.iter_mut().for_each(|x| *x = self.bounds.clamp_si(*x));
    }
}

init_core::impl_initializer_ops!([I] Clipped<I> where I: Initializer);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InitializerExt;
    use crate::tests::{draws, normal, ns, um};
    use init_core::Generate;
    use init_testkit::assert_moments;
    use statrs::distribution::{Continuous, ContinuousCDF, Normal as Exact};

    /// Mean and std of clip(X, a, b), X ~ N(μ, σ²) (a, b may be ∓∞):
    /// with α = (a − μ)/σ, β = (b − μ)/σ, ΔΦ = Φ(β) − Φ(α),
    /// E = aΦ(α) + b(1 − Φ(β)) + μΔΦ + σ(φ(α) − φ(β)),
    /// E[x²] = a²Φ(α) + b²(1 − Φ(β)) + μ²ΔΦ + 2μσ(φ(α) − φ(β))
    ///        + σ²(ΔΦ + αφ(α) − βφ(β)).
    fn clipped_normal(mu: f64, sigma: f64, a: f64, b: f64) -> (f64, f64) {
        let z = Exact::new(0.0, 1.0).unwrap();
        let (al, be) = ((a - mu) / sigma, (b - mu) / sigma);
        let (pa, pb) = (z.cdf(al), z.cdf(be));
        let (fa, fb) = (z.pdf(al), z.pdf(be));
        // a·Φ(α) → 0 as a → −∞ (and b(1 − Φ(β)) as b → ∞).
        let lo = if a.is_finite() { a } else { 0.0 };
        let hi = if b.is_finite() { b } else { 0.0 };
        let (afa, bfb) = (
            if a.is_finite() { al * fa } else { 0.0 },
            if b.is_finite() { be * fb } else { 0.0 },
        );
        let d = pb - pa;
        let e = lo * pa + hi * (1.0 - pb) + mu * d + sigma * (fa - fb);
        let e2 = lo * lo * pa
            + hi * hi * (1.0 - pb)
            + mu * mu * d
            + 2.0 * mu * sigma * (fa - fb)
            + sigma * sigma * (d + afa - bfb);
        (e, (e2 - e * e).sqrt())
    }

    #[test]
    fn bounds_hold_and_the_clipped_moments_are_exact() {
        // The tutorial's N(0.5, 0.3) nS clipped at [0.2, ∞), (−∞, 0.8],
        // [0.2, 0.8]: every value within the bounds, and mean and std
        // within 4 SE of the exact clipped normal's (n = 2e5).
        let base = normal(0.5, 0.3);
        let inf = f64::INFINITY;
        for (i, (a, b)) in [(0.2, inf), (-inf, 0.8), (0.2, 0.8), (0.9, 1.0)]
            .into_iter()
            .enumerate()
        {
            let min = a.is_finite().then(|| ns(a));
            let max = b.is_finite().then(|| ns(b));
            let c = base.clip(min, max).unwrap();
            assert_eq!((c.bounds().min(), c.bounds().max()), (min, max));
            let w = c.generate(200_000, i as u64).unwrap();
            assert!(
                w.iter()
                    .all(|&v| min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m))
            );
            let x = draws(&c, 200_000, i as u64);
            let (e, sd) = clipped_normal(0.5, 0.3, a, b);
            assert_moments(&format!("clip [{a}, {b}]"), &x, e, sd);
        }
        // Clipped::new is the same thing.
        let c = Clipped::new(base, ns(0.2), ns(0.8)).unwrap();
        assert_eq!(
            c.generate(1000, 3).unwrap(),
            base.clip(ns(0.2), ns(0.8))
                .unwrap()
                .generate(1000, 3)
                .unwrap()
        );
    }

    #[test]
    fn degenerate_and_open_bounds() {
        let base = normal(0.5, 0.3);
        assert!(
            base.clip(ns(0.4), ns(0.4))
                .unwrap()
                .generate(100, 1)
                .unwrap()
                .iter()
                .all(|&v| v == ns(0.4))
        );
        assert_eq!(
            base.clip(None, None).unwrap().generate(100, 1).unwrap(),
            base.generate(100, 1).unwrap()
        );
        let b = Bounds::new(ns(0.0), ns(1.0)).unwrap();
        assert!(b.clamp_si(f64::NAN).is_nan());
        assert_eq!(b.transform(ns(2.0)), ns(1.0));
        assert_eq!(
            Bounds::new(um(1.0), None).unwrap().transform(um(-1.0)),
            um(1.0)
        );
    }

    #[test]
    fn invalid_bounds_are_typed_errors() {
        let base = normal(0.5, 0.3);
        for (min, max, name) in [
            (Some(ns(0.8)), Some(ns(0.2)), "max"),
            (Some(ns(f64::NAN)), None, "min"),
            (None, Some(ns(f64::INFINITY)), "max"),
            (Some(ns(f64::NEG_INFINITY)), Some(ns(1.0)), "min"),
        ] {
            assert!(
                matches!(base.clip(min, max), Err(InitError::InvalidParameter { name: n, .. }) if n == name),
                "clip({min:?}, {max:?}) should fail on {name}"
            );
        }
        let e = base.clip(ns(0.8), ns(0.2)).unwrap_err().to_string();
        assert!(e.contains("`max` = 0.2 nS (min = 0.8 nS)"), "{e}");
    }
}
