//! The Potjans–Diesmann microcircuit at scale 0.1 (7 717 neurons, about
//! 3e6 synapses): every projection holds exactly its K synapses, and the
//! weights and delays of each follow their truncated normals — mean and
//! standard deviation within 4 standard errors of the exact values.
//!
//! The exact moments of a normal truncated to `[a, b]` come from Simpson's
//! rule on its density over `[max(a, μ − 14σ), min(b, μ + 14σ)]` (20 000
//! intervals; the error is far below the tolerance). Standard errors: the
//! mean `σ_t/√n`; the (population) standard deviation
//! `√((μ₄ − σ_t⁴)/n) / (2σ_t)`, from the exact fourth central moment. With
//! 110 statistics, 4 SE gives a false alarm with probability below 1% at
//! a fixed seed, so a failure points at a bug.

#[path = "../benches/support/pd14.rs"]
mod pd14;

use neuroinit::QuantityStats;
use neuroinit::uom::si::electric_current::picoampere;
use neuroinit::uom::si::time::millisecond;

/// Mean, standard deviation and fourth central moment of N(μ, σ²)
/// truncated to [a, b].
fn truncated_moments(mu: f64, sigma: f64, a: f64, b: f64) -> (f64, f64, f64) {
    let lo = a.max(mu - 14.0 * sigma);
    let hi = b.min(mu + 14.0 * sigma);
    let n = 20_000;
    let h = (hi - lo) / n as f64;
    let density = |x: f64| (-0.5 * ((x - mu) / sigma).powi(2)).exp();
    let integral = |f: &dyn Fn(f64) -> f64| {
        let inner: f64 = (1..n)
            .map(|i| {
                let x = lo + i as f64 * h;
                f(x) * density(x) * if i % 2 == 1 { 4.0 } else { 2.0 }
            })
            .sum();
        (f(lo) * density(lo) + inner + f(hi) * density(hi)) * h / 3.0
    };
    let z = integral(&|_| 1.0);
    let mean = integral(&|x| x) / z;
    let var = integral(&|x| (x - mean).powi(2)) / z;
    let m4 = integral(&|x| (x - mean).powi(4)) / z;
    (mean, var.sqrt(), m4)
}

fn within_4_se(label: &str, xs: &[f64], (mean, std, m4): (f64, f64, f64)) {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    let s = (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n).sqrt();
    let se_mean = std / n.sqrt();
    let se_std = ((m4 - std.powi(4)) / n).sqrt() / (2.0 * std);
    assert!(
        (m - mean).abs() <= 4.0 * se_mean,
        "{label}: mean {m} vs {mean} ± {se_mean}"
    );
    assert!(
        (s - std).abs() <= 4.0 * se_std,
        "{label}: std {s} vs {std} ± {se_std}"
    );
}

#[test]
fn pd14_at_scale_0_1_has_every_count_and_law() {
    let scale = 0.1;
    let net = pd14::pd14(scale, false).unwrap();
    assert_eq!(net.neurons(), pd14::sizes(scale).iter().sum::<usize>());
    assert_eq!(net.neurons(), 7717);
    let c = net.generate(55).unwrap();
    let mut projections = 0;
    for t in 0..8 {
        for s in 0..8 {
            let k = pd14::synapses(t, s, scale);
            let v = c.projection(pd14::NAMES[s], pd14::NAMES[t]);
            let Some(v) = v else {
                assert_eq!(k, 0, "{} -> {} is missing", pd14::NAMES[s], pd14::NAMES[t]);
                continue;
            };
            projections += 1;
            let label = v.info().name.clone();
            assert_eq!(v.len() as u64, k, "{label}: synapses");
            // Weights: normal at w, std |w|/10, truncated at 0 on the side of
            // the sign.
            let w = pd14::weight(t, s);
            let sd = (w * pd14::W_REL_STD).abs();
            let (a, b) = if w > 0.0 {
                (0.0, f64::INFINITY)
            } else {
                (f64::NEG_INFINITY, 0.0)
            };
            let ws: Vec<f64> = v.weights().iter().map(|x| x.get::<picoampere>()).collect();
            within_4_se(
                &format!("{label} weights"),
                &ws,
                truncated_moments(w, sd, a, b),
            );
            assert!(
                ws.iter()
                    .all(|&x| if w > 0.0 { x >= 0.0 } else { x <= 0.0 })
            );
            // Delays: normal at d, std d/2, redrawn below 0.05 ms.
            let d = pd14::delay(s);
            let ds: Vec<f64> = v.delays().iter().map(|x| x.get::<millisecond>()).collect();
            within_4_se(
                &format!("{label} delays"),
                &ds,
                truncated_moments(d, 0.5 * d, pd14::D_MIN, f64::INFINITY),
            );
            assert!(ds.iter().all(|&x| x >= pd14::D_MIN));
            let summary = v.weight_summary().unwrap();
            assert_eq!(summary.count as u64, k);
        }
    }
    assert_eq!(projections, 55);
    assert_eq!(c.synapses() as u64, net.exact_synapses().unwrap() as u64);
    assert!(c.weights().min_value().is_some());
}

/// The counts at full scale are NEST's: `K = round(K_full·s²)`, with the
/// reference's rounding (halves to even), 298 880 968 synapses in all.
#[test]
fn pd14_counts_follow_the_reference_formula() {
    let total: u64 = (0..8)
        .flat_map(|t| (0..8).map(move |s| pd14::synapses(t, s, 1.0)))
        .sum();
    assert_eq!(total, 298_880_968);
    assert_eq!(pd14::sizes(1.0).iter().sum::<usize>(), 77_169);
    assert_eq!(pd14::sizes(0.5).iter().sum::<usize>(), 38_586);
    let half: u64 = (0..8)
        .flat_map(|t| (0..8).map(move |s| pd14::synapses(t, s, 0.5)))
        .sum();
    assert_eq!(half, 74_720_239, "NEST's count at half scale");
}
