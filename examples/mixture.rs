//! Tutorial section 2: mixture distributions.
//!
//! A [`Mixture`] draws each weight from one of several distributions, picked
//! at random with fixed probabilities: `W ~ Σᵢ wᵢ Dᵢ`. This is how a
//! heterogeneous population of synapses (weak and strong, or three types)
//! is written. The program builds the tutorial's three mixtures:
//!
//! 1. weak + strong synapses (70% / 30%) beside a single normal with about
//!    the same mean and spread: bimodal against unimodal;
//! 2. weak / medium / strong (50% / 35% / 15%), then classified by
//!    thresholds;
//! 3. a normal, a log-normal and a gamma distribution together: a skewed
//!    distribution.
//!
//! Run (figures go to `target/figures` unless `--out DIR` is given;
//! `--scale F` multiplies the sample sizes, `--seed S` changes the seed):
//!
//! ```text
//! cargo run --release --example mixture
//! ```
//!
//! Writes `mixture_two_components.png`, `mixture_three_components.png` and
//! `mixture_mixed_types.png`.

#[path = "support/mod.rs"]
mod support;

use std::error::Error;

use neuroinit::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;
use support::Args;
use support::plot::{self, BLUE, GREEN, GREY, Guide, RED, Series};

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse()?;
    // The tutorial hands one generator to every call; here every call takes
    // a seed drawn from one. (Any u64 is a seed; equal seeds give equal
    // numbers, on any number of threads.)
    let mut rng = StdRng::seed_from_u64(args.seed);
    two_components(&args, &mut rng)?;
    three_components(&args, &mut rng)?;
    mixed_types(&args, &mut rng)?;
    Ok(())
}

/// Values in nS, for printing and plotting.
fn in_ns(w: &ndarray::Array1<ElectricalConductance>) -> Vec<f64> {
    w.values_in(nS(1.0)).to_vec()
}

/// Weak and strong synapses against one normal distribution.
fn two_components(args: &Args, rng: &mut StdRng) -> Result<(), Box<dyn Error>> {
    // Components of different types go in a Vec of boxed initializers
    // (here both are Normal; a tuple would also do, see below).
    let mixture_simple = Mixture::new(
        vec![
            Normal::new(nS(0.3), nS(0.05))?.boxed(), // weak synapses
            Normal::new(nS(1.2), nS(0.2))?.boxed(),  // strong synapses
        ],
        &[0.7, 0.3], // 70% weak, 30% strong
    )?;
    let n = args.n(2000);
    let weights_mixture = mixture_simple.generate(n, Seed::from_rng(rng))?;
    // For comparison: a single normal distribution.
    let weights_single = Normal::new(nS(0.6), nS(0.4))?.generate(n, Seed::from_rng(rng))?;

    for (title, w) in [
        ("Mixture Distribution:", &weights_mixture),
        ("\nSingle Distribution:", &weights_single),
    ] {
        let s = w.summary().ok_or("no samples")?;
        println!("{title}");
        println!("  Mean: {:.3} nS", s.mean.get::<nanosiemens>());
        println!("  Std: {:.3} nS", s.std.get::<nanosiemens>());
        println!(
            "  Range: [{:.2}, {:.2}] nS",
            s.min.get::<nanosiemens>(),
            s.max.get::<nanosiemens>()
        );
    }

    let (mix, single) = (in_ns(&weights_mixture), in_ns(&weights_single));
    plot::figure(
        &args.path("mixture_two_components.png"),
        (1400, 500),
        "",
        1,
        2,
        |p| {
            plot::histogram(
                &p[0],
                "Mixture: Bimodal Distribution",
                "Conductance (nS)",
                &[Series {
                    label: "",
                    values: &mix,
                    color: BLUE,
                }],
                50,
                true,
                &[
                    Guide::v(0.3, "Weak peak (0.3 nS)", BLUE),
                    Guide::v(1.2, "Strong peak (1.2 nS)", RED),
                ],
            )?;
            plot::histogram(
                &p[1],
                "Single: Unimodal Distribution",
                "Conductance (nS)",
                &[Series {
                    label: "",
                    values: &single,
                    color: GREY,
                }],
                50,
                true,
                &[],
            )
        },
    )
}

