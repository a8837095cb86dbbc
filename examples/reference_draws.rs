//! The benchmark workloads drawn small and written as `.npy` files, in nS
//! (positions in µm): what the Python package must reproduce bit for bit
//! from the same seeds (`bindings/python/tests/test_rust_identity.py`).
//!
//! Files: `normal_fill.npy` (1000 draws, seed 42), `mixture3.npy` (10 000,
//! seed 7), `conditional_ei.npy` (10 000, seed 9), `dm_dense.npy` (60 × 60,
//! seed 3) with its positions `dm_pre.npy`, `dm_post.npy`, and the sparse
//! cortex of 3000 neurons (seed 5) as `cortex_indptr.npy`,
//! `cortex_indices.npy`, `cortex_weights.npy`.
//!
//! Run: `cargo run --release --example reference_draws -- --out DIR`

#[path = "support/mod.rs"]
mod support;
#[path = "../benches/support/workloads.rs"]
mod workloads;

use ndarray_npy::write_npy;
use neuroinit::ndarray::{Array1, Array2};
use neuroinit::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = support::Args::parse()?;
    let in_ns = |w: Array1<ElectricalConductance>| w.values_in(nS(1.0));

    let w = workloads::normal_fill()?.generate(1000, 42)?;
    write_npy(args.path("normal_fill.npy"), &in_ns(w))?;
    let w = workloads::mixture3()?.generate(10_000, 7)?;
    write_npy(args.path("mixture3.npy"), &in_ns(w))?;
    let w = workloads::conditional_ei(10_000)?.generate(10_000, 9)?;
    write_npy(args.path("conditional_ei.npy"), &in_ns(w))?;

    let n = 60;
    let (pre, post) = workloads::dm_dense_positions(n, 3)?;
    let ctx = Context::new().with_positions(&pre, &post)?;
    let w: Array2<ElectricalConductance> = workloads::dm_dense()?.generate_with((n, n), 3, &ctx)?;
    write_npy(args.path("dm_dense.npy"), &w.values_in(nS(1.0)))?;
    write_npy(args.path("dm_pre.npy"), &pre.values_in(um(1.0)))?;
    write_npy(args.path("dm_post.npy"), &post.values_in(um(1.0)))?;

    let c = workloads::sparse_cortex_network(3000)?.generate(5)?;
    write_npy(
        args.path("cortex_indptr.npy"),
        &Array1::from(c.indptr().to_vec()),
    )?;
    write_npy(
        args.path("cortex_indices.npy"),
        &Array1::from(c.indices().to_vec()),
    )?;
    let w: Array1<ElectricalConductance> = c.weights().iter().copied().collect();
    write_npy(args.path("cortex_weights.npy"), &in_ns(w))?;
    println!(
        "wrote {} synapses and four dense draws into {}",
        c.synapses(),
        args.out.display()
    );
    Ok(())
}
