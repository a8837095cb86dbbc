//! Tutorial section 4: scaled and clipped distributions.
//!
//! Two transforms of a base distribution:
//!
//! * [`Scaled`]: `W = α · W_base` (also written `base.scaled(α)?` or
//!   `base * α`); mean and standard deviation scale by α, the coefficient
//!   of variation stays;
//! * [`Clipped`]: `W = clip(W_base, min, max)` with either bound optional
//!   (also written `base.clip(min, max)?`, with `None` for an open side).
//!
//! Run (figures go to `target/figures` unless `--out DIR` is given;
//! `--scale F` multiplies the sample sizes, `--seed S` changes the seed):
//!
//! ```text
//! cargo run --release --example scaled_clipped
//! ```
//!
//! Writes `scaled.png` and `clipped.png`.

#[path = "support/mod.rs"]
mod support;

use std::error::Error;

use neuroinit::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;
use support::Args;
use support::plot::{self, BLUE, CYCLE, Guide, RED, Series};

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse()?;
    // One seed per generation call, drawn from one generator (the tutorial
    // passes one `rng` to every call).
    let mut rng = StdRng::seed_from_u64(args.seed);
    scaled(&args, &mut rng)?;
    clipped(&args, &mut rng)?;
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

/// `n` samples of `init` in nS.
fn draw<I>(init: &I, n: usize, rng: &mut StdRng) -> Result<Vec<f64>, InitError>
where
    I: Initializer<Output = ElectricalConductance>,
{
    Ok(init
        .generate(n, Seed::from_rng(rng))?
        .values_in(nS(1.0))
        .to_vec())
}

/// One base distribution at four scale factors.
fn scaled(args: &Args, rng: &mut StdRng) -> Result<(), Box<dyn Error>> {
    let base_dist = Normal::new(nS(1.0), nS(0.2))?;
    // `Normal` is `Copy`, so one base serves every scaled version.
    let scaled_05 = Scaled::new(base_dist, 0.5)?;
    let scaled_15 = Scaled::new(base_dist, 1.5)?;
    let scaled_2 = Scaled::new(base_dist, 2.0)?;

    let n = args.n(1000);
    let weights_base = draw(&base_dist, n, rng)?;
    let weights_05 = draw(&scaled_05, n, rng)?;
    let weights_15 = draw(&scaled_15, n, rng)?;
    let weights_2 = draw(&scaled_2, n, rng)?;

    let by_factor = [
        (0.5, &weights_05),
        (1.0, &weights_base),
        (1.5, &weights_15),
        (2.0, &weights_2),
    ];
    let stats: Vec<(f64, f64, f64)> = by_factor
        .iter()
        .map(|(f, w)| {
            let (m, s) = mean_std(w);
            (*f, m, s)
        })
        .collect();
    println!("Scaled distributions (n={n} each):");
    for &(f, m, s) in &stats {
        println!(
            "  ×{f:.1}: Mean: {m:.3} nS, Std: {s:.3} nS, CV: {:.3}",
            s / m
        );
    }
    println!("\nScaling properties:");
    println!("  Mean scales linearly with factor");
    println!("  Std also scales linearly");
    println!("  Shape (CV) remains constant");

    let labels = [
        "Base (×1.0)",
        "Scaled (×0.5)",
        "Scaled (×1.5)",
        "Scaled (×2.0)",
    ];
    let values = [&weights_base, &weights_05, &weights_15, &weights_2];
    let series: Vec<Series<'_>> = (0..4)
        .map(|k| Series {
            label: labels[k],
            values: values[k],
            color: CYCLE[k],
        })
        .collect();
    plot::figure(&args.path("scaled.png"), (1400, 500), "", 1, 2, |p| {
        plot::histogram(
            &p[0],
            "Scaled Distributions",
            "Conductance (nS)",
            &series,
            40,
            true,
            &[],
        )?;
        plot::lines(
            &p[1],
            "Mean and Std vs Scale Factor",
            "Scale factor",
            "Value (nS)",
            &[
                ("Mean", stats.iter().map(|s| (s.0, s.1)).collect(), BLUE),
                ("Std", stats.iter().map(|s| (s.0, s.2)).collect(), RED),
            ],
        )
    })
}

/// One base distribution clipped below, above and on both sides.
fn clipped(args: &Args, rng: &mut StdRng) -> Result<(), Box<dyn Error>> {
    let base_dist = Normal::new(nS(0.5), nS(0.3))?;
    let clipped_min = Clipped::new(base_dist, nS(0.2), None)?;
    let clipped_max = Clipped::new(base_dist, None, nS(0.8))?;
    // The same with the adaptor method.
    let clipped_both = base_dist.clip(nS(0.2), nS(0.8))?;

    let n = args.n(2000);
    let weights_base = draw(&base_dist, n, rng)?;
    let weights_min = draw(&clipped_min, n, rng)?;
    let weights_max = draw(&clipped_max, n, rng)?;
    let weights_both = draw(&clipped_both, n, rng)?;

    // The statistics in the titles of the tutorial's four panels.
    let panels = [
        ("Base: Normal(μ=0.5, σ=0.3)", &weights_base),
        ("Min Clipped", &weights_min),
        ("Max Clipped", &weights_max),
        ("Both Clipped [0.2, 0.8]", &weights_both),
    ];
    let titles: Vec<String> = panels
        .iter()
        .map(|(name, w)| {
            let (m, s) = mean_std(w);
            format!("{name}\nMean={m:.3} nS, Std={s:.3} nS")
        })
        .collect();
    println!("\nClipped distributions (n={n} each):");
    for t in &titles {
        println!("  {}", t.replace('\n', ": "));
    }

    let below = weights_base.iter().filter(|&&x| x < 0.2).count();
    let above = weights_base.iter().filter(|&&x| x > 0.8).count();
    let outside = weights_both
        .iter()
        .filter(|&&x| !(0.2..=0.8).contains(&x))
        .count();
    println!("\nClipping effects:");
    println!("  Base: {below} values < 0.2, {above} values > 0.8");
    if outside == 0 {
        println!("  Both clipped: All values in [0.2, 0.8]");
    } else {
        println!("  Both clipped: {outside} values outside [0.2, 0.8]");
    }
    println!(
        "  Clipping reduces variance: {:.3} nS → {:.3} nS",
        mean_std(&weights_base).1,
        mean_std(&weights_both).1
    );

    let guides: [&[Guide<'_>]; 4] = [
        &[],
        &[Guide::v(0.2, "Min = 0.2", RED)],
        &[Guide::v(0.8, "Max = 0.8", RED)],
        &[Guide::v(0.2, "", RED), Guide::v(0.8, "Bounds", RED)],
    ];
    plot::figure(&args.path("clipped.png"), (1400, 1000), "", 2, 2, |p| {
        for (k, (_, w)) in panels.iter().enumerate() {
            plot::histogram(
                &p[k],
                &titles[k],
                "Conductance (nS)",
                &[Series {
                    label: "",
                    values: w,
                    color: BLUE,
                }],
                50,
                false,
                guides[k],
            )?;
        }
        Ok(())
    })
}
