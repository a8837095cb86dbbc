//! Scaled: a base initializer times a fixed dimensionless factor.

use init_core::{Context, Element, InitError, Initializer, Key, Run, check};

/// `factor × base`, with a finite dimensionless `factor`.
///
/// The output has the base's unit; mean and standard deviation scale by
/// `factor` (by `|factor|` for the standard deviation), so the coefficient
/// of variation is unchanged.
///
/// Unlike `base * factor` (an arithmetic [`Product`](init_core::ops::Product),
/// which accepts any constant), `Scaled` refuses a non-finite factor when it
/// is built.
///
/// # Example
///
/// ```
/// use init_compose::Scaled;
/// use init_core::Generate;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let w = Scaled::new(G::new::<nS>(1.0), 1.5)?.generate(3, 0)?;
/// assert!((w[0].get::<nS>() - 1.5).abs() < 1e-12);
/// assert!(Scaled::new(G::new::<nS>(1.0), f64::NAN).is_err());
/// # Ok::<(), init_core::InitError>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Scaled<I> {
    base: I,
    factor: f64,
}

impl<I: Initializer> Scaled<I> {
    /// `factor × base`. Errors: a non-finite `factor`.
    pub fn new(base: I, factor: f64) -> Result<Self, InitError> {
        Ok(Scaled {
            base,
            factor: check::finite("factor", factor)?,
        })
    }

    /// The factor.
    pub fn factor(&self) -> f64 {
        self.factor
    }
}

impl<I: Initializer> Initializer for Scaled<I> {
    type Output = I::Output;

    #[inline]
    fn sample(&self, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
        self.base.sample(el, ctx, key) * self.factor
    }

    fn check(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        self.base.check(shape, ctx)
    }

    fn value_bounds(&self) -> Option<(f64, f64)> {
        let (a, b) = self.base.value_bounds()?;
        let (x, y) = (a * self.factor, b * self.factor);
        let r = (x.min(y), x.max(y));
        (r.0.is_finite() && r.1.is_finite()).then_some(r)
    }

    fn fill(&self, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
        self.base.fill(run, ctx, key, out);
        out.iter_mut().for_each(|x| *x *= self.factor);
    }
}

init_core::impl_initializer_ops!([I] Scaled<I> where I: Initializer);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{draws, normal};
    use init_testkit::assert_moments;

    #[test]
    fn scales_mean_and_std() {
        // The tutorial's base N(1, 0.2) nS at factors 0.5, 1.5, 2 and a
        // negative one: mean × f, std × |f| (4 SE, n = 2e5).
        for (i, f) in [0.5, 1.5, 2.0, -0.5].into_iter().enumerate() {
            let s = Scaled::new(normal(1.0, 0.2), f).unwrap();
            assert_eq!(s.factor(), f);
            assert_moments(
                &format!("×{f}"),
                &draws(&s, 200_000, i as u64),
                f,
                0.2 * f.abs(),
            );
        }
    }

    #[test]
    fn non_finite_factor_is_a_typed_error() {
        for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(matches!(
                Scaled::new(normal(1.0, 0.2), f),
                Err(InitError::InvalidParameter { name: "factor", .. })
            ));
        }
    }
}
