//! Tutorial section 7: a biologically realistic cortical microcircuit.
//!
//! Five cell types (pyramidal L2/3 and L5, PV, SST and VIP interneurons) at
//! random positions in a 600 µm square, with layer- and type-specific,
//! distance-dependent rules (Gaussian, exponential, bimodal, difference of
//! Gaussians) clipped at a minimum weight, a default rule for every other
//! pair, no self-connections, and inhibitory rows negative. The tutorial
//! samples 50 × 50 pairs one call at a time; here the whole N × N matrix is
//! one parallel call, and its statistics are over the whole matrix.
//!
//! Writes `weights.npy` (N × N, nS, row = pre) and `positions.npy` (N × 2,
//! µm) and the figure `cortical_microcircuit.png` into `--out`.
//!
//! Run: `cargo run --release --example cortical_microcircuit -- [--neurons N] [--out DIR] [--seed S] [--no-write]`
//! (default 500 neurons, `target/figures`).

#[path = "support/mod.rs"]
mod support;

use std::error::Error;
use std::time::Instant;

use ndarray::{Array2, Axis};
use ndarray_npy::write_npy;
use neuroinit::prelude::*;
use support::plot::{self, BLUE, DARK_RED, GREEN, PURPLE, RED, Series};

/// A distance-modulated rule clipped below at `min`, as the tutorial's
/// `DistanceModulated(base, profile).clip(min_val=min_weight)`.
fn rule(
    base: impl Initializer<Output = ElectricalConductance> + 'static,
    profile: impl Profile + 'static,
    min: ElectricalConductance,
) -> Result<impl Initializer<Output = ElectricalConductance> + 'static, InitError> {
    DistanceModulated::new(base, profile).clip(Some(min), None)
}

/// The microcircuit of `n` neurons (cell-type proportions 35/30/15/10/10 %,
/// rounded down as the tutorial does, the remainder going to VIP so the
/// counts add up to `n`). Public so that `tests/microcircuit.rs` checks
/// this very circuit against the tutorial.
pub fn microcircuit(n: usize) -> Result<Circuit<ElectricalConductance>, InitError> {
    let part = |f: f64| (f * n as f64) as usize;
    let (l23, l5, pv, sst) = (part(0.35), part(0.30), part(0.15), part(0.10));
    let vip = n - l23 - l5 - pv - sst;
    Circuit::builder()
        .population("Pyr_L23", l23, Sign::Excitatory)
        .population("Pyr_L5", l5, Sign::Excitatory)
        .population("PV", pv, Sign::Inhibitory)
        .population("SST", sst, Sign::Inhibitory)
        .population("VIP", vip, Sign::Inhibitory)
        // Excitatory connections
        .rule(
            "Pyr_L23",
            "Pyr_L23",
            rule(
                Normal::new(nS(0.4), nS(0.08))?,
                GaussianProfile::new(um(120.0))?,
                nS(0.02),
            )?,
        )
        .rule(
            "Pyr_L23",
            "Pyr_L5",
            rule(
                Normal::new(nS(0.6), nS(0.12))?,
                ExponentialProfile::new(um(150.0))?,
                nS(0.03),
            )?,
        )
        .rule(
            "Pyr_L5",
            "Pyr_L5",
            rule(
                LogNormal::new(nS(0.8), nS(0.3))?,
                BimodalProfile::new(um(80.0), um(200.0))?
                    .with_centers(um(0.0), um(300.0))?
                    .with_amplitudes(0.8, 0.3)?,
                nS(0.05),
            )?,
        )
        // Inhibitory connections
        .rule(
            "PV",
            "Pyr_L23",
            rule(
                Normal::new(nS(2.0), nS(0.4))?,
                GaussianProfile::new(um(60.0))?,
                nS(0.2),
            )?,
        )
        .rule(
            "SST",
            "Pyr_L5",
            rule(
                Normal::new(nS(1.5), nS(0.3))?,
                DoGProfile::new(um(50.0), um(150.0))?.with_amplitudes(0.8, 0.4)?,
                nS(0.1),
            )?,
        )
        // Default for undefined connections
        .default_rule(rule(
            Normal::new(nS(0.3), nS(0.1))?,
            GaussianProfile::new(um(100.0))?,
            nS(0.01),
        )?)
        .self_connections(false)
        .build()
}

/// Positions uniform in the tutorial's 600 µm square.
pub fn positions(n: usize, seed: u64) -> Result<Array2<Length>, InitError> {
    Uniform::new(um(0.0), um(600.0))?.generate((n, 2), seed)
}

/// Mean and population standard deviation.
pub fn mean_std(v: &[f64]) -> (f64, f64) {
    mean_std_where(v, |_| true)
}

/// Mean and population standard deviation of the values of `v` that
/// `keep` selects (0 for none), in two passes and without a copy.
pub fn mean_std_where(v: &[f64], keep: impl Fn(f64) -> bool) -> (f64, f64) {
    let (mut n, mut sum) = (0usize, 0.0);
    for &x in v.iter().filter(|&&x| keep(x)) {
        n += 1;
        sum += x;
    }
    let n = n.max(1) as f64;
    let m = sum / n;
    let ss: f64 = v
        .iter()
        .filter(|&&x| keep(x))
        .map(|x| (x - m) * (x - m))
        .sum();
    (m, (ss / n).sqrt())
}

