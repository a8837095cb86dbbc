//! Tutorial section 5: distance-modulated initialization.
//!
//! [`DistanceModulated`] multiplies a base weight distribution by a
//! distance profile, element by element, with an optional floor:
//!
//! `W(d) = max(W_base · f(d), min_weight)`
//!
//! The distance of each element comes from the generation [`Context`]:
//! here an array of distances shaped like the output
//! (`generate_at(&distances, seed)`); for a matrix, pre- and post-synaptic
//! positions (`generate_on(&positions, seed)`) avoid storing the distances
//! at all.
//!
//! The program shows a Gaussian profile in detail, then compares the
//! Gaussian, exponential, difference-of-Gaussians and step profiles.
//!
//! Run (figures go to `target/figures` unless `--out DIR` is given;
//! `--scale F` multiplies the sample sizes, `--seed S` changes the seed):
//!
//! ```text
//! cargo run --release --example distance_modulated
//! ```
//!
//! Writes `distance_gaussian.png` and `distance_profiles.png`.

#[path = "support/mod.rs"]
mod support;

use std::error::Error;

use ndarray::Array1;
use neuroinit::prelude::*;
use rand::SeedableRng;
use rand::rngs::StdRng;
use support::Args;
use support::plot::{self, BLUE, Guide, ORANGE, RED, Series};

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse()?;
    // One seed per generation call, drawn from one generator (the tutorial
    // passes one `rng` to every call).
    let mut rng = StdRng::seed_from_u64(args.seed);
    gaussian_modulation(&args, &mut rng)?;
    profile_comparison(&args, &mut rng)?;
    Ok(())
}

/// `n` distances uniform on [0, max_um) µm, drawn like any other values.
fn uniform_distances(n: usize, max_um: f64, rng: &mut StdRng) -> Result<Array1<Length>, InitError> {
    Uniform::new(um(0.0), um(max_um))?.generate(n, Seed::from_rng(rng))
}

/// Mean of the values whose distance satisfies `keep`.
fn mean_where(w: &[f64], d_um: &[f64], keep: impl Fn(f64) -> bool) -> f64 {
    let (sum, count) = w
        .iter()
        .zip(d_um)
        .filter(|&(_, &d)| keep(d))
        .fold((0.0, 0usize), |(s, c), (&v, _)| (s + v, c + 1));
    sum / count as f64
}

/// A Gaussian profile (σ = 100 µm) on a normal base, with a floor.
fn gaussian_modulation(args: &Args, rng: &mut StdRng) -> Result<(), Box<dyn Error>> {
    let base_weights = Normal::new(nS(1.0), nS(0.2))?;
    let gaussian_profile = GaussianProfile::new(um(100.0))?;
    let distance_modulated = DistanceModulated::new(base_weights, gaussian_profile)
        // Floor to ensure some connectivity.
        .with_min_weight(nS(0.05))?;

    let n_connections = args.n(1000);
    let distances = uniform_distances(n_connections, 300.0, rng)?;
    let weights_modulated = distance_modulated.generate_at(&distances, Seed::from_rng(rng))?;
    let weights_unmodulated = base_weights.generate(n_connections, Seed::from_rng(rng))?;

    let d_um = distances.values_in(um(1.0)).to_vec();
    let w_mod = weights_modulated.values_in(nS(1.0)).to_vec();
    let w_unmod = weights_unmodulated.values_in(nS(1.0)).to_vec();
    let unmod_mean = weights_unmodulated.mean_value().ok_or("no samples")?;
    let mod_mean = weights_modulated.mean_value().ok_or("no samples")?;
    println!("Distance modulation effects:");
    println!(
        "  Unmodulated mean: {:.3} nS",
        unmod_mean.get::<nanosiemens>()
    );
    println!("  Modulated mean: {:.3} nS", mod_mean.get::<nanosiemens>());
    println!(
        "  Close connections (< 50 μm) mean: {:.3} nS",
        mean_where(&w_mod, &d_um, |d| d < 50.0)
    );
    println!(
        "  Far connections (> 200 μm) mean: {:.3} nS",
        mean_where(&w_mod, &d_um, |d| d > 200.0)
    );

    let curve: Vec<(f64, f64)> = (0..500)
        .map(|k| {
            let d = 300.0 * k as f64 / 499.0;
            (d, gaussian_profile.probability(um(d)))
        })
        .collect();
    let pts: Vec<(f64, f64)> = d_um.iter().copied().zip(w_mod.iter().copied()).collect();
    plot::figure(
        &args.path("distance_gaussian.png"),
        (1400, 1000),
        "",
        2,
        2,
        |p| {
            plot::curve(
                &p[0],
                "Gaussian Distance Profile (σ=100 μm)",
                "Distance (μm)",
                "Modulation factor",
                &curve,
                BLUE,
                true,
            )?;
            plot::histogram(
                &p[1],
                &format!(
                    "Unmodulated Weights\nMean={:.3} nS",
                    unmod_mean.get::<nanosiemens>()
                ),
                "Conductance (nS)",
                &[Series {
                    label: "",
                    values: &w_unmod,
                    color: BLUE,
                }],
                50,
                false,
                &[],
            )?;
            plot::histogram(
                &p[2],
                &format!(
                    "Distance-Modulated Weights\nMean={:.3} nS",
                    mod_mean.get::<nanosiemens>()
                ),
                "Conductance (nS)",
                &[Series {
                    label: "",
                    values: &w_mod,
                    color: ORANGE,
                }],
                50,
                false,
                &[Guide::v(0.05, "Min weight", RED)],
            )?;
            plot::scatter(
                &p[3],
                "Weight vs Distance",
                "Distance (μm)",
                "Conductance (nS)",
                &[("", &pts, BLUE)],
                Some((&w_mod, "Conductance (nS)")),
                &[],
            )
        },
    )
}

