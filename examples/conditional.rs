//! Tutorial section 3: conditional initialization.
//!
//! Different neurons get weights from different distributions, chosen by a
//! property of the neuron rather than at random:
//!
//! 1. [`Conditional`]: excitatory neurons (the first 80%) draw from one
//!    truncated normal, inhibitory ones from a stronger one;
//! 2. [`Select`]: one distribution per cortical layer (2/3, 4, 5), by a
//!    label per neuron.
//!
//! Run (figures go to `target/figures` unless `--out DIR` is given;
//! `--scale F` multiplies the number of neurons, `--seed S` changes the
//! seed):
//!
//! ```text
//! cargo run --release --example conditional
//! ```
//!
//! Writes `conditional_ei.png` and `conditional_layers.png`.

#[path = "support/mod.rs"]
mod support;

use std::error::Error;

use neuroinit::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;
use support::Args;
use support::plot::{self, BLUE, GREEN, Guide, RED, Series};

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse()?;
    // One seed per generation call, drawn from one generator (the tutorial
    // passes one `rng` to every call).
    let mut rng = StdRng::seed_from_u64(args.seed);
    excitatory_inhibitory(&args, &mut rng)?;
    layers(&args, &mut rng)?;
    Ok(())
}

/// Mean and std of a slice (population std, as numpy's default).
fn mean_std(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    (
        m,
        (x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / n).sqrt(),
    )
}

/// Excitatory (first 80%) and inhibitory neurons, by neuron index.
fn excitatory_inhibitory(args: &Args, rng: &mut StdRng) -> Result<(), Box<dyn Error>> {
    let n_neurons = args.n(1000);
    let n_exc = n_neurons * 8 / 10;
    let is_excitatory = move |i: usize| i < n_exc;

    // The condition reads the neuron ("pre") index of each element: here
    // 0..n of a 1-D array; `Context::with_neuron_indices` passes explicit
    // ones, and `on_post` / `on_flat` / `on_property` read other things.
    let conditional_ei = Conditional::on_pre(
        is_excitatory,
        // Excitatory: positive, moderate strength.
        TruncatedNormal::new(nS(0.8), nS(0.2), nS(0.2), nS(2.0))?,
        // Inhibitory: stronger (to balance E).
        TruncatedNormal::new(nS(2.5), nS(0.5), nS(1.0), nS(5.0))?,
    );
    let weights_ei = conditional_ei.generate(n_neurons, Seed::from_rng(rng))?;

    let w = weights_ei.values_in(nS(1.0)).to_vec();
    let (exc, inh) = w.split_at(n_exc);
    let (e_mean, e_std) = mean_std(exc);
    let (i_mean, i_std) = mean_std(inh);
    println!("Excitatory neurons (n={}):", exc.len());
    println!("  Mean: {e_mean:.3} nS");
    println!("  Std: {e_std:.3} nS");
    println!("\nInhibitory neurons (n={}):", inh.len());
    println!("  Mean: {i_mean:.3} nS");
    println!("  Std: {i_std:.3} nS");
    println!(
        "\nInhibitory synapses are ~{:.1}× stronger (E/I balance)",
        i_mean / e_mean
    );

    let pts = |range: std::ops::Range<usize>| -> Vec<(f64, f64)> {
        range.map(|i| (i as f64, w[i])).collect()
    };
    let (exc_pts, inh_pts) = (pts(0..n_exc), pts(n_exc..n_neurons));
    let (e_label, i_label) = (
        format!("Excitatory (n={})", exc.len()),
        format!("Inhibitory (n={})", inh.len()),
    );
    let (e_mean_label, i_mean_label) = (
        format!("E mean: {e_mean:.2} nS"),
        format!("I mean: {i_mean:.2} nS"),
    );
    plot::figure(
        &args.path("conditional_ei.png"),
        (1600, 500),
        "",
        1,
        3,
        |p| {
            plot::histogram(
                &p[0],
                "E/I Distribution",
                "Conductance (nS)",
                &[
                    Series {
                        label: &e_label,
                        values: exc,
                        color: RED,
                    },
                    Series {
                        label: &i_label,
                        values: inh,
                        color: BLUE,
                    },
                ],
                40,
                false,
                &[],
            )?;
            plot::scatter(
                &p[1],
                "Weight by Neuron Type",
                "Neuron index",
                "Conductance (nS)",
                &[("", &exc_pts, RED), ("", &inh_pts, BLUE)],
                None,
                &[
                    Guide::h(e_mean, &e_mean_label, RED),
                    Guide::h(i_mean, &i_mean_label, BLUE),
                ],
            )?;
            plot::boxplot(
                &p[2],
                "E/I Comparison",
                "Conductance (nS)",
                &[("Excitatory", exc), ("Inhibitory", inh)],
            )
        },
    )
}

