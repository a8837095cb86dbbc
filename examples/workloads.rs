//! The benchmark workloads, comparable with the reference systems'.
//!
//! `cargo run --release --example workloads -- NAME [N] [--threads T] [--seed S]`
//!
//! NAME is one of normal_fill, dm_dense, mixture3, conditional_ei,
//! sparse_spatial, sparse_network (the sparse cortex through the network
//! API), cortex_parts (the same in `--parts P` parts, one after another,
//! a line per part), pd14 (defined in `benches/support/workloads.rs` and
//! `pd14.rs`; for pd14, N is the scale, default 1.0; see
//! docs/PERFORMANCE.md). Only the generation call is timed, after one
//! warm-up call. The last line printed is
//!
//! `workload=NAME n=N elements=K seconds=S ns_per_element=X threads=T checksum=C`
//!
//! with K the number of values produced and C the sum of all weights in nS
//! (identical for any thread count: compare two runs with it).
//!
//! With `--into`, a dense workload is timed refilling the warm-up call's
//! array with `generate_into` (same values, no allocation, no page faults).
//!
//! Three more names measure the floors the workloads sit on, for 1-D
//! arrays of N (default 1e7) through the same generation call:
//! `floor_constant` (allocation, first touch of the pages, one store per
//! element), `floor_uniform` (plus one keyed 64-bit draw per element, as a
//! uniform number) and `floor_exp` (plus one `exp` per element, no draw).

#[path = "../benches/support/workloads.rs"]
mod workloads;

#[path = "../benches/support/pd14.rs"]
mod pd14;

use std::error::Error;
use std::time::Instant;

use neuroinit::prelude::*;

struct Opts {
    name: String,
    n: Option<usize>,
    /// The size argument as given (the `pd14` workload reads a scale).
    size: Option<String>,
    threads: Option<usize>,
    seed: u64,
    into: bool,
    /// `--parts P` (cortex_parts).
    parts: Option<usize>,
}

fn parse() -> Result<Opts, Box<dyn Error>> {
    let mut o = Opts {
        name: String::new(),
        n: None,
        size: None,
        threads: None,
        seed: 42,
        into: false,
        parts: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--threads" => o.threads = Some(it.next().ok_or("--threads needs a value")?.parse()?),
            "--seed" => o.seed = it.next().ok_or("--seed needs a value")?.parse()?,
            "--into" => o.into = true,
            "--parts" => o.parts = Some(it.next().ok_or("--parts needs a value")?.parse()?),
            _ if o.name.is_empty() => o.name = a,
            _ if o.size.is_none() => {
                if o.name != "pd14" {
                    o.n = Some(
                        a.parse()
                            .map_err(|e| format!("N must be a count ({a}): {e}"))?,
                    );
                }
                o.size = Some(a);
            }
            _ => return Err(format!("unexpected argument {a}").into()),
        }
    }
    if o.name.is_empty() {
        return Err("usage: workloads NAME [N] [--threads T] [--seed S] [--into]".into());
    }
    Ok(o)
}

/// The initializers of the floor measurements.
mod floors {
    use neuroinit::prelude::*;
    use neuroinit::{Element, Key};

    /// One keyed draw per element, as a uniform number in nS.
    pub struct KeyedUniform;
    impl Initializer for KeyedUniform {
        type Output = ElectricalConductance;
        #[inline]
        fn sample(&self, el: Element, _: &Context<'_>, key: Key) -> f64 {
            key.stream(el.flat).uniform() * 1e-9
        }
    }

    /// One `exp` per element of a deterministic argument in [−8, 0), in nS.
    pub struct Exp;
    impl Initializer for Exp {
        type Output = ElectricalConductance;
        #[inline]
        fn sample(&self, el: Element, _: &Context<'_>, _: Key) -> f64 {
            init_core::math::exp(-((el.flat % 8192) as f64) * (1.0 / 1024.0)) * 1e-9
        }
    }
}

/// Warm up once, then time one call.
fn timed<T, E>(f: impl Fn() -> Result<T, E>) -> Result<(T, f64), E> {
    drop(f()?);
    let start = Instant::now();
    let out = f()?;
    Ok((out, start.elapsed().as_secs_f64()))
}

/// A dense workload: generate after a warm-up call, or with `into`,
/// `generate_into` the warm-up's array (no allocation, no page faults).
/// Returns the element count, the seconds and the checksum.
fn dense<I, Sh>(
    init: &I,
    shape: Sh,
    seed: u64,
    ctx: &Context<'_>,
    into: bool,
) -> Result<(usize, f64, f64), InitError>
where
    I: Initializer<Output = ElectricalConductance>,
    Sh: ndarray::IntoDimension + Clone,
{
    let (a, s) = if into {
        let mut a = init.generate_with(shape, seed, ctx)?;
        let start = Instant::now();
        init.generate_into(&mut a, seed, ctx)?;
        (a, start.elapsed().as_secs_f64())
    } else {
        timed(|| init.generate_with(shape.clone(), seed, ctx))?
    };
    Ok((a.len(), s, checksum(&a)))
}

/// Sum of the values in nS, in index order (deterministic).
fn checksum<D: ndarray::Dimension>(a: &ndarray::Array<ElectricalConductance, D>) -> f64 {
    a.si_view().iter().map(|&v| v * 1e9).sum()
}

