//! The Gaussian distance profile.

use init_core::{InitError, check};
use uom::si::f64::Length;

use crate::profile::{Cutoff, Profile, metres};
use init_core::math::exp;

/// Gaussian profile: `p(d) = exp(−d² / (2σ²))`, 0 beyond the optional
/// `max_distance`.
///
/// # Example
///
/// ```
/// use init_spatial::{GaussianProfile, Profile};
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// let g = GaussianProfile::new(Length::new::<um>(50.0))?.with_max_distance(Length::new::<um>(200.0))?;
/// assert!((g.probability(Length::new::<um>(50.0)) - (-0.5f64).exp()).abs() < 1e-15);
/// assert_eq!(g.probability(Length::new::<um>(201.0)), 0.0);
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// Evaluated as `exp(−½·(d·σ⁻¹)²)` with σ⁻¹ precomputed: a multiply instead
/// of braintools' division, within 1e-12 of braintools' values over the
/// oracle's grid (a product and a quotient differ by at most one ulp).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GaussianProfile {
    sigma: f64,
    inv_sigma: f64,
    cutoff: Cutoff,
}

impl GaussianProfile {
    /// Gaussian of width `sigma`. Errors: `sigma` not finite or not > 0.
    pub fn new(sigma: Length) -> Result<Self, InitError> {
        let sigma = check::positive("sigma", sigma)?;
        Ok(GaussianProfile {
            sigma,
            inv_sigma: 1.0 / sigma,
            cutoff: Cutoff::NONE,
        })
    }

    /// Value 0 where `d > max`. Errors: `max` not finite or not > 0.
    pub fn with_max_distance(mut self, max: Length) -> Result<Self, InitError> {
        self.cutoff = Cutoff::new(max)?;
        Ok(self)
    }

    /// The width σ.
    pub fn sigma(&self) -> Length {
        metres(self.sigma)
    }

    /// The distance beyond which the value is 0, if any.
    pub fn max_distance(&self) -> Option<Length> {
        self.cutoff.get()
    }
}

impl Profile for GaussianProfile {
    #[inline]
    fn value_si(&self, d: f64) -> f64 {
        let r = d * self.inv_sigma;
        self.cutoff.apply(d, exp(-0.5 * (r * r)))
    }

    /// `σ·sqrt(2·(ln(1/level) + 1e-9))`: the exponent's margin of 1e-9
    /// (relative 1e-9 on the value) covers the rounding of `d/σ`, its
    /// square and `exp` (a few ulp), so the computed value is below
    /// `level` too.
    fn radius_below(&self, level: f64) -> Option<f64> {
        self.cutoff.limit(level, radius(self.inv_sigma, level))
    }

    /// `exp` of a non-positive number computes to a value in [0, 1].
    fn value_bounds(&self) -> Option<(f64, f64)> {
        Some((0.0, 1.0))
    }
}

crate::impl_profile_ops!([] GaussianProfile);

/// A radius beyond which the computed `exp(−½·(x·σ⁻¹)²)` (σ⁻¹ given, as
/// the profiles hold it) is at most `level`, for every double `x` at or
/// beyond it: `sqrt(2·(ln(1/level) + 1e-9))/σ⁻¹ · (1 + 1e-12)` for
/// `0 < level < 1`, 0 for `level >= 1` (a computed `exp` of a non-positive
/// argument is at most 1), `None` otherwise.
///
/// Rounding: the quotient, the product `x·σ⁻¹`, its square and the halving
/// lose at most a few ulps (relative 1e-15), which the factor
/// `1 + 1e-12` covers; the exponent then exceeds `ln(1/level)` (itself
/// computed within an ulp, at most 2e-13 for any level) by about 1e-9, so
/// the exact exponential is below `level·(1 − 1e-9)` and `exp`, within 3
/// ulps of it (relative 7e-16), stays at or below `level`.
pub(crate) fn radius(inv_sigma: f64, level: f64) -> Option<f64> {
    if level >= 1.0 {
        Some(0.0)
    } else if level > 0.0 {
        Some((2.0 * (-level.ln() + 1e-9)).sqrt() / inv_sigma * (1.0 + 1e-12))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::um;

    #[test]
    fn values() {
        let g = GaussianProfile::new(um(100.0)).unwrap();
        assert_eq!(g.probability(um(0.0)), 1.0);
        for d in [10.0, 100.0, 250.0] {
            let exact = (-d * d / 2e4f64).exp();
            assert!(
                (g.probability(um(d)) / exact - 1.0).abs() < 1e-14,
                "d = {d}"
            );
        }
        assert_eq!(g.sigma(), um(100.0));
        assert_eq!(g.max_distance(), None);
    }

    #[test]
    fn radius_below_bounds_the_computed_values() {
        let g = GaussianProfile::new(um(100.0)).unwrap();
        crate::profile::tests::assert_radius_below_is_sound(&g);
        let c = g.with_max_distance(um(150.0)).unwrap();
        crate::profile::tests::assert_radius_below_is_sound(&c);
        assert_eq!(c.radius_below(0.0), Some(150e-6f64.next_up()));
        assert_eq!(g.radius_below(0.0), None);
        assert_eq!(g.radius_below(1.0), Some(0.0));
    }

    #[test]
    fn invalid_parameters() {
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(matches!(
                GaussianProfile::new(um(bad)),
                Err(InitError::InvalidParameter { name: "sigma", .. })
            ));
        }
        let g = GaussianProfile::new(um(1.0)).unwrap();
        assert!(matches!(
            g.with_max_distance(um(-5.0)),
            Err(InitError::InvalidParameter {
                name: "max_distance",
                ..
            })
        ));
    }
}
