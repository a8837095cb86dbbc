//! Sections 2–4 of the braintools composite tutorial, written with
//! init-compose, with each population's statistics checked against exact
//! values (means and standard deviations within 4 standard errors; the
//! tutorial's own sample sizes are raised to 1e5 per group so that the
//! checks have power).

use init_compose::{Conditional, IndexAxis, InitializerExt, Mixture, Scaled, Select};
use init_core::{Context, Generate, Initializer};
use init_dist::{Gamma, LogNormal, Normal, TruncatedNormal};
use init_testkit::assert_moments;
use statrs::distribution::{Continuous, ContinuousCDF, Normal as Exact};
use uom::si::electrical_conductance::nanosiemens;
use uom::si::f64::ElectricalConductance;

fn ns(v: f64) -> ElectricalConductance {
    ElectricalConductance::new::<nanosiemens>(v)
}

fn in_ns<I: Initializer<Output = ElectricalConductance>>(
    init: &I,
    n: usize,
    seed: u64,
    ctx: &Context<'_>,
) -> Vec<f64> {
    init.generate_with(n, seed, ctx)
        .unwrap()
        .iter()
        .map(|g| g.get::<nanosiemens>())
        .collect()
}

/// Mean and std of N(μ, σ²) conditioned on [a, b].
fn truncated(mu: f64, sigma: f64, a: f64, b: f64) -> (f64, f64) {
    let z = Exact::new(0.0, 1.0).unwrap();
    let (al, be) = ((a - mu) / sigma, (b - mu) / sigma);
    let zz = z.cdf(be) - z.cdf(al);
    let d = (z.pdf(al) - z.pdf(be)) / zz;
    let var = 1.0 + (al * z.pdf(al) - be * z.pdf(be)) / zz - d * d;
    (mu + sigma * d, sigma * var.sqrt())
}

/// Section 2, "Mixture with Different Distribution Types" is in the unit
/// tests; here the first two mixtures as the tutorial writes them.
#[test]
fn section_2_mixtures() {
    let simple = Mixture::new(
        vec![
            Normal::new(ns(0.3), ns(0.05)).unwrap().boxed(),
            Normal::new(ns(1.2), ns(0.2)).unwrap().boxed(),
        ],
        &[0.7, 0.3],
    )
    .unwrap();
    // E = 0.57; E[x²] = 0.7(0.0025 + 0.09) + 0.3(0.04 + 1.44).
    let m2 = 0.7 * (0.0025 + 0.09) + 0.3 * (0.04 + 1.44);
    let x = in_ns(&simple, 200_000, 42, &Context::new());
    assert_moments("two components", &x, 0.57, (m2 - 0.57f64 * 0.57).sqrt());
    assert!(x.iter().all(|v| v.is_finite()));

    let triple = Mixture::new(
        (
            Normal::new(ns(0.2), ns(0.03)).unwrap(),
            Normal::new(ns(0.6), ns(0.08)).unwrap(),
            Normal::new(ns(1.5), ns(0.25)).unwrap(),
        ),
        &[0.5, 0.35, 0.15],
    )
    .unwrap();
    // The tutorial's classification: < 0.4 weak, > 1.0 strong. Those
    // bands hold each component except for tails of 6.7σ, 2.5σ/5σ and
    // 2σ; the fractions are within 4 SE of the weights adjusted for them.
    let x = in_ns(&triple, 200_000, 43, &Context::new());
    let z = Exact::new(0.0, 1.0).unwrap();
    let p_strong = 0.35 * (1.0 - z.cdf(5.0)) + 0.15 * (1.0 - z.cdf(-2.0));
    let strong = x.iter().filter(|&&v| v > 1.0).count() as f64 / x.len() as f64;
    let se = (p_strong * (1.0 - p_strong) / x.len() as f64).sqrt();
    assert!(
        (strong - p_strong).abs() < 4.0 * se,
        "strong {strong} vs {p_strong}"
    );

    let _mixed = Mixture::new(
        vec![
            Normal::new(ns(0.5), ns(0.1)).unwrap().boxed(),
            LogNormal::new(ns(0.8), ns(0.3)).unwrap().boxed(),
            Gamma::new(3.0, ns(0.2)).unwrap().boxed(),
        ],
        &[0.5, 0.3, 0.2],
    )
    .unwrap();
}

