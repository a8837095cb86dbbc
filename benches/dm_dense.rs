//! dm_dense: a 5000 × 5000 distance-modulated conductance matrix, the
//! reference workload of braintools' `DistanceModulated` (see
//! `benches/reference/braintools_workloads.py dm_dense`), as
//! `benches/support/workloads.rs` defines it.
//!
//! * `distance_modulated`: 2-D positions uniform in [0, 1000]² µm,
//!   Normal(1 nS, 0.2 nS) × Gaussian(σ = 100 µm), clipped below at
//!   0.05 nS, from pre/post positions: the distances are computed per
//!   element, never stored; all cores.
//! * `distance_modulated_1thread`: the same in a 1-thread pool (thread
//!   scaling: the ratio of the two).
//! * `normal_fill`: a plain Normal(1 nS, 0.2 nS) of the same 25e6
//!   elements, for comparison in the same run.
//!
//! Throughput is per element; ns/element = 1e9 / (elements/s).

#[path = "support/workloads.rs"]
mod workloads;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use neuroinit::prelude::*;

const N: usize = workloads::DM_DENSE_N;

fn dm_dense(c: &mut Criterion) {
    let (pre, post) = workloads::dm_dense_positions(N, 42).expect("valid positions");
    let ctx = Context::new()
        .with_positions(&pre, &post)
        .expect("finite positions");
    let dm = workloads::dm_dense().expect("valid parameters");
    let base = Normal::new(nS(1.0), nS(0.2)).expect("valid parameters");
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");

    let mut g = c.benchmark_group("dm_dense");
    g.throughput(Throughput::Elements((N * N) as u64));
    g.sample_size(10);
    g.bench_function("distance_modulated", |b| {
        b.iter(|| dm.generate_with((N, N), 42, &ctx).expect("fitting context"))
    });
    g.bench_function("distance_modulated_1thread", |b| {
        b.iter(|| one.install(|| dm.generate_with((N, N), 42, &ctx).expect("fitting context")))
    });
    g.bench_function("normal_fill", |b| {
        b.iter(|| base.generate((N, N), 42).expect("valid shape"))
    });
    g.finish();
}

criterion_group!(benches, dm_dense);
criterion_main!(benches);
