//! The [`Profile`] trait: a dimensionless function of distance.

use std::sync::Arc;

use init_core::InitError;
use uom::si::f64::Length;

use crate::algebra::{ProfileApply, ProfileClip};

/// A distance profile: maps a distance `d >= 0` to a dimensionless value.
///
/// braintools reads one profile two ways, [`Profile::probability`] (the
/// probability that a pair at distance `d` connects, for connectivity
/// builders) and [`Profile::weight_scaling`] (the factor that multiplies a
/// weight at distance `d`, for [`crate::DistanceModulated`]). For every
/// built-in profile the two are one function, so a profile here *is* that
/// function, [`Profile::value_si`]; the two names are kept for readers of
/// braintools code and return the same number.
///
/// Internally distances travel as `f64` in metres (the `_si` method is the
/// one to implement); the [`Length`] methods are the typed entry points.
///
/// Two optional facts let consumers skip work without changing a value:
/// [`Profile::value_bounds`] (what the profile can return at all) and
/// [`Profile::radius_below`] (a distance beyond which it stays below a
/// level). Both must hold for the *computed* values, rounding included.
///
/// ```
/// use init_spatial::{GaussianProfile, Profile};
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// let g = GaussianProfile::new(Length::new::<um>(100.0))?;
/// assert_eq!(g.probability(Length::new::<um>(0.0)), 1.0);
/// assert!((g.weight_scaling(Length::new::<um>(100.0)) - (-0.5f64).exp()).abs() < 1e-15);
/// assert_eq!(g.value_bounds(), Some((0.0, 1.0)));
/// # Ok::<(), init_core::InitError>(())
/// ```
pub trait Profile: Send + Sync {
    /// The value at distance `d` metres.
    fn value_si(&self, d: f64) -> f64;

    /// Bounds `(lo, hi)` that every value this profile computes lies
    /// within, at any distance (NaN aside; `lo` may be `−∞` and `hi` `+∞`
    /// where one side is open), when known; `None` (the default) when not.
    ///
    /// Consumers rely on them: a floored `DistanceModulated` skips elements
    /// only for a profile with `lo >= 0` (a negative scaling times a
    /// negative base could rise above the floor), and a connectivity rule
    /// refuses a profile with `hi > 1` as a probability. So they must be
    /// sound for the computed values, not merely for the formula.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        None
    }

    /// A distance beyond which the value is at most `level`: `r >= 0`
    /// (metres) such that `value_si(d) <= level` for every `d >= r`, if the
    /// profile knows one; `None` (the default) when it does not.
    ///
    /// Consumers decide work without evaluating the profile: a sparse
    /// connector takes `radius_below(0.0)` as its mask when none is given
    /// (every built-in with a `max_distance` has one), and a floored
    /// `DistanceModulated` skips elements whose weight can only be the
    /// floor. So the bound must hold for the *computed* values, rounding
    /// included: implementations round outward (a relative margin of about
    /// 1e-9 in the exponent or the distance), never inward.
    fn radius_below(&self, _level: f64) -> Option<f64> {
        None
    }

    /// The values at many distances (metres) at once: `out[k] =
    /// value_si(d[k])`. The default loop is compiled for each profile
    /// type, so a caller holding a `dyn Profile` pays one indirect call per
    /// batch, not per distance, and the profile's formula is inlined in
    /// the loop (a sparse connector evaluates one batch per neuron).
    /// Override only to compute the same values faster.
    ///
    /// ```
    /// use init_spatial::{GaussianProfile, Profile};
    /// use uom::si::{f64::Length, length::micrometer as um};
    ///
    /// let g = GaussianProfile::new(Length::new::<um>(100.0))?;
    /// let (d, mut v) = ([0.0, 1e-4], [0.0; 2]);
    /// g.values_si(&d, &mut v);
    /// assert_eq!(v, [g.value_si(0.0), g.value_si(1e-4)]);
    /// # Ok::<(), init_core::InitError>(())
    /// ```
    fn values_si(&self, d: &[f64], out: &mut [f64]) {
        for (o, &x) in out.iter_mut().zip(d) {
            *o = self.value_si(x);
        }
    }

    /// The value at distance `d`.
    #[inline]
    fn value(&self, d: Length) -> f64 {
        self.value_si(d.value)
    }

    /// Connection probability at distance `d`: [`Profile::value`], under
    /// braintools' name.
    #[inline]
    fn probability(&self, d: Length) -> f64 {
        self.value_si(d.value)
    }

    /// Weight scaling at distance `d`: [`Profile::value`], under
    /// braintools' name.
    #[inline]
    fn weight_scaling(&self, d: Length) -> f64 {
        self.value_si(d.value)
    }

    /// Clamp the values to `[min, max]`; either bound may be `None`
    /// (`p.clip(0.1, 0.9)`, `p.clip(None, 0.9)`).
    ///
    /// Errors: a NaN bound, or `min > max`.
    fn clip(
        self,
        min: impl Into<Option<f64>>,
        max: impl Into<Option<f64>>,
    ) -> Result<ProfileClip<Self>, InitError>
    where
        Self: Sized,
    {
        ProfileClip::new(self, min.into(), max.into())
    }

    /// Apply `f` to the values: `d ↦ f(p(d))`. Chains read left to right
    /// (`p.apply(f).apply(g)` is `g(f(p(d)))`); the pipe operator `p | f`
    /// is the same adaptor.
    fn apply<F>(self, f: F) -> ProfileApply<Self, F>
    where
        Self: Sized,
        F: Fn(f64) -> f64 + Send + Sync,
    {
        ProfileApply::new(self, f)
    }

    /// Box this profile, to keep profiles of different types in one list.
    fn boxed(self) -> BoxedProfile
    where
        Self: Sized + 'static,
    {
        Box::new(self)
    }
}

