//! The Mexican-hat (Ricker wavelet) distance profile.

use init_core::{InitError, check};
use uom::si::f64::Length;

use crate::profile::{Cutoff, Profile, finite, metres};
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
    pub fn amplitude(mut self, a: f64) -> Result<Self, InitError> {
        self.amplitude = finite("amplitude", a)?;
        Ok(self)
    }

    /// Value 0 where `d > max`. Errors: `max` not finite or not > 0.
    pub fn max_distance(mut self, max: Length) -> Result<Self, InitError> {
        self.cutoff = Cutoff::new(max)?;
        Ok(self)
    }

    /// The width σ.
    pub fn sigma(&self) -> Length {
        metres(self.sigma)
    }

    /// The cutoff distance, if any.
    pub fn cutoff(&self) -> Option<Length> {
        self.cutoff.get()
    }
}

impl Profile for MexicanHatProfile {
    #[inline]
    fn probability_si(&self, d: f64) -> f64 {
        // Divides (as braintools does) so that d = σ gives exactly 1 − 1 = 0.
        let r = d / self.sigma;
        let r2 = r * r;
        let v = self.amplitude * (1.0 - r2) * exp(-r2 / 2.0);
        self.cutoff.apply(d, v.max(0.0))
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
            .amplitude(2.0)
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
}
