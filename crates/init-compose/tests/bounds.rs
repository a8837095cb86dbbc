//! Composites report sound bounds: every generated value lies within them.

use init_compose::{Conditional, InitializerExt, Scaled};
use init_core::{Generate, Initializer};
use init_dist::{Normal, Uniform};
use uom::si::electrical_conductance::nanosiemens;
use uom::si::f64::ElectricalConductance as G;

fn ns(v: f64) -> G {
    G::new::<nanosiemens>(v)
}

fn assert_within<I: Initializer<Output = G>>(label: &str, init: &I, expected: Option<(f64, f64)>) {
    let b = init.value_bounds();
    if let Some(e) = expected {
        let (lo, hi) = b.expect("bounds");
        assert!(
            (lo - e.0).abs() <= 1e-24 && (hi - e.1).abs() <= 1e-24,
            "{label}: {b:?} vs {e:?}"
        );
    }
    let (lo, hi) = b.unwrap_or_else(|| panic!("{label}: no bounds"));
    for v in init.generate((300, 300), 3).expect("valid shape").iter() {
        assert!(
            (lo..=hi).contains(&v.value),
            "{label}: {} outside ({lo}, {hi})",
            v.value
        );
    }
}

#[test]
fn composite_bounds_hold() {
    let n = Normal::new(ns(1.0), ns(0.2)).unwrap();
    let u = Uniform::new(ns(0.0), ns(1.0)).unwrap();
    // A clip narrows the base's bounds to [min, max].
    assert_within(
        "clip both",
        &n.clip(Some(ns(0.5)), Some(ns(1.2))).unwrap(),
        Some((ns(0.5).value, ns(1.2).value)),
    );
    assert_within("clip floor", &n.clip(Some(ns(0.9)), None).unwrap(), None);
    // Without base bounds, a two-sided clip still bounds.
    let c = (n / 2.0).clip(Some(ns(0.0)), Some(ns(3.0))).unwrap();
    assert_eq!(c.value_bounds(), Some((0.0, ns(3.0).value)));
    assert!(
        (n / 2.0)
            .clip(Some(ns(0.0)), None)
            .unwrap()
            .value_bounds()
            .is_none()
    );
    assert_within(
        "scaled negative",
        &Scaled::new(u, -3.0).unwrap(),
        Some((ns(-3.0).value, 0.0)),
    );
    assert_within("conditional", &Conditional::on_pre(|i| i < 150, n, u), None);
}