/// Whether every value of `p` is `>= 0` (NaN aside), by its bounds.
pub(crate) fn non_negative<P: Profile + ?Sized>(p: &P) -> bool {
    p.value_bounds().is_some_and(|(lo, _)| lo >= 0.0)
}

/// The value of `p` if its bounds say it is one number everywhere.
pub(crate) fn constant_value<P: Profile + ?Sized>(p: &P) -> Option<f64> {
    p.value_bounds()
        .filter(|(lo, hi)| lo == hi)
        .map(|(lo, _)| lo)
}

/// A heap-allocated profile, for heterogeneous lists; it is itself a
/// [`Profile`] and has the operators.
pub type BoxedProfile = Box<dyn Profile>;

/// One number at every distance: what a plain `f64` becomes in the
/// profile algebra (`0.7 * p + 0.3`), and a constant connection
/// probability.
///
/// ```
/// use init_spatial::{ConstantProfile, Profile};
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// let c = ConstantProfile::new(0.25)?;
/// assert_eq!(c.probability(Length::new::<um>(123.0)), 0.25);
/// assert_eq!(c.value_bounds(), Some((0.25, 0.25)));
/// # Ok::<(), init_core::InitError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use]
pub struct ConstantProfile(f64);

impl ConstantProfile {
    /// 1 everywhere.
    pub const ONE: ConstantProfile = ConstantProfile(1.0);

    /// The profile that is `value` everywhere. Errors: `value` not finite.
    pub fn new(value: f64) -> Result<Self, InitError> {
        Ok(ConstantProfile(finite("value", value)?))
    }

    /// A number of the algebra (`p + 0.5`), taken as it is: a NaN or
    /// infinite operand is not refused here (an operator cannot return an
    /// error) but it makes the profile's bounds unknown, which the
    /// consumers treat soundly.
    pub(crate) fn operand(value: f64) -> Self {
        ConstantProfile(value)
    }

    /// The value.
    pub fn get(&self) -> f64 {
        self.0
    }
}