/// Reset the peak resident memory to the current one (Linux:
/// `/proc/self/clear_refs`), so that the next `VmHWM` is a phase's own.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The peak resident memory of this process, kB (`VmHWM`).
fn peak_rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() -> Result<(), Box<dyn Error>> {
    let o = parse()?;
    let mut maxrss = None;
    if let Some(t) = o.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build_global()?;
    }
    let threads = rayon::current_num_threads();
    let seed = o.seed;
    let none = Context::new();
    let with_n = |n: usize, (k, s, c): (usize, f64, f64)| (n, k, s, c);
    let (n, elements, seconds, sum) = match o.name.as_str() {
        "normal_fill" => {
            let n = o.n.unwrap_or(workloads::NORMAL_FILL_N);
            with_n(
                n,
                dense(&workloads::normal_fill()?, n, seed, &none, o.into)?,
            )
        }
        "dm_dense" => {
            let n = o.n.unwrap_or(workloads::DM_DENSE_N);
            let init = workloads::dm_dense()?;
            let (pre, post) = workloads::dm_dense_positions(n, seed)?;
            let ctx = Context::new().with_positions(&pre, &post)?;
            with_n(n, dense(&init, (n, n), seed, &ctx, o.into)?)
        }
        "mixture3" => {
            let n = o.n.unwrap_or(workloads::MIXTURE3_N);
            with_n(n, dense(&workloads::mixture3()?, n, seed, &none, o.into)?)
        }
        "conditional_ei" => {
            let n = o.n.unwrap_or(workloads::CONDITIONAL_EI_N);
            let init = workloads::conditional_ei(n)?;
            with_n(n, dense(&init, n, seed, &none, o.into)?)
        }
        "floor_constant" => {
            let n = o.n.unwrap_or(workloads::NORMAL_FILL_N);
            with_n(n, dense(&Constant::new(nS(0.5))?, n, seed, &none, o.into)?)
        }
        "floor_uniform" => {
            let n = o.n.unwrap_or(workloads::NORMAL_FILL_N);
            with_n(n, dense(&floors::KeyedUniform, n, seed, &none, o.into)?)
        }
        "floor_exp" => {
            let n = o.n.unwrap_or(workloads::NORMAL_FILL_N);
            with_n(n, dense(&floors::Exp, n, seed, &none, o.into)?)
        }
        "sparse_spatial" => {
            if o.into {
                return Err("--into is for the dense workloads".into());
            }
            let n = o.n.unwrap_or(workloads::SPARSE_SPATIAL_N);
            let xy = workloads::sparse_spatial_positions(n, seed)?;
            let connector = workloads::sparse_spatial(&xy)?;
            let (csr, s) = timed(|| connector.connect(seed))?;
            let sum = csr.weights().iter().map(|w| w.value * 1e9).sum();
            (n, csr.nnz(), s, sum)
        }
        "pd14" => {
            if o.into {
                return Err("--into is for the dense workloads".into());
            }
            // One cold call, as NEST's script times it (a warm-up would
            // double the peak memory at full scale).
            let scale: f64 = o.size.as_deref().unwrap_or("1.0").parse()?;
            let net = pd14::pd14(scale, true)?;
            let start = Instant::now();
            let c = net.generate(seed)?;
            let s = start.elapsed().as_secs_f64();
            let w: f64 = c.weights().iter().map(|w| w.get::<picoampere>()).sum();
            let d: f64 = c
                .delays()
                .unwrap_or(&[])
                .iter()
                .map(|d| d.get::<millisecond>())
                .sum();
            maxrss = peak_rss_kb();
            (net.neurons(), c.synapses(), s, w + d)
        }
        "sparse_network" => {
            // The sparse cortex through the network API, one cold call.
            let n = o.n.unwrap_or(workloads::SPARSE_SPATIAL_N);
            let net = workloads::sparse_cortex_network(n)?;
            let start = Instant::now();
            let c = net.generate(seed)?;
            let s = start.elapsed().as_secs_f64();
            maxrss = peak_rss_kb();
            let sum = c.weights().iter().map(|w| w.value * 1e9).sum();
            (n, c.synapses(), s, sum)
        }
        "cortex_parts" => {
            // The sparse cortex built as PARTS parts (blocks of targets),
            // one after another, as ranks or a job array would: a line per
            // part with its time and peak memory, then the total.
            let n = o.n.unwrap_or(workloads::SPARSE_SPATIAL_N);
            let parts = o.parts.unwrap_or(16);
            let net = workloads::sparse_cortex_network(n)?;
            let (mut total, mut elements, mut sum) = (0.0, 0, 0.0);
            for k in 0..parts {
                reset_peak_rss();
                let part = net.part(k, parts, neuroinit::Scheme::Blocks)?;
                let start = Instant::now();
                let c = net.generate_part(seed, &part)?;
                let s = start.elapsed().as_secs_f64();
                let kb = peak_rss_kb().unwrap_or(0);
                println!(
                    "part={k} parts={parts} synapses={} seconds={s:.3} maxrss_kb={kb} bytes_per_synapse={:.2}",
                    c.synapses(),
                    kb as f64 * 1024.0 / c.synapses().max(1) as f64
                );
                total += s;
                elements += c.synapses();
                sum += c.weights().iter().map(|w| w.value * 1e9).sum::<f64>();
            }
            (n, elements, total, sum)
        }
        other => {
            return Err(format!(
                "unknown workload {other}: one of normal_fill, dm_dense, mixture3, conditional_ei, sparse_spatial, sparse_network, cortex_parts, pd14"
            )
            .into());
        }
    };
    let rss = maxrss.map_or(String::new(), |kb| format!(" maxrss_kb={kb}"));
    println!(
        "workload={} n={n} elements={elements} seconds={seconds:.4} ns_per_element={:.2} threads={threads} checksum={sum}{rss}",
        o.name,
        seconds * 1e9 / elements.max(1) as f64
    );
    Ok(())
}
