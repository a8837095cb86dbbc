//! Fixed in- and out-degree: exactly K partners within the mask, drawn ∝
//! the profile, without replacement unless multapses are allowed; a typed
//! error when the mask holds too few.

use init_core::ndarray::{Array1, Array2};
use init_core::{Context, Generate, Positions};
use init_dist::{Normal, Uniform};
use init_network::{ConnectError, ConnectorRule as Rule, Csr, Mask, Side, SpatialConnector};
use init_spatial::{GaussianProfile, Profile, StepProfile};
use init_testkit::{assert_chi_square, in_pool};
use uom::si::electrical_conductance::nanosiemens;
use uom::si::f64::{ElectricalConductance, Length};
use uom::si::length::micrometer;

fn um(v: f64) -> Length {
    Length::new::<micrometer>(v)
}

fn normal() -> Normal<ElectricalConductance> {
    let ns = ElectricalConductance::new::<nanosiemens>;
    Normal::new(ns(1.0), ns(0.2)).unwrap()
}

fn uniform_positions(n: usize, side_um: f64, seed: u64) -> Array2<Length> {
    Uniform::new(um(0.0), um(side_um))
        .unwrap()
        .generate((n, 2), seed)
        .unwrap()
}

/// Every (pre, post) pair of the matrix, in row order.
fn pairs<W: init_core::Value>(csr: &Csr<W>) -> Vec<(usize, usize)> {
    csr.iter().map(|(i, j, _)| (i, j)).collect()
}

#[test]
fn fixed_in_and_out_degree_give_exactly_k_distinct_partners_within_the_mask() {
    let xy = uniform_positions(1500, 400.0, 1);
    let pos = Positions::new(&xy, &xy).unwrap();
    let g = GaussianProfile::new(um(30.0)).unwrap();
    let k = 12;
    for rule in [Rule::FixedInDegree(k), Rule::FixedOutDegree(k)] {
        let csr = SpatialConnector::new(pos.clone(), g, normal())
            .with_mask(Mask::circular(um(80.0)).unwrap())
            .unwrap()
            .allow_autapses(false)
            .rule(rule)
            .connect(2)
            .unwrap();
        assert_eq!(csr.nnz(), 1500 * k, "{rule:?}");
        let degrees = match rule {
            Rule::FixedInDegree(_) => csr.in_degrees(),
            _ => csr.out_degrees(),
        };
        assert!(
            degrees.iter().all(|&d| d == k),
            "{rule:?}: degrees {degrees:?}"
        );
        let p = pairs(&csr);
        // Rows ascending, no repeated pair, no autapse, all within the mask.
        assert!(
            p.windows(2).all(|w| w[0] < w[1]),
            "{rule:?}: sorted, distinct"
        );
        for &(i, j) in &p {
            assert_ne!(i, j, "{rule:?}: autapse");
            assert!(
                pos.distance(i, j) <= 80e-6,
                "{rule:?}: ({i}, {j}) outside the mask"
            );
        }
    }
}

/// One partner per neuron (K = 1): the chosen partner is drawn ∝ p(d)
/// among the neuron's candidates, so the expected count in a distance bin
/// is Σ over neurons of (Σ p in the bin / Σ p). Chi-square (reject at
/// p < 1e-3), one constraint (the totals agree). With multapses and K = 4
/// the four draws are independent, each ∝ p: four times the same
/// expectation.
#[test]
fn partners_are_drawn_in_proportion_to_the_profile() {
    let n = 4000;
    let side = 1000.0 * (n as f64 / 1e4).sqrt();
    let xy = uniform_positions(n, side, 11);
    let pos = Positions::new(&xy, &xy).unwrap();
    let g = GaussianProfile::new(um(50.0)).unwrap();
    let bins = 10;
    let bin = |d: f64| ((d / 150e-6 * bins as f64) as usize).min(bins - 1);
    // Expected share of each bin, per post neuron, from its candidates.
    let mut share = vec![0.0; bins];
    for j in 0..n {
        let mut w = vec![0.0; bins];
        for i in 0..n {
            let d = pos.distance(i, j);
            if i != j && d <= 150e-6 {
                w[bin(d)] += g.value_si(d);
            }
        }
        let total: f64 = w.iter().sum();
        for b in 0..bins {
            share[b] += w[b] / total;
        }
    }
    for (k, multapses) in [(1, false), (4, true)] {
        let csr = SpatialConnector::new(pos.clone(), g, normal())
            .with_mask(Mask::circular(um(150.0)).unwrap())
            .unwrap()
            .allow_autapses(false)
            .allow_multapses(multapses)
            .fixed_in_degree(k)
            .connect(12)
            .unwrap();
        let mut observed = vec![0.0; bins];
        for (i, j, _) in csr.iter() {
            observed[bin(pos.distance(i, j))] += 1.0;
        }
        let expected: Vec<f64> = share.iter().map(|s| s * k as f64).collect();
        assert_chi_square(
            &format!("partner distances, K = {k}"),
            &observed,
            &expected,
            1,
        );
    }
}

