//! Parity with braintools 0.3: `tests/data/braintools_profiles.json` holds
//! braintools' own `probability(d)` for 14 parameter sets of the ten
//! profiles and 5 composed profiles, at 25 distances.
//!
//! Tolerance: relative 1e-12, absolute 1e-15 where the oracle value is 0 or
//! below 1e-300 (the project's parity criterion).
//!
//! Sigmoid and Logistic are the exception, and the reason is on
//! braintools' side: it evaluates them with `jax.scipy.special.expit`,
//! which computes in float32 unless JAX's x64 mode is on (braintools 0.3
//! returns a float32 array for these two profiles and float64 for the
//! others). Their oracle values are float32 numbers: 0.9994471669197083 at
//! d = 0 where the f64 value is 0.9994472213630764, and 0 at 2500 µm where
//! the f64 value is 9.3e-52. So for these two the tests show
//!
//! 1. that braintools' formula `1/(1 + exp(−x))`, `x = −r·(d − m)`,
//!    evaluated in float32 the way JAX does (x computed in f64 by numpy,
//!    cast to f32, then exp, add and divide in f32), reproduces every
//!    oracle value to 1e-12, given an f32 `exp` that is faithfully rounded
//!    (error < 1 ulp, which is what numpy's and XLA's f32 exp guarantee,
//!    not correct rounding) — proving the oracle is this formula, and
//! 2. that our f64 implementation agrees with the oracle to the accuracy
//!    of a float32 evaluation, a bound derived below.

use std::fs;

use init_spatial::{
    BimodalProfile, BoxedProfile, DoGProfile, ExponentialProfile, GaussianProfile, LinearProfile,
    LogisticProfile, MexicanHatProfile, PowerLawProfile, Profile, SigmoidProfile, StepProfile,
};
use serde_json::Value;
use uom::si::f64::{Length, ReciprocalLength};
use uom::si::length::micrometer;
use uom::si::reciprocal_length::reciprocal_micrometer;

/// The oracle file: braintools 0.3.0's values (see `tests/data/README.md`).
const ORACLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/braintools_profiles.json"
);

const REL: f64 = 1e-12;
const ABS: f64 = 1e-15;

fn um(v: f64) -> Length {
    Length::new::<micrometer>(v)
}

fn per_um(v: f64) -> ReciprocalLength {
    ReciprocalLength::new::<reciprocal_micrometer>(v)
}

struct Oracle {
    distances: Vec<f64>,
    json: Value,
}

/// Reads the oracle; a missing or malformed file fails the test (it is the
/// evidence of parity, so it must not be skipped).
fn oracle() -> Oracle {
    let text = fs::read_to_string(ORACLE)
        .unwrap_or_else(|e| panic!("the braintools oracle {ORACLE} is required: {e}"));
    let json: Value = serde_json::from_str(&text).expect("the oracle is valid JSON");
    assert_eq!(json["length_params_unit"], "micrometre");
    let distances = numbers(&json["distances_um"]);
    assert_eq!(distances.len(), 25);
    Oracle { distances, json }
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("an array")
        .iter()
        .map(|x| x.as_f64().expect("a number"))
        .collect()
}

fn param(params: &Value, name: &str) -> Option<f64> {
    params.get(name).map(|v| v.as_f64().expect("a number"))
}

fn req(params: &Value, name: &str) -> f64 {
    param(params, name).unwrap_or_else(|| panic!("parameter {name} missing in {params}"))
}

/// Our profile for one oracle entry (lengths in µm, rates per µm).
fn build(name: &str, p: &Value) -> BoxedProfile {
    let len = |k: &str| um(req(p, k));
    let opt_len = |k: &str| param(p, k).map(um);
    let max = opt_len("max_distance");
    macro_rules! cut {
        ($profile:expr) => {{
            let q = $profile;
            match max {
                Some(m) => q.with_max_distance(m).unwrap().boxed(),
                None => q.boxed(),
            }
        }};
    }
    match name {
        "GaussianProfile" => cut!(GaussianProfile::new(len("sigma")).unwrap()),
        "ExponentialProfile" => cut!(ExponentialProfile::new(len("decay_constant")).unwrap()),
        "PowerLawProfile" => {
            let mut q = PowerLawProfile::new(req(p, "exponent")).unwrap();
            if let Some(d0) = opt_len("min_distance") {
                q = q.with_min_distance(d0).unwrap();
            }
            cut!(q)
        }
        "LinearProfile" => LinearProfile::new(len("max_distance")).unwrap().boxed(),
        "StepProfile" => {
            let mut q = StepProfile::new(len("threshold")).unwrap();
            if let (Some(i), Some(o)) = (param(p, "inside_prob"), param(p, "outside_prob")) {
                q = q.with_levels(i, o).unwrap();
            }
            cut!(q)
        }
        "SigmoidProfile" => {
            let mut q = SigmoidProfile::new(len("midpoint")).unwrap();
            if let Some(s) = param(p, "slope") {
                q = q.with_slope(per_um(s)).unwrap();
            }
            cut!(q)
        }
        "LogisticProfile" => {
            cut!(LogisticProfile::new(per_um(req(p, "growth_rate")), len("midpoint")).unwrap())
        }
        "DoGProfile" => {
            let mut q = DoGProfile::new(len("sigma_center"), len("sigma_surround")).unwrap();
            if let (Some(c), Some(s)) =
                (param(p, "amplitude_center"), param(p, "amplitude_surround"))
            {
                q = q.with_amplitudes(c, s).unwrap();
            }
            cut!(q)
        }
        "BimodalProfile" => {
            let q = BimodalProfile::new(len("sigma1"), len("sigma2"))
                .unwrap()
                .with_centers(len("center1"), len("center2"))
                .unwrap()
                .with_amplitudes(req(p, "amplitude1"), req(p, "amplitude2"))
                .unwrap();
            cut!(q)
        }
        "MexicanHatProfile" => {
            let mut q = MexicanHatProfile::new(len("sigma")).unwrap();
            if let Some(a) = param(p, "amplitude") {
                q = q.with_amplitude(a).unwrap();
            }
            cut!(q)
        }
        other => panic!("the oracle names a profile we do not have: {other}"),
    }
}

