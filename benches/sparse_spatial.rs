//! sparse_spatial: 1e5 neurons uniform in a 3162 µm square, each pair
//! connected with probability Gaussian(σ = 50 µm) within a 150 µm mask, no
//! autapses, weights Normal(1 nS, 0.2 nS): about 15 million synapses. The
//! same workload as NEST's in `benches/reference/nest_workloads.py`
//! (`sparse_spatial` in `benches/support/workloads.rs`).
//!
//! * `connect`: the whole call (candidates, draws, CSR, weights) on all
//!   threads; `connect_1_thread`: the same on one thread.
//!
//! Throughput is per synapse; ns/synapse = 1e9 / (synapses/s).

#[path = "support/workloads.rs"]
mod workloads;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use workloads::{sparse_spatial, sparse_spatial_positions};

const N: usize = 100_000;

fn bench(c: &mut Criterion) {
    let xy = sparse_spatial_positions(N, 42).expect("valid workload");
    let conn = sparse_spatial(&xy).expect("valid workload");
    let synapses = conn.connect(42).expect("connects").nnz();
    let mut g = c.benchmark_group("sparse_spatial");
    g.throughput(Throughput::Elements(synapses as u64));
    g.sample_size(10);
    g.bench_function("connect", |b| {
        b.iter(|| conn.connect(42).expect("connects"))
    });
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool of one thread");
    g.bench_function("connect_1_thread", |b| {
        one.install(|| b.iter(|| conn.connect(42).expect("connects")))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
