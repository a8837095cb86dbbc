//! Dense distance matrices from positions, on request.
//!
//! Every distance comes from [`Positions::distance`], the one distance
//! function of neuroinit, so a matrix built here and the distances that
//! [`crate::DistanceModulated`] computes on the fly agree bit for bit.

use init_core::ndarray::Array2;
use init_core::{InitError, Positions, alloc, vec_from_si};
use rayon::prelude::*;
use uom::si::f64::Length;

/// Rows per parallel work item are at least this many elements long, so
/// that narrow matrices do not drown in scheduling.
const MIN_ELEMENTS_PER_TASK: usize = 1 << 13;

/// The `n_pre × n_post` matrix of distances between pre- and post-synaptic
/// neurons (Euclidean; shortest periodic image when the positions have a
/// box), computed in parallel. [`InitError::TooLarge`] when the matrix
/// does not fit in memory.
///
/// This stores `n_pre · n_post` lengths; [`crate::DistanceModulated`] does
/// not need it (it computes each distance where it uses it).
///
/// ```
/// use init_core::Positions;
/// use init_spatial::distance_matrix;
/// use ndarray::array;
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// let pre = array![[Length::new::<um>(0.0), Length::new::<um>(0.0)]];
/// let post = array![[Length::new::<um>(3.0), Length::new::<um>(4.0)],
///                   [Length::new::<um>(0.0), Length::new::<um>(1.0)]];
/// let d = distance_matrix(&Positions::new(&pre, &post)?)?;
/// assert_eq!(d.dim(), (1, 2));
/// assert!((d[[0, 0]].get::<um>() - 5.0).abs() < 1e-12);
/// # Ok::<(), init_core::InitError>(())
/// ```
pub fn distance_matrix(positions: &Positions<'_>) -> Result<Array2<Length>, InitError> {
    let (n_pre, n_post) = (positions.n_pre(), positions.n_post());
    let n = n_pre.checked_mul(n_post).ok_or(InitError::TooLarge {
        what: "distance matrix",
        bytes: (n_pre as u64)
            .saturating_mul(n_post as u64)
            .saturating_mul(8),
        limit: isize::MAX as u64,
        reason: "an allocation can hold",
    })?;
    let mut buf = alloc::try_zeroed(n, "distance matrix")?;
    if n_post > 0 {
        let rows_per_task = MIN_ELEMENTS_PER_TASK.div_ceil(n_post);
        buf.par_chunks_mut(n_post)
            .with_min_len(rows_per_task)
            .enumerate()
            .for_each(|(i, row)| {
                for (j, d) in row.iter_mut().enumerate() {
                    *d = positions.distance(i, j);
                }
            });
    }
    match Array2::from_shape_vec((n_pre, n_post), vec_from_si(buf)) {
        Ok(a) => Ok(a),
        Err(_) => unreachable!("the buffer holds exactly n_pre × n_post elements"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::um;
    use init_core::ndarray::{Array1, array};
    use init_testkit::in_pool;

    fn close_um(a: Length, b_um: f64) -> bool {
        (a.get::<uom::si::length::micrometer>() - b_um).abs() <= 1e-9 * b_um.max(1.0)
    }

    /// Hand-checked shortest images in 1-D, 2-D and 3-D boxes.
    #[test]
    fn periodic_matrix_takes_the_shortest_image() {
        // 1-D ring of 100 µm: 5 → 95 is 10 across the wrap; 0 → 50 is half the box.
        let pre = array![um(5.0), um(0.0)];
        let post = array![um(95.0), um(50.0), um(30.0)];
        let p = Positions::new(&pre, &post)
            .unwrap()
            .periodic(&[um(100.0)])
            .unwrap();
        let d = distance_matrix(&p).unwrap();
        for (ij, expect) in [
            ((0, 0), 10.0),
            ((0, 1), 45.0),
            ((0, 2), 25.0),
            ((1, 0), 5.0),
            ((1, 1), 50.0),
            ((1, 2), 30.0),
        ] {
            assert!(close_um(d[ij], expect), "1-D {ij:?}: {:?}", d[ij]);
        }
        // 2-D torus 100 × 200 µm: (1, 1) → (99, 199) is (2, 2) away.
        let pre = array![[um(1.0), um(1.0)]];
        let post = array![
            [um(99.0), um(199.0)],
            [um(60.0), um(1.0)],
            [um(50.0), um(101.0)]
        ];
        let p = Positions::new(&pre, &post)
            .unwrap()
            .periodic(&[um(100.0), um(200.0)])
            .unwrap();
        let d = distance_matrix(&p).unwrap();
        assert!(close_um(d[[0, 0]], 8f64.sqrt()));
        assert!(close_um(d[[0, 1]], 41.0));
        assert!(close_um(d[[0, 2]], (49f64 * 49.0 + 100.0 * 100.0).sqrt()));
        // 3-D cube of 10 µm: opposite corners are sqrt(3) apart; a point
        // outside the box is wrapped too.
        let pre = array![[um(0.5), um(0.5), um(0.5)]];
        let post = array![[um(9.5), um(9.5), um(9.5)], [um(20.5), um(-9.0), um(3.5)]];
        let p = Positions::new(&pre, &post)
            .unwrap()
            .periodic(&[um(10.0); 3])
            .unwrap();
        let d = distance_matrix(&p).unwrap();
        assert!(close_um(d[[0, 0]], 3f64.sqrt()));
        assert!(close_um(d[[0, 1]], (0.0 + 0.25f64 + 9.0).sqrt()));
    }

    #[test]
    fn equals_positions_distance_bit_for_bit_on_any_thread_count() {
        let n = 300;
        let pre: Array1<Length> = (0..n).map(|i| um((i * 37 % 101) as f64 * 1.3)).collect();
        let post: Array1<Length> = (0..n / 2).map(|i| um((i * 53 % 89) as f64 * 2.1)).collect();
        let p = Positions::new(&pre, &post)
            .unwrap()
            .periodic(&[um(120.0)])
            .unwrap();
        let one = in_pool(1, || distance_matrix(&p).unwrap());
        for threads in [2, 8] {
            assert!(
                in_pool(threads, || distance_matrix(&p).unwrap()) == one,
                "{threads} threads"
            );
        }
        for ((i, j), d) in one.indexed_iter() {
            assert_eq!(d.value.to_bits(), p.distance(i, j).to_bits());
        }
    }

    #[test]
    fn empty_sides() {
        let pre: Array1<Length> = Array1::from(vec![]);
        let post = array![um(1.0)];
        assert_eq!(
            distance_matrix(&Positions::new(&pre, &post).unwrap())
                .unwrap()
                .dim(),
            (0, 1)
        );
        assert_eq!(
            distance_matrix(&Positions::new(&post, &pre).unwrap())
                .unwrap()
                .dim(),
            (1, 0)
        );
    }
}