fn main() -> Result<(), Box<dyn Error>> {
    let args = support::Args::parse()?;
    let n = args.neurons.unwrap_or(500);
    println!("Creating cortical microcircuit...");
    let circuit = microcircuit(n)?;
    let positions = positions(n, args.seed + 1)?;
    let pairs = Positions::new(&positions, &positions)?;

    let start = Instant::now();
    let w = circuit.generate_on(&pairs, args.seed)?;
    let build_s = start.elapsed().as_secs_f64();
    println!("Microcircuit initialized! ({n} × {n} weights in {build_s:.3} s)");

    // From here on plain numbers in nS, converted in place (no second matrix).
    let w_ns = w.into_values_in(nS(1.0));
    let flat = w_ns.as_slice().ok_or("a generated matrix is contiguous")?;
    // Statistics in two passes over the matrix, without copying it (at
    // 20 000 neurons a copy of each sign would double the peak memory).
    let nonzero = flat.iter().filter(|&&v| v != 0.0).count();
    let (em, es) = mean_std_where(flat, |v| v > 0.0);
    let (im, is) = mean_std_where(flat, |v| v < 0.0);
    let im = -im;
    // The histograms take every `stride`-th weight: all of them up to
    // 2000 neurons, about four million beyond.
    let stride = (flat.len() / 4_000_000).max(1);
    let exc: Vec<f64> = flat
        .iter()
        .step_by(stride)
        .copied()
        .filter(|&v| v > 0.0)
        .collect();
    let inh: Vec<f64> = flat
        .iter()
        .step_by(stride)
        .copied()
        .filter(|&v| v < 0.0)
        .map(f64::abs)
        .collect();
    let pops = circuit.populations();
    let n_exc: usize = pops
        .iter()
        .filter(|p| p.sign() == Sign::Excitatory)
        .map(|p| p.count())
        .sum();
    let n_inh = n - n_exc;
    let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;

    println!();
    println!("🎯 Microcircuit statistics:");
    println!("  Total neurons: {n}");
    println!("  Excitatory: {n_exc} ({:.0}%)", pct(n_exc));
    println!("  Inhibitory: {n_inh} ({:.0}%)", pct(n_inh));
    println!();
    println!("  Connections (whole matrix): {n}×{n} = {}", n * n);
    println!("  Non-zero weights: {nonzero}");
    println!("  Excitatory weights: mean={em:.2} nS, std={es:.2} nS");
    println!("  Inhibitory weights: mean={im:.2} nS, std={is:.2} nS");
    // Full precision, so a reader of weights.npy can check it read the same numbers.
    println!(
        "  Checksum (sum of all weights, nS): {:.17e}",
        flat.iter().sum::<f64>()
    );

    if args.write {
        let start = Instant::now();
        write_npy(args.path("weights.npy"), &w_ns)?;
        write_npy(args.path("positions.npy"), &positions.values_in(um(1.0)))?;
        println!(
            "  Wrote weights.npy and positions.npy to {} in {:.3} s",
            args.out.display(),
            start.elapsed().as_secs_f64()
        );
    }

    // Figure: layout by cell type, a 50 × 50 sample of the matrix, weight
    // distributions, and the cell-type table.
    let pos_um = positions.values_in(um(1.0));
    let colors = [RED, DARK_RED, BLUE, GREEN, PURPLE];
    let layout: Vec<Vec<(f64, f64)>> = pops
        .iter()
        .map(|p| {
            p.range()
                .map(|i| (pos_um[[i, 0]], pos_um[[i, 1]]))
                .collect()
        })
        .collect();
    let series: Vec<(&str, &[(f64, f64)], _)> = pops
        .iter()
        .zip(&layout)
        .zip(colors)
        .map(|((p, l), c)| (p.name(), l.as_slice(), c))
        .collect();
    let step = (n / 50).max(1);
    let sample = w_ns.select(Axis(0), &(0..n).step_by(step).collect::<Vec<_>>());
    let sample = sample.select(Axis(1), &(0..n).step_by(step).collect::<Vec<_>>());
    let mut rows = vec![vec![
        "Cell Type".to_string(),
        "Count".into(),
        "Proportion".into(),
    ]];
    for p in pops {
        rows.push(vec![
            p.name().replace('_', " "),
            p.count().to_string(),
            format!("{:.0}%", pct(p.count())),
        ]);
    }
    rows.push(vec!["Total".into(), n.to_string(), "100%".into()]);
    plot::figure_with(
        &args.path("cortical_microcircuit.png"),
        (1600, 1100),
        "Biologically Realistic Cortical Microcircuit",
        |body| {
            let (top, rest) = body.split_vertically(520);
            let p = rest.split_evenly((1, 3));
            plot::scatter(
                &top,
                "Cortical Microcircuit Layout (5 cell types)",
                "X position (μm)",
                "Y position (μm)",
                &series,
                None,
                &[],
            )?;
            let sample: Array2<f64> = sample.to_owned();
            plot::heatmap(
                &p[0],
                "Weight Matrix (sample)",
                "Post neuron",
                "Pre neuron",
                sample.view(),
                -3.0,
                3.0,
            )?;
            plot::histogram(
                &p[1],
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
                30,
                false,
                &[],
            )?;
            plot::table(&p[2], "Cell Types", &rows)
        },
    )?;
    Ok(())
}
