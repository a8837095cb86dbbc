//! `Initializer::bounds` holds: every generated value lies within the
//! bounds a distribution reports (for those that report any), on many
//! draws and on parameters near the edges.

use init_core::{Generate, Initializer};
use init_dist::{Beta, Constant, LogNormal, Normal, TruncatedNormal, Uniform};
use uom::si::electrical_conductance::nanosiemens;
use uom::si::f64::ElectricalConductance as G;

fn ns(v: f64) -> G {
    G::new::<nanosiemens>(v)
}

fn assert_within<I: Initializer<Output = G>>(label: &str, init: &I) {
    let (lo, hi) = init
        .value_bounds()
        .unwrap_or_else(|| panic!("{label}: no bounds"));
    assert!(lo <= hi, "{label}: ({lo}, {hi})");
    let a = init.generate(200_000, 17).expect("valid shape");
    for v in a.iter() {
        assert!(
            (lo..=hi).contains(&v.value),
            "{label}: {} outside ({lo}, {hi})",
            v.value
        );
    }
}

#[test]
fn generated_values_lie_within_the_reported_bounds() {
    assert_within("normal", &Normal::new(ns(1.0), ns(0.2)).unwrap());
    assert_within("normal, zero std", &Normal::new(ns(-3.0), ns(0.0)).unwrap());
    assert_within("uniform", &Uniform::new(ns(-1.0), ns(2.0)).unwrap());
    assert_within("constant", &Constant::new(ns(0.7)).unwrap());
    assert_within("lognormal", &LogNormal::new(ns(0.8), ns(0.3)).unwrap());
    assert_within(
        "lognormal, wide",
        &LogNormal::new(ns(1.0), ns(5.0)).unwrap(),
    );
    assert_within(
        "truncated, two-sided",
        &TruncatedNormal::new(ns(0.8), ns(0.2), ns(0.2), ns(2.0)).unwrap(),
    );
    assert_within(
        "truncated, far tail",
        &TruncatedNormal::new(ns(0.0), ns(1.0), ns(6.0), ns(7.0)).unwrap(),
    );
    assert_within("beta", &Beta::new(0.5, 0.5, ns(-1e6), ns(1.0)).unwrap());
    // One-sided truncations report none.
    assert!(
        TruncatedNormal::new(ns(0.0), ns(1.0), ns(1.0), None)
            .unwrap()
            .value_bounds()
            .is_none()
    );
}

#[test]
fn arithmetic_combines_bounds_soundly() {
    let n = Normal::new(ns(1.0), ns(0.2)).unwrap();
    let u = Uniform::new(ns(0.0), ns(1.0)).unwrap();
    assert_within("sum", &(n + u));
    assert_within("difference", &(n - u));
    assert_within("negation", &(-n));
    assert_within("scaled", &(n * -2.5));
    let (lo, hi) = (n * -2.5).value_bounds().unwrap();
    let (nlo, nhi) = n.value_bounds().unwrap();
    assert_eq!((lo, hi), (nhi * -2.5, nlo * -2.5));
    assert!((n / 2.0).value_bounds().is_none());
}