/// Weak, medium and strong synapses, classified by thresholds.
fn three_components(args: &Args, rng: &mut StdRng) -> Result<(), Box<dyn Error>> {
    // A tuple of components: static dispatch, no boxes (any mix of types
    // with one output unit).
    let mixture_triple = Mixture::new(
        (
            Normal::new(nS(0.2), nS(0.03))?, // weak
            Normal::new(nS(0.6), nS(0.08))?, // medium
            Normal::new(nS(1.5), nS(0.25))?, // strong
        ),
        &[0.5, 0.35, 0.15],
    )?;
    let weights_triple = mixture_triple.generate(args.n(3000), Seed::from_rng(rng))?;
    let w = in_ns(&weights_triple);

    let n = w.len() as f64;
    let weak = w.iter().filter(|&&x| x < 0.4).count();
    let strong = w.iter().filter(|&&x| x > 1.0).count();
    let medium = w.len() - weak - strong;
    let pct = |k: usize| 100.0 * k as f64 / n;
    println!("\nSynapse classification:");
    println!("  Weak (< 0.4 nS): {weak} ({:.1}%)", pct(weak));
    println!("  Medium (0.4-1.0 nS): {medium} ({:.1}%)", pct(medium));
    println!("  Strong (> 1.0 nS): {strong} ({:.1}%)", pct(strong));

    let first: Vec<(f64, f64)> = w
        .iter()
        .take(300)
        .enumerate()
        .map(|(i, &v)| (i as f64, v))
        .collect();
    let colors: Vec<f64> = first.iter().map(|p| p.1).collect();
    plot::figure(
        &args.path("mixture_three_components.png"),
        (1400, 500),
        "",
        1,
        2,
        |p| {
            plot::histogram(
                &p[0],
                "Three-Component Mixture",
                "Conductance (nS)",
                &[Series {
                    label: "",
                    values: &w,
                    color: BLUE,
                }],
                60,
                true,
                &[
                    Guide::v(0.2, "Weak (50%)", BLUE),
                    Guide::v(0.6, "Medium (35%)", GREEN),
                    Guide::v(1.5, "Strong (15%)", RED),
                ],
            )?;
            plot::scatter(
                &p[1],
                &format!("Weight Heterogeneity (first {})", first.len()),
                "Connection index",
                "Conductance (nS)",
                &[("", &first, BLUE)],
                Some((&colors, "Conductance (nS)")),
                &[
                    Guide::h(0.2, "", BLUE),
                    Guide::h(0.6, "", GREEN),
                    Guide::h(1.5, "", RED),
                ],
            )
        },
    )
}

/// A normal, a log-normal and a gamma distribution in one mixture.
fn mixed_types(args: &Args, rng: &mut StdRng) -> Result<(), Box<dyn Error>> {
    let mixture_mixed = Mixture::new(
        vec![
            Normal::new(nS(0.5), nS(0.1))?.boxed(),
            // LogNormal takes the mean and std of the samples themselves.
            LogNormal::new(nS(0.8), nS(0.3))?.boxed(),
            Gamma::new(3.0, nS(0.2))?.boxed(), // shape 3, scale 0.2 nS
        ],
        &[0.5, 0.3, 0.2],
    )?;
    let weights_mixed = mixture_mixed.generate(args.n(3000), Seed::from_rng(rng))?;
    let w = in_ns(&weights_mixed);

    // Skewness as the tutorial computes it: m₃ / m₂^{3/2} (population
    // moments).
    let n = w.len() as f64;
    let mean = w.iter().sum::<f64>() / n;
    let m2 = w.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    let m3 = w.iter().map(|x| (x - mean).powi(3)).sum::<f64>() / n;
    println!("\nMixing distribution types creates rich heterogeneity!");
    println!("  Skewness: {:.2}", m3 / m2.powf(1.5));
    println!("  This matches biological observations of synaptic variability");

    plot::figure(
        &args.path("mixture_mixed_types.png"),
        (1000, 500),
        "",
        1,
        1,
        |p| {
            plot::histogram(
                &p[0],
                "Mixture of Different Distribution Types\n(Normal + LogNormal + Gamma)",
                "Conductance (nS)",
                &[Series {
                    label: "",
                    values: &w,
                    color: BLUE,
                }],
                60,
                true,
                &[],
            )
        },
    )
}
