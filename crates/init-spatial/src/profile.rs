//! The [`Profile`] trait: a dimensionless function of distance.

use std::sync::Arc;

use init_core::InitError;
use uom::si::f64::Length;

use crate::algebra::{Apply, Clip};

/// A distance profile: maps a distance `d >= 0` to a dimensionless value.
///
/// Two readings of one profile, as in braintools:
///
/// * [`Profile::probability`]: the probability that a pair at distance `d`
///   is connected (used by connectivity builders);
/// * [`Profile::weight_scaling`]: the factor that multiplies a weight at
///   distance `d` (used by [`crate::DistanceModulated`]).
///
/// For every built-in profile they are the same function; compositions
/// (`p + q`, `p.clip(..)`, ...) combine each reading separately.
///
/// Internally distances travel as `f64` in metres (the `_si` methods, the
/// ones to implement); the [`Length`] methods are the typed entry points.
///
/// ```
/// use init_spatial::{GaussianProfile, Profile};
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// let g = GaussianProfile::new(Length::new::<um>(100.0))?;
/// assert_eq!(g.probability(Length::new::<um>(0.0)), 1.0);
/// assert!((g.weight_scaling(Length::new::<um>(100.0)) - (-0.5f64).exp()).abs() < 1e-15);
/// # Ok::<(), init_core::InitError>(())
/// ```
pub trait Profile: Send + Sync {
    /// Connection probability at distance `d` metres.
    fn probability_si(&self, d: f64) -> f64;

    /// Weight scaling at distance `d` metres; the same as
    /// [`Profile::probability_si`] unless overridden.
    #[inline]
    fn weight_scaling_si(&self, d: f64) -> f64 {
        self.probability_si(d)
    }

    /// A distance beyond which the probability is at most `level`: `r >= 0`
    /// (metres) such that `probability_si(d) <= level` for every `d >= r`,
    /// if the profile knows one; `None` when it does not (the default).
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

    /// Whether every weight scaling this profile computes is `>= 0` (NaN
    /// aside). `false` (the default) is always safe; a floored
    /// `DistanceModulated` needs `true` to skip work, because a negative
    /// scaling times a negative base value could rise above the floor.
    fn weight_non_negative(&self) -> bool {
        false
    }

    /// [`Profile::radius_below`] for [`Profile::weight_scaling_si`]. The
    /// default is `None`: a profile whose weight scaling is its probability
    /// forwards to `radius_below` (all built-ins do).
    fn weight_radius_below(&self, _level: f64) -> Option<f64> {
        None
    }

    /// The value of this profile if it is one number at every distance,
    /// for both readings (a plain `f64`); `None` (the default) otherwise.
    ///
    /// The algebra uses it to bound compositions with a number
    /// (`0.5 * p`, `p / 2.0`, `p + 0.1`) in [`Profile::radius_below`].
    fn constant_value(&self) -> Option<f64> {
        None
    }

    /// Connection probability at distance `d`.
    #[inline]
    fn probability(&self, d: Length) -> f64 {
        self.probability_si(d.value)
    }

    /// Weight scaling at distance `d`.
    #[inline]
    fn weight_scaling(&self, d: Length) -> f64 {
        self.weight_scaling_si(d.value)
    }

    /// Clamp both readings to `[min, max]`; either bound may be `None`
    /// (`p.clip(0.1, 0.9)`, `p.clip(None, 0.9)`).
    ///
    /// Errors: a NaN bound, or `min > max`.
    fn clip(
        self,
        min: impl Into<Option<f64>>,
        max: impl Into<Option<f64>>,
    ) -> Result<Clip<Self>, InitError>
    where
        Self: Sized,
    {
        Clip::new(self, min.into(), max.into())
    }

    /// Apply `f` to both readings: `d ↦ f(p(d))`. Chains read left to right
    /// (`p.apply(f).apply(g)` is `g(f(p(d)))`); the pipe operator `p | f`
    /// is the same adaptor.
    fn apply<F>(self, f: F) -> Apply<Self, F>
    where
        Self: Sized,
        F: Fn(f64) -> f64 + Send + Sync,
    {
        Apply::new(self, f)
    }