impl Profile for ConstantProfile {
    #[inline(always)]
    fn value_si(&self, _: f64) -> f64 {
        self.0
    }
    fn value_bounds(&self) -> Option<(f64, f64)> {
        self.0.is_finite().then_some((self.0, self.0))
    }
    fn radius_below(&self, level: f64) -> Option<f64> {
        (self.0 <= level).then_some(0.0)
    }
}

crate::impl_profile_ops!([] ConstantProfile);

/// What can stand as an operand of the profile algebra: any [`Profile`],
/// and a plain `f64` (a [`ConstantProfile`]).
///
/// This indirection is why `f64` need not be a profile itself: a number is
/// a constant *initializer* (`init * 2.0`), and a type with two meanings
/// made `0.5f64.clip(..)` ambiguous.
pub trait IntoProfile {
    /// The profile it becomes.
    type Profile: Profile;
    /// Convert.
    fn into_profile(self) -> Self::Profile;
}

impl<P: Profile> IntoProfile for P {
    type Profile = P;
    #[inline(always)]
    fn into_profile(self) -> P {
        self
    }
}

impl IntoProfile for f64 {
    type Profile = ConstantProfile;
    #[inline(always)]
    fn into_profile(self) -> ConstantProfile {
        ConstantProfile::operand(self)
    }
}

macro_rules! forward_profile {
    ($($ptr:ty),*) => {$(
        impl<P: Profile + ?Sized> Profile for $ptr {
            #[inline]
            fn value_si(&self, d: f64) -> f64 {
                (**self).value_si(d)
            }
            fn values_si(&self, d: &[f64], out: &mut [f64]) {
                (**self).values_si(d, out)
            }
            fn value_bounds(&self) -> Option<(f64, f64)> {
                (**self).value_bounds()
            }
            fn radius_below(&self, level: f64) -> Option<f64> {
                (**self).radius_below(level)
            }
        }
    )*};
}
forward_profile!(Box<P>, Arc<P>, &P);

/// The optional `max_distance` of the built-in profiles: the value is 0
/// where `d > max_distance`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Cutoff(f64);

impl Cutoff {
    /// No cutoff.
    pub(crate) const NONE: Cutoff = Cutoff(f64::INFINITY);

    /// A cutoff at `max`. Errors: `max` not finite or not > 0.
    pub(crate) fn new(max: Length) -> Result<Self, InitError> {
        Ok(Cutoff(init_core::check::positive("max_distance", max)?))
    }

    /// `v` inside the cutoff, 0 beyond it.
    #[inline(always)]
    pub(crate) fn apply(self, d: f64, v: f64) -> f64 {
        if d > self.0 { 0.0 } else { v }
    }

    /// The cutoff as a length, if any.
    pub(crate) fn get(self) -> Option<Length> {
        self.0.is_finite().then(|| metres(self.0))
    }

    /// `bounds` widened to hold the 0 a cutoff gives beyond it.
    pub(crate) fn bounds(self, (lo, hi): (f64, f64)) -> (f64, f64) {
        if self.0.is_finite() {
            (lo.min(0.0), hi.max(0.0))
        } else {
            (lo, hi)
        }
    }

    /// A radius beyond which the value is exactly 0 (the smallest double
    /// above the cutoff: at the cutoff itself the value is not yet 0).
    pub(crate) fn zero_beyond(self) -> Option<f64> {
        self.0.is_finite().then(|| self.0.next_up())
    }

    /// Combine a radius beyond which a profile is at most `level` with the
    /// cutoff (beyond which it is 0): for `level >= 0` the smaller of the
    /// two works; for `level < 0` (or NaN) a cutoff's zeros exceed the
    /// level at every distance beyond it, so there is no radius at all.
    pub(crate) fn limit(self, level: f64, radius: Option<f64>) -> Option<f64> {
        if level.is_nan() || level < 0.0 {
            return radius.filter(|_| !self.0.is_finite() && !level.is_nan());
        }
        match (radius, self.zero_beyond()) {
            (Some(r), Some(z)) => Some(r.min(z)),
            (r, z) => r.or(z),
        }
    }
}

