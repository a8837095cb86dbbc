//! normal_fill: 1e7 draws of Normal(0.5 nS, 0.1 nS).
//!
//! * `keyed_parallel`: neuroinit's generation call (keyed per-element
//!   streams, rayon over all cores), returning `Array1<ElectricalConductance>`.
//! * `keyed_1thread`: the same call in a 1-thread pool (the keying cost next
//!   to the baseline, without parallelism).
//! * `ndarray_rand_smallrng`: the by-hand sequential baseline, ndarray-rand's
//!   `random_using` with rand_distr's Normal and the fast `SmallRng`
//!   (xoshiro256++), returning plain `Array1<f64>`.
//!
//! * `sampler_alone_prealloc` / `keyed_prealloc_1thread`: the cost of
//!   keying itself, into an already-touched buffer (no allocation, no page
//!   faults), on one thread: rand_distr's Normal with `SmallRng`, against
//!   the same sampler drawing from per-element keyed streams.
//!
//! Throughput is reported per element; ns/element = 1e9 / (elements/s).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ndarray::Array1;
use ndarray_rand::RandomExt;
use neuroinit::prelude::*;
use rand::SeedableRng;
use rand::rngs::SmallRng;

const N: usize = 10_000_000;

fn normal_fill(c: &mut Criterion) {
    let init = Normal::new(nS(0.5), nS(0.1)).expect("valid parameters");
    let mut g = c.benchmark_group("normal_fill");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(20);
    g.bench_function("keyed_parallel", |b| {
        b.iter(|| init.generate(N, 42).expect("valid shape"))
    });
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    g.bench_function("keyed_1thread", |b| {
        b.iter(|| one.install(|| init.generate(N, 42).expect("valid shape")))
    });
    let dist = rand_distr::Normal::new(0.5e-9, 0.1e-9).expect("valid parameters");
    g.bench_function("ndarray_rand_smallrng", |b| {
        let mut rng = SmallRng::seed_from_u64(42);
        b.iter(|| Array1::<f64>::random_using(N, dist, &mut rng))
    });
    let mut buf = vec![1.0f64; N];
    g.bench_function("sampler_alone_prealloc", |b| {
        use rand_distr::Distribution;
        let mut rng = SmallRng::seed_from_u64(42);
        b.iter(|| {
            for x in buf.iter_mut() {
                *x = dist.sample(&mut rng);
            }
        })
    });
    let key = Seed::new(42).key();
    let ctx = Context::new();
    g.bench_function("keyed_prealloc_1thread", |b| {
        b.iter(|| {
            one.install(|| {
                init_core::fill_region(
                    &init,
                    &[N],
                    std::slice::from_ref(&(0..N)),
                    key,
                    &ctx,
                    &mut buf,
                )
            })
        })
    });
    g.finish();
}

criterion_group!(benches, normal_fill);
criterion_main!(benches);
