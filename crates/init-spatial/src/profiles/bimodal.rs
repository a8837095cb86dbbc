//! The bimodal (two-Gaussian) distance profile.

use init_core::{InitError, check};
use uom::si::f64::Length;

use super::gaussian;
use crate::profile::{Cutoff, Profile, finite, metres};
use crate::radius::{nudge_up, two_terms};
use init_core::math::exp;

/// Bimodal profile:
/// `p(d) = A₁·exp(−(d − c₁)²/(2σ₁²)) + A₂·exp(−(d − c₂)²/(2σ₂²))`, with
/// centres `c = 0` and amplitudes `A = 1` by default; 0 beyond the optional
/// `max_distance`.
///
/// # Example
///
/// ```
/// use init_spatial::{BimodalProfile, Profile};
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// let b = BimodalProfile::new(Length::new::<um>(30.0), Length::new::<um>(50.0))?
///     .with_centers(Length::new::<um>(0.0), Length::new::<um>(200.0))?
///     .with_amplitudes(1.0, 0.8)?;
/// assert!((b.probability(Length::new::<um>(200.0)) - 0.8).abs() < 1e-9);
/// # Ok::<(), init_core::InitError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BimodalProfile {
    inv_sigma: [f64; 2],
    center: [f64; 2],
    amplitude: [f64; 2],
    cutoff: Cutoff,
}

impl BimodalProfile {
    /// Two peaks of widths `sigma1`, `sigma2`, both centred at 0 with
    /// amplitude 1. Errors: a width not finite or not > 0.
    pub fn new(sigma1: Length, sigma2: Length) -> Result<Self, InitError> {
        Ok(BimodalProfile {
            inv_sigma: [
                1.0 / check::positive("sigma1", sigma1)?,
                1.0 / check::positive("sigma2", sigma2)?,
            ],
            center: [0.0; 2],
            amplitude: [1.0; 2],
            cutoff: Cutoff::NONE,
        })
    }

    /// Set the peaks' centres. Errors: either not finite.
    pub fn with_centers(mut self, center1: Length, center2: Length) -> Result<Self, InitError> {
        self.center = [
            check::finite("center1", center1)?,
            check::finite("center2", center2)?,
        ];
        Ok(self)
    }

    /// Set the peaks' amplitudes. Errors: either not finite.
    pub fn with_amplitudes(mut self, amplitude1: f64, amplitude2: f64) -> Result<Self, InitError> {
        self.amplitude = [
            finite("amplitude1", amplitude1)?,
            finite("amplitude2", amplitude2)?,
        ];
        Ok(self)
    }

    /// Value 0 where `d > max`. Errors: `max` not finite or not > 0.
    pub fn with_max_distance(mut self, max: Length) -> Result<Self, InitError> {
        self.cutoff = Cutoff::new(max)?;
        Ok(self)
    }

    /// The peaks' widths.
    pub fn sigmas(&self) -> (Length, Length) {
        (
            metres(1.0 / self.inv_sigma[0]),
            metres(1.0 / self.inv_sigma[1]),
        )
    }

    /// The peaks' centres.
    pub fn centers(&self) -> (Length, Length) {
        (metres(self.center[0]), metres(self.center[1]))
    }

    /// The peaks' amplitudes.
    pub fn amplitudes(&self) -> (f64, f64) {
        (self.amplitude[0], self.amplitude[1])
    }

    /// The distance beyond which the value is 0, if any.
    pub fn max_distance(&self) -> Option<Length> {
        self.cutoff.get()
    }
}

impl Profile for BimodalProfile {
    #[inline]
    fn value_si(&self, d: f64) -> f64 {
        let peak = |k: usize| {
            let r = (d - self.center[k]) * self.inv_sigma[k];
            self.amplitude[k] * exp(-0.5 * (r * r))
        };
        self.cutoff.apply(d, peak(0) + peak(1))
    }

