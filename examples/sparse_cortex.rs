//! Sparse cortex: a sheet of neurons connected locally, far beyond what a
//! dense matrix holds.
//!
//! N neurons uniform in a square of side 1000·sqrt(N/10 000) µm (0.01 per
//! µm²), each pair connected with probability Gaussian(σ = 50 µm) within a
//! 150 µm mask, no autapses, weights Normal(1 nS, 0.2 nS): the
//! sparse_spatial workload (`sparse_spatial` in `benches/support/workloads.rs`), the
//! same as NEST's in `benches/reference/nest_workloads.py`.
//!
//! Writes `sparse_cortex.npz` (read it with `scipy.sparse.load_npz`,
//! weights in nS) and prints the synapse count, the mean in-degree, weight
//! statistics and the seconds each step took.
//!
//! Run: `cargo run --release --example sparse_cortex -- --neurons 1000000`
//! (default 100 000; `--out DIR`, default `target/figures`; `--seed S`).

#[path = "support/mod.rs"]
mod support;

#[path = "../benches/support/workloads.rs"]
mod workloads;

use std::error::Error;
use std::time::Instant;

use neuroinit::prelude::*;
use workloads::{sparse_spatial, sparse_spatial_positions, sparse_spatial_side};

fn main() -> Result<(), Box<dyn Error>> {
    let args = support::Args::parse()?;
    let n = args.neurons.unwrap_or(100_000);
    let xy = sparse_spatial_positions(n, args.seed)?;
    println!(
        "{n} neurons in a {:.0} µm square; Gaussian(σ = 50 µm) within 150 µm, no autapses, \
         weights Normal(1 nS, 0.2 nS)",
        sparse_spatial_side(n).get::<micrometer>()
    );

    let t = Instant::now();
    let csr = sparse_spatial(&xy)?.connect(args.seed)?;
    let connect_s = t.elapsed().as_secs_f64();

    let nnz = csr.nnz();
    let w = csr.weights();
    let (mean, std, min, max) = stats_ns(w);
    println!("  Synapses: {nnz}");
    println!("  Mean in-degree: {:.2}", nnz as f64 / n.max(1) as f64);
    println!("  Weights: mean {mean:.4} nS, std {std:.4} nS, range [{min:.3}, {max:.3}] nS");
    println!(
        "  Connect: {connect_s:.3} s ({:.1} ns per synapse, {} threads)",
        connect_s * 1e9 / nnz.max(1) as f64,
        rayon::current_num_threads()
    );

    let path = args.path("sparse_cortex.npz");
    let t = Instant::now();
    csr.write_npz(&path, nS(1.0))?;
    println!(
        "  Wrote {} in {:.3} s (scipy.sparse.load_npz; weights in nS)",
        path.display(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Mean, standard deviation, minimum and maximum in nS, in one pass.
fn stats_ns(w: &[ElectricalConductance]) -> (f64, f64, f64, f64) {
    let (mut sum, mut sq, mut min, mut max) = (0.0, 0.0, f64::INFINITY, f64::NEG_INFINITY);
    for g in w {
        let x = g.get::<nanosiemens>();
        sum += x;
        sq += x * x;
        min = min.min(x);
        max = max.max(x);
    }
    let k = w.len().max(1) as f64;
    let mean = sum / k;
    (mean, (sq / k - mean * mean).max(0.0).sqrt(), min, max)
}
