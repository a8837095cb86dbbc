//! The tutorial's section-7 cortical microcircuit as a sparse network of
//! 100 000 neurons.
//!
//! Five cell types (pyramidal L2/3 and L5, PV, SST and VIP interneurons;
//! 35/30/15/10/10 %) uniform in a square at the tutorial's density (500
//! neurons per 600 µm square, so 8.5 mm a side at 100 000). Each of the 25
//! pairs of types is a projection whose connection probability is the
//! tutorial's distance profile for that pair (Gaussian, exponential,
//! bimodal, difference of Gaussians, or the default Gaussian), and whose
//! weights are the tutorial's base distribution floored at its minimum
//! weight, negative from the three interneuron types. Where the tutorial
//! samples 50 × 50 pairs of a 500-neuron matrix, this is the whole network,
//! two hundred times larger and sparse.
//!
//! Two choices the dense tutorial does not need to make:
//!
//! - **Range.** Every profile is given a `max_distance` beyond which it is
//!   0, so that only nearby pairs are candidates (4σ for a Gaussian, where
//!   it is 3e-4 of its peak; 7 decay lengths for the exponential, 9e-4),
//!   never all N² pairs.
//! - **A probability is in [0, 1].** The bimodal profile can reach
//!   0.8 + 0.3 = 1.1 as far as its bounds know, and the difference of
//!   Gaussians is negative beyond 80 µm (a surround that inhibits the
//!   weight in the tutorial); as probabilities both are clipped to [0, 1]
//!   explicitly. (Without the clip, building the network is an error that
//!   says so.)
//!
//! Delays are not in the tutorial; they are added here as the networks
//! issue asks: 0.5 ms plus the distance at 0.3 m/s, rounded to 0.1 ms.
//!
//! Prints the cell types, the 25 projections' synapse counts and summaries,
//! the mean in-degree, the excitatory and inhibitory weight statistics and
//! the build time; writes `sparse_microcircuit.npz` (weights in nS, a
//! `delays` array in ms) unless `--no-write`, and the figure
//! `sparse_microcircuit.png`.
//!
//! Run: `cargo run --release --example sparse_microcircuit -- [--neurons N] [--out DIR] [--seed S] [--no-write]`
//! (default 100 000 neurons, `target/figures`).

#[path = "support/mod.rs"]
mod support;

#[path = "../benches/support/sparse_microcircuit.rs"]
mod model;

use std::error::Error;
use std::time::Instant;

use model::{network, side};
use neuroinit::prelude::*;
use support::plot::{self, BLUE, DARK_RED, GREEN, PURPLE, RED, Series};

/// Mean and population standard deviation of the values `keep` selects.
fn mean_std(v: impl Iterator<Item = f64> + Clone) -> (f64, f64, usize) {
    let (n, sum) = v.clone().fold((0usize, 0.0), |(n, s), x| (n + 1, s + x));
    let m = sum / n.max(1) as f64;
    let ss: f64 = v.map(|x| (x - m) * (x - m)).sum();
    (m, (ss / n.max(1) as f64).sqrt(), n)
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = support::Args::parse()?;
    let n = args.neurons.unwrap_or(100_000);
    println!(
        "Sparse cortical microcircuit: {n} neurons in a {:.0} µm square",
        side(n).get::<micrometer>()
    );
    let net = network(n)?;

    let t = Instant::now();
    let c = net.generate(args.seed)?;
    let seconds = t.elapsed().as_secs_f64();
    let synapses = c.synapses();
    println!(
        "Built {synapses} synapses in {seconds:.3} s ({:.1} ns per synapse, {} threads)",
        seconds * 1e9 / synapses.max(1) as f64,
        rayon::current_num_threads()
    );

    let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
    println!("\nCell types:");
    for p in c.populations() {
        println!(
            "  {:<8} {:>7} ({:.0}%)",
            p.name(),
            p.ids().len(),
            pct(p.ids().len())
        );
    }
    println!("\n{}", c.summary_table(nS(1.0), "nS"));
    println!("  Mean in-degree: {:.2}", synapses as f64 / n.max(1) as f64);
    let ns = |w: &ElectricalConductance| w.get::<nanosiemens>();
    let (em, es, ek) = mean_std(c.weights().iter().map(ns).filter(|&w| w > 0.0));
    let (im, is, ik) = mean_std(
        c.weights()
            .iter()
            .map(ns)
            .filter(|&w| w < 0.0)
            .map(f64::abs),
    );
    println!("  Excitatory weights: {ek} synapses, mean={em:.2} nS, std={es:.2} nS");
    println!("  Inhibitory weights: {ik} synapses, mean={im:.2} nS, std={is:.2} nS");

    if args.write {
        let path = args.path("sparse_microcircuit.npz");
        let t = Instant::now();
        c.write_npz(&path, nS(1.0))?;
        println!(
            "  Wrote {} in {:.2} s (scipy.sparse.load_npz: weights in nS; delays in ms)",
            path.display(),
            t.elapsed().as_secs_f64()
        );
    }

    figure(&args, &c)?;
    Ok(())
}

