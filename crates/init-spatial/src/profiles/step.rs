//! The step distance profile.

use init_core::{InitError, check};
use uom::si::f64::Length;

use crate::profile::{Cutoff, Profile, finite, metres};

/// Step profile: `p(d) = inside` if `d <= threshold`, else `outside`
/// (defaults 1 and 0); 0 beyond the optional `max_distance`.
///
/// # Example
///
/// ```
/// use init_spatial::{Profile, StepProfile};
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// let s = StepProfile::new(Length::new::<um>(100.0))?.with_levels(1.0, 0.2)?;
/// assert_eq!(s.probability(Length::new::<um>(100.0)), 1.0);
/// assert_eq!(s.probability(Length::new::<um>(100.5)), 0.2);
/// # Ok::<(), init_core::InitError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepProfile {
    threshold: f64,
    inside: f64,
    outside: f64,
    cutoff: Cutoff,
}

impl StepProfile {
    /// A step at `threshold`: 1 inside, 0 outside. Errors: `threshold` not
    /// finite or not > 0.
    pub fn new(threshold: Length) -> Result<Self, InitError> {
        Ok(StepProfile {
            threshold: check::positive("threshold", threshold)?,
            inside: 1.0,
            outside: 0.0,
            cutoff: Cutoff::NONE,
        })
    }

    /// The values inside (`d <= threshold`) and outside. Errors: either
    /// not finite.
    pub fn with_levels(mut self, inside: f64, outside: f64) -> Result<Self, InitError> {
        self.inside = finite("inside_prob", inside)?;
        self.outside = finite("outside_prob", outside)?;
        Ok(self)
    }

    /// Value 0 where `d > max`. Errors: `max` not finite or not > 0.
    pub fn with_max_distance(mut self, max: Length) -> Result<Self, InitError> {
        self.cutoff = Cutoff::new(max)?;
        Ok(self)
    }

    /// The threshold distance.
    pub fn threshold(&self) -> Length {
        metres(self.threshold)
    }

    /// The (inside, outside) values.
    pub fn levels(&self) -> (f64, f64) {
        (self.inside, self.outside)
    }

    /// The distance beyond which the value is 0, if any.
    pub fn max_distance(&self) -> Option<Length> {
        self.cutoff.get()
    }
}

impl Profile for StepProfile {
    #[inline]
    fn value_si(&self, d: f64) -> f64 {
        let v = if d <= self.threshold {
            self.inside
        } else {
            self.outside
        };
        self.cutoff.apply(d, v)
    }

    /// 0 when both levels are at most `level`; the double after the
    /// threshold when only `outside` is (beyond the threshold the value is
    /// `outside`, exactly); otherwise `None`. Combined with the cutoff
    /// (for `level >= 0`, the value is 0 beyond it).
    fn radius_below(&self, level: f64) -> Option<f64> {
        let r = if self.inside <= level && self.outside <= level {
            Some(0.0)
        } else if self.outside <= level {
            Some(self.threshold.next_up())
        } else {
            None
        };
        self.cutoff.limit(level, r)
    }

    /// The two levels (and the cutoff's 0).
    fn value_bounds(&self) -> Option<(f64, f64)> {
        let (i, o) = (self.inside, self.outside);
        Some(self.cutoff.bounds((i.min(o), i.max(o))))
    }
}

crate::impl_profile_ops!([] StepProfile);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::um;

    #[test]
    fn values_and_validation() {
        let s = StepProfile::new(um(100.0)).unwrap();
        assert_eq!(s.levels(), (1.0, 0.0));
        assert_eq!(s.probability(um(0.0)), 1.0);
        assert_eq!(s.probability(um(150.0)), 0.0);
        let s = s
            .with_levels(0.8, 0.1)
            .unwrap()
            .with_max_distance(um(300.0))
            .unwrap();
        assert_eq!(s.probability(um(200.0)), 0.1);
        assert_eq!(s.probability(um(300.1)), 0.0);
        assert_eq!(s.threshold(), um(100.0));
        assert!(matches!(
            s.with_levels(f64::NAN, 0.0),
            Err(InitError::InvalidParameter {
                name: "inside_prob",
                ..
            })
        ));
        assert!(matches!(
            StepProfile::new(um(-1.0)),
            Err(InitError::InvalidParameter {
                name: "threshold",
                ..
            })
        ));
    }

    #[test]
    fn radius_below_bounds_the_computed_values() {
        use crate::profile::tests::assert_radius_below_is_sound;
        let s = StepProfile::new(um(100.0)).unwrap();
        for (inside, outside) in [(1.0, 0.0), (0.8, 0.1), (0.1, 0.8), (0.3, -0.2), (-1.0, 2.0)] {
            let p = s.with_levels(inside, outside).unwrap();
            assert_radius_below_is_sound(&p);
            assert_radius_below_is_sound(&p.with_max_distance(um(250.0)).unwrap());
            assert_radius_below_is_sound(&p.with_max_distance(um(50.0)).unwrap());
        }
        let t = s.threshold().value;
        assert_eq!(s.radius_below(0.0), Some(t.next_up()));
        assert_eq!(s.radius_below(1.0), Some(0.0));
        let rising = s.with_levels(0.1, 0.8).unwrap();
        assert_eq!(rising.radius_below(0.5), None);
        let cut = rising.with_max_distance(um(250.0)).unwrap();
        assert_eq!(
            cut.radius_below(0.5),
            Some(cut.max_distance().unwrap().value.next_up())
        );
        // Below zero, the cutoff's zeros are too high: no radius.
        let negative = s.with_levels(0.3, -0.2).unwrap();
        assert_eq!(negative.radius_below(-0.1), Some(t.next_up()));
        assert_eq!(
            negative
                .with_max_distance(um(250.0))
                .unwrap()
                .radius_below(-0.1),
            None
        );
    }
}
