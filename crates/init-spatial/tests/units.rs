//! Units: a profile's value depends on lengths, not on the units they were
//! written in. Lengths are converted to metres once, at construction, so a
//! profile given in millimetres and evaluated at distances in micrometres
//! equals the same profile given in micrometres.

use init_spatial::{
    BoxedProfile, ExponentialProfile, GaussianProfile, LinearProfile, Profile, SigmoidProfile,
};
use uom::si::f64::{Length, ReciprocalLength};
use uom::si::length::{micrometer, millimeter};
use uom::si::reciprocal_length::{reciprocal_micrometer, reciprocal_millimeter};

fn um(v: f64) -> Length {
    Length::new::<micrometer>(v)
}

fn mm(v: f64) -> Length {
    Length::new::<millimeter>(v)
}

const DISTANCES_UM: [f64; 9] = [0.0, 1.0, 37.5, 99.9, 100.0, 150.0, 300.0, 750.0, 2500.0];

#[test]
fn same_length_in_mm_or_um_gives_the_same_profile_bit_for_bit() {
    // 0.15 mm and 150 µm convert to the same f64 metres, so everything
    // after the conversion is identical.
    assert_eq!(mm(0.15).value.to_bits(), um(150.0).value.to_bits());
    let pairs: [(Box<dyn Profile>, Box<dyn Profile>); 3] = [
        (
            Box::new(GaussianProfile::new(mm(0.15)).unwrap()),
            Box::new(GaussianProfile::new(um(150.0)).unwrap()),
        ),
        (
            Box::new(
                ExponentialProfile::new(mm(0.15))
                    .unwrap()
                    .with_max_distance(mm(1.0))
                    .unwrap(),
            ),
            Box::new(
                ExponentialProfile::new(um(150.0))
                    .unwrap()
                    .with_max_distance(um(1000.0))
                    .unwrap(),
            ),
        ),
        (
            Box::new(SigmoidProfile::new(mm(0.15)).unwrap()),
            Box::new(SigmoidProfile::new(um(150.0)).unwrap()),
        ),
    ];
    for (in_mm, in_um) in &pairs {
        for d in DISTANCES_UM {
            assert_eq!(
                in_mm.probability(um(d)).to_bits(),
                in_um.probability(um(d)).to_bits(),
                "d = {d} µm"
            );
        }
    }
}

#[test]
fn mm_and_um_profiles_agree_up_to_the_rounding_of_unit_conversion() {
    // uom rounds 0.1 mm and 100 µm to neighbouring f64s (1e-4 and
    // 9.999999999999999e-5): one ulp apart. That relative error ε in a
    // length becomes ≤ (|x| + 4)·ε in exp(x) (x is the exponent: d²/2σ²,
    // d/λ, s·(d − m)), and ≤ 4ε in the linear profile, where x := 1.
    assert_ne!(mm(0.1).value, um(100.0).value);
    let eps = f64::EPSILON;
    let slope_mm = ReciprocalLength::new::<reciprocal_millimeter>(50.0);
    let slope_um = ReciprocalLength::new::<reciprocal_micrometer>(0.05);
    type Exponent = fn(f64) -> f64;
    type Case = (&'static str, BoxedProfile, BoxedProfile, Exponent);
    let cases: [Case; 4] = [
        (
            "Gaussian(σ = 0.1 mm)",
            Box::new(GaussianProfile::new(mm(0.1)).unwrap()),
            Box::new(GaussianProfile::new(um(100.0)).unwrap()),
            |d| d * d / 2e4,
        ),
        (
            "Exponential(λ = 0.2 mm)",
            Box::new(ExponentialProfile::new(mm(0.2)).unwrap()),
            Box::new(ExponentialProfile::new(um(200.0)).unwrap()),
            |d| d / 200.0,
        ),
        (
            "Sigmoid(m = 0.1 mm, s = 50 / mm)",
            Box::new(
                SigmoidProfile::new(mm(0.1))
                    .unwrap()
                    .with_slope(slope_mm)
                    .unwrap(),
            ),
            Box::new(
                SigmoidProfile::new(um(100.0))
                    .unwrap()
                    .with_slope(slope_um)
                    .unwrap(),
            ),
            |d| 0.05 * (d - 100.0),
        ),
        (
            "Linear(L = 0.5 mm)",
            Box::new(LinearProfile::new(mm(0.5)).unwrap()),
            Box::new(LinearProfile::new(um(500.0)).unwrap()),
            |_| 1.0,
        ),
    ];
    for (label, in_mm, in_um, exponent) in &cases {
        for d in DISTANCES_UM {
            let (a, b) = (in_mm.probability(um(d)), in_um.probability(um(d)));
            let bound = (exponent(d).abs() + 4.0) * eps * b.abs();
            assert!(
                (a - b).abs() <= bound,
                "{label} at {d} µm: {a:e} (mm) vs {b:e} (µm)"
            );
        }
    }
}