/// Our composition for one of the oracle's composed expressions.
fn composed(expr: &str) -> BoxedProfile {
    let g = GaussianProfile::new(um(100.0)).unwrap();
    let e = ExponentialProfile::new(um(200.0)).unwrap();
    match expr {
        "0.7*Gaussian(sigma=100) + 0.3*Exponential(decay=200)" => (0.7 * g + 0.3 * e).boxed(),
        "Gaussian(sigma=100).clip(0.1, 0.9)" => g.clip(0.1, 0.9).unwrap().boxed(),
        "Exponential(decay=200) squared (apply)" => e.apply(|x| x * x).boxed(),
        "Gaussian(sigma=100) - Exponential(decay=200)" => (g - e).boxed(),
        "Gaussian(sigma=100) / (1 + Exponential(decay=200))" => (g / (1.0 + e)).boxed(),
        other => panic!("unknown composed expression in the oracle: {other}"),
    }
}

/// Assert `ours` within the parity tolerance of `oracle`; track the worst
/// relative error.
fn check_close(label: &str, d: f64, ours: f64, oracle: f64, worst: &mut f64) {
    if oracle == 0.0 || oracle.abs() < 1e-300 {
        assert!(
            (ours - oracle).abs() <= ABS,
            "{label} at {d} µm: {ours:e} vs oracle {oracle:e} (absolute {ABS:e})"
        );
        return;
    }
    let rel = ((ours - oracle) / oracle).abs();
    *worst = worst.max(rel);
    assert!(
        rel <= REL,
        "{label} at {d} µm: {ours:.17e} vs oracle {oracle:.17e} (relative error {rel:.2e} > {REL:e})"
    );
}

fn is_float32_profile(name: &str) -> bool {
    matches!(name, "SigmoidProfile" | "LogisticProfile")
}

#[test]
fn float64_profiles_match_braintools_to_1e_12() {
    let o = oracle();
    let entries = o.json["profiles"].as_array().expect("profiles");
    assert_eq!(entries.len(), 14, "the oracle holds 14 parameter sets");
    let mut checked = 0;
    for entry in entries {
        let name = entry["profile"].as_str().expect("a name");
        if is_float32_profile(name) {
            continue;
        }
        let p = build(name, &entry["params"]);
        let values = numbers(&entry["values"]);
        let label = format!("{name} {}", entry["params"]);
        let mut worst = 0.0f64;
        for (&d, &v) in o.distances.iter().zip(&values) {
            let ours = p.probability(um(d));
            check_close(&label, d, ours, v, &mut worst);
            // The built-ins' two readings are one function.
            assert_eq!(p.weight_scaling(um(d)).to_bits(), ours.to_bits());
        }
        println!("{label}: worst relative error {worst:.2e}");
        checked += 1;
    }
    assert_eq!(checked, 12);
}

#[test]
fn composed_profiles_match_braintools_to_1e_12() {
    let o = oracle();
    let entries = o.json["composed"].as_array().expect("composed");
    assert_eq!(entries.len(), 5);
    for entry in entries {
        let expr = entry["expression"].as_str().expect("an expression");
        let p = composed(expr);
        let mut worst = 0.0f64;
        for (&d, &v) in o.distances.iter().zip(&numbers(&entry["values"])) {
            check_close(expr, d, p.probability(um(d)), v, &mut worst);
            check_close(expr, d, p.weight_scaling(um(d)), v, &mut worst);
        }
        println!("{expr}: worst relative error {worst:.2e}");
    }
}

