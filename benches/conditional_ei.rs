//! conditional_ei: 1e7 elements, the tutorial's E/I conditional: the first
//! 80% TruncatedNormal(0.8, 0.2, [0.2, 2.0]) nS, the rest
//! TruncatedNormal(2.5, 0.5, [1, 5]) nS.
//!
//! * `parallel`: neuroinit's generation call on all cores.
//! * `1thread`: the same call in a 1-thread pool.
//! * `per_element_parallel`: the conditional behind a wrapper that keeps
//!   only `sample` (no hand-over of whole stretches to each branch's
//!   `fill`).
//! * `explicit_indices_parallel`: as `parallel`, with the neuron indices
//!   passed explicitly (`Context::with_neuron_indices`, as the tutorial
//!   passes `neuron_indices`).
//!
//! braintools 0.3 takes 108–130 ns/element on the development machine.
//! Throughput is reported per element; ns/element = 1e9 / (elements/s).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use init_compose::Conditional;
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

fn conditional_ei(c: &mut Criterion) {
    let exc = TruncatedNormal::new(nS(0.8), nS(0.2), nS(0.2), nS(2.0)).expect("valid parameters");
    let inh = TruncatedNormal::new(nS(2.5), nS(0.5), nS(1.0), nS(5.0)).expect("valid parameters");
    let n_exc = N * 8 / 10;
    let cond = Conditional::on_pre(move |i| i < n_exc, exc, inh);
    let per_element = PerElement(cond);
    let ids: Vec<usize> = (0..N).collect();
    let ctx_ids = Context::new().with_neuron_indices(&ids);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");

    let mut g = c.benchmark_group("conditional_ei");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(20);
    g.bench_function("parallel", |b| {
        b.iter(|| cond.generate(N, 42).expect("valid shape"))
    });
    g.bench_function("per_element_parallel", |b| {
        b.iter(|| per_element.generate(N, 42).expect("valid shape"))
    });
    g.bench_function("explicit_indices_parallel", |b| {
        b.iter(|| cond.generate_with(N, 42, &ctx_ids).expect("valid shape"))
    });
    g.bench_function("1thread", |b| {
        b.iter(|| one.install(|| cond.generate(N, 42).expect("valid shape")))
    });
    g.finish();
}

criterion_group!(benches, conditional_ei);
criterion_main!(benches);
