//! The sigmoid and logistic distance profiles: one formula,
//! `1 / (1 + exp(r·(d − m)))`, under braintools' two names and defaults.
//!
//! Rates are per unit length, typed as [`ReciprocalLength`]: braintools'
//! `slope=0.05` with distances in µm is
//! `ReciprocalLength::new::<reciprocal_micrometer>(0.05)` (or
//! `1.0 / Length::new::<micrometer>(20.0)`).
//!
//! braintools 0.3 evaluates these two profiles with
//! `jax.scipy.special.expit`, which computes in float32 unless JAX's x64
//! mode is on, so its values carry float32 precision (about 7 digits, and
//! exactly 0 once `r·(d − m)` exceeds about 88). We compute in f64.

use init_core::{InitError, check};
use uom::si::f64::{Length, ReciprocalLength};
use uom::si::reciprocal_length::reciprocal_micrometer;

use crate::profile::{Cutoff, Profile, metres};
use init_core::math::exp;

/// `1 / (1 + exp(rate·(d − midpoint)))`; never NaN (an overflowing
/// exponential gives 0, an underflowing one 1).
#[inline(always)]
fn logistic(rate: f64, midpoint: f64, d: f64) -> f64 {
    1.0 / (1.0 + exp(rate * (d - midpoint)))
}

fn rate(name: &'static str, r: ReciprocalLength) -> Result<f64, InitError> {
    check::finite(name, r)
}

/// Sigmoid profile: `p(d) = 1 / (1 + exp(s·(d − m)))`, ½ at the midpoint
/// `m`, falling with steepness `s` (default 0.05 per µm); 0 beyond the
/// optional `max_distance`.
///
/// # Example
///
/// ```
/// use init_spatial::{Profile, SigmoidProfile};
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// let s = SigmoidProfile::new(Length::new::<um>(150.0))?;
/// assert_eq!(s.probability(Length::new::<um>(150.0)), 0.5);
/// assert!(s.probability(Length::new::<um>(0.0)) > 0.999);
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// A negative slope makes the profile rise with distance (allowed, as in
/// braintools). See the module notes on braintools' float32 values.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SigmoidProfile {
    midpoint: f64,
    slope: f64,
    cutoff: Cutoff,
}

impl SigmoidProfile {
    /// Sigmoid centred on `midpoint`, slope 0.05 per µm. Errors:
    /// `midpoint` not finite or not > 0.
    pub fn new(midpoint: Length) -> Result<Self, InitError> {
        Ok(SigmoidProfile {
            midpoint: check::positive("midpoint", midpoint)?,
            slope: ReciprocalLength::new::<reciprocal_micrometer>(0.05).value,
            cutoff: Cutoff::NONE,
        })
    }

    /// Set the slope (per unit length). Errors: not finite.
    pub fn slope(mut self, slope: ReciprocalLength) -> Result<Self, InitError> {
        self.slope = rate("slope", slope)?;
        Ok(self)
    }

    /// Value 0 where `d > max`. Errors: `max` not finite or not > 0.
    pub fn max_distance(mut self, max: Length) -> Result<Self, InitError> {
        self.cutoff = Cutoff::new(max)?;
        Ok(self)
    }

    /// The midpoint.
    pub fn midpoint(&self) -> Length {
        metres(self.midpoint)
    }

    /// The slope.
    pub fn slope_value(&self) -> ReciprocalLength {
        <ReciprocalLength as init_core::Value>::from_si(self.slope)
    }

    /// The cutoff distance, if any.
    pub fn cutoff(&self) -> Option<Length> {
        self.cutoff.get()
    }
}

impl Profile for SigmoidProfile {
    #[inline]
    fn probability_si(&self, d: f64) -> f64 {
        self.cutoff.apply(d, logistic(self.slope, self.midpoint, d))
    }
}

crate::impl_profile_ops!([] SigmoidProfile);

/// Logistic profile: `p(d) = 1 / (1 + exp(r·(d − m)))` with growth rate `r`
/// (per unit length) and midpoint `m`; 0 beyond the optional
/// `max_distance`.
///
/// The same function as [`SigmoidProfile`]; braintools keeps both names, with the
/// rate required here.
///
/// # Example
///
/// ```
/// use init_spatial::{LogisticProfile, Profile};
/// use uom::si::{f64::{Length, ReciprocalLength}, length::micrometer as um,
///               reciprocal_length::reciprocal_micrometer as per_um};
///
/// let l = LogisticProfile::new(ReciprocalLength::new::<per_um>(0.1), Length::new::<um>(200.0))?;
/// assert_eq!(l.probability(Length::new::<um>(200.0)), 0.5);
/// # Ok::<(), init_core::InitError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LogisticProfile {
    rate: f64,
    midpoint: f64,
    cutoff: Cutoff,
}

