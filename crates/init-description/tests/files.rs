//! The example description files build, to the last bit, the networks the
//! Rust builder makes of the same models (`benches/support`).
//!
//! The files are full size (PD14 at full scale, 3e8 synapses); each test
//! compares two parts of the network (blocks of targets, generated alone —
//! equal to those parts of the whole, which the networks' own tests
//! prove), the exact and expected synapse counts, and the populations'
//! positions.

#[path = "../../../benches/support/pd14.rs"]
mod pd14;

#[path = "../../../benches/support/sparse_microcircuit.rs"]
mod sparse_microcircuit;

use init_description::{AnyNetwork, Format, load};
use neuroinit::prelude::*;
use neuroinit::{Scheme, Value};

fn file(name: &str) -> String {
    format!(
        "{}/../../examples/networks/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// `a` and `b` have the same populations and counts, and parts `ks` of
/// `parts` are equal.
fn same<W: Value>(a: &Network<W>, b: &Network<W>, seed: u64, parts: usize, ks: &[usize]) {
    assert_eq!(a.neurons(), b.neurons());
    assert_eq!(a.exact_synapses(), b.exact_synapses());
    assert_eq!(a.expected_synapses(), b.expected_synapses());
    assert_eq!(a.populations(), b.populations());
    for &k in ks {
        let pa = a
            .generate_part(seed, &a.part(k, parts, Scheme::Blocks).unwrap())
            .unwrap();
        let pb = b
            .generate_part(seed, &b.part(k, parts, Scheme::Blocks).unwrap())
            .unwrap();
        assert!(pa.synapses() > 0, "part {k} of {parts} is empty");
        assert_eq!(pa, pb, "part {k} of {parts} differs");
    }
}

#[test]
fn pd14_file_is_the_builders_pd14() {
    let d = load(file("pd14.toml")).unwrap();
    assert_eq!(d.seed(), Some(42));
    assert_eq!(d.weight_unit().name(), "pA");
    assert_eq!(d.output().format, Some(Format::Sonata));
    assert_eq!(d.output().neuron_model, "iaf_psc_exp");
    let AnyNetwork::Current(from_file) = d.into_network() else {
        panic!("pA weights are currents")
    };
    let built = pd14::pd14(1.0, true).unwrap();
    assert_eq!(from_file.exact_synapses(), Some(298_880_968));
    same(&from_file, &built, 42, 400, &[3, 211]);
}

#[test]
fn sparse_microcircuit_file_is_the_builders() {
    let d = load(file("sparse_microcircuit.toml")).unwrap();
    let AnyNetwork::Conductance(from_file) = d.into_network() else {
        panic!("nS weights are conductances")
    };
    let built = sparse_microcircuit::network(100_000).unwrap();
    same(&from_file, &built, 42, 64, &[0, 37]);
}

#[test]
fn sparse_cortex_file_is_the_builders() {
    let d = load(file("sparse_cortex.toml")).unwrap();
    let AnyNetwork::Conductance(from_file) = d.into_network() else {
        panic!("nS weights are conductances")
    };
    let side = um(1000.0 * 10f64.sqrt());
    let built = Network::builder()
        .population(
            Population::new("cortex", 100_000)
                .with_layout(Layout::uniform(&[um(0.0), um(0.0)], &[side, side]).unwrap()),
        )
        .projection(
            Projection::new(
                "cortex",
                "cortex",
                Rule::pairwise_bernoulli(GaussianProfile::new(um(50.0)).unwrap()).unwrap(),
                Normal::new(nS(1.0), nS(0.2)).unwrap(),
            )
            .with_mask(Mask::circular(um(150.0)).unwrap())
            .allow_autapses(false),
        )
        .build()
        .unwrap();
    same(&from_file, &built, 42, 16, &[0, 9]);
}
