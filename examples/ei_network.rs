//! Tutorial section 6: an E/I network with distance-modulated connectivity.
//!
//! 800 excitatory and 200 inhibitory neurons at random positions in a
//! 500 µm square; E→E Gaussian, E→I exponential, I→E difference of
//! Gaussians (lateral inhibition, clipped to [0, 1]) and I→I Gaussian
//! distance modulation, each with a floor; inhibitory rows negative. The
//! tutorial samples a 100 × 100 sub-matrix pair by pair in Python; here the
//! whole 1000 × 1000 matrix comes from one parallel call.
//!
//! Run: `cargo run --release --example ei_network -- [--out DIR] [--neurons N] [--seed S]`
//! (figures: `ei_network.png` in DIR, default `target/figures`).

#[path = "support/mod.rs"]
mod support;

use std::error::Error;

use ndarray::{Array2, Axis, s};
use neuroinit::prelude::*;
use support::plot::{self, BLUE, RED, Series};

fn main() -> Result<(), Box<dyn Error>> {
    let args = support::Args::parse()?;
    let n_total = args.neurons.unwrap_or(1000);
    let n_exc = n_total * 4 / 5;
    let n_inh = n_total - n_exc;

    // Positions uniform in [0, 500]² µm, drawn with their own seed.
    let positions = Uniform::new(um(0.0), um(500.0))?.generate((n_total, 2), args.seed + 1)?;

    // The four projections of the tutorial.
    let ee = DistanceModulated::new(
        Normal::new(nS(0.5), nS(0.1))?,
        GaussianProfile::new(um(100.0))?,
    )
    .with_min_weight(nS(0.02))?;
    let ei = DistanceModulated::new(
        Normal::new(nS(0.6), nS(0.12))?,
        ExponentialProfile::new(um(150.0))?,
    )
    .with_min_weight(nS(0.05))?;
    let ie_profile = DoGProfile::new(um(60.0), um(180.0))?
        .with_amplitudes(0.5, 0.6)?
        .clip(Some(0.0), Some(1.0))?;
    let ie = DistanceModulated::new(LogNormal::new(nS(1.5), nS(0.4))?, ie_profile)
        .with_min_weight(nS(0.1))?;
    let ii = DistanceModulated::new(
        Normal::new(nS(0.8), nS(0.15))?,
        GaussianProfile::new(um(80.0))?,
    )
    .with_min_weight(nS(0.05))?;
    let circuit = Circuit::builder()
        .population("E", n_exc, Sign::Excitatory)
        .population("I", n_inh, Sign::Inhibitory)
        .rule("E", "E", ee)
        .rule("E", "I", ei)
        .rule("I", "E", ie)
        .rule("I", "I", ii)
        .build()?;

    let pairs = Positions::new(&positions, &positions)?;
    let start = std::time::Instant::now();
    let w = circuit.generate_on(&pairs, args.seed)?;
    let seconds = start.elapsed().as_secs_f64();
    let w_ns = w.values_in(nS(1.0));

    // Statistics of the non-zero weights of each projection (the tutorial's
    // table), over the whole matrix.
    let block = |rows: std::ops::Range<usize>, cols: std::ops::Range<usize>| -> Vec<f64> {
        w_ns.slice(s![rows, cols])
            .iter()
            .copied()
            .filter(|&v| v != 0.0)
            .map(f64::abs)
            .collect()
    };
    let exc = block(0..n_exc, 0..n_exc);
    let inh = block(n_exc..n_total, 0..n_exc);
    let stats = |v: &[f64]| {
        let m = v.iter().sum::<f64>() / v.len().max(1) as f64;
        let sd = (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / v.len().max(1) as f64).sqrt();
        (m, sd)
    };
    let (em, es) = stats(&exc);
    let (im, is) = stats(&inh);

    println!(
        "Connection weight matrix: {n_total} × {n_total} ({n_exc} E + {n_inh} I), seed {}, {:.3} s",
        args.seed, seconds
    );
    println!("  Connection  Mean (nS)  Std (nS)  Count");
    println!("  E→E         {em:.3}      {es:.3}     {}", exc.len());
    println!("  I→E         {im:.3}      {is:.3}     {}", inh.len());
    println!();
    println!("🧠 E/I Network created with:");
    println!("  ✓ Distance-dependent E→E (Gaussian)");
    println!("  ✓ Distance-dependent E→I (Exponential)");
    println!("  ✓ Lateral inhibition I→E (DoG)");
    println!("  ✓ Local I→I (Gaussian)");

    // Figures: a 100 × 100 sample (every tenth neuron, so 80 E + 20 I) for
    // the matrix and the distance plots, as the tutorial shows a sample.
    let pos_um = positions.values_in(um(1.0));
    let step = (n_total / 100).max(1);
    let idx: Vec<usize> = (0..n_total).step_by(step).collect();
    let sample = Array2::from_shape_fn((idx.len(), idx.len()), |(a, b)| w_ns[[idx[a], idx[b]]]);
    let geometry = Positions::new(&positions, &positions)?;
    let dist_um = |i: usize, j: usize| geometry.distance(i, j) * 1e6;
    let mut ee_pts = Vec::new();
    let mut ie_pts = Vec::new();
    for &i in &idx {
        for &j in idx.iter().filter(|&&j| j < n_exc) {
            let v = w_ns[[i, j]];
            if v != 0.0 {
                if i < n_exc {
                    ee_pts.push((dist_um(i, j), v));
                } else {
                    ie_pts.push((dist_um(i, j), v.abs()));
                }
            }
        }
    }
    let layout_e: Vec<(f64, f64)> = pos_um
        .axis_iter(Axis(0))
        .take(n_exc)
        .map(|p| (p[0], p[1]))
        .collect();
    let layout_i: Vec<(f64, f64)> = pos_um
        .axis_iter(Axis(0))
        .skip(n_exc)
        .map(|p| (p[0], p[1]))
        .collect();
    let layout_title =
        format!("Network Layout: {n_exc} Excitatory (red) + {n_inh} Inhibitory (blue)");
    plot::figure_with(
        &args.path("ei_network.png"),
        (1600, 1500),
        "Complex E/I Network with Distance-Modulated Connectivity",
        |body| {
            let (top, rest) = body.split_vertically(500);
            let p = rest.split_evenly((2, 3));
            plot::scatter(
                &top,
                &layout_title,
                "X position (μm)",
                "Y position (μm)",
                &[
                    ("Excitatory", &layout_e, RED),
                    ("Inhibitory", &layout_i, BLUE),
                ],
                None,
                &[],
            )?;
            plot::heatmap(
                &p[0],
                "Connection Weight Matrix (sample)",
                "Target neuron",
                "Source neuron",
                sample.view(),
                -2.0,
                2.0,
            )?;
            plot::histogram(
                &p[1],
                "Weight Distributions by Connection Type",
                "Weight magnitude (nS)",
                &[
                    Series {
                        label: "E→E",
                        values: &exc,
                        color: RED,
                    },
                    Series {
                        label: "I→E (abs)",
                        values: &inh,
                        color: BLUE,
                    },
                ],
                40,
                false,
                &[],
            )?;
            plot::scatter(
                &p[3],
                "E→E: Distance Dependence",
                "Distance (μm)",
                "Weight (nS)",
                &[("", &ee_pts, RED)],
                None,
                &[],
            )?;
            plot::scatter(
                &p[4],
                "I→E: Distance Dependence",
                "Distance (μm)",
                "Weight magnitude (nS)",
                &[("", &ie_pts, BLUE)],
                None,
                &[],
            )?;
            plot::table(
                &p[5],
                "Statistics (whole matrix)",
                &[
                    vec![
                        "Connection".into(),
                        "Mean (nS)".into(),
                        "Std (nS)".into(),
                        "Count".into(),
                    ],
                    vec![
                        "E→E".into(),
                        format!("{em:.2}"),
                        format!("{es:.2}"),
                        exc.len().to_string(),
                    ],
                    vec![
                        "I→E".into(),
                        format!("{im:.2}"),
                        format!("{is:.2}"),
                        inh.len().to_string(),
                    ],
                ],
            )
        },
    )?;
    Ok(())
}