/// Layer-specific distributions, by a layer label per neuron.
fn layers(args: &Args, rng: &mut StdRng) -> Result<(), Box<dyn Error>> {
    // Layer 2/3: neurons 0–400, layer 4: 400–600, layer 5: 600–1000 (of
    // 1000; the same fractions at other sizes).
    let n_neurons = args.n(1000);
    let (l4_start, l5_start) = (n_neurons * 4 / 10, n_neurons * 6 / 10);
    let layer: Vec<usize> = (0..n_neurons)
        .map(|i| match i {
            i if i < l4_start => 0,
            i if i < l5_start => 1,
            _ => 2,
        })
        .collect();

    // Branch `b` gives the weights of the neurons labelled `b`.
    let weights_layers = Select::new(
        IndexAxis::Pre,
        layer.clone(),
        vec![
            // Layer 2/3: moderate, variable.
            Normal::new(nS(0.6), nS(0.15))?.boxed(),
            // Layer 4: dense, uniform.
            TruncatedNormal::new(nS(0.8), nS(0.1), nS(0.5), nS(1.2))?.boxed(),
            // Layer 5: strong, long-range.
            LogNormal::new(nS(1.2), nS(0.4))?.boxed(),
        ],
    )?
    .generate(n_neurons, Seed::from_rng(rng))?;

    let w = weights_layers.values_in(nS(1.0)).to_vec();
    let names = ["2/3", "4", "5"];
    let of = |l: usize| -> Vec<f64> {
        w.iter()
            .zip(&layer)
            .filter(|&(_, &k)| k == l)
            .map(|(&v, _)| v)
            .collect()
    };
    let groups: Vec<Vec<f64>> = (0..3).map(of).collect();

    let header = ["Layer", "N", "Mean (nS)", "Std (nS)", "Range (nS)"];
    let mut rows = vec![header.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    println!("\nLayer statistics:");
    println!(
        "  {:<6} {:>5} {:>10} {:>9}  {}",
        header[0], header[1], header[2], header[3], header[4]
    );
    for (name, g) in names.iter().zip(&groups) {
        let (m, s) = mean_std(g);
        let (lo, hi) = g
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        println!(
            "  {name:<6} {:>5} {m:>10.3} {s:>9.3}  [{lo:.2}, {hi:.2}]",
            g.len()
        );
        rows.push(vec![
            name.to_string(),
            g.len().to_string(),
            format!("{m:.2}"),
            format!("{s:.2}"),
            format!("[{lo:.2}, {hi:.2}]"),
        ]);
    }
    println!("\nLayer-specific properties captured!");

    let colors = [BLUE, GREEN, RED];
    let pts: Vec<Vec<(f64, f64)>> = (0..3)
        .map(|l| {
            (0..n_neurons)
                .filter(|&i| layer[i] == l)
                .map(|i| (i as f64, w[i]))
                .collect()
        })
        .collect();
    let labels: Vec<String> = names.iter().map(|n| format!("Layer {n}")).collect();
    plot::figure(
        &args.path("conditional_layers.png"),
        (1400, 1000),
        "",
        2,
        2,
        |p| {
            let series: Vec<Series<'_>> = (0..3)
                .map(|l| Series {
                    label: &labels[l],
                    values: &groups[l],
                    color: colors[l],
                })
                .collect();
            plot::histogram(
                &p[0],
                "Layer-Specific Distributions",
                "Conductance (nS)",
                &series,
                30,
                false,
                &[],
            )?;
            let scatter_series: Vec<(&str, &[(f64, f64)], _)> = (0..3)
                .map(|l| (labels[l].as_str(), pts[l].as_slice(), colors[l]))
                .collect();
            plot::scatter(
                &p[1],
                "Weight by Layer",
                "Neuron index",
                "Conductance (nS)",
                &scatter_series,
                None,
                &[
                    Guide::v(l4_start as f64, "", plotters::style::BLACK),
                    Guide::v(l5_start as f64, "", plotters::style::BLACK),
                ],
            )?;
            let boxes: Vec<(&str, &[f64])> = (0..3)
                .map(|l| (labels[l].as_str(), groups[l].as_slice()))
                .collect();
            plot::boxplot(&p[2], "Layer Statistics", "Conductance (nS)", &boxes)?;
            plot::table(&p[3], "Layer Statistics Summary", &rows)
        },
    )
}
