//! Section 7 of the tutorial: our cortical microcircuit against the
//! tutorial's printed statistics.
//!
//! The tutorial prints the mean and standard deviation of the excitatory
//! and inhibitory weights of ONE random 50 × 50 sample of pairs of ONE
//! random 500-neuron circuit. Those four numbers are single draws of a
//! sampling distribution that has no closed form (positions, pair choice
//! and weights are all random, and the pairs share neurons), so we
//! estimate it: we repeat the tutorial's own procedure — new positions, the
//! whole weight matrix, 50 pre and 50 post neurons drawn without
//! replacement, self-pairs left out — `REPS` times with the example's own
//! circuit (`examples/cortical_microcircuit.rs`, included below). The
//! tutorial's values must lie within 4 standard deviations of the
//! replicate mean (plus half a unit of their last printed digit); and the
//! statistics our example prints, over its whole matrix, must estimate the
//! same quantities, so they too must lie within 4 replicate standard
//! deviations of that mean.
//!
//! With 300 replicates the mean and standard deviation of the sampling
//! distribution are known to about 6%, small beside the 4-SD band.

#[allow(dead_code)]
#[path = "../examples/cortical_microcircuit.rs"]
mod example;

use ndarray::Array2;
use neuroinit::prelude::*;
use rand::RngCore;

const N: usize = 500;
const SAMPLE: usize = 50;
const REPS: u64 = 300;

/// The tutorial's printout: Excitatory mean, std; Inhibitory mean, std (nS).
const TUTORIAL: [f64; 4] = [0.10, 0.12, 0.11, 0.17];
const LABELS: [&str; 4] = [
    "excitatory mean",
    "excitatory std",
    "inhibitory mean",
    "inhibitory std",
];

/// `k` distinct indices of `0..n`, by a partial Fisher–Yates shuffle keyed
/// by `seed` (deterministic).
fn choose(n: usize, k: usize, seed: u64) -> Vec<usize> {
    let key = Seed::new(seed).key();
    let mut idx: Vec<usize> = (0..n).collect();
    for i in 0..k {
        let j = i + (key.stream(i as u64).next_u64() % (n - i) as u64) as usize;
        idx.swap(i, j);
    }
    idx.truncate(k);
    idx
}

/// Mean and std of the positive and of the (absolute) negative weights
/// among the given pairs, leaving out self-pairs as the tutorial does.
fn stats(w: &Array2<f64>, pairs: impl Iterator<Item = (usize, usize)>) -> [f64; 4] {
    let (mut exc, mut inh) = (Vec::new(), Vec::new());
    for (i, j) in pairs.filter(|(i, j)| i != j) {
        let v = w[[i, j]];
        if v > 0.0 {
            exc.push(v);
        } else if v < 0.0 {
            inh.push(-v);
        }
    }
    let (em, es) = example::mean_std(&exc);
    let (im, is) = example::mean_std(&inh);
    [em, es, im, is]
}

/// The whole weight matrix in nS for positions seed `pos_seed` and weight
/// seed `seed`.
fn matrix(circuit: &Circuit<ElectricalConductance>, pos_seed: u64, seed: u64) -> Array2<f64> {
    let pos = example::positions(N, pos_seed).expect("valid positions");
    let ctx = Context::new()
        .with_positions(&pos, &pos)
        .expect("finite positions");
    circuit
        .generate_with((N, N), seed, &ctx)
        .expect("the circuit fits its shape")
        .values_in(nS(1.0))
}

#[test]
fn tutorial_and_example_statistics_are_draws_of_the_tutorials_sampling_distribution() {
    let circuit = example::microcircuit(N).expect("the tutorial's circuit is valid");
    let reps: Vec<[f64; 4]> = (0..REPS)
        .map(|r| {
            let w = matrix(&circuit, 10_000 + r, 20_000 + r);
            let pre = choose(N, SAMPLE, 30_000 + r);
            let post = choose(N, SAMPLE, 40_000 + r);
            stats(
                &w,
                pre.iter().flat_map(|&i| post.iter().map(move |&j| (i, j))),
            )
        })
        .collect();
    // The example's own run: seed 42, positions seed 43, whole matrix.
    let whole = matrix(&circuit, 43, 42);
    let ours = stats(&whole, (0..N).flat_map(|i| (0..N).map(move |j| (i, j))));
    for k in 0..4 {
        let xs: Vec<f64> = reps.iter().map(|s| s[k]).collect();
        let (m, sd) = example::mean_std(&xs);
        let tut = (TUTORIAL[k] - m).abs();
        println!(
            "{:16} sampling distribution {m:.4} ± {sd:.4}; tutorial {:.2} ({:+.2} SD); ours (whole matrix) {:.4} ({:+.2} SD)",
            LABELS[k],
            TUTORIAL[k],
            (TUTORIAL[k] - m) / sd,
            ours[k],
            (ours[k] - m) / sd
        );
        assert!(
            tut <= 4.0 * sd + 0.005,
            "{}: the tutorial's {} is {:.1} SD from {m:.4}",
            LABELS[k],
            TUTORIAL[k],
            tut / sd
        );
        assert!(
            (ours[k] - m).abs() <= 4.0 * sd,
            "{}: ours {} is far from {m:.4} ± {sd:.4}",
            LABELS[k],
            ours[k]
        );
    }
}

#[test]
fn the_sample_chooser_draws_distinct_indices() {
    let c = choose(500, 50, 7);
    let mut s = c.clone();
    s.sort_unstable();
    s.dedup();
    assert_eq!(s.len(), 50);
    assert!(c.iter().all(|&i| i < 500));
}