impl LogisticProfile {
    /// Logistic decay at `growth_rate` around `midpoint`. Errors: the rate
    /// not finite; `midpoint` not finite or not > 0.
    pub fn new(growth_rate: ReciprocalLength, midpoint: Length) -> Result<Self, InitError> {
        Ok(LogisticProfile {
            rate: rate("growth_rate", growth_rate)?,
            midpoint: check::positive("midpoint", midpoint)?,
            cutoff: Cutoff::NONE,
        })
    }

    /// Value 0 where `d > max`. Errors: `max` not finite or not > 0.
    pub fn max_distance(mut self, max: Length) -> Result<Self, InitError> {
        self.cutoff = Cutoff::new(max)?;
        Ok(self)
    }

    /// The growth rate.
    pub fn growth_rate(&self) -> ReciprocalLength {
        <ReciprocalLength as init_core::Value>::from_si(self.rate)
    }

    /// The midpoint.
    pub fn midpoint(&self) -> Length {
        metres(self.midpoint)
    }

    /// The cutoff distance, if any.
    pub fn cutoff(&self) -> Option<Length> {
        self.cutoff.get()
    }
}

impl Profile for LogisticProfile {
    #[inline]
    fn probability_si(&self, d: f64) -> f64 {
        self.cutoff.apply(d, logistic(self.rate, self.midpoint, d))
    }
}

crate::impl_profile_ops!([] LogisticProfile);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::um;

    fn per_um(v: f64) -> ReciprocalLength {
        ReciprocalLength::new::<reciprocal_micrometer>(v)
    }

    #[test]
    fn values_in_f64() {
        let s = SigmoidProfile::new(um(150.0)).unwrap();
        assert_eq!(s.slope_value(), per_um(0.05));
        let exact = 1.0 / (1.0 + 7.5f64.exp());
        assert!((s.probability(um(300.0)) / exact - 1.0).abs() < 1e-14);
        // Far tail: f64 keeps it (float32 would give 0).
        let tail = s.probability(um(2500.0));
        assert!(tail > 0.0 && (tail / (-117.5f64).exp() - 1.0).abs() < 1e-12);
        // Overflowing exponentials give 0 and 1, never NaN.
        let steep = SigmoidProfile::new(um(1.0))
            .unwrap()
            .slope(per_um(1e6))
            .unwrap();
        assert_eq!(steep.probability(um(1000.0)), 0.0);
        assert_eq!(steep.probability(um(0.0)), 1.0);
        // The same function under its two names; 1/length builds a rate.
        // 1/(20 µm) and 0.05 µm⁻¹ may differ in the last bit, which the
        // exponential turns into a relative error of |x|·ε (x = 27.5 at
        // 700 µm): 1e-13 bounds it.
        let l = LogisticProfile::new(1.0 / um(20.0), um(150.0)).unwrap();
        for d in [0.0, 120.0, 150.0, 700.0] {
            let (a, b) = (l.probability(um(d)), s.probability(um(d)));
            assert!((a - b).abs() <= 1e-13 * b, "d = {d}: {a} vs {b}");
        }
        assert_eq!(l.midpoint(), um(150.0));
    }

    #[test]
    fn invalid_parameters() {
        assert!(matches!(
            SigmoidProfile::new(um(0.0)),
            Err(InitError::InvalidParameter {
                name: "midpoint",
                ..
            })
        ));
        assert!(matches!(
            SigmoidProfile::new(um(1.0))
                .unwrap()
                .slope(per_um(f64::NAN)),
            Err(InitError::InvalidParameter { name: "slope", .. })
        ));
        assert!(matches!(
            LogisticProfile::new(per_um(f64::INFINITY), um(1.0)),
            Err(InitError::InvalidParameter {
                name: "growth_rate",
                ..
            })
        ));
        assert!(matches!(
            LogisticProfile::new(per_um(0.1), um(f64::NAN)),
            Err(InitError::InvalidParameter {
                name: "midpoint",
                ..
            })
        ));
    }
}