/// Neurons on a line 10 µm apart, mask 15 µm, no autapses: the two ends
/// have one candidate, the others two.
#[test]
fn too_few_candidates_is_a_typed_error_unless_multapses_are_allowed() {
    let x: Array1<Length> = (0..6).map(|i| um(10.0 * i as f64)).collect();
    let pos = Positions::new(&x, &x).unwrap();
    let g = GaussianProfile::new(um(10.0)).unwrap();
    let conn = || {
        SpatialConnector::new(pos.clone(), g, normal())
            .with_mask(Mask::circular(um(15.0)).unwrap())
            .unwrap()
            .allow_autapses(false)
    };
    let err = conn().fixed_in_degree(2).connect(1).unwrap_err();
    assert_eq!(
        err,
        ConnectError::TooFewCandidates {
            side: Side::Post,
            neuron: 0,
            available: 1,
            required: 2
        }
    );
    assert!(
        err.to_string().contains("post neuron 0 has 1 candidate"),
        "{err}"
    );
    let err = conn().fixed_out_degree(3).connect(1).unwrap_err();
    assert!(matches!(
        err,
        ConnectError::TooFewCandidates {
            side: Side::Pre,
            neuron: 0,
            available: 1,
            required: 3
        }
    ));
    // Two each works; with multapses three each works too, the ends
    // repeating their only partner.
    let csr = conn()
        .fixed_in_degree(2)
        .allow_multapses(true)
        .connect(1)
        .unwrap();
    assert_eq!(csr.in_degrees(), vec![2; 6]);
    let csr = conn()
        .fixed_out_degree(3)
        .allow_multapses(true)
        .connect(1)
        .unwrap();
    assert_eq!(csr.out_degrees(), vec![3; 6]);
    assert_eq!(csr.row(0).0, &[1, 1, 1]);
    // Candidates of probability 0 do not count: with a step of 5 µm every
    // candidate is at p = 0, even for multapses.
    let step = StepProfile::new(um(5.0)).unwrap();
    let err = SpatialConnector::new(pos.clone(), step, normal())
        .with_mask(Mask::circular(um(15.0)).unwrap())
        .unwrap()
        .allow_autapses(false)
        .allow_multapses(true)
        .fixed_in_degree(1)
        .connect(1)
        .unwrap_err();
    assert!(matches!(
        err,
        ConnectError::TooFewCandidates { available: 0, .. }
    ));
    // K = 0 asks nothing: an empty matrix, also for a zero radius.
    let csr = conn()
        .with_mask(Mask::circular(um(1e-9)).unwrap())
        .unwrap()
        .fixed_in_degree(0)
        .connect(1)
        .unwrap();
    assert_eq!(csr.nnz(), 0);
}

/// Repeated pairs get independent weights; the first copy keeps the dense
/// element's value.
#[test]
fn multapses_get_independent_weights() {
    let x: Array1<Length> = (0..4).map(|i| um(10.0 * i as f64)).collect();
    let pos = Positions::new(&x, &x).unwrap();
    let csr = SpatialConnector::new(pos, GaussianProfile::new(um(10.0)).unwrap(), normal())
        .with_mask(Mask::circular(um(15.0)).unwrap())
        .unwrap()
        .allow_autapses(false)
        .allow_multapses(true)
        .fixed_out_degree(8)
        .connect(3)
        .unwrap();
    let ctx = Context::new().with_positions(&x, &x).unwrap();
    let dense = normal().generate_with((4, 4), 3, &ctx).unwrap();
    let mut repeats = 0;
    for i in 0..4 {
        let (cols, w) = csr.row(i);
        for t in 0..cols.len() {
            let first = t == 0 || cols[t - 1] != cols[t];
            if first {
                assert_eq!(w[t], dense[[i, cols[t] as usize]]);
            } else {
                repeats += 1;
                assert_ne!(
                    w[t],
                    w[t - 1],
                    "copy of ({i}, {}) repeats its weight",
                    cols[t]
                );
            }
        }
    }
    assert!(repeats >= 20, "{repeats} repeated pairs");
}

#[test]
fn fixed_degrees_are_the_same_on_any_thread_count() {
    let xy = uniform_positions(3000, 550.0, 21);
    let pos = Positions::new(&xy, &xy).unwrap();
    let g = GaussianProfile::new(um(50.0)).unwrap();
    for multapses in [false, true] {
        for rule in [Rule::FixedInDegree(20), Rule::FixedOutDegree(20)] {
            let c = SpatialConnector::new(pos.clone(), g, normal())
                .with_mask(Mask::circular(um(150.0)).unwrap())
                .unwrap()
                .allow_multapses(multapses)
                .rule(rule);
            let one = in_pool(1, || c.connect(22).unwrap());
            for threads in [2, 8] {
                assert!(
                    in_pool(threads, || c.connect(22).unwrap()) == one,
                    "{rule:?}, multapses {multapses}, {threads} threads"
                );
            }
        }
    }
}
