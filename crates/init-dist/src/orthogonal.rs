//! Random orthogonal weights: [`Orthogonal`] (Saxe et al.) and its
//! convolutional form [`DeltaOrthogonal`] (Xiao et al.).

use init_core::ndarray::{Array, Dimension, IntoDimension};
use init_core::{Context, InitError, Key, Seed, check, fill_region};

use crate::Normal;
use crate::qr::haar_q;

/// A random orthogonal matrix times `scale`, Haar-distributed.
/// Dimensionless (`f64`).
///
/// A shape of rank >= 2 is read as a `rows × cols` matrix with
/// `rows = shape[0]·…·shape[n−2]` and `cols = shape[n−1]` (braintools'
/// reshape). The result has orthonormal columns when `rows >= cols`
/// (`WᵀW = scale²·I`) and orthonormal rows when `rows < cols`
/// (`WWᵀ = scale²·I`), and is reshaped back to `shape`. A transpose of a
/// Haar matrix is Haar, so the `(in, out)` versus `(out, in)` question of
/// [`crate::WeightLayout`] does not arise.
///
/// Construction: a Gaussian matrix `A` (exactly
/// `Normal::new(0.0, 1.0)?.generate(shape, seed)`, so drawn element by
/// element from keyed streams), transposed when wide, factored `A = QR`
/// (faer, Householder), and the columns of `Q` multiplied by the signs of
/// the diagonal of `R`: then `R`'s diagonal is positive and `Q` is
/// Haar-distributed (Mezzadri 2007), whatever sign convention the QR uses.
///
/// # Generation: a whole matrix, not an element-wise initializer
///
/// No element of `Q` can be computed without factoring the whole `A`, so
/// `Orthogonal` is not an [`init_core::Initializer`]: it has its own
/// [`generate`](Self::generate) with the same arguments and result as
/// [`init_core::Generate::generate`], and no block generation or
/// composition (`+`, `*`, mixtures). The determinism promise holds: the
/// same seed gives the same matrix, bit for bit, for any number of
/// threads (the Gaussian draws are keyed per element; the QR runs on one
/// thread). Across machines, the Gaussian matrix is identical but faer
/// picks its SIMD kernels by CPU at run time (AVX2/FMA or not), so the
/// last bits of `Q` may differ between CPUs of different generations.
///
/// # Example
///
/// ```
/// use init_dist::Orthogonal;
///
/// let w = Orthogonal::new(1.0)?.generate((64, 64), 7)?;
/// let wtw = w.t().dot(&w);
/// for i in 0..64 {
///     for j in 0..64 {
///         let id = if i == j { 1.0 } else { 0.0 };
///         assert!((wtw[[i, j]] - id).abs() < 1e-12);
///     }
/// }
/// // Recurrent weights are often scaled by √2.
/// let r = Orthogonal::new(2f64.sqrt())?.generate((32, 128), 7)?;
/// assert!((r.row(0).dot(&r.row(0)) - 2.0).abs() < 1e-12);
/// assert!(Orthogonal::new(1.0)?.generate(64, 7).is_err()); // 1-D
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// The QR costs `O(rows·cols·min(rows, cols))` on one thread: 7.6 ms for
/// 256 × 256 and 0.40 s for 1000 × 1000 (release build, bench
/// `orthogonal`), against 3.2 ms for a 1000 × 1000 Kaiming normal.
///
/// References: A. M. Saxe, J. L. McClelland, S. Ganguli (2014), *Exact
/// solutions to the nonlinear dynamics of learning in deep linear neural
/// networks*, ICLR; F. Mezzadri (2007), *How to generate random matrices
/// from the classical compact groups*, Notices of the AMS 54(5).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Orthogonal {
    scale: f64,
}

impl Orthogonal {
    /// Orthogonal weights times `scale`. Errors: `scale` not finite or not
    /// > 0 (for `−Q`, negate the array: `−Q` is as Haar as `Q`).
    pub fn new(scale: f64) -> Result<Self, InitError> {
        Ok(Orthogonal {
            scale: check::positive("scale", scale)?,
        })
    }

    /// The scale.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// The orthogonal array of `shape` for `seed`. Errors: a shape of rank
    /// below 2 ([`InitError::BadRank`]); an element count overflowing
    /// `usize`.
    pub fn generate<Sh: IntoDimension>(
        &self,
        shape: Sh,
        seed: impl Into<Seed>,
    ) -> Result<Array<f64, Sh::Dim>, InitError> {
        let dim = shape.into_dimension();
        let s = dim.slice();
        let Some((&cols, lead)) = s.split_last().filter(|_| s.len() >= 2) else {
            return Err(InitError::BadRank {
                what: "Orthogonal shape",
                expected: ">= 2",
                found: s.len(),
            });
        };
        let rows = element_count(lead, s)?;
        element_count(s, s)?;
        let data = orthogonal(rows, cols, seed.into().key(), self.scale)?;
        Ok(Array::from_shape_vec(dim, data)
            .unwrap_or_else(|_| unreachable!("rows × cols is the shape's element count")))
    }
}

