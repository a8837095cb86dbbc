//! The exponential distance profile.

use init_core::{InitError, check};
use uom::si::f64::Length;

use crate::profile::{Cutoff, Profile, metres};
use init_core::math::exp;

/// Exponential profile: `p(d) = exp(−d / λ)`, 0 beyond the optional
/// `max_distance`.
///
/// # Example
///
/// ```
/// use init_spatial::{ExponentialProfile, Profile};
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// let e = ExponentialProfile::new(Length::new::<um>(100.0))?;
/// assert!((e.probability(Length::new::<um>(100.0)) - (-1.0f64).exp()).abs() < 1e-15);
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// braintools calls λ `decay_constant`. Evaluated as `exp(−d·λ⁻¹)` with
/// λ⁻¹ precomputed (see [`crate::GaussianProfile`] on multiply versus divide).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExponentialProfile {
    decay: f64,
    neg_inv_decay: f64,
    cutoff: Cutoff,
}

impl ExponentialProfile {
    /// Exponential decay over `decay_constant` (λ). Errors: λ not finite
    /// or not > 0.
    pub fn new(decay_constant: Length) -> Result<Self, InitError> {
        let decay = check::positive("decay_constant", decay_constant)?;
        Ok(ExponentialProfile {
            decay,
            neg_inv_decay: -1.0 / decay,
            cutoff: Cutoff::NONE,
        })
    }

    /// Value 0 where `d > max`. Errors: `max` not finite or not > 0.
    pub fn with_max_distance(mut self, max: Length) -> Result<Self, InitError> {
        self.cutoff = Cutoff::new(max)?;
        Ok(self)
    }

    /// The decay constant λ.
    pub fn decay_constant(&self) -> Length {
        metres(self.decay)
    }

    /// The distance beyond which the value is 0, if any.
    pub fn max_distance(&self) -> Option<Length> {
        self.cutoff.get()
    }
}

impl Profile for ExponentialProfile {
    #[inline]
    fn value_si(&self, d: f64) -> f64 {
        self.cutoff.apply(d, exp(d * self.neg_inv_decay))
    }

    /// `λ·(ln(1/level) + 1e-9)·(1 + 1e-12)` for `0 < level < 1`, 0 for
    /// `level >= 1`, and the cutoff's for `level = 0`.
    ///
    /// Rounding: `d·(−λ⁻¹)` loses at most two ulps against `d/λ`, which the
    /// factor `1 + 1e-12` covers, so the computed exponent is below
    /// `−ln(1/level) − 1e-9`; the margin 1e-9 exceeds the error of the
    /// computed `ln` (at most 2e-13) and of `exp` (3 ulps, relative
    /// 7e-16), so the computed value is at most `level`. An exponential of
    /// a non-positive argument computes to at most 1.
    fn radius_below(&self, level: f64) -> Option<f64> {
        let r = if level >= 1.0 {
            Some(0.0)
        } else if level > 0.0 {
            Some(self.decay * (-level.ln() + 1e-9) * (1.0 + 1e-12))
        } else {
            None
        };
        self.cutoff.limit(level, r)
    }

    /// `exp` of a non-positive number computes to a value in [0, 1].
    fn value_bounds(&self) -> Option<(f64, f64)> {
        Some((0.0, 1.0))
    }
}

crate::impl_profile_ops!([] ExponentialProfile);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::um;

    #[test]
    fn values_and_cutoff() {
        let e = ExponentialProfile::new(um(150.0))
            .unwrap()
            .with_max_distance(um(500.0))
            .unwrap();
        assert_eq!(e.probability(um(0.0)), 1.0);
        let exact = (-300.0f64 / 150.0).exp();
        assert!((e.probability(um(300.0)) / exact - 1.0).abs() < 1e-14);
        assert!(e.probability(um(500.0)) > 0.0);
        assert_eq!(e.probability(um(500.5)), 0.0);
        assert_eq!(e.decay_constant(), um(150.0));
        assert_eq!(e.max_distance(), Some(um(500.0)));
    }

    #[test]
    fn radius_below_bounds_the_computed_values() {
        use crate::profile::tests::assert_radius_below_is_sound;
        for lambda in [1e-3, 0.37, 150.0, 1e6] {
            let e = ExponentialProfile::new(um(lambda)).unwrap();
            assert_radius_below_is_sound(&e);
            assert_eq!(e.radius_below(0.0), None);
            assert_eq!(e.radius_below(1.0), Some(0.0));
            let c = e.with_max_distance(um(3.0 * lambda)).unwrap();
            assert_radius_below_is_sound(&c);
            assert_eq!(
                c.radius_below(0.0),
                Some(c.max_distance().unwrap().value.next_up())
            );
        }
        // Tight: at the radius for e⁻¹ the value is e⁻¹ within the margin.
        let e = ExponentialProfile::new(um(100.0)).unwrap();
        let r = e.radius_below((-1.0f64).exp()).unwrap();
        assert!((r / 100e-6 - 1.0).abs() < 1e-8, "{r}");
    }

    #[test]
    fn invalid_parameters() {
        for bad in [0.0, -3.0, f64::NAN, f64::NEG_INFINITY] {
            assert!(matches!(
                ExponentialProfile::new(um(bad)),
                Err(InitError::InvalidParameter {
                    name: "decay_constant",
                    ..
                })
            ));
        }
    }
}
