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
use crate::radius::nudge_up;
use init_core::math::exp;

/// `1 / (1 + exp(rate·(d − midpoint)))`; never NaN (an overflowing
/// exponential gives 0, an underflowing one 1).
#[inline(always)]
fn logistic(rate: f64, midpoint: f64, d: f64) -> f64 {
    1.0 / (1.0 + exp(rate * (d - midpoint)))
}

/// A radius beyond which the computed [`logistic`] is at most `level`:
///
/// * `level >= 1`: 0 (`1/(1 + e)` with `e >= 0` computes to at most 1);
/// * rate 0: 0 for `level >= 1/2` (the value is exactly ½), else `None`;
/// * rate > 0, `0 < level < 1`: `m + (ln(X − 1) + 1e-9)/rate`, checked
///   and moved outward until it holds for the computed exponent, where
///   `X` is a double with `fl(1/X) <= level` (about `1/level`);
/// * otherwise (`level <= 0`, or a rising profile) `None`.
///
/// Why that holds for computed values: the computed exponent
/// `y = fl(rate·fl(d − m))` is monotone in `d`, so `y >= ln(X − 1) + 1e-9`
/// at the radius (checked there, by the same operations) holds beyond it.
/// Then `exp(y)` (3 ulps at most from `e^y`; `ln` and `X − 1` cost about
/// 2e-13 of the margin) is at least `X − 1`, the rounded `1 + exp(y)` at
/// least `X`, and its rounded reciprocal at most `fl(1/X) <= level`. Going
/// through `X` rather than a margin in the exponent keeps the bound sound
/// near `level = 1`, where `1/level − 1` is smaller than the rounding of
/// `1 + e`.
fn logistic_radius(rate: f64, midpoint: f64, level: f64) -> Option<f64> {
    if level >= 1.0 {
        return Some(0.0);
    }
    if rate == 0.0 {
        return (level >= 0.5).then_some(0.0);
    }
    if rate.is_nan() || rate < 0.0 || level.is_nan() || level <= 0.0 {
        return None;
    }
    let mut x = 1.0 / level;
    for _ in 0..4 {
        if 1.0 / x <= level {
            break;
        }
        x = x.next_up();
    }
    if 1.0 / x > level {
        return None;
    }
    // x > 1 (as 1/1 = 1 > level), so the logarithm is above −∞; an
    // infinite x (a subnormal level) gives no radius.
    let k = (x - 1.0).ln() + 1e-9;
    let r = nudge_up(midpoint + k / rate, |r| rate * (r - midpoint) >= k)?;
    Some(r.max(0.0))
}

fn rate(name: &'static str, r: ReciprocalLength) -> Result<f64, InitError> {
    check::finite(name, r)
}

/// Sigmoid profile: `p(d) = 1 / (1 + exp(s·(d − m)))`, ½ at the midpoint
/// `m`, falling with steepness `s` (default 0.05 per µm); 0 beyond the
/// optional `max_distance`.
///
/// It is [`LogisticProfile`] under braintools' other name and defaults
/// (the slope optional, 0.05 per µm): one implementation, two entry points.
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
#[must_use]
pub struct SigmoidProfile(LogisticProfile);

impl SigmoidProfile {
    /// Sigmoid centred on `midpoint`, slope 0.05 per µm. Errors:
    /// `midpoint` not finite or not > 0.
    pub fn new(midpoint: Length) -> Result<Self, InitError> {
        let slope = ReciprocalLength::new::<reciprocal_micrometer>(0.05);
        Ok(SigmoidProfile(LogisticProfile::new(slope, midpoint)?))
    }

    /// Set the slope (per unit length). Errors: not finite.
    pub fn with_slope(mut self, slope: ReciprocalLength) -> Result<Self, InitError> {
        self.0.rate = rate("slope", slope)?;
        Ok(self)
    }

    /// Value 0 where `d > max`. Errors: `max` not finite or not > 0.
    pub fn with_max_distance(self, max: Length) -> Result<Self, InitError> {
        Ok(SigmoidProfile(self.0.with_max_distance(max)?))
    }

