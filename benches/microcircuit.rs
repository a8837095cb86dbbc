//! The cortical microcircuit of tutorial section 7 (the circuit of
//! `examples/cortical_microcircuit.rs`, included here so the bench measures
//! exactly that circuit) at 20 000 neurons: the whole 4e8-element signed
//! matrix (3.2 GB), from positions in the tutorial's 600 µm square.
//!
//! One iteration takes seconds, so the group runs the minimum of 10
//! samples. Peak memory is measured separately (docs/PERFORMANCE.md):
//! `/usr/bin/time -v target/release/examples/cortical_microcircuit --neurons 20000 --no-write`.

#[allow(dead_code)]
#[path = "../examples/cortical_microcircuit.rs"]
mod example;

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use neuroinit::prelude::*;

const N: usize = 20_000;

fn microcircuit(c: &mut Criterion) {
    let circuit = example::microcircuit(N).expect("the tutorial's circuit is valid");
    let pos = example::positions(N, 43).expect("valid positions");
    let ctx = Context::new()
        .with_positions(&pos, &pos)
        .expect("finite positions");
    let mut g = c.benchmark_group("microcircuit");
    g.throughput(Throughput::Elements((N * N) as u64));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(60));
    g.bench_function("20000_neurons", |b| {
        b.iter(|| {
            circuit
                .generate_with((N, N), 42, &ctx)
                .expect("fitting context")
        })
    });
    g.finish();
}

criterion_group!(benches, microcircuit);
criterion_main!(benches);