/// Section 3: E/I by neuron index, and layer-specific initialization.
#[test]
fn section_3_conditionals() {
    let n = 250_000;
    let n_exc = n * 8 / 10;
    let ei = Conditional::on_pre(
        |i| i < n_exc,
        TruncatedNormal::new(ns(0.8), ns(0.2), ns(0.2), ns(2.0)).unwrap(),
        TruncatedNormal::new(ns(2.5), ns(0.5), ns(1.0), ns(5.0)).unwrap(),
    );
    // The tutorial passes neuron_indices = arange(n).
    let ids: Vec<usize> = (0..n).collect();
    let x = in_ns(&ei, n, 1, &Context::new().with_neuron_indices(&ids));
    let (e_mean, e_std) = truncated(0.8, 0.2, 0.2, 2.0);
    let (i_mean, i_std) = truncated(2.5, 0.5, 1.0, 5.0);
    assert_moments("excitatory", &x[..n_exc], e_mean, e_std);
    assert_moments("inhibitory", &x[n_exc..], i_mean, i_std);
    assert!(x[..n_exc].iter().all(|v| (0.2..=2.0).contains(v)));
    assert!(x[n_exc..].iter().all(|v| (1.0..=5.0).contains(v)));

    // Layers 2/3, 4, 5 on 40%, 20%, 40% of the neurons, by label.
    let layer: Vec<usize> = (0..n)
        .map(|i| match i * 10 / n {
            0..=3 => 0,
            4 | 5 => 1,
            _ => 2,
        })
        .collect();
    let layers = Select::new(
        IndexAxis::Pre,
        layer.clone(),
        vec![
            Normal::new(ns(0.6), ns(0.15)).unwrap().boxed(),
            TruncatedNormal::new(ns(0.8), ns(0.1), ns(0.5), ns(1.2))
                .unwrap()
                .boxed(),
            LogNormal::new(ns(1.2), ns(0.4)).unwrap().boxed(),
        ],
    )
    .unwrap();
    let x = in_ns(&layers, n, 2, &Context::new());
    let of = |l: usize| -> Vec<f64> {
        x.iter()
            .zip(&layer)
            .filter(|&(_, &k)| k == l)
            .map(|(&v, _)| v)
            .collect()
    };
    assert_moments("layer 2/3", &of(0), 0.6, 0.15);
    let (m4, s4) = truncated(0.8, 0.1, 0.5, 1.2);
    assert_moments("layer 4", &of(1), m4, s4);
    assert_moments("layer 5", &of(2), 1.2, 0.4);
}

/// Section 4: Scaled by 0.5, 1.5, 2 and Clipped below, above and on both
/// sides.
#[test]
fn section_4_scaled_and_clipped() {
    let base = Normal::new(ns(1.0), ns(0.2)).unwrap();
    for (i, f) in [0.5, 1.5, 2.0].into_iter().enumerate() {
        let x = in_ns(
            &Scaled::new(base, f).unwrap(),
            200_000,
            i as u64,
            &Context::new(),
        );
        // Mean and std scale with the factor; the CV stays 0.2.
        assert_moments(&format!("scaled {f}"), &x, f, 0.2 * f);
    }
    let base = Normal::new(ns(0.5), ns(0.3)).unwrap();
    let both = base.clip(ns(0.2), ns(0.8)).unwrap();
    let x = in_ns(&both, 2000, 7, &Context::new());
    assert!(x.iter().all(|v| (0.2..=0.8).contains(v)));
    let floor = base.clip(ns(0.2), None).unwrap();
    assert!(
        in_ns(&floor, 2000, 8, &Context::new())
            .iter()
            .all(|&v| v >= 0.2)
    );
    let ceiling = base.clip(None, ns(0.8)).unwrap();
    assert!(
        in_ns(&ceiling, 2000, 9, &Context::new())
            .iter()
            .all(|&v| v <= 0.8)
    );
}