/// Layout of a 600 µm corner (the tutorial's whole square) by cell type;
/// connection probability against distance for the five profiled pairs
/// (synapses over candidate pairs in 20 µm bins, from a sample of
/// targets); weight distributions; in-degree distribution.
fn figure(
    args: &support::Args,
    c: &Connectome<ElectricalConductance>,
) -> Result<(), Box<dyn Error>> {
    let colors = [RED, DARK_RED, BLUE, GREEN, PURPLE];
    let pops = c.populations();
    let corner: Vec<Vec<(f64, f64)>> = pops
        .iter()
        .map(|p| {
            let xy = p.positions();
            (0..xy.nrows())
                .map(|i| {
                    (
                        xy[[i, 0]].get::<micrometer>(),
                        xy[[i, 1]].get::<micrometer>(),
                    )
                })
                .filter(|&(x, y)| x < 600.0 && y < 600.0)
                .collect()
        })
        .collect();
    let layout: Vec<(&str, &[(f64, f64)], _)> = pops
        .iter()
        .zip(&corner)
        .zip(colors)
        .map(|((p, l), col)| (p.name(), l.as_slice(), col))
        .collect();

    // Empirical connection probability by distance, per profiled pair: all
    // synapses of the projection over the pairs at that distance, counted
    // for the first `m` targets against every source (exact, not sampled
    // per pair; m·N_pre distances).
    let bin = 20.0;
    let bins = 60;
    let profiled = [
        ("Pyr_L23", "Pyr_L23"),
        ("Pyr_L23", "Pyr_L5"),
        ("Pyr_L5", "Pyr_L5"),
        ("PV", "Pyr_L23"),
        ("SST", "Pyr_L5"),
    ];
    let mut curves: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    for (pre, post) in profiled {
        let (Some(a), Some(b)) = (c.population(pre), c.population(post)) else {
            continue;
        };
        let view = c.projection(pre, post).ok_or("a declared projection")?;
        let m = b.ids().len().min(400);
        let dist = |i: usize, j: usize| {
            let (pa, pb) = (a.positions(), b.positions());
            let dx = (pa[[i, 0]] - pb[[j, 0]]).get::<micrometer>();
            let dy = (pa[[i, 1]] - pb[[j, 1]]).get::<micrometer>();
            (dx * dx + dy * dy).sqrt()
        };
        let (mut pairs, mut hits) = (vec![0u64; bins], vec![0u64; bins]);
        for j in 0..m {
            for i in 0..a.ids().len() {
                let k = (dist(i, j) / bin) as usize;
                if k < bins && a.ids().start + i != b.ids().start + j {
                    pairs[k] += 1;
                }
            }
        }
        // Local ids within the two populations.
        for (i, j, _, _) in view.iter() {
            if j < m {
                let k = (dist(i, j) / bin) as usize;
                if k < bins {
                    hits[k] += 1;
                }
            }
        }
        let points = (0..bins)
            .filter(|&k| pairs[k] > 0)
            .map(|k| ((k as f64 + 0.5) * bin, hits[k] as f64 / pairs[k] as f64))
            .collect();
        curves.push((format!("{pre} → {post}"), points));
    }

    let weights = |keep: fn(f64) -> bool| -> Vec<f64> {
        let stride = (c.synapses() / 2_000_000).max(1);
        c.weights()
            .iter()
            .step_by(stride)
            .map(|w| w.get::<nanosiemens>())
            .filter(|&w| keep(w))
            .map(f64::abs)
            .collect()
    };
    let (exc, inh) = (weights(|w| w > 0.0), weights(|w| w < 0.0));
    let mut in_degree = vec![0u64; c.neurons()];
    for &j in c.indices() {
        in_degree[j as usize] += 1;
    }
    let in_degree: Vec<f64> = in_degree.iter().map(|&k| k as f64).collect();

    plot::figure_with(
        &args.path("sparse_microcircuit.png"),
        (1600, 1100),
        "Sparse Cortical Microcircuit",
        |body| {
            let (top, bottom) = body.split_vertically(550);
            let t = top.split_evenly((1, 2));
            let b = bottom.split_evenly((1, 2));
            plot::scatter(
                &t[0],
                "Layout (a 600 µm corner, 5 cell types)",
                "X position (μm)",
                "Y position (μm)",
                &layout,
                None,
                &[],
            )?;
            let lines: Vec<_> = curves
                .iter()
                .zip(plot::CYCLE)
                .map(|((label, pts), col)| (label.as_str(), pts.clone(), col))
                .collect();
            plot::lines(
                &t[1],
                "Connection probability by distance",
                "Distance (μm)",
                "Synapses / pairs",
                &lines,
            )?;
            plot::histogram(
                &b[0],
                "Weight Distributions",
                "Weight magnitude (nS)",
                &[
                    Series {
                        label: "Excitatory",
                        values: &exc,
                        color: RED,
                    },
                    Series {
                        label: "Inhibitory (abs)",
                        values: &inh,
                        color: BLUE,
                    },
                ],
                40,
                false,
                &[],
            )?;
            plot::histogram(
                &b[1],
                "In-degree",
                "Synapses per neuron",
                &[Series {
                    label: "All neurons",
                    values: &in_degree,
                    color: GREEN,
                }],
                40,
                false,
                &[],
            )
        },
    )?;
    Ok(())
}