/// The product of `axes`, or an error naming `shape` when it overflows.
fn element_count(axes: &[usize], shape: &[usize]) -> Result<usize, InitError> {
    axes.iter()
        .try_fold(1usize, |p, &n| p.checked_mul(n))
        .ok_or_else(|| InitError::invalid("shape", shape, "element count overflows usize"))
}

/// The row-major `rows × cols` Haar matrix times `scale`, from the
/// standard normal matrix that `key` draws element by element.
fn orthogonal(rows: usize, cols: usize, key: Key, scale: f64) -> Result<Vec<f64>, InitError> {
    let mut buf = vec![0.0; rows * cols];
    if buf.is_empty() {
        return Ok(buf);
    }
    fill_region(
        &Normal::new(0.0, 1.0)?,
        &[rows, cols],
        &[0..rows, 0..cols],
        key,
        &Context::new(),
        &mut buf,
    );
    // Factor the tall one of A and Aᵀ; a wide result is Qᵀ.
    let tall = rows >= cols;
    let (m, n) = if tall { (rows, cols) } else { (cols, rows) };
    let a = faer::Mat::from_fn(m, n, |i, j| {
        if tall {
            buf[i * cols + j]
        } else {
            buf[j * cols + i]
        }
    });
    let q = haar_q(a);
    for (idx, out) in buf.iter_mut().enumerate() {
        let (r, c) = (idx / cols, idx % cols);
        *out = scale * if tall { q[(r, c)] } else { q[(c, r)] };
    }
    Ok(buf)
}

/// Delta-orthogonal convolution kernels: an [`Orthogonal`] matrix over
/// the channels at the centre of the kernel, zeros elsewhere.
/// Dimensionless (`f64`).
///
/// For a kernel of shape `(out, in, k₁, …, k_d)` (d >= 1), element
/// `[o, i, ⌊k₁/2⌋, …, ⌊k_d/2⌋]` is `W[o, i]` with
/// `W = Orthogonal::new(scale)?.generate((out, in), seed)`, and every other
/// element is 0. A convolution with it is, at initialization, an
/// orthogonal map of the channels, which gives dynamical isometry to very
/// deep networks (Xiao et al. 2018). As for [`Orthogonal`], generation is
/// whole-array ([`generate`](Self::generate)).
///
/// # Example
///
/// ```
/// use init_dist::{DeltaOrthogonal, Orthogonal};
///
/// let k = DeltaOrthogonal::new(1.0)?.generate((16, 8, 3, 3), 5)?;
/// let centre = k.slice(ndarray::s![.., .., 1, 1]);
/// assert_eq!(centre, Orthogonal::new(1.0)?.generate((16, 8), 5)?);
/// assert_eq!(k.iter().filter(|&&x| x != 0.0).count(), 16 * 8);
/// assert!(DeltaOrthogonal::new(1.0)?.generate((16, 8), 5).is_err()); // 2-D
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// Reference: L. Xiao et al. (2018), *Dynamical isometry and a mean field
/// theory of CNNs: how to train 10,000-layer vanilla convolutional neural
/// networks*, ICML.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DeltaOrthogonal {
    scale: f64,
}

impl DeltaOrthogonal {
    /// Delta-orthogonal kernels times `scale`. Errors: `scale` not finite
    /// or not > 0.
    pub fn new(scale: f64) -> Result<Self, InitError> {
        Ok(DeltaOrthogonal {
            scale: check::positive("scale", scale)?,
        })
    }

