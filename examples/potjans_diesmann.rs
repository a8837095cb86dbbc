//! The Potjans & Diesmann (2014) cortical microcircuit: 8 populations
//! (77 169 neurons at full scale), 64 projections of fixed total numbers,
//! weights and delays from truncated normals, delays rounded to 0.1 ms as
//! NEST does — about 3e8 synapses, built in one call.
//!
//! The model is defined in `benches/support/pd14.rs`, as NEST's PD14
//! example defines it (`benches/reference/nest_pd.py` builds the same in
//! NEST): `--scale s` multiplies the population sizes by `s` and the
//! synapse counts by `s²`, rounded as the reference does, so the counts
//! compare with NEST's.
//!
//! Prints the 64 synapse counts beside the K they must equal, a summary
//! of the weights and delays per projection, the build time and the peak
//! memory; writes `pd14.npz` (`scipy.sparse.load_npz`: weights in pA, and
//! a `delays` array in ms over the same indices) unless `--no-write`.
//!
//! Run: `cargo run --release --example potjans_diesmann -- --scale 0.1`
//! (default full scale; `--out DIR`, default `target/figures`; `--seed S`).

#[path = "support/mod.rs"]
mod support;

#[path = "../benches/support/pd14.rs"]
mod pd14;

use std::error::Error;
use std::time::Instant;

use neuroinit::prelude::*;

/// The peak resident memory of this process, from `/proc/self/status`.
fn peak_rss_bytes() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 = s
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb * 1024)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = support::Args::parse()?;
    let scale = args.scale;
    let net = pd14::pd14(scale, true)?;
    println!(
        "PD14 at scale {scale}: {} neurons, {} synapses expected",
        net.neurons(),
        net.exact_synapses().unwrap_or(0)
    );

    let t = Instant::now();
    let c = net.generate(args.seed)?;
    let seconds = t.elapsed().as_secs_f64();

    println!("\nSynapses per projection (source -> target: generated / K):");
    let mut exact = 0;
    for p in c.projections() {
        let (s, t) = (p.pre, p.post);
        let k = pd14::synapses(t, s, scale);
        exact += usize::from(p.synapses == k);
        println!(
            "  {:<14} {:>12} / {:<12} {}",
            p.name,
            p.synapses,
            k,
            if p.synapses == k { "" } else { "MISMATCH" }
        );
    }
    println!(
        "  {exact} of {} projections exactly K",
        c.projections().len()
    );
    println!("\n{}", c.summary_table(pA(1.0), "pA"));
    let synapses = c.synapses();
    println!(
        "Built {synapses} synapses in {seconds:.3} s ({:.2} ns per synapse, {} threads)",
        seconds * 1e9 / synapses.max(1) as f64,
        rayon::current_num_threads()
    );
    if let Some(rss) = peak_rss_bytes() {
        println!(
            "Peak RSS {:.2} GB ({:.1} bytes per synapse)",
            rss as f64 / 1e9,
            rss as f64 / synapses.max(1) as f64
        );
    }
    if args.write {
        let path = args.path("pd14.npz");
        let t = Instant::now();
        c.write_npz(&path, pA(1.0))?;
        println!(
            "Wrote {} in {:.2} s (scipy.sparse.load_npz: weights in pA; delays in ms)",
            path.display(),
            t.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
