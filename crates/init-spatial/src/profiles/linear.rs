//! The linear distance profile.

use init_core::{InitError, check};
use uom::si::f64::Length;

use crate::profile::{Profile, metres};

/// Linear profile: `p(d) = max(0, 1 − d / L)`, from 1 at `d = 0` to 0 at
/// and beyond `max_distance` L.
///
/// # Example
///
/// ```
/// use init_spatial::{LinearProfile, Profile};
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// let l = LinearProfile::new(Length::new::<um>(200.0))?;
/// assert_eq!(l.probability(Length::new::<um>(50.0)), 0.75);
/// assert_eq!(l.probability(Length::new::<um>(300.0)), 0.0);
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// Divides rather than multiplying by `1/L` so that `p(L)` is exactly 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearProfile {
    max: f64,
}

impl LinearProfile {
    /// Linear decay to 0 at `max_distance`. Errors: not finite or not > 0.
    pub fn new(max_distance: Length) -> Result<Self, InitError> {
        Ok(LinearProfile {
            max: check::positive("max_distance", max_distance)?,
        })
    }

    /// The distance L where the value reaches 0.
    pub fn max_distance(&self) -> Length {
        metres(self.max)
    }
}

impl Profile for LinearProfile {
    #[inline]
    fn value_si(&self, d: f64) -> f64 {
        (1.0 - d / self.max).max(0.0)
    }

    /// `L` for `level = 0`, `min(L, L·(1 − level)·(1 + 1e-12))` for
    /// `0 < level < 1`, 0 for `level >= 1`, `None` below 0 (the value is
    /// never negative).
    ///
    /// Rounding: at `d >= L` the computed `d/L` is at least `L/L = 1`, so
    /// `1 − d/L <= 0`: exact, no margin. Below `L`, `1 − level`, the two
    /// products and `d/L` lose at most 4 ulps together, so at `d >= r` the
    /// computed `q = d/L` still exceeds `1 − level` (the factor
    /// `1 + 1e-12` is far more than 4 ulps); then `1 − q < level` exactly
    /// and its rounding is at most the double `level`.
    fn radius_below(&self, level: f64) -> Option<f64> {
        if level >= 1.0 {
            Some(0.0)
        } else if level > 0.0 {
            Some(self.max.min(self.max * (1.0 - level) * (1.0 + 1e-12)))
        } else if level == 0.0 {
            Some(self.max)
        } else {
            None
        }
    }

    /// `max(0, 1 − d/L)` with `d/L >= 0`.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        Some((0.0, 1.0))
    }
}

crate::impl_profile_ops!([] LinearProfile);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::um;

    #[test]
    fn values() {
        let l = LinearProfile::new(um(300.0)).unwrap();
        assert_eq!(l.probability(um(0.0)), 1.0);
        assert_eq!(l.probability(um(300.0)), 0.0);
        assert_eq!(l.probability(um(600.0)), 0.0);
        assert!((l.probability(um(100.0)) - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!(l.max_distance(), um(300.0));
        assert!(matches!(
            LinearProfile::new(um(0.0)),
            Err(InitError::InvalidParameter {
                name: "max_distance",
                ..
            })
        ));
    }

    #[test]
    fn radius_below_bounds_the_computed_values() {
        use crate::profile::tests::assert_radius_below_is_sound;
        for l in [1e-3, 0.3, 1.0, 300.0, 7e5] {
            let p = LinearProfile::new(um(l)).unwrap();
            assert_radius_below_is_sound(&p);
            // Level 0: exactly L (the value there is exactly 0).
            assert_eq!(p.radius_below(0.0), Some(p.max_distance().value));
        }
        let p = LinearProfile::new(um(300.0)).unwrap();
        let r = p.radius_below(0.25).unwrap();
        assert!((r / 225e-6 - 1.0).abs() < 1e-11, "{r}");
        assert_eq!(p.radius_below(-0.1), None);
    }
}