    /// The scale.
    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// The kernel of `shape` `(out, in, k₁, …)` for `seed`. Errors: a shape
    /// of rank below 3 ([`InitError::BadRank`]); an element count
    /// overflowing `usize`.
    pub fn generate<Sh: IntoDimension>(
        &self,
        shape: Sh,
        seed: impl Into<Seed>,
    ) -> Result<Array<f64, Sh::Dim>, InitError> {
        let dim = shape.into_dimension();
        let s = dim.slice();
        let &[out, inp, ref kernel @ ..] = s else {
            return Err(InitError::BadRank {
                what: "DeltaOrthogonal shape",
                expected: ">= 3 (out, in, kernel…)",
                found: s.len(),
            });
        };
        if kernel.is_empty() {
            return Err(InitError::BadRank {
                what: "DeltaOrthogonal shape",
                expected: ">= 3 (out, in, kernel…)",
                found: s.len(),
            });
        }
        let total = element_count(s, s)?;
        let mut data = vec![0.0; total];
        if total > 0 {
            let k: usize = kernel.iter().product();
            // Row-major offset of the centre ⌊kₜ/2⌋ within one kernel.
            let centre = kernel.iter().fold(0, |off, &kt| off * kt + kt / 2);
            let w = orthogonal(out, inp, seed.into().key(), self.scale)?;
            for (c, &v) in w.iter().enumerate() {
                data[c * k + centre] = v;
            }
        }
        Ok(Array::from_shape_vec(dim, data)
            .unwrap_or_else(|_| unreachable!("the buffer has the shape's element count")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::names;
    use init_core::Generate;
    use init_core::ndarray::{Array2, ArrayView2, Ix2, s};
    use init_testkit::{assert_chi_square, assert_ks, assert_moments};

    /// max |M − c·I| over a square matrix.
    fn off_identity(m: &Array2<f64>, c: f64) -> f64 {
        m.indexed_iter()
            .map(|((i, j), &v)| (v - if i == j { c } else { 0.0 }).abs())
            .fold(0.0, f64::max)
    }

    fn as_matrix(w: &init_core::ndarray::ArrayD<f64>) -> Array2<f64> {
        let cols = *w.shape().last().unwrap();
        w.to_shape((w.len() / cols, cols))
            .unwrap()
            .into_owned()
            .into_dimensionality::<Ix2>()
            .unwrap()
    }

    #[test]
    fn orthonormal_columns_or_rows() {
        let ortho = Orthogonal::new(1.0).unwrap();
        // square, tall, wide, and n-D (flattened to 20 × 30: wide; 60 × 7: tall).
        for shape in [
            vec![200, 200],
            vec![300, 120],
            vec![90, 250],
            vec![4, 5, 30],
            vec![3, 4, 5, 7],
            vec![1, 1],
            vec![1, 9],
            vec![9, 1],
        ] {
            let w = ortho.generate(shape.clone(), 11).unwrap();
            assert_eq!(w.shape(), &shape[..]);
            let w = as_matrix(&w);
            let (rows, cols) = w.dim();
            let gram = if rows >= cols {
                w.t().dot(&w)
            } else {
                w.dot(&w.t())
            };
            let err = off_identity(&gram, 1.0);
            assert!(err < 1e-12, "{shape:?}: |gram − I| = {err:e}");
        }
    }

    #[test]
    fn scale_multiplies() {
        let w = Orthogonal::new(1.5).unwrap().generate((50, 80), 2).unwrap();
        let w1 = Orthogonal::new(1.0).unwrap().generate((50, 80), 2).unwrap();
        assert!(off_identity(&w.dot(&w.t()), 2.25) < 1e-12);
        assert!(w.iter().zip(&w1).all(|(a, b)| (a - 1.5 * b).abs() < 1e-15));
    }

    /// The sign correction, checked directly: `W = Q·D` must satisfy
    /// `Wᵀ·A = D·R` upper triangular with a positive diagonal, for the
    /// Gaussian `A` it was built from (`Aᵀ` for a wide shape).
    #[test]
    fn r_has_a_positive_diagonal() {
        let ortho = Orthogonal::new(1.0).unwrap();
        let normal = Normal::new(0.0, 1.0).unwrap();
        for (rows, cols) in [(60, 60), (80, 30), (25, 70), (2, 2), (1, 1)] {
            for seed in 0..5 {
                let w = ortho.generate((rows, cols), seed).unwrap();
                let a = normal.generate((rows, cols), seed).unwrap();
                let (w, a): (ArrayView2<f64>, ArrayView2<f64>) = if rows >= cols {
                    (w.view(), a.view())
                } else {
                    (w.t(), a.t())
                };
                let r = w.t().dot(&a);
                let n = r.nrows();
                for i in 0..n {
                    assert!(
                        r[[i, i]] > 0.0,
                        "{rows}×{cols} seed {seed}: R[{i},{i}] = {}",
                        r[[i, i]]
                    );
                    for j in 0..i {
                        assert!(
                            r[[i, j]].abs() < 1e-12,
                            "{rows}×{cols}: R[{i},{j}] = {}",
                            r[[i, j]]
                        );
                    }
                }
            }
        }
    }

    /// Haar, tested by its law: for a 2 × 2 Haar matrix the first column is
    /// (cos θ, sin θ) with θ uniform on (−π, π], and the determinant is ±1
    /// with probability ½ each; for 3 × 3 the (0, 0) entry is uniform on
    /// [−1, 1] (Archimedes). Without the sign correction a Householder QR
    /// makes θ (and the (0, 0) entry) keep one sign: both KS tests fail.
    /// 100 000 matrices each (one seed per matrix).
    #[test]
    fn haar_law() {
        let ortho = Orthogonal::new(1.0).unwrap();
        let n = 100_000u64;
        let mut theta = Vec::with_capacity(n as usize);
        let mut det_pos = 0.0;
        let mut q00 = Vec::with_capacity(n as usize);
        for seed in 0..n {
            let w = ortho.generate((2, 2), seed).unwrap();
            theta.push(w[[1, 0]].atan2(w[[0, 0]]));
            if w[[0, 0]] * w[[1, 1]] - w[[0, 1]] * w[[1, 0]] > 0.0 {
                det_pos += 1.0;
            }
            q00.push(ortho.generate((3, 3), seed + n).unwrap()[[0, 0]]);
        }
        use std::f64::consts::PI;
        assert_ks("2×2 Haar angle", &theta, |t| {
            ((t + PI) / (2.0 * PI)).clamp(0.0, 1.0)
        });
        assert_chi_square(
            "2×2 Haar det sign",
            &[det_pos, n as f64 - det_pos],
            &[n as f64 / 2.0; 2],
            1,
        );
        assert_ks("3×3 Haar Q00", &q00, |x| ((x + 1.0) / 2.0).clamp(0.0, 1.0));
        // Entries of a Haar n × n matrix have mean 0 and variance 1/n.
        assert_moments("3×3 Haar Q00", &q00, 0.0, (1.0f64 / 3.0).sqrt());
    }

    #[test]
    fn wrong_rank_and_scale() {
        let ortho = Orthogonal::new(1.0).unwrap();
        assert!(matches!(
            ortho.generate(10, 1),
            Err(InitError::BadRank { found: 1, .. })
        ));
        assert!(matches!(
            ortho.generate((), 1),
            Err(InitError::BadRank { found: 0, .. })
        ));
        let delta = DeltaOrthogonal::new(1.0).unwrap();
        for shape in [vec![], vec![4], vec![4, 4]] {
            assert!(
                matches!(delta.generate(shape.clone(), 1), Err(InitError::BadRank { found, .. }) if found == shape.len()),
                "{shape:?}"
            );
        }
        for s in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(names(Orthogonal::new(s), "scale"), "{s}");
            assert!(names(DeltaOrthogonal::new(s), "scale"), "{s}");
        }
        assert!(names(ortho.generate([usize::MAX, 2, 3], 1), "shape"));
        assert!(names(delta.generate([3, usize::MAX, 2], 1), "shape"));
    }

    #[test]
    fn zero_size_shapes() {
        let ortho = Orthogonal::new(1.0).unwrap();
        assert_eq!(ortho.generate((0, 5), 1).unwrap().shape(), &[0, 5]);
        assert_eq!(ortho.generate((5, 0), 1).unwrap().shape(), &[5, 0]);
        assert_eq!(ortho.generate((2, 0, 5), 1).unwrap().shape(), &[2, 0, 5]);
        let delta = DeltaOrthogonal::new(1.0).unwrap();
        assert_eq!(delta.generate((4, 4, 0), 1).unwrap().shape(), &[4, 4, 0]);
        assert_eq!(delta.generate((0, 4, 3), 1).unwrap().shape(), &[0, 4, 3]);
    }

    #[test]
    fn delta_orthogonal_is_orthogonal_at_the_centre_only() {
        let delta = DeltaOrthogonal::new(1.3).unwrap();
        // Odd and even kernel sides: the centre is ⌊k/2⌋ (braintools).
        let k = delta.generate((12, 20, 3, 4, 5), 9).unwrap();
        let w = Orthogonal::new(1.3).unwrap().generate((12, 20), 9).unwrap();
        assert_eq!(k.slice(s![.., .., 1, 2, 2]), w);
        for ((o, i, a, b, c), &v) in k.indexed_iter() {
            if (a, b, c) != (1, 2, 2) {
                assert_eq!(v, 0.0, "[{o}, {i}, {a}, {b}, {c}]");
            }
        }
        assert!(off_identity(&w.dot(&w.t()), 1.69) < 1e-12);
        // 1-D kernels too.
        let k = delta.generate((6, 6, 4), 2).unwrap();
        assert_eq!(
            k.slice(s![.., .., 2]),
            Orthogonal::new(1.3).unwrap().generate((6, 6), 2).unwrap()
        );
    }

    #[test]
    fn seeds_differ_and_repeat() {
        let ortho = Orthogonal::new(1.0).unwrap();
        let a = ortho.generate((30, 30), 1).unwrap();
        assert_eq!(a, ortho.generate((30, 30), 1).unwrap());
        assert_ne!(a, ortho.generate((30, 30), 2).unwrap());
    }
}
