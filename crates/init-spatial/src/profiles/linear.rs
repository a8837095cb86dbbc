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
    fn probability_si(&self, d: f64) -> f64 {
        (1.0 - d / self.max).max(0.0)
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
}
