//! [`DistanceDelay`]: a delay that grows with the distance a spike
//! travels, `d0 + d / v`.

use init_core::{Context, Element, InitError, Initializer, Key, Value, check};
use uom::si::f64::{Time, Velocity};

/// `delay = d0 + d / v`: a fixed part `d0` (synaptic delay) plus the
/// conduction time over the pair's distance `d` at velocity `v`.
///
/// An initializer of [`Time`] like any other: it composes with jitter
/// (`DistanceDelay::new(..)? + Normal::new(ms(0.0), ms(0.1))?`), clips and
/// truncations; the distance comes from the generation context (a
/// network's positions, or distances given).
///
/// ```
/// use init_core::Generate;
/// use init_spatial::DistanceDelay;
/// use ndarray::array;
/// use uom::si::{f64::{Length, Time, Velocity}, length::micrometer as um, time::millisecond as ms,
///               velocity::meter_per_second as m_per_s};
///
/// let d = DistanceDelay::new(Time::new::<ms>(0.5), Velocity::new::<m_per_s>(0.3))?;
/// let distances = array![Length::new::<um>(0.0), Length::new::<um>(300.0)];
/// let t = d.generate_at(&distances, 0)?;
/// assert_eq!(t[0], Time::new::<ms>(0.5));
/// assert!((t[1].get::<ms>() - 1.5).abs() < 1e-12); // 0.5 ms + 300 µm / 0.3 m/s
/// # Ok::<(), init_core::InitError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use]
pub struct DistanceDelay {
    d0: f64,
    v: f64,
}

impl DistanceDelay {
    /// `d0 + d / velocity`. Errors: `d0` not finite or negative; `velocity`
    /// not finite or not > 0.
    pub fn new(d0: Time, velocity: Velocity) -> Result<Self, InitError> {
        Ok(DistanceDelay {
            d0: check::non_negative("d0", d0)?,
            v: check::positive("velocity", velocity)?,
        })
    }

    /// The fixed part.
    pub fn d0(&self) -> Time {
        Time::from_si(self.d0)
    }

    /// The conduction velocity.
    pub fn velocity(&self) -> Velocity {
        Velocity::from_si(self.v)
    }
}

impl Initializer for DistanceDelay {
    type Output = Time;

    #[inline]
    fn sample(&self, el: Element, ctx: &Context<'_>, _: Key) -> f64 {
        self.d0 + ctx.distance(el) / self.v
    }

    fn check(&self, _: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        ctx.require_distances("DistanceDelay")
    }

    /// At least `d0` (distances are >= 0); no upper bound.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        Some((self.d0, f64::INFINITY))
    }
}

init_core::impl_initializer_ops!([] DistanceDelay);

#[cfg(test)]
mod tests {
    use super::*;
    use init_core::Generate;
    use init_core::ndarray::array;
    use uom::si::f64::Length;
    use uom::si::length::micrometer;
    use uom::si::time::millisecond;
    use uom::si::velocity::meter_per_second;

    #[test]
    fn delay_is_d0_plus_distance_over_velocity_and_validated() {
        let d0 = Time::new::<millisecond>(0.8);
        let v = Velocity::new::<meter_per_second>(0.25);
        let dd = DistanceDelay::new(d0, v).unwrap();
        let ds = array![
            Length::new::<micrometer>(0.0),
            Length::new::<micrometer>(123.0),
            Length::new::<micrometer>(1e4)
        ];
        let t = dd.generate_at(&ds, 1).unwrap();
        for (x, d) in t.iter().zip(&ds) {
            assert_eq!(x.value, d0.value + d.value / v.value);
        }
        assert!(dd.generate(3, 1).is_err(), "distances are needed");
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(DistanceDelay::new(d0, Velocity::new::<meter_per_second>(bad)).is_err());
        }
        assert!(DistanceDelay::new(Time::new::<millisecond>(-0.1), v).is_err());
        assert_eq!(dd.value_bounds().unwrap().0, d0.value);
    }
}
