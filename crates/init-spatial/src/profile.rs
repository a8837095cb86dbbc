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
mod tests {
    use super::*;
    use crate::GaussianProfile;
    use uom::si::length::micrometer;

    fn um(v: f64) -> Length {
        Length::new::<micrometer>(v)
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
