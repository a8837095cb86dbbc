//! Variance scaling and identity initializers give bit-identical arrays
//! for 1, 2 and 8 threads, and any block generated alone equals that block
//! of the whole. Shapes exceed 2^15 elements so that the parallel path
//! runs.

use init_core::ndarray::{ArrayD, SliceInfoElem};
use init_core::{Context, Generate, Initializer};
use init_dist::{Fan, Identity, Nonlinearity, ScalingDistribution, VarianceScaling, WeightLayout};
use init_testkit::in_pool;

const SEED: u64 = 2024;

fn bits(a: &ArrayD<f64>) -> Vec<u64> {
    a.iter().map(|v| v.to_bits()).collect()
}

/// Threads and blocks for an initializer at `shape`.
fn check<I: Initializer<Output = f64>>(name: &str, init: &I, shape: &[usize]) {
    assert!(shape.iter().product::<usize>() > 1 << 15);
    let whole = in_pool(1, || init.generate(shape.to_vec(), SEED).unwrap());
    for threads in [2, 8] {
        let again = in_pool(threads, || init.generate(shape.to_vec(), SEED).unwrap());
        assert_eq!(bits(&whole), bits(&again), "{name}: {threads} threads");
    }
    // A block of leading rows (parallel too) and a sub-block on every axis.
    let rows: Vec<_> = shape
        .iter()
        .enumerate()
        .map(|(a, &n)| if a == 0 { n / 5..n } else { 0..n })
        .collect();
    let sub: Vec<_> = shape.iter().map(|&n| n / 3..n - n / 4).collect();
    for region in [rows, sub] {
        let block = in_pool(8, || {
            init.generate_block(shape.to_vec(), &region, SEED, &Context::new())
                .unwrap()
        });
        let info: Vec<SliceInfoElem> = region.iter().map(|r| (r.start..r.end).into()).collect();
        let part = whole.slice(info.as_slice()).to_owned();
        assert_eq!(bits(&block), bits(&part), "{name}: block {region:?}");
    }
}

#[test]
fn variance_scaling_is_deterministic() {
    for shape in [vec![300, 257], vec![40, 30, 5, 7], vec![40_000]] {
        for d in [
            ScalingDistribution::Uniform,
            ScalingDistribution::Normal,
            ScalingDistribution::TruncatedNormal,
        ] {
            let init = VarianceScaling::new(1.5, Fan::Avg, d).unwrap();
            check(&format!("{d:?} {shape:?}"), &init, &shape);
        }
    }
    let shape = [300, 257];
    let he = VarianceScaling::kaiming_uniform(Nonlinearity::Relu, Fan::In)
        .unwrap()
        .with_layout(WeightLayout::OutIn);
    check("kaiming_uniform OutIn", &he, &shape);
    // Composed with arithmetic, as every initializer is.
    let shifted = VarianceScaling::xavier_normal(1.0).unwrap() * 2.0 + 0.1;
    check("xavier_normal * 2 + 0.1", &shifted, &shape);
}

#[test]
fn identity_is_deterministic() {
    for shape in [vec![300, 257], vec![6, 70, 80], vec![40_000]] {
        let init = Identity::new(0.5).unwrap();
        check(&format!("Identity {shape:?}"), &init, &shape);
    }
}

/// Different seeds give different arrays (the seed reaches the streams).
#[test]
fn seeds_matter() {
    let init = VarianceScaling::lecun_normal(1.0).unwrap();
    let a = init.generate((100, 100), 1).unwrap();
    let b = init.generate((100, 100), 2).unwrap();
    let same = a.iter().zip(&b).filter(|(x, y)| x == y).count();
    assert_eq!(same, 0);
}