    /// The midpoint.
    pub fn midpoint(&self) -> Length {
        self.0.midpoint()
    }

    /// The slope.
    pub fn slope(&self) -> ReciprocalLength {
        self.0.growth_rate()
    }

    /// The distance beyond which the value is 0, if any.
    pub fn max_distance(&self) -> Option<Length> {
        self.0.max_distance()
    }
}

impl Profile for SigmoidProfile {
    #[inline]
    fn value_si(&self, d: f64) -> f64 {
        self.0.value_si(d)
    }
    fn value_bounds(&self) -> Option<(f64, f64)> {
        self.0.value_bounds()
    }
    fn radius_below(&self, level: f64) -> Option<f64> {
        self.0.radius_below(level)
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
#[must_use]
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
    pub fn with_max_distance(mut self, max: Length) -> Result<Self, InitError> {
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

    /// The distance beyond which the value is 0, if any.
    pub fn max_distance(&self) -> Option<Length> {
        self.cutoff.get()
    }
}

impl Profile for LogisticProfile {
    #[inline]
    fn value_si(&self, d: f64) -> f64 {
        self.cutoff.apply(d, logistic(self.rate, self.midpoint, d))
    }

    /// `1/(1 + e)` with `e = exp(…) >= 0` is in [0, 1].
    fn value_bounds(&self) -> Option<(f64, f64)> {
        Some((0.0, 1.0))
    }

    /// See the module's `logistic_radius`: for a falling profile and
    /// `0 < level < 1`, about `m + ln(1/level − 1)/r`, checked on the
    /// computed exponent; 0 for `level >= 1`; the cutoff's for `level >= 0`
    /// where there is no other.
    fn radius_below(&self, level: f64) -> Option<f64> {
        self.cutoff
            .limit(level, logistic_radius(self.rate, self.midpoint, level))
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
        assert_eq!(s.slope(), per_um(0.05));
        let exact = 1.0 / (1.0 + 7.5f64.exp());
        assert!((s.probability(um(300.0)) / exact - 1.0).abs() < 1e-14);
        // Far tail: f64 keeps it (float32 would give 0).
        let tail = s.probability(um(2500.0));
        assert!(tail > 0.0 && (tail / (-117.5f64).exp() - 1.0).abs() < 1e-12);
        // Overflowing exponentials give 0 and 1, never NaN.
        let steep = SigmoidProfile::new(um(1.0))
            .unwrap()
            .with_slope(per_um(1e6))
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
    fn radius_below_bounds_the_computed_values() {
        use crate::profile::tests::assert_radius_below_is_sound;
        for m in [1e-3, 1.0, 150.0, 1e5] {
            for rate in [1e-4, 0.05, 3.0, 1e6, 0.0, -0.05] {
                let s = SigmoidProfile::new(um(m))
                    .unwrap()
                    .with_slope(per_um(rate))
                    .unwrap();
                assert_radius_below_is_sound(&s);
                assert_radius_below_is_sound(&s.with_max_distance(um(2.0 * m)).unwrap());
                let l = LogisticProfile::new(per_um(rate), um(m)).unwrap();
                assert_radius_below_is_sound(&l);
            }
        }
        let s = SigmoidProfile::new(um(150.0)).unwrap();
        // 1/(1 + e^(0.05·(d − 150))) = 0.01 at d = 150 + 20·ln 99 µm.
        let r = s.radius_below(0.01).unwrap();
        let exact = 150e-6 + 20e-6 * 99f64.ln();
        assert!(r >= exact && (r / exact - 1.0).abs() < 1e-8, "{r}");
        assert_eq!(s.radius_below(0.0), None);
        assert_eq!(s.radius_below(1.0), Some(0.0));
        let flat = s.with_slope(per_um(0.0)).unwrap();
        assert_eq!(flat.radius_below(0.5), Some(0.0));
        assert_eq!(flat.radius_below(0.4), None);
        let rising = LogisticProfile::new(per_um(-0.1), um(100.0)).unwrap();
        assert_eq!(rising.radius_below(0.9), None);
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
                .with_slope(per_um(f64::NAN)),
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
