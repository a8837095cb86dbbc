//! The identity initializer.

use init_core::{Context, Element, InitError, Initializer, Key, check};

use crate::variance_scaling::whole_shape;

/// `scale` times an identity: ones for a 1-D shape, `eye(rows, cols)` for
/// a 2-D shape (rectangular allowed: ones where row = column), and for a
/// shape of rank n >= 3 the same `eye` over the last two axes for every
/// index of the leading ones (braintools' `Identity`). Dimensionless
/// (`f64`); no randomness (the seed is unused).
///
/// The shape is the generation's (given once, as in braintools'
/// `init(shape)`): an element of an n-D array tells its row along the
/// second-to-last axis from the whole shape, which every generation call
/// puts in its context.
///
/// # Example
///
/// ```
/// use init_core::Generate;
/// use init_dist::Identity;
///
/// let eye = Identity::new(0.5)?.generate((3, 4), 0)?;
/// assert_eq!(eye.row(1).to_vec(), vec![0.0, 0.5, 0.0, 0.0]);
/// // Recurrent weights near the identity: a composition like any other.
/// let near = Identity::new(1.0)? + init_dist::Normal::new(0.0, 0.01)?;
/// let w = near.generate((3, 3), 42)?;
/// assert!((w[[0, 0]] - 1.0).abs() < 0.1 && w[[0, 1]].abs() < 0.1);
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// Reference: Q. V. Le, N. Jaitly, G. E. Hinton (2015), *A simple way to
/// initialize recurrent networks of rectified linear units*, arXiv:1504.00941.
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use]
pub struct Identity {
    scale: f64,
}

impl Identity {
    /// `scale` times the identity. Errors: `scale` not finite or not > 0
    /// (for `−I`, negate: `-Identity::new(…)?`).
    pub fn new(scale: f64) -> Result<Self, InitError> {
        Ok(Identity {
            scale: check::positive("scale", scale)?,
        })
    }

    /// The scale.
    pub fn scale(&self) -> f64 {
        self.scale
    }
}

impl Initializer for Identity {
    type Output = f64;

    #[inline]
    fn sample(&self, el: Element, ctx: &Context<'_>, _: Key) -> f64 {
        let shape = ctx.shape().unwrap_or(&[]);
        let n = shape.len();
        if n < 2 {
            return self.scale;
        }
        // Elements exist only when no axis is 0, so the divisors are >= 1;
        // `max(1)` keeps that obvious.
        let cols = shape[n - 1].max(1) as u64;
        let rows = shape[n - 2].max(1) as u64;
        let row = (el.flat / cols) % rows;
        if row == el.post as u64 {
            self.scale
        } else {
            0.0
        }
    }

    /// A 0-D shape has no identity; the context must carry the shape.
    fn check(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        if shape.is_empty() {
            return Err(InitError::BadRank {
                what: "Identity shape",
                expected: ">= 1",
                found: 0,
            });
        }
        whole_shape(shape, ctx, "Identity")
    }

    fn value_bounds(&self) -> Option<(f64, f64)> {
        Some((0.0, self.scale))
    }
}

init_core::impl_initializer_ops!([] Identity);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::names;
    use init_core::Generate;
    use init_core::ndarray::{Array2, s};

    #[test]
    fn ones_eye_and_batched_eye() {
        let one = Identity::new(2.0).unwrap().generate(5, 1).unwrap();
        assert_eq!(one.to_vec(), vec![2.0; 5]);
        let init = Identity::new(1.0).unwrap();
        for (r, c) in [(4, 4), (3, 6), (6, 3), (1, 1)] {
            let eye = init.generate((r, c), 1).unwrap();
            assert_eq!(eye, Array2::eye(r.max(c)).slice(s![..r, ..c]), "{r}×{c}");
        }
        let nd = Identity::new(0.5)
            .unwrap()
            .generate((2, 3, 4, 5), 1)
            .unwrap();
        let eye = Array2::<f64>::eye(5).slice(s![..4, ..]).to_owned() * 0.5;
        for a in 0..2 {
            for b in 0..3 {
                assert_eq!(nd.slice(s![a, b, .., ..]), eye, "[{a}, {b}]");
            }
        }
        // A block is the block of the whole.
        let whole = init.generate((7, 6, 5), 0).unwrap();
        let block = init
            .generate_block((7, 6, 5), &[2..5, 1..6, 0..4], 0, &Context::new())
            .unwrap();
        assert_eq!(block, whole.slice(s![2..5, 1..6, 0..4]));
    }

    #[test]
    fn errors() {
        assert!(matches!(
            Identity::new(1.0).unwrap().generate((), 0),
            Err(InitError::BadRank { found: 0, .. })
        ));
        for s in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(names(Identity::new(s), "scale"), "{s}");
        }
        // Zero-size shapes are fine.
        let z = Identity::new(1.0).unwrap().generate((0, 3), 0).unwrap();
        assert_eq!(z.shape(), &[0, 3]);
    }
}
