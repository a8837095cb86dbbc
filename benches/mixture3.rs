//! mixture3: 1e7 samples of the tutorial's mixed-type mixture,
//! Normal(0.5, 0.1) nS 50%, LogNormal(0.8, 0.3) nS 30%,
//! Gamma(shape 3, scale 0.2 nS) 20%.
//!
//! * `boxed_parallel`: components as a `Vec<BoxedInitializer<_>>` (the
//!   usual run-time list), neuroinit's generation call on all cores.
//! * `tuple_parallel`: the same components as a tuple (static dispatch).
//! * `*_1thread`: the same calls in a 1-thread pool.
//! * `boxed_per_element_parallel`: the boxed mixture behind a wrapper that
//!   keeps only `sample`, i.e. without `Mixture::fill`'s grouping by
//!   component (one unpredictable dynamic dispatch per element).
//!
//! braintools 0.3 takes 158–182 ns/element for this mixture on the
//! development machine. Throughput is reported per element;
//! ns/element = 1e9 / (elements/s).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use init_compose::{InitializerExt, Mixture};
use neuroinit::prelude::*;
use neuroinit::{Element, Key};

const N: usize = 10_000_000;

/// Forwards `sample` only, so generation takes the default per-element
/// `fill`.
struct PerElement<I>(I);

impl<I: Initializer> Initializer for PerElement<I> {
    type Output = I::Output;
    fn sample(&self, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
        self.0.sample(el, ctx, key)
    }
}

fn mixture3(c: &mut Criterion) {
    let normal = Normal::new(nS(0.5), nS(0.1)).expect("valid parameters");
    let lognormal = LogNormal::new(nS(0.8), nS(0.3)).expect("valid parameters");
    let gamma = Gamma::new(3.0, nS(0.2)).expect("valid parameters");
    let w = [0.5, 0.3, 0.2];
    let boxed = Mixture::new(vec![normal.boxed(), lognormal.boxed(), gamma.boxed()], &w)
        .expect("valid weights");
    let tuple = Mixture::new((normal, lognormal, gamma), &w).expect("valid weights");
    let per_element = PerElement(
        Mixture::new(vec![normal.boxed(), lognormal.boxed(), gamma.boxed()], &w)
            .expect("valid weights"),
    );
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");

    let mut g = c.benchmark_group("mixture3");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(20);
    g.bench_function("boxed_parallel", |b| {
        b.iter(|| boxed.generate(N, 42).expect("valid shape"))
    });
    g.bench_function("tuple_parallel", |b| {
        b.iter(|| tuple.generate(N, 42).expect("valid shape"))
    });
    g.bench_function("boxed_per_element_parallel", |b| {
        b.iter(|| per_element.generate(N, 42).expect("valid shape"))
    });
    g.bench_function("boxed_1thread", |b| {
        b.iter(|| one.install(|| boxed.generate(N, 42).expect("valid shape")))
    });
    g.bench_function("tuple_1thread", |b| {
        b.iter(|| one.install(|| tuple.generate(N, 42).expect("valid shape")))
    });
    g.finish();
}

criterion_group!(benches, mixture3);
criterion_main!(benches);