    /// Box this profile, to keep profiles of different types in one list.
    fn boxed(self) -> BoxedProfile
    where
        Self: Sized + 'static,
    {
        Box::new(self)
    }
}

/// A heap-allocated profile, for heterogeneous lists; it is itself a
/// [`Profile`] and has the operators.
pub type BoxedProfile = Box<dyn Profile>;

/// A plain number is the constant profile, so that `0.7 * p + 0.3` works.
impl Profile for f64 {
    #[inline(always)]
    fn probability_si(&self, _: f64) -> f64 {
        *self
    }
    fn radius_below(&self, level: f64) -> Option<f64> {
        (*self <= level).then_some(0.0)
    }
    fn weight_radius_below(&self, level: f64) -> Option<f64> {
        self.radius_below(level)
    }
    fn constant_value(&self) -> Option<f64> {
        Some(*self)
    }
    fn weight_non_negative(&self) -> bool {
        *self >= 0.0
    }
}

macro_rules! forward_profile {
    ($($ptr:ty),*) => {$(
        impl<P: Profile + ?Sized> Profile for $ptr {
            #[inline]
            fn probability_si(&self, d: f64) -> f64 {
                (**self).probability_si(d)
            }
            #[inline]
            fn weight_scaling_si(&self, d: f64) -> f64 {
                (**self).weight_scaling_si(d)
            }
            fn radius_below(&self, level: f64) -> Option<f64> {
                (**self).radius_below(level)
            }
            fn weight_radius_below(&self, level: f64) -> Option<f64> {
                (**self).weight_radius_below(level)
            }
            fn constant_value(&self) -> Option<f64> {
                (**self).constant_value()
            }
            fn weight_non_negative(&self) -> bool {
                (**self).weight_non_negative()
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
    /// at most `level`, for both readings. Levels where the profile gives
    /// `None` are skipped (`None` is always sound). And when the profile
    /// claims [`Profile::weight_non_negative`], no weight scaling on a
    /// sweep of distances from 0 to 1 km (linear near 0, then geometric)
    /// is negative.
    pub(crate) fn assert_radius_below_is_sound<P: Profile>(p: &P) {
        if p.weight_non_negative() {
            let mut d = 1e-9;
            let ladder = std::iter::from_fn(|| {
                d *= 1.01;
                (d < 1e3).then_some(d)
            });
            for d in (0..2000).map(|k| k as f64 * 1e-6).chain(ladder) {
                let v = p.weight_scaling_si(d);
                assert!(v >= 0.0 || v.is_nan(), "weight {v:e} < 0 at d = {d:e} m");
            }
        }
        let mut levels = vec![0.0, 1.0, 1.5, 1e-300, -1e-12, -0.25, -1.0];
        for k in 1..200 {
            levels.push(10f64.powf(-(k as f64) * 0.15));
            levels.push(1.0 - 10f64.powf(-(k as f64) * 0.08));
        }
        for &level in &levels {
            for (name, r, f) in [
                (
                    "probability",
                    p.radius_below(level),
                    &(|d| p.probability_si(d)) as &dyn Fn(f64) -> f64,
                ),
                ("weight", p.weight_radius_below(level), &|d| {
                    p.weight_scaling_si(d)
                }),
            ] {
                let Some(r) = r else { continue };
                assert!(
                    r >= 0.0 && !r.is_nan(),
                    "{name}: radius {r} for level {level}"
                );
                let mut ds = vec![r, r.next_up(), r.next_up().next_up()];
                let mut d = r.max(1e-9);
                for _ in 0..60 {
                    d *= 1.08;
                    ds.push(d);
                }
                for d in ds {
                    let v = f(d);
                    assert!(
                        v <= level,
                        "{name}: value {v:e} > level {level:e} at d = {d:e} >= r = {r:e}"
                    );
                }
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
        let list: Vec<BoxedProfile> = vec![g.boxed(), Box::new(0.25)];
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
