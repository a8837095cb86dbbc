//! The power-law distance profile.

use init_core::{InitError, check};
use uom::si::f64::Length;

use crate::profile::{Cutoff, Profile, finite, metres};

/// Power-law profile: `p(d) = (max(d, d₀) / d₀)^(−a)`, 0 beyond the
/// optional `max_distance`.
///
/// `d₀` (`min_distance`, default 1 µm) is the reference length below which
/// the value saturates at 1; it keeps the profile finite at `d = 0` and
/// makes it independent of the unit distances are given in.
///
/// # Example
///
/// ```
/// use init_spatial::{PowerLawProfile, Profile};
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// let p = PowerLawProfile::new(2.0)?;
/// assert_eq!(p.probability(Length::new::<um>(0.5)), 1.0);
/// assert!((p.probability(Length::new::<um>(10.0)) - 0.01).abs() < 1e-15);
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// Positive exponents decay with distance; negative ones grow (allowed, as
/// in braintools).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PowerLawProfile {
    neg_exponent: f64,
    d0: f64,
    cutoff: Cutoff,
}

impl PowerLawProfile {
    /// Power law with `exponent` a and `min_distance` d₀ = 1 µm. Errors:
    /// `exponent` not finite.
    pub fn new(exponent: f64) -> Result<Self, InitError> {
        Ok(PowerLawProfile {
            neg_exponent: -finite("exponent", exponent)?,
            d0: 1e-6,
            cutoff: Cutoff::NONE,
        })
    }

    /// Set the reference length d₀. Errors: not finite or not > 0.
    pub fn with_min_distance(mut self, d0: Length) -> Result<Self, InitError> {
        self.d0 = check::positive("min_distance", d0)?;
        Ok(self)
    }

    /// Value 0 where `d > max`. Errors: `max` not finite or not > 0.
    pub fn with_max_distance(mut self, max: Length) -> Result<Self, InitError> {
        self.cutoff = Cutoff::new(max)?;
        Ok(self)
    }

    /// The exponent a.
    pub fn exponent(&self) -> f64 {
        -self.neg_exponent
    }

    /// The reference length d₀.
    pub fn min_distance(&self) -> Length {
        metres(self.d0)
    }

    /// The distance beyond which the value is 0, if any.
    pub fn max_distance(&self) -> Option<Length> {
        self.cutoff.get()
    }
}

impl Profile for PowerLawProfile {
    #[inline]
    fn value_si(&self, d: f64) -> f64 {
        self.cutoff
            .apply(d, (d.max(self.d0) / self.d0).powf(self.neg_exponent))
    }

    /// For a decaying law (`a > 0`) and `0 < level < 1`:
    /// `d₀·exp((ln(1/level) + 1e-9)/a)·(1 + 1e-12)`, that is
    /// `d₀·level^(−1/a)` with a margin (`None` if it overflows). For
    /// `a >= 0` and `level >= 1`: 0 (the base `max(d, d₀)/d₀` computes to at
    /// least 1, and a power of it with a non-positive exponent to at most
    /// 1). Otherwise `None`, and the cutoff's radius for `level >= 0`.
    ///
    /// Rounding: the quotient `(…)/a`, `exp`, the products and `d/d₀` lose
    /// a few ulps of relative precision on the base, which the factor
    /// `1 + 1e-12` covers; so `a·ln(base) >= ln(1/level) + 1e-9 − 2e-13`
    /// (the last term: the computed `ln` and quotient, for any level), the
    /// exact power is below `level·(1 − 1e-9)`, and `powf` (within an ulp
    /// or two) stays at or below `level`.
    fn radius_below(&self, level: f64) -> Option<f64> {
        let a = -self.neg_exponent;
        let r = if a >= 0.0 && level >= 1.0 {
            Some(0.0)
        } else if a > 0.0 && level > 0.0 && level < 1.0 {
            let r = self.d0 * ((-level.ln() + 1e-9) / a).exp() * (1.0 + 1e-12);
            r.is_finite().then_some(r)
        } else {
            None
        };
        self.cutoff.limit(level, r)
    }

    /// The base `max(d, d₀)/d₀` computes to at least 1, so a decaying law
    /// (`a > 0`) is in [0, 1] and a growing one at least 1; the cutoff
    /// adds 0.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        let a = -self.neg_exponent;
        let b = if a > 0.0 {
            (0.0, 1.0)
        } else if a == 0.0 {
            (1.0, 1.0)
        } else {
            (1.0, f64::INFINITY)
        };
        Some(self.cutoff.bounds(b))
    }
}

crate::impl_profile_ops!([] PowerLawProfile);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::um;

    #[test]
    fn values() {
        let p = PowerLawProfile::new(1.5)
            .unwrap()
            .with_min_distance(um(10.0))
            .unwrap()
            .with_max_distance(um(1000.0))
            .unwrap();
        assert_eq!(p.probability(um(0.0)), 1.0);
        assert_eq!(p.probability(um(10.0)), 1.0);
        assert!((p.probability(um(40.0)) - 0.125).abs() < 1e-15);
        assert_eq!(p.probability(um(1001.0)), 0.0);
        assert_eq!(p.exponent(), 1.5);
        assert_eq!(p.min_distance(), um(10.0));
        assert_eq!(p.max_distance(), Some(um(1000.0)));
    }

    #[test]
    fn radius_below_bounds_the_computed_values() {
        use crate::profile::tests::assert_radius_below_is_sound;
        for a in [1e-3, 0.5, 2.0, 7.3, 300.0, 0.0, -1.5] {
            for d0 in [1e-3, 1.0, 40.0] {
                let p = PowerLawProfile::new(a)
                    .unwrap()
                    .with_min_distance(um(d0))
                    .unwrap();
                assert_radius_below_is_sound(&p);
                assert_radius_below_is_sound(&p.with_max_distance(um(500.0)).unwrap());
            }
        }
        let p = PowerLawProfile::new(2.0).unwrap();
        // 1 µm · 0.01^(−1/2) = 10 µm, within the margin.
        let r = p.radius_below(0.01).unwrap();
        assert!((r / 10e-6 - 1.0).abs() < 1e-8, "{r}");
        assert_eq!(p.radius_below(0.0), None);
        // A tiny exponent overflows: no radius rather than an infinite one.
        assert_eq!(PowerLawProfile::new(1e-3).unwrap().radius_below(1e-3), None);
        assert_eq!(PowerLawProfile::new(-1.0).unwrap().radius_below(1.0), None);
    }

    #[test]
    fn invalid_parameters() {
        assert!(matches!(
            PowerLawProfile::new(f64::NAN),
            Err(InitError::InvalidParameter {
                name: "exponent",
                ..
            })
        ));
        for bad in [0.0, -1.0, f64::INFINITY] {
            assert!(matches!(
                PowerLawProfile::new(2.0)
                    .unwrap()
                    .with_min_distance(um(bad)),
                Err(InitError::InvalidParameter {
                    name: "min_distance",
                    ..
                })
            ));
        }
    }
}
