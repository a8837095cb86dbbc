//! The Mexican-hat (Ricker wavelet) distance profile.

use init_core::{InitError, check};
use uom::si::f64::Length;

use crate::profile::{Cutoff, Profile, finite, metres};
use crate::radius::{nudge_up, preimage};
use init_core::math::exp;

/// Mexican hat: `p(d) = max(0, A·(1 − (d/σ)²)·exp(−(d/σ)²/2))`, `A = 1` by
/// default; 0 beyond the optional `max_distance`.
///
/// Peak-normalised (value `A` at `d = 0`); negative values (beyond `σ`) are
/// clipped to 0, as in braintools.
///
/// # Example
///
/// ```
/// use init_spatial::{MexicanHatProfile, Profile};
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// let m = MexicanHatProfile::new(Length::new::<um>(100.0))?;
/// assert_eq!(m.probability(Length::new::<um>(0.0)), 1.0);
/// assert_eq!(m.probability(Length::new::<um>(150.0)), 0.0);
/// # Ok::<(), init_core::InitError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MexicanHatProfile {
    sigma: f64,
    amplitude: f64,
    cutoff: Cutoff,
}

impl MexicanHatProfile {
    /// Mexican hat of width `sigma`, amplitude 1. Errors: `sigma` not finite
    /// or not > 0.
    pub fn new(sigma: Length) -> Result<Self, InitError> {
        Ok(MexicanHatProfile {
            sigma: check::positive("sigma", sigma)?,
            amplitude: 1.0,
            cutoff: Cutoff::NONE,
        })
    }

    /// Set the amplitude (the value at `d = 0`). Errors: not finite.
    pub fn with_amplitude(mut self, a: f64) -> Result<Self, InitError> {
        self.amplitude = finite("amplitude", a)?;
        Ok(self)
    }

    /// Value 0 where `d > max`. Errors: `max` not finite or not > 0.
    pub fn with_max_distance(mut self, max: Length) -> Result<Self, InitError> {
        self.cutoff = Cutoff::new(max)?;
        Ok(self)
    }

    /// The width σ.
    pub fn sigma(&self) -> Length {
        metres(self.sigma)
    }

    /// The amplitude (the value at `d = 0`).
    pub fn amplitude(&self) -> f64 {
        self.amplitude
    }

    /// The distance beyond which the value is 0, if any.
    pub fn max_distance(&self) -> Option<Length> {
        self.cutoff.get()
    }
}

impl Profile for MexicanHatProfile {
    #[inline]
    fn value_si(&self, d: f64) -> f64 {
        // Divides (as braintools does) so that d = σ gives exactly 1 − 1 = 0.
        let r = d / self.sigma;
        let r2 = r * r;
        let v = self.amplitude * (1.0 - r2) * exp(-r2 / 2.0);
        self.cutoff.apply(d, v.max(0.0))
    }

    /// For `A >= 0`, from the computed `q = fl(1 − (d/σ)²)` (monotone in
    /// `d`), the value being `max(0, fl(fl(A·q)·e))` with a computed
    /// `e = exp(…)` in `[0, 1]`:
    ///
    /// * `level = 0`: σ, exactly: at `d >= σ` the computed `d/σ` is at
    ///   least `σ/σ = 1`, so `q <= 0` and the value is 0;
    /// * `0 < level < A`: `σ·sqrt(1 − l)·(1 + 1e-12)`, moved outward until
    ///   the computed `q` there is at most `l`, where `fl(A·l) <= level`
    ///   (`l ≈ level/A`): then `fl(A·q) <= level` and the factor `e <= 1`
    ///   keeps it there (this drops the factor `e^(−x²/2)`, a simple and
    ///   sound bound); at most σ;
    /// * `level >= A`: 0.
    ///
    /// For `A < 0` the value is 0 inside σ and a lobe beyond it that peaks
    /// at `2·e^(−3/2)·|A| ≈ 0.45·|A|`: 0 for `level >= |A|`, else `None`.
    /// `None` for `level < 0`; the cutoff's radius where it is smaller.
    fn radius_below(&self, level: f64) -> Option<f64> {
        let a = self.amplitude;
        let q = |d: f64| {
            let r = d / self.sigma;
            1.0 - r * r
        };
        let r = if level.is_nan() || level < 0.0 {
            None
        } else if level >= a.abs() {
            Some(0.0)
        } else if a < 0.0 {
            None
        } else if level == 0.0 {
            Some(self.sigma)
        } else {
            preimage(level, level / a, |x| a * x)
                .and_then(|l| nudge_up(self.sigma * (1.0 - l).sqrt(), |r| q(r) <= l))
                .map(|r| r.min(self.sigma))
                .or(Some(self.sigma))
        };
        self.cutoff.limit(level, r)
    }

    /// Clamped at 0 as braintools does. For `A >= 0` at most `A`
    /// (`q <= 1`, `e <= 1`); for `A < 0` the lobe beyond σ peaks at
    /// `2·e^(−3/2)·|A| ≈ 0.446·|A|`, bounded by `|A|/2`.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        let a = self.amplitude;
        Some((0.0, if a >= 0.0 { a } else { -0.5 * a }))
    }
}

crate::impl_profile_ops!([] MexicanHatProfile);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::um;

    #[test]
    fn values_and_validation() {
        let m = MexicanHatProfile::new(um(100.0))
            .unwrap()
            .with_amplitude(2.0)
            .unwrap();
        assert_eq!(m.probability(um(0.0)), 2.0);
        assert_eq!(m.probability(um(100.0)), 0.0);
        let exact = 2.0 * 0.75 * (-0.125f64).exp();
        assert!((m.probability(um(50.0)) / exact - 1.0).abs() < 1e-15);
        assert_eq!(m.sigma(), um(100.0));
        assert!(matches!(
            MexicanHatProfile::new(um(f64::INFINITY)),
            Err(InitError::InvalidParameter { name: "sigma", .. })
        ));
    }

    #[test]
    fn radius_below_bounds_the_computed_values() {
        use crate::profile::tests::assert_radius_below_is_sound;
        for sigma in [1e-3, 0.7, 100.0, 3e5] {
            for a in [1.0, 2.0, 1e-6, 0.0, -1.0, -3.0] {
                let m = MexicanHatProfile::new(um(sigma))
                    .unwrap()
                    .with_amplitude(a)
                    .unwrap();
                assert_radius_below_is_sound(&m);
                assert_radius_below_is_sound(&m.with_max_distance(um(sigma / 2.0)).unwrap());
                assert_radius_below_is_sound(&m.with_max_distance(um(5.0 * sigma)).unwrap());
            }
        }
        let m = MexicanHatProfile::new(um(100.0)).unwrap();
        // Exactly σ at level 0.
        assert_eq!(m.radius_below(0.0), Some(m.sigma().value));
        // (1 − x²) <= 0.19 from x = 0.9 on.
        let r = m.radius_below(0.19).unwrap();
        assert!((r / 90e-6 - 1.0).abs() < 1e-10, "{r}");
        let negative = m.with_amplitude(-1.0).unwrap();
        assert_eq!(negative.radius_below(0.5), None);
        assert_eq!(negative.radius_below(1.0), Some(0.0));
    }
}