/// Four profiles on one base distribution and one set of distances.
fn profile_comparison(args: &Args, rng: &mut StdRng) -> Result<(), Box<dyn Error>> {
    let base = Normal::new(nS(1.0), nS(0.15))?;
    // Profiles of different types in one list: boxed.
    let profiles: Vec<(&str, BoxedProfile)> = vec![
        ("Gaussian", GaussianProfile::new(um(100.0))?.boxed()),
        ("Exponential", ExponentialProfile::new(um(100.0))?.boxed()),
        (
            "DoG",
            DoGProfile::new(um(50.0), um(150.0))?
                .with_amplitudes(1.0, 0.3)?
                .boxed(),
        ),
        (
            "Step",
            StepProfile::new(um(100.0))?.with_levels(1.0, 0.2)?.boxed(),
        ),
    ];

    let n_samples = args.n(800);
    let distances = uniform_distances(n_samples, 250.0, rng)?;
    let d_um = distances.values_in(um(1.0)).to_vec();

    let mut results = Vec::new();
    for (name, profile) in profiles {
        let dm = DistanceModulated::new(base, profile).with_min_weight(nS(0.05))?;
        let weights = dm.generate_at(&distances, Seed::from_rng(rng))?;
        results.push((name, weights.values_in(nS(1.0)).to_vec()));
    }

    println!("\nProfile comparison:");
    println!("  Gaussian: Smooth decay, strongest at center");
    println!("  Exponential: Monotonic decay with heavier tail");
    println!("  DoG: Center-surround with lateral inhibition");
    println!("  Step: Binary connectivity regions");
    println!("\nMean weight by profile (n={n_samples} each):");
    for (name, w) in &results {
        println!("  {name}: {:.3} nS", w.iter().sum::<f64>() / w.len() as f64);
    }

    plot::figure(
        &args.path("distance_profiles.png"),
        (1400, 1050),
        "Different Distance Profiles",
        2,
        2,
        |p| {
            for (k, (name, w)) in results.iter().enumerate() {
                let pts: Vec<(f64, f64)> = d_um.iter().copied().zip(w.iter().copied()).collect();
                plot::scatter(
                    &p[k],
                    &format!("{name} Profile"),
                    "Distance (μm)",
                    "Weight (nS)",
                    &[("", &pts, BLUE)],
                    Some((w, "Weight (nS)")),
                    &[],
                )?;
            }
            Ok(())
        },
    )
}
