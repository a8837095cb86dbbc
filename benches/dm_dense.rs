//! dm_dense: a 5000 × 5000 distance-modulated conductance matrix, the
//! reference workload of braintools' `DistanceModulated` (see
//! `../shared/anchors/braintools_workloads.py dm_dense`).
//!
//! * `distance_modulated`: 2-D positions uniform in [0, 1000]² µm,
//!   Normal(1 nS, 0.2 nS) × Gaussian(σ = 100 µm), floored at 0.05 nS
//!   (braintools' `.clip(min_val=0.05 nS)`), from pre/post positions: the
//!   distances are computed per element, never stored.
//! * `normal_fill`: a plain Normal(1 nS, 0.2 nS) of the same 25e6
//!   elements, for comparison in the same run.
//!
//! Throughput is per element; ns/element = 1e9 / (elements/s).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use init_spatial::{DistanceModulated, GaussianProfile};
use ndarray::Array2;
use neuroinit::prelude::*;

const N: usize = 5000;

/// `n × 2` positions uniform in [0, side]² µm, from keyed streams.
fn positions(n: usize, side_um: f64, seed: u64) -> Array2<Length> {
    let key = Seed::new(seed).key();
    Array2::from_shape_fn((n, 2), |(i, k)| {
        um(side_um * key.stream((2 * i + k) as u64).uniform())
    })
}

fn dm_dense(c: &mut Criterion) {
    let pre = positions(N, 1000.0, 1);
    let post = positions(N, 1000.0, 2);
    let ctx = Context::new()
        .with_positions(&pre, &post)
        .expect("finite positions");
    let base = Normal::new(nS(1.0), nS(0.2)).expect("valid parameters");
    let dm = DistanceModulated::new(base, GaussianProfile::new(um(100.0)).expect("valid sigma"))
        .min_weight(nS(0.05))
        .expect("finite floor");

    let mut g = c.benchmark_group("dm_dense");
    g.throughput(Throughput::Elements((N * N) as u64));
    g.sample_size(10);
    g.bench_function("distance_modulated", |b| {
        b.iter(|| dm.generate_with((N, N), 42, &ctx).expect("fitting context"))
    });
    g.bench_function("normal_fill", |b| {
        b.iter(|| base.generate((N, N), 42).expect("valid shape"))
    });
    g.finish();
}

criterion_group!(benches, dm_dense);
criterion_main!(benches);