    /// For `level >= 0`: the value is the rounded sum of the two computed
    /// terms `fl(Aₖ·Gₖ)`, `Gₖ ∈ [0, 1]`. A term with `Aₖ <= 0` is `<= 0`
    /// everywhere; the level is shared between the others in proportion to
    /// their amplitudes (0 if it is at least their sum), and each peak is
    /// bounded beyond its centre: `cₖ + ρₖ`, with `ρₖ` the Gaussian bound
    /// of [`crate::GaussianProfile`] (margin 1e-9 in the exponent) at the
    /// term's share over its amplitude, moved outward until the computed
    /// `d − cₖ` at it is at least `ρₖ` (it is monotone in `d`). The larger
    /// radius is taken. `None` for `level < 0` and, for `level = 0`,
    /// unless both amplitudes are `<= 0`; the cutoff's radius where it is
    /// smaller.
    fn radius_below(&self, level: f64) -> Option<f64> {
        let peak = |k: usize| {
            move |l: f64| {
                let rho = gaussian::radius(self.inv_sigma[k], l)?;
                let c = self.center[k];
                Some(nudge_up(c + rho, |r| r - c >= rho)?.max(0.0))
            }
        };
        let r = two_terms(
            level,
            (self.amplitude[0], peak(0)),
            (self.amplitude[1], peak(1)),
        );
        self.cutoff.limit(level, r)
    }

    /// Each term `fl(Aₖ·Gₖ)` with `Gₖ ∈ [0, 1]` lies between 0 and `Aₖ`
    /// (rounding is monotone), so the rounded sum lies between the rounded
    /// sums of the ends; the cutoff adds 0.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        let [a1, a2] = self.amplitude;
        Some(
            self.cutoff
                .bounds((a1.min(0.0) + a2.min(0.0), a1.max(0.0) + a2.max(0.0))),
        )
    }
}

crate::impl_profile_ops!([] BimodalProfile);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::um;

    #[test]
    fn values_and_validation() {
        let b = BimodalProfile::new(um(80.0), um(200.0)).unwrap();
        assert_eq!(b.probability(um(0.0)), 2.0);
        let b = b
            .with_centers(um(0.0), um(300.0))
            .unwrap()
            .with_amplitudes(0.8, 0.3)
            .unwrap();
        let exact = 0.8 * (-0.5f64 * (300.0f64 / 80.0).powi(2)).exp() + 0.3;
        assert!((b.probability(um(300.0)) / exact - 1.0).abs() < 1e-14);
        assert_eq!(b.centers(), (um(0.0), um(300.0)));
        assert!(matches!(
            BimodalProfile::new(um(-1.0), um(1.0)),
            Err(InitError::InvalidParameter { name: "sigma1", .. })
        ));
        assert!(matches!(
            b.with_centers(um(0.0), um(f64::NAN)),
            Err(InitError::InvalidParameter {
                name: "center2",
                ..
            })
        ));
        assert!(matches!(
            b.with_amplitudes(1.0, f64::INFINITY),
            Err(InitError::InvalidParameter {
                name: "amplitude2",
                ..
            })
        ));
    }

    #[test]
    fn radius_below_bounds_the_computed_values() {
        use crate::profile::tests::assert_radius_below_is_sound;
        let b = BimodalProfile::new(um(30.0), um(50.0)).unwrap();
        for (c1, c2) in [(0.0, 0.0), (0.0, 200.0), (150.0, -40.0), (1e4, 3.0)] {
            for (a1, a2) in [
                (1.0, 1.0),
                (1.0, 0.8),
                (0.2, 3.0),
                (-1.0, 0.5),
                (0.7, -2.0),
                (-1.0, -1.0),
            ] {
                let p = b
                    .with_centers(um(c1), um(c2))
                    .unwrap()
                    .with_amplitudes(a1, a2)
                    .unwrap();
                assert_radius_below_is_sound(&p);
                assert_radius_below_is_sound(&p.with_max_distance(um(300.0)).unwrap());
            }
        }
        // A single peak at 200 µm (the other negative): 200 µm + 50 µm·sqrt(2·ln 100).
        let p = b
            .with_centers(um(0.0), um(200.0))
            .unwrap()
            .with_amplitudes(-1.0, 1.0)
            .unwrap();
        let r = p.radius_below(0.01).unwrap();
        let exact = 200e-6 + 50e-6 * (2.0 * 100f64.ln()).sqrt();
        assert!(r >= exact && (r / exact - 1.0).abs() < 1e-8, "{r}");
        // At or above the sum of the positive amplitudes: everywhere.
        assert_eq!(b.radius_below(2.0), Some(0.0));
        assert_eq!(b.radius_below(0.0), None);
        assert_eq!(b.radius_below(-0.5), None);
    }
}
