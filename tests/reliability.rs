//! What happens when a call cannot succeed: requests beyond the memory are
//! typed errors returned at once (never an out-of-memory abort), and user
//! code that panics inside a parallel fill propagates as a panic with the
//! user's own message (never a deadlock, never a partly filled array
//! returned as success). See docs/RELIABILITY.md.

use std::panic::{AssertUnwindSafe, catch_unwind};

use init_testkit::in_pool;
use neuroinit::prelude::*;
use neuroinit::{Conditional, InitializerExt, Rule};

fn normal() -> Normal<ElectricalConductance> {
    Normal::new(nS(1.0), nS(0.2)).unwrap()
}

/// A 1e6 × 1e6 dense matrix (8 TB): refused by size before anything is
/// allocated or drawn (an attempt would abort the test process).
#[test]
fn a_dense_matrix_beyond_memory_is_a_typed_error() {
    let t = std::time::Instant::now();
    match normal().generate((1_000_000, 1_000_000), 1) {
        Err(InitError::TooLarge {
            what: "output",
            bytes,
            limit,
            ..
        }) => {
            assert_eq!(bytes, 8_000_000_000_000);
            assert!(limit < bytes);
        }
        other => panic!("{:?}", other.map(|a| a.dim())),
    }
    // A shape whose element count overflows is refused by name.
    let overflow = normal().generate((usize::MAX, 2), 1);
    assert!(
        matches!(
            overflow,
            Err(InitError::InvalidParameter { name: "shape", .. })
        ),
        "{overflow:?}"
    );
    // The distance matrix between a million neurons.
    let xy = Uniform::new(um(0.0), um(1000.0))
        .unwrap()
        .generate((1_000_000, 2), 3)
        .unwrap();
    let d = distance_matrix(&Positions::new(&xy, &xy).unwrap());
    assert!(
        matches!(
            d,
            Err(InitError::TooLarge {
                what: "distance matrix",
                ..
            })
        ),
        "{:?}",
        d.map(|a| a.dim())
    );
    // For the record (not asserted: speed belongs to benchmarks).
    println!("refused in {:?}", t.elapsed());
}

/// The message of a caught panic.
fn message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// `f` panics with `expected` in its message, on 2 threads; afterwards
/// the same pool still generates (no worker left stuck).
fn panics_with<T>(expected: &str, f: impl Fn() -> T + Send + Sync) {
    in_pool(2, || {
        let caught = catch_unwind(AssertUnwindSafe(&f));
        match caught {
            Ok(_) => panic!("returned instead of panicking ({expected})"),
            Err(p) => {
                let m = message(p);
                assert!(m.contains(expected), "message {m:?}, expected {expected:?}");
            }
        }
        let after = normal().generate((500, 500), 2).unwrap();
        assert_eq!(after.dim(), (500, 500));
    });
}

#[test]
fn a_panicking_condition_propagates_with_its_message() {
    let c = Conditional::on_pre(
        |i: usize| {
            if i == 733 {
                panic!("condition failed on neuron {i}");
            }
            i < 500
        },
        normal(),
        nS(0.0),
    );
    panics_with("condition failed on neuron 733", || {
        c.generate((1000, 1000), 1)
    });
}

#[test]
fn a_panicking_apply_propagates_with_its_message() {
    let w = normal().apply(|g: ElectricalConductance| {
        if g > nS(1.7) {
            panic!("weight {:?} out of my range", g.value);
        }
        g
    });
    panics_with("out of my range", || w.generate((2000, 2000), 1));
}

#[test]
fn a_panicking_profile_propagates_with_its_message() {
    let profile = GaussianProfile::new(um(50.0)).unwrap().apply(|p: f64| {
        if p < 1e-3 {
            panic!("profile value {p} too small for me");
        }
        p
    });
    let dm = DistanceModulated::new(normal(), profile);
    let xy = Uniform::new(um(0.0), um(1000.0))
        .unwrap()
        .generate((800, 2), 4)
        .unwrap();
    let pos = Positions::new(&xy, &xy).unwrap();
    panics_with("too small for me", || dm.generate_on(&pos, 1));
}

/// In a network: a weight initializer that panics while the network's
/// values are drawn in parallel.
#[test]
fn a_panicking_weight_in_a_network_propagates_with_its_message() {
    let w = normal().apply(|g: ElectricalConductance| {
        if g > nS(1.75) {
            panic!("synapse weight rejected");
        }
        g
    });
    let net = Network::builder()
        .population(Population::new("E", 3000))
        .projection(Projection::new("E", "E", Rule::fixed_indegree(200), w))
        .build()
        .unwrap();
    panics_with("synapse weight rejected", || {
        net.generate(1).map(|c: Connectome<_>| c.synapses())
    });
}