/// `v` must be finite (amplitudes, probabilities, exponents).
pub(crate) fn finite(name: &'static str, v: f64) -> Result<f64, InitError> {
    init_core::check::finite(name, v)
}

/// A length from metres.
#[inline]
pub(crate) fn metres(v: f64) -> Length {
    <Length as init_core::Value>::from_si(v)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::GaussianProfile;
    use uom::si::length::micrometer;

    fn um(v: f64) -> Length {
        Length::new::<micrometer>(v)
    }

    /// For levels across (0, 1] and beyond, every distance at or beyond
    /// `radius_below(level)` (the radius itself, the next doubles above
    /// it, and a geometric ladder up to 100 times it) has a computed value
    /// at most `level`. Levels where the profile gives `None` are skipped
    /// (`None` is always sound). And when the profile states
    /// [`Profile::value_bounds`], every value on a sweep of distances from
    /// 0 to 1 km (linear near 0, then geometric) lies within them.
    pub(crate) fn assert_radius_below_is_sound<P: Profile>(p: &P) {
        if let Some((lo, hi)) = p.value_bounds() {
            assert!(lo <= hi, "bounds ({lo}, {hi})");
            let mut d = 1e-9;
            let ladder = std::iter::from_fn(|| {
                d *= 1.01;
                (d < 1e3).then_some(d)
            });
            for d in (0..2000).map(|k| k as f64 * 1e-6).chain(ladder) {
                let v = p.value_si(d);
                assert!(
                    (lo <= v && v <= hi) || v.is_nan(),
                    "value {v:e} outside ({lo:e}, {hi:e}) at d = {d:e} m"
                );
            }
        }
        let mut levels = vec![0.0, 1.0, 1.5, 1e-300, -1e-12, -0.25, -1.0];
        for k in 1..200 {
            levels.push(10f64.powf(-(k as f64) * 0.15));
            levels.push(1.0 - 10f64.powf(-(k as f64) * 0.08));
        }
        for &level in &levels {
            let Some(r) = p.radius_below(level) else {
                continue;
            };
            assert!(r >= 0.0 && !r.is_nan(), "radius {r} for level {level}");
            let mut ds = vec![r, r.next_up(), r.next_up().next_up()];
            let mut d = r.max(1e-9);
            for _ in 0..60 {
                d *= 1.08;
                ds.push(d);
            }
            for d in ds {
                let v = p.value_si(d);
                assert!(
                    v <= level,
                    "value {v:e} > level {level:e} at d = {d:e} >= r = {r:e}"
                );
            }
        }
    }

    #[test]
    fn pointers_and_boxes_forward() {
        let g = GaussianProfile::new(um(100.0)).unwrap();
        let d = um(37.5);
        let direct = g.probability(d);
        assert_eq!(Profile::probability(&&g, d), direct);
        assert_eq!(Arc::new(g).weight_scaling(d), direct);
        let list: Vec<BoxedProfile> =
            vec![g.boxed(), Box::new(ConstantProfile::new(0.25).unwrap())];
        assert_eq!(list[0].probability(d), direct);
        assert_eq!(list[1].weight_scaling(d), 0.25);
    }

    #[test]
    fn cutoff_is_strict_and_validated() {
        let c = Cutoff::new(um(200.0)).unwrap();
        assert_eq!(c.apply(um(200.0).value, 0.5), 0.5);
        assert_eq!(c.apply(um(200.1).value, 0.5), 0.0);
        assert_eq!(c.get(), Some(um(200.0)));
        assert_eq!(Cutoff::NONE.get(), None);
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                Cutoff::new(um(bad)),
                Err(InitError::InvalidParameter {
                    name: "max_distance",
                    ..
                })
            ));
        }
    }
}
