//! Fan-in and fan-out of a weight shape, and which axis is which.

use init_core::InitError;

/// Which fan a [`crate::VarianceScaling`] divides its scale by
/// (braintools' `mode`: `'fan_in'`, `'fan_out'`, `'fan_avg'`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Fan {
    /// The number of inputs of a unit (`fan_in`): keeps the variance of the
    /// forward pass.
    #[default]
    In,
    /// The number of outputs of a unit (`fan_out`): keeps the variance of
    /// the backward pass.
    Out,
    /// `(fan_in + fan_out) / 2` (`fan_avg`), Glorot's compromise.
    Avg,
}

/// How a 2-D weight stores its axes.
///
/// neuroinit follows braintools: a 2-D weight is `(in, out)` (pre × post,
/// as every matrix in neuroinit is), so `fan_in = shape[0]` and
/// `fan_out = shape[1]`; Keras' dense kernels and burn's default linear
/// layout are stored the same way. PyTorch stores `nn.Linear.weight` as
/// `(out, in)`: pick [`WeightLayout::OutIn`] to compute the fans of such a
/// shape.
///
/// Only 2-D shapes are affected. An n-D shape (n >= 3) is always read as a
/// convolution kernel `(out, in, k₁, k₂, …)`, as braintools and PyTorch do
/// (not Keras' `(k₁, …, in, out)`); a 1-D shape has `fan_in = fan_out = n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum WeightLayout {
    /// `(in, out)`: braintools' convention and neuroinit's default.
    #[default]
    InOut,
    /// `(out, in)`: PyTorch's `nn.Linear.weight`.
    OutIn,
}

/// The fan-in and fan-out of a weight shape.
///
/// | rank | `fan_in` | `fan_out` |
/// |---|---|---|
/// | 0 | 1 | 1 |
/// | 1 (`n`) | `n` | `n` |
/// | 2, [`WeightLayout::InOut`] | `shape[0]` | `shape[1]` |
/// | 2, [`WeightLayout::OutIn`] | `shape[1]` | `shape[0]` |
/// | n >= 3 | `shape[1]·rf` | `shape[0]·rf` |
///
/// with the receptive field `rf = shape[2]·shape[3]·…` (braintools 0.3,
/// `VarianceScaling._compute_fans`; the same as PyTorch's
/// `_calculate_fan_in_and_fan_out` for n >= 3).
///
/// ```
/// use init_dist::{Fans, WeightLayout};
///
/// let f = Fans::new(&[784, 256], WeightLayout::InOut)?;
/// assert_eq!((f.fan_in, f.fan_out), (784, 256));
/// let f = Fans::new(&[256, 784], WeightLayout::OutIn)?;
/// assert_eq!((f.fan_in, f.fan_out), (784, 256));
/// let f = Fans::new(&[64, 32, 3, 3], WeightLayout::InOut)?;
/// assert_eq!((f.fan_in, f.fan_out), (32 * 9, 64 * 9));
/// # Ok::<(), init_core::InitError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fans {
    /// The number of inputs of a unit.
    pub fan_in: usize,
    /// The number of outputs of a unit.
    pub fan_out: usize,
}

impl Fans {
    /// The fans of `shape` stored in `layout`. Errors: a fan that overflows
    /// `usize` (the shape's element count would overflow too).
    pub fn new(shape: &[usize], layout: WeightLayout) -> Result<Self, InitError> {
        let fans = match (shape, layout) {
            ([], _) => Fans {
                fan_in: 1,
                fan_out: 1,
            },
            (&[n], _) => Fans {
                fan_in: n,
                fan_out: n,
            },
            (&[a, b], WeightLayout::InOut) => Fans {
                fan_in: a,
                fan_out: b,
            },
            (&[a, b], WeightLayout::OutIn) => Fans {
                fan_in: b,
                fan_out: a,
            },
            ([out, inp, kernel @ ..], _) => {
                let overflow = || InitError::invalid("shape", shape, "a fan overflows usize");
                let rf = kernel
                    .iter()
                    .try_fold(1usize, |p, &k| p.checked_mul(k))
                    .ok_or_else(overflow)?;
                Fans {
                    fan_in: inp.checked_mul(rf).ok_or_else(overflow)?,
                    fan_out: out.checked_mul(rf).ok_or_else(overflow)?,
                }
            }
        };
        Ok(fans)
    }

    /// The fan that `mode` selects, as a number (`Avg` may be a half).
    pub fn get(&self, mode: Fan) -> f64 {
        match mode {
            Fan::In => self.fan_in as f64,
            Fan::Out => self.fan_out as f64,
            Fan::Avg => (self.fan_in as f64 + self.fan_out as f64) / 2.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fans(shape: &[usize], layout: WeightLayout) -> (usize, usize) {
        let f = Fans::new(shape, layout).unwrap();
        (f.fan_in, f.fan_out)
    }

    #[test]
    fn braintools_convention() {
        use WeightLayout::*;
        assert_eq!(fans(&[], InOut), (1, 1));
        assert_eq!(fans(&[7], InOut), (7, 7));
        assert_eq!(fans(&[7], OutIn), (7, 7));
        assert_eq!(fans(&[300, 200], InOut), (300, 200));
        assert_eq!(fans(&[300, 200], OutIn), (200, 300));
        // n-D: (out, in, kernel...) whatever the 2-D layout.
        for l in [InOut, OutIn] {
            assert_eq!(fans(&[16, 8, 5], l), (8 * 5, 16 * 5));
            assert_eq!(fans(&[64, 32, 3, 3], l), (32 * 9, 64 * 9));
            assert_eq!(fans(&[4, 3, 2, 5, 7], l), (3 * 70, 4 * 70));
            assert_eq!(fans(&[4, 3, 0, 5], l), (0, 0));
        }
    }

    #[test]
    fn modes() {
        let f = Fans::new(&[300, 201], WeightLayout::InOut).unwrap();
        assert_eq!(f.get(Fan::In), 300.0);
        assert_eq!(f.get(Fan::Out), 201.0);
        assert_eq!(f.get(Fan::Avg), 250.5);
    }

    #[test]
    fn overflow_is_an_error() {
        let big = usize::MAX / 2;
        assert!(matches!(
            Fans::new(&[2, 3, big, 4], WeightLayout::InOut),
            Err(InitError::InvalidParameter { name: "shape", .. })
        ));
    }
}