/// (rate per µm, midpoint in µm) of a Sigmoid or Logistic oracle entry.
fn rate_and_midpoint(name: &str, p: &Value) -> (f64, f64) {
    let rate = match name {
        "SigmoidProfile" => param(p, "slope").unwrap_or(0.05),
        _ => req(p, "growth_rate"),
    };
    (rate, req(p, "midpoint"))
}

/// The last two steps of braintools' `expit(x)` as JAX evaluates it
/// without x64 (`x = −r·(d − m)` computed by numpy in f64, cast to f32):
/// `1 / (1 + exp(−x))` in f32, given the f32 value of `exp(−x)`.
fn expit_f32(exp_neg_x: f32) -> f32 {
    1.0f32 / (1.0f32 + exp_neg_x)
}

/// The two faithful f32 roundings of `exp(y)`: the correctly rounded one,
/// and its neighbour on the other side of the exact value.
fn faithful_exps(y: f32) -> [f32; 2] {
    let exact = (y as f64).exp();
    let nearest = exact as f32;
    if !nearest.is_finite() || nearest == 0.0 || nearest as f64 == exact {
        return [nearest, nearest];
    }
    // Positive finite f32s are ordered like their bit patterns.
    let other = if (nearest as f64) < exact {
        f32::from_bits(nearest.to_bits() + 1)
    } else {
        f32::from_bits(nearest.to_bits() - 1)
    };
    [nearest, other]
}

#[test]
fn sigmoid_and_logistic_oracle_is_braintools_formula_in_float32() {
    let o = oracle();
    let mut exact = 0;
    let mut other_rounding = Vec::new();
    for entry in o.json["profiles"].as_array().expect("profiles") {
        let name = entry["profile"].as_str().expect("a name");
        if !is_float32_profile(name) {
            continue;
        }
        assert!(entry["params"].get("max_distance").is_none());
        let (rate, mid) = rate_and_midpoint(name, &entry["params"]);
        for (&d, &v) in o.distances.iter().zip(&numbers(&entry["values"])) {
            let x = (-rate * (d - mid)) as f32;
            let [nearest, other] = faithful_exps(-x);
            let close = |m: f32| {
                let m = m as f64;
                if v == 0.0 {
                    m.abs() <= ABS
                } else {
                    ((m - v) / v).abs() <= REL
                }
            };
            if close(expit_f32(nearest)) {
                exact += 1;
            } else {
                assert!(
                    close(expit_f32(other)),
                    "{name} at {d} µm: oracle {v:e} is not braintools' formula in f32 \
                     (mirror gives {:e} or {:e})",
                    expit_f32(nearest),
                    expit_f32(other)
                );
                other_rounding.push((name, d, x));
            }
        }
    }
    assert_eq!(exact + other_rounding.len(), 50);
    println!(
        "float32 mirror: {exact} of 50 oracle values with the correctly rounded f32 exp, \
         the others with its other faithful rounding: {other_rounding:?}"
    );
}

#[test]
fn sigmoid_and_logistic_f64_match_braintools_to_float32_accuracy() {
    // A float32 evaluation of 1/(1 + exp(−x)) carries: the cast of x to
    // f32 (absolute error ≤ |x|·2⁻²⁴, which moves p by a relative
    // (1 − p)·|x|·2⁻²⁴), a faithful exp (< 2⁻²³ relative, which moves p by
    // less than that), the add and the divide (2⁻²⁴ each): in all, less
    // than 2⁻²⁴·((1 − p)·|x| + 4) relative. Below f32's smallest normal
    // number float32 has no relative precision (and braintools' value is 0
    // once exp overflows at x < −88.7): there the bound is absolute.
    let o = oracle();
    for entry in o.json["profiles"].as_array().expect("profiles") {
        let name = entry["profile"].as_str().expect("a name");
        if !is_float32_profile(name) {
            continue;
        }
        let p = build(name, &entry["params"]);
        let (rate, mid) = rate_and_midpoint(name, &entry["params"]);
        let mut worst_ulps = 0.0f64;
        for (&d, &v) in o.distances.iter().zip(&numbers(&entry["values"])) {
            let ours = p.probability(um(d));
            if v.abs() < f32::MIN_POSITIVE as f64 {
                assert!(
                    (ours - v).abs() <= f32::MIN_POSITIVE as f64,
                    "{name} at {d} µm: {ours:e} vs float32 oracle {v:e}"
                );
                continue;
            }
            let x = -rate * (d - mid);
            let bound = 2f64.powi(-24) * ((1.0 - ours) * x.abs() + 4.0);
            let rel = ((ours - v) / v).abs();
            worst_ulps = worst_ulps.max(rel / 2f64.powi(-24));
            assert!(
                rel <= bound,
                "{name} at {d} µm: {ours:.17e} vs float32 oracle {v:.17e} \
                 (relative {rel:.2e} > {bound:.2e})"
            );
        }
        println!("{name}: worst deviation {worst_ulps:.2} × 2⁻²⁴ relative");
    }
}
