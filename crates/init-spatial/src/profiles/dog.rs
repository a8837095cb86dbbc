//! The difference-of-Gaussians (centre–surround) distance profile.

use init_core::{InitError, check};
use uom::si::f64::Length;

use super::gaussian;
use crate::profile::{Cutoff, Profile, finite, metres};
use crate::radius::two_terms;
use init_core::math::exp;

/// Difference of Gaussians:
/// `p(d) = max(0, A_c·exp(−d²/(2σ_c²)) − A_s·exp(−d²/(2σ_s²)))`, with
/// `A_c = 1`, `A_s = 0.5` by default; 0 beyond the optional `max_distance`.
///
/// # Example
///
/// ```
/// use init_spatial::{DoGProfile, Profile};
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// let p = DoGProfile::new(Length::new::<um>(50.0), Length::new::<um>(150.0))?.with_amplitudes(1.0, 0.3)?;
/// assert!((p.probability(Length::new::<um>(0.0)) - 0.7).abs() < 1e-15);
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// Negative differences are clipped to 0 (a probability), as in braintools.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DoGProfile {
    sigma: [f64; 2],
    inv_sigma_c: f64,
    inv_sigma_s: f64,
    amp_c: f64,
    amp_s: f64,
    cutoff: Cutoff,
}

impl DoGProfile {
    /// Centre width `sigma_center`, surround width `sigma_surround`,
    /// amplitudes 1 and 0.5. Errors: either width not finite or not > 0.
    pub fn new(sigma_center: Length, sigma_surround: Length) -> Result<Self, InitError> {
        let sigma = [
            check::positive("sigma_center", sigma_center)?,
            check::positive("sigma_surround", sigma_surround)?,
        ];
        Ok(DoGProfile {
            sigma,
            inv_sigma_c: 1.0 / sigma[0],
            inv_sigma_s: 1.0 / sigma[1],
            amp_c: 1.0,
            amp_s: 0.5,
            cutoff: Cutoff::NONE,
        })
    }

    /// Set the centre and surround amplitudes. Errors: either not finite.
    pub fn with_amplitudes(mut self, center: f64, surround: f64) -> Result<Self, InitError> {
        self.amp_c = finite("amplitude_center", center)?;
        self.amp_s = finite("amplitude_surround", surround)?;
        Ok(self)
    }

    /// Value 0 where `d > max`. Errors: `max` not finite or not > 0.
    pub fn with_max_distance(mut self, max: Length) -> Result<Self, InitError> {
        self.cutoff = Cutoff::new(max)?;
        Ok(self)
    }

    /// The (centre, surround) widths.
    pub fn sigmas(&self) -> (Length, Length) {
        (metres(self.sigma[0]), metres(self.sigma[1]))
    }

    /// The (centre, surround) amplitudes.
    pub fn amplitudes(&self) -> (f64, f64) {
        (self.amp_c, self.amp_s)
    }

    /// The distance beyond which the value is 0, if any.
    pub fn max_distance(&self) -> Option<Length> {
        self.cutoff.get()
    }
}

impl Profile for DoGProfile {
    #[inline]
    fn value_si(&self, d: f64) -> f64 {
        let (rc, rs) = (d * self.inv_sigma_c, d * self.inv_sigma_s);
        let v = self.amp_c * exp(-0.5 * (rc * rc)) - self.amp_s * exp(-0.5 * (rs * rs));
        self.cutoff.apply(d, v.max(0.0))
    }

    /// For `level >= 0`: the value is `max(0, t_c + t_s)` with the computed
    /// terms `t_c = fl(A_c·G_c)` and `t_s = −fl(A_s·G_s)`, Gaussians
    /// `G ∈ [0, 1]`. A term with a non-positive amplitude (`A_c <= 0`, or
    /// `A_s >= 0`: the usual surround) is `<= 0` everywhere; the level is
    /// shared between the others in proportion to their amplitudes, each
    /// Gaussian bounded as [`crate::GaussianProfile`]'s (margin 1e-9 in the
    /// exponent) at its share over the amplitude, and the larger radius
    /// taken (see `radius::two_terms`). So with `A_s >= 0` the bound is the
    /// centre's, `σ_c·sqrt(2·ln(A_c/level))` with a margin, and 0 when
    /// `A_c <= 0` or `A_c <= level`. `None` for `level < 0` (the value is
    /// never negative) and, for `level = 0`, unless a term is absent;
    /// the cutoff's radius where it is smaller.
    fn radius_below(&self, level: f64) -> Option<f64> {
        let r = two_terms(
            level,
            (self.amp_c, |l| gaussian::radius(self.inv_sigma_c, l)),
            (-self.amp_s, |l| gaussian::radius(self.inv_sigma_s, l)),
        );
        self.cutoff.limit(level, r)
    }

    /// `max(0, t_c − t_s)` with `t_c` between 0 and `A_c`, `t_s` between 0
    /// and `A_s` (rounding is monotone): between 0 and the rounded
    /// `max(A_c, 0) − min(A_s, 0)`.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        Some((0.0, (self.amp_c.max(0.0) - self.amp_s.min(0.0)).max(0.0)))
    }
}

crate::impl_profile_ops!([] DoGProfile);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::um;

    #[test]
    fn values_and_validation() {
        let p = DoGProfile::new(um(60.0), um(180.0)).unwrap();
        assert_eq!(p.amplitudes(), (1.0, 0.5));
        assert_eq!(p.probability(um(0.0)), 0.5);
        // Surround wins far out: clipped to 0.
        let q = p.with_amplitudes(0.5, 0.6).unwrap();
        assert_eq!(q.probability(um(0.0)), 0.0);
        assert!(matches!(
            DoGProfile::new(um(1.0), um(0.0)),
            Err(InitError::InvalidParameter {
                name: "sigma_surround",
                ..
            })
        ));
        assert!(matches!(
            p.with_amplitudes(f64::NAN, 1.0),
            Err(InitError::InvalidParameter {
                name: "amplitude_center",
                ..
            })
        ));
    }

    #[test]
    fn radius_below_bounds_the_computed_values() {
        use crate::profile::tests::assert_radius_below_is_sound;
        let base = DoGProfile::new(um(60.0), um(180.0)).unwrap();
        let narrow_surround = DoGProfile::new(um(100.0), um(20.0)).unwrap();
        for p in [base, narrow_surround] {
            for (ac, as_) in [
                (1.0, 0.5),
                (0.5, 0.6),
                (2.5, 0.0),
                (1.0, -0.7),
                (-1.0, 0.5),
                (0.0, -1.0),
                (-0.3, -0.4),
            ] {
                let q = p.with_amplitudes(ac, as_).unwrap();
                assert_radius_below_is_sound(&q);
                assert_radius_below_is_sound(&q.with_max_distance(um(400.0)).unwrap());
            }
        }
        // The usual surround: the centre's bound, 60 µm·sqrt(2·ln(1/0.01)).
        let r = base.radius_below(0.01).unwrap();
        let exact = 60e-6 * (2.0 * 100f64.ln()).sqrt();
        assert!(r >= exact && (r / exact - 1.0).abs() < 1e-8, "{r}");
        // A non-positive centre under a positive surround: 0 everywhere.
        assert_eq!(
            base.with_amplitudes(-1.0, 0.5).unwrap().radius_below(0.0),
            Some(0.0)
        );
        assert_eq!(base.radius_below(0.0), None);
        assert_eq!(base.radius_below(-0.1), None);
    }
}
