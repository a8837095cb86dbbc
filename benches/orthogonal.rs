//! orthogonal: `Orthogonal::generate` on square matrices (Gaussian fill,
//! faer Householder QR on one thread, sign correction), and for scale the
//! element-wise `VarianceScaling` (Kaiming normal) on the same shapes.
//!
//! The QR is `O(n³)` and sequential (for thread-count-independent bits);
//! the element-wise initializers are `O(n²)` and parallel.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use neuroinit::prelude::*;
use neuroinit::{Fan, Nonlinearity, Orthogonal, VarianceScaling};

fn orthogonal(c: &mut Criterion) {
    let mut g = c.benchmark_group("orthogonal");
    g.sample_size(10);
    let ortho = Orthogonal::new(1.0).expect("valid scale");
    for n in [256usize, 1000] {
        g.bench_with_input(BenchmarkId::new("orthogonal", n), &n, |b, &n| {
            b.iter(|| ortho.generate((n, n), 42).expect("valid shape"))
        });
        let he =
            VarianceScaling::kaiming_normal(Nonlinearity::Relu, Fan::In).expect("valid parameters");
        g.bench_with_input(BenchmarkId::new("kaiming_normal", n), &n, |b, &n| {
            b.iter(|| he.generate((n, n), 42).expect("valid shape"))
        });
    }
    g.finish();
}

criterion_group!(benches, orthogonal);
criterion_main!(benches);
