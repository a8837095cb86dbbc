//! Orthogonal and delta-orthogonal weights: bit-identical for 1, 2 and 8
//! threads (the Gaussian matrix is filled in parallel above 2^15 elements,
//! the QR runs on one thread), and orthogonal to 1e-12 at large shapes.

use init_core::ndarray::{Array2, ArrayD};
use init_dist::{DeltaOrthogonal, Orthogonal};
use init_testkit::in_pool;

const SEED: u64 = 99;

fn bits(a: &ArrayD<f64>) -> Vec<u64> {
    a.iter().map(|v| v.to_bits()).collect()
}

fn max_off_identity(g: &Array2<f64>) -> f64 {
    g.indexed_iter()
        .map(|((i, j), &v)| (v - if i == j { 1.0 } else { 0.0 }).abs())
        .fold(0.0, f64::max)
}

#[test]
fn orthogonal_is_deterministic_across_threads() {
    let ortho = Orthogonal::new(1.0).unwrap();
    for shape in [vec![300, 200], vec![150, 400], vec![20, 10, 181]] {
        assert!(shape.iter().product::<usize>() > 1 << 15);
        let one = in_pool(1, || ortho.generate(shape.clone(), SEED).unwrap());
        for threads in [2, 8] {
            let again = in_pool(threads, || ortho.generate(shape.clone(), SEED).unwrap());
            assert_eq!(bits(&one), bits(&again), "{shape:?}: {threads} threads");
        }
    }
    let delta = DeltaOrthogonal::new(1.0).unwrap();
    let shape = vec![200, 180, 3, 3];
    let one = in_pool(1, || delta.generate(shape.clone(), SEED).unwrap());
    let eight = in_pool(8, || delta.generate(shape.clone(), SEED).unwrap());
    assert_eq!(bits(&one), bits(&eight), "DeltaOrthogonal {shape:?}");
}

#[test]
fn orthogonal_at_large_shapes() {
    let ortho = Orthogonal::new(1.0).unwrap();
    // Square and tall: WᵀW = I; wide: WWᵀ = I.
    for (rows, cols) in [(500, 500), (700, 300)] {
        let w = ortho.generate((rows, cols), SEED).unwrap();
        let err = max_off_identity(&w.t().dot(&w));
        assert!(err < 1e-12, "{rows}×{cols}: |WᵀW − I| = {err:e}");
    }
    let w = ortho.generate((300, 700), SEED).unwrap();
    let err = max_off_identity(&w.dot(&w.t()));
    assert!(err < 1e-12, "300×700: |WWᵀ − I| = {err:e}");
}
