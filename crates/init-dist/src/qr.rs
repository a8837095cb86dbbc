//! The orthogonal factor of a thin QR decomposition (faer), with the sign
//! correction that makes it Haar-distributed for a Gaussian input.

use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::householder;
use faer::linalg::qr::no_pivoting::factor;
use faer::{Conj, Mat, Par};

/// `Q·D` for the thin QR decomposition `A = Q·R` of an `m × n` matrix with
/// `m >= n >= 1`, where `D = diag(sign(R_kk))` (a zero diagonal entry counts
/// as positive). Then `A = (Q·D)·(D·R)` with `D·R` upper triangular with a
/// non-negative diagonal: the one QR decomposition with that property, so
/// the result does not depend on the sign convention of the Householder
/// reflections, and for a Gaussian `A` it is Haar-distributed
/// (Mezzadri 2007, *How to generate random matrices from the classical
/// compact groups*, Notices AMS 54).
///
/// Runs on the calling thread (`Par::Seq`): faer's parallel kernels could
/// split sums differently with the thread count, and bit-identical output
/// for any thread count is the promise. The high-level `Mat::qr` is not
/// used because it reads faer's global parallelism setting.
pub(crate) fn haar_q(mut a: Mat<f64>) -> Mat<f64> {
    let (m, n) = a.shape();
    debug_assert!(m >= n && n >= 1);
    let block = factor::recommended_block_size::<f64>(m, n);
    let mut coeff = Mat::<f64>::zeros(block, n);
    let mut mem = MemBuffer::new(factor::qr_in_place_scratch::<f64>(
        m,
        n,
        block,
        Par::Seq,
        Default::default(),
    ));
    factor::qr_in_place(
        a.as_mut(),
        coeff.as_mut(),
        Par::Seq,
        MemStack::new(&mut mem),
        Default::default(),
    );
    // R sits on and above the diagonal of `a`, the Householder vectors
    // below it; turn `a` into the unit lower-trapezoidal basis, as faer's
    // own `Qr` does before applying it.
    let signs: Vec<f64> = (0..n)
        .map(|k| if a[(k, k)] < 0.0 { -1.0 } else { 1.0 })
        .collect();
    for j in 0..n {
        for i in 0..j {
            a[(i, j)] = 0.0;
        }
        a[(j, j)] = 1.0;
    }
    let mut q = Mat::<f64>::identity(m, n);
    let mut mem = MemBuffer::new(
        householder::apply_block_householder_sequence_on_the_left_in_place_scratch::<f64>(
            m, block, n,
        ),
    );
    householder::apply_block_householder_sequence_on_the_left_in_place_with_conj(
        a.as_ref(),
        coeff.as_ref(),
        Conj::No,
        q.as_mut(),
        Par::Seq,
        MemStack::new(&mut mem),
    );
    for (j, &s) in signs.iter().enumerate() {
        if s < 0.0 {
            for i in 0..m {
                q[(i, j)] = -q[(i, j)];
            }
        }
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed, well-conditioned test matrix with both signs on its
    /// diagonal (no randomness needed to test the algebra).
    fn matrix(m: usize, n: usize) -> Mat<f64> {
        Mat::from_fn(m, n, |i, j| {
            let x = ((i * 7 + j * 13) % 17) as f64 - 8.0;
            x + if i == j {
                20.0 * (-1f64).powi(j as i32)
            } else {
                0.0
            }
        })
    }

    #[test]
    fn factor_is_orthonormal_and_r_has_a_positive_diagonal() {
        for (m, n) in [(1, 1), (5, 5), (9, 4), (40, 40), (120, 33)] {
            let a = matrix(m, n);
            let q = haar_q(a.clone());
            let qtq = q.transpose() * &q;
            let r = q.transpose() * &a;
            for i in 0..n {
                for j in 0..n {
                    let id = if i == j { 1.0 } else { 0.0 };
                    assert!((qtq[(i, j)] - id).abs() < 1e-13, "{m}×{n} QᵀQ ({i},{j})");
                    if i > j {
                        assert!(
                            r[(i, j)].abs() < 1e-12,
                            "{m}×{n} R ({i},{j}) = {}",
                            r[(i, j)]
                        );
                    }
                }
                assert!(r[(i, i)] > 0.0, "{m}×{n} R ({i},{i}) = {}", r[(i, i)]);
            }
            // Q·R reproduces A.
            let back = &q * &r;
            assert!((&back - &a).norm_max() < 1e-12 * a.norm_max(), "{m}×{n}");
        }
    }
}
