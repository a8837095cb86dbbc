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
    pub fn min_distance(mut self, d0: Length) -> Result<Self, InitError> {
        self.d0 = check::positive("min_distance", d0)?;
        Ok(self)
    }

    /// Value 0 where `d > max`. Errors: `max` not finite or not > 0.
    pub fn max_distance(mut self, max: Length) -> Result<Self, InitError> {
        self.cutoff = Cutoff::new(max)?;
        Ok(self)
    }

    /// The exponent a.
    pub fn exponent(&self) -> f64 {
        -self.neg_exponent
    }

    /// The reference length d₀.
    pub fn reference_distance(&self) -> Length {
        metres(self.d0)
    }

    /// The cutoff distance, if any.
    pub fn cutoff(&self) -> Option<Length> {
        self.cutoff.get()
    }
}

impl Profile for PowerLawProfile {
    #[inline]
    fn probability_si(&self, d: f64) -> f64 {
        self.cutoff
            .apply(d, (d.max(self.d0) / self.d0).powf(self.neg_exponent))
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
            .min_distance(um(10.0))
            .unwrap()
            .max_distance(um(1000.0))
            .unwrap();
        assert_eq!(p.probability(um(0.0)), 1.0);
        assert_eq!(p.probability(um(10.0)), 1.0);
        assert!((p.probability(um(40.0)) - 0.125).abs() < 1e-15);
        assert_eq!(p.probability(um(1001.0)), 0.0);
        assert_eq!(p.exponent(), 1.5);
        assert_eq!(p.reference_distance(), um(10.0));
        assert_eq!(p.cutoff(), Some(um(1000.0)));
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
                PowerLawProfile::new(2.0).unwrap().min_distance(um(bad)),
                Err(InitError::InvalidParameter {
                    name: "min_distance",
                    ..
                })
            ));
        }
    }
}
