//! Pairwise distance-dependent connectivity: the exact structure against a
//! brute-force reference, synapse counts and distances against the exact
//! expectations, periodic wraps, determinism across threads, sparse weights
//! equal to dense ones, and the edge cases.

use init_core::ndarray::{Array1, Array2, array};
use init_core::{
    Context, Domain, Generate, InitError, Initializer, Positions, Seed, fill_region, slice_si,
};
use init_dist::{Normal, Uniform};
use init_network::{ConnectError, ConnectorRule as Rule, Csr, Mask, SpatialConnector};
use init_spatial::{DistanceModulated, GaussianProfile, Profile, StepProfile};
use init_testkit::{assert_chi_square, assert_ks, assert_moments, chi_square_p, in_pool};
use statrs::distribution::{ContinuousCDF, Normal as ExactNormal};
use uom::si::electrical_conductance::nanosiemens;
use uom::si::f64::{ElectricalConductance, Length, Time};
use uom::si::length::micrometer;
use uom::si::time::millisecond;

fn um(v: f64) -> Length {
    Length::new::<micrometer>(v)
}

fn ns(v: f64) -> ElectricalConductance {
    ElectricalConductance::new::<nanosiemens>(v)
}

fn ms(v: f64) -> Time {
    Time::new::<millisecond>(v)
}

fn normal() -> Normal<ElectricalConductance> {
    Normal::new(ns(1.0), ns(0.2)).unwrap()
}

/// `n × dims` positions uniform in [0, side) µm.
fn uniform_positions(n: usize, dims: usize, side_um: f64, seed: u64) -> Array2<Length> {
    Uniform::new(um(0.0), um(side_um))
        .unwrap()
        .generate((n, dims), seed)
        .unwrap()
}

/// The pairwise rule, pair by pair over all n_pre × n_post pairs: what the
/// connector documents, written out without any index.
fn brute_force<P: Profile>(
    pos: &Positions<'_>,
    profile: &P,
    radius: f64,
    autapses: bool,
    seed: u64,
) -> (Vec<usize>, Vec<u32>) {
    let key = Seed::new(seed).domain_key(Domain::Connectivity);
    let (n_pre, n_post) = (pos.n_pre(), pos.n_post());
    let mut indptr = vec![0];
    let mut indices = Vec::new();
    for i in 0..n_pre {
        for j in 0..n_post {
            let d = pos.distance(i, j);
            if d > radius || (!autapses && i == j) {
                continue;
            }
            let u = key.stream((i * n_post + j) as u64).uniform();
            if u < profile.value_si(d) {
                indices.push(j as u32);
            }
        }
        indptr.push(indices.len());
    }
    (indptr, indices)
}

fn assert_structure<W: init_core::Value>(csr: &Csr<W>, want: &(Vec<usize>, Vec<u32>), label: &str) {
    assert_eq!(csr.indptr(), &want.0[..], "{label}: row pointers");
    assert_eq!(csr.indices(), &want.1[..], "{label}: columns");
}

#[test]
fn structure_equals_the_pair_by_pair_rule() {
    // Open 2-D, distinct pre and post populations; a mask narrower than
    // the profile's reach, so both cut the pairs.
    let pre = uniform_positions(700, 2, 400.0, 1);
    let post = uniform_positions(900, 2, 400.0, 2);
    let pos = Positions::new(&pre, &post).unwrap();
    let g = GaussianProfile::new(um(40.0)).unwrap();
    let csr = SpatialConnector::new(pos.clone(), g, normal())
        .with_mask(Mask::circular(um(90.0)).unwrap())
        .unwrap()
        .connect(5)
        .unwrap();
    assert!(
        csr.nnz() > 10_000,
        "a meaningful test: {} synapses",
        csr.nnz()
    );
    assert_structure(&csr, &brute_force(&pos, &g, 90e-6, true, 5), "open 2-D");

    // One population, no autapses, periodic box; 1-D, 3-D and 4-D positions
    // (the grid indexes three axes of four).
    for dims in [1, 2, 3, 4] {
        let xy = uniform_positions(600, dims, 300.0, 10 + dims as u64);
        let box_ = vec![um(300.0); dims];
        let pos = Positions::new(&xy, &xy).unwrap().periodic(&box_).unwrap();
        let csr = SpatialConnector::new(pos.clone(), g, normal())
            .with_mask(Mask::circular(um(100.0)).unwrap())
            .unwrap()
            .allow_autapses(false)
            .connect(6)
            .unwrap();
        assert!(csr.nnz() > 1000, "{dims}-D: {} synapses", csr.nnz());
        let want = brute_force(&pos, &g, 100e-6, false, 6);
        assert_structure(&csr, &want, &format!("periodic {dims}-D"));
    }

    // No mask: every pair is a candidate.
    let xy = uniform_positions(300, 2, 200.0, 3);
    let pos = Positions::new(&xy, &xy).unwrap();
    let csr = SpatialConnector::new(pos.clone(), g, normal())
        .connect(7)
        .unwrap();
    assert_structure(
        &csr,
        &brute_force(&pos, &g, f64::INFINITY, true, 7),
        "no mask",
    );
}

/// The synapse count is a sum of independent Bernoulli draws, one per
/// candidate pair: mean Σp, variance Σp(1 − p) over the pairs within the
/// mask. Checked within 4 standard deviations.
#[test]
fn synapse_count_matches_the_sum_of_probabilities() {
    let n = 4000;
    let xy = uniform_positions(n, 2, 1000.0 * (n as f64 / 1e4).sqrt(), 21);
    for periodic in [false, true] {
        let mut pos = Positions::new(&xy, &xy).unwrap();
        if periodic {
            let side = um(1000.0 * (n as f64 / 1e4).sqrt());
            pos = pos.periodic(&[side, side]).unwrap();
        }
        let g = GaussianProfile::new(um(50.0)).unwrap();
        let csr = SpatialConnector::new(pos.clone(), g, normal())
            .with_mask(Mask::circular(um(150.0)).unwrap())
            .unwrap()
            .allow_autapses(false)
            .connect(22)
            .unwrap();
        let (mut mean, mut var) = (0.0, 0.0);
        for i in 0..n {
            for j in 0..n {
                let d = pos.distance(i, j);
                if i != j && d <= 150e-6 {
                    let p = g.value_si(d);
                    mean += p;
                    var += p * (1.0 - p);
                }
            }
        }
        let z = (csr.nnz() as f64 - mean) / var.sqrt();
        assert!(
            z.abs() < 4.0,
            "periodic {periodic}: {} synapses, expected {mean:.1} ± {:.1} (z = {z:.2})",
            csr.nnz(),
            var.sqrt()
        );
    }
}

/// The distances of the made connections follow p(d) times the density of
/// pair distances: binned, the count in each bin against Σ p over the
/// candidate pairs in that bin (chi-square, reject at p < 1e-3; the
/// Pearson statistic with the Poisson variance Σp over-estimates the
/// Bernoulli variance Σp(1 − p), so the test is conservative). The same
/// counts against a wrong profile (σ = 45 instead of 50 µm) must be
/// rejected: the test has the power to see a wrong p(d).
#[test]
fn connection_distances_follow_the_profile_times_the_pair_density() {
    let n = 5000;
    let side = 1000.0 * (n as f64 / 1e4).sqrt();
    let xy = uniform_positions(n, 2, side, 31);
    let pos = Positions::new(&xy, &xy).unwrap();
    let g = GaussianProfile::new(um(50.0)).unwrap();
    let wrong = GaussianProfile::new(um(45.0)).unwrap();
    let csr = SpatialConnector::new(pos.clone(), g, normal())
        .with_mask(Mask::circular(um(150.0)).unwrap())
        .unwrap()
        .allow_autapses(false)
        .connect(32)
        .unwrap();
    let bins = 15;
    let bin = |d: f64| ((d / 150e-6 * bins as f64) as usize).min(bins - 1);
    let mut observed = vec![0.0; bins];
    for (i, j, _) in csr.iter() {
        let d = pos.distance(i, j);
        assert!(d <= 150e-6, "({i}, {j}) at {d} m is outside the mask");
        observed[bin(d)] += 1.0;
    }
    let mut expected = vec![0.0; bins];
    let mut expected_wrong = vec![0.0; bins];
    for i in 0..n {
        for j in 0..n {
            let d = pos.distance(i, j);
            if i != j && d <= 150e-6 {
                expected[bin(d)] += g.value_si(d);
                expected_wrong[bin(d)] += wrong.value_si(d);
            }
        }
    }
    assert_chi_square("connection distances", &observed, &expected, 0);
    assert!(chi_square_p(&observed, &expected_wrong, 0) < 1e-3);
}

/// Hand-checked wrap: on a 100 µm ring, neurons at 2 and 97 µm are 5 µm
/// apart across the boundary; 2 and 40 µm are 38 apart either way. With a
/// 10 µm mask and probability 1 only the wrapped pair connects, both ways;
/// without the box nothing does.
#[test]
fn connections_cross_a_periodic_wrap() {
    let x = array![um(2.0), um(40.0), um(97.0)];
    let one = StepProfile::new(um(1000.0)).unwrap(); // 1 everywhere here
    let ring = Positions::new(&x, &x)
        .unwrap()
        .periodic(&[um(100.0)])
        .unwrap();
    let csr = SpatialConnector::new(ring, one, normal())
        .with_mask(Mask::circular(um(10.0)).unwrap())
        .unwrap()
        .allow_autapses(false)
        .connect(1)
        .unwrap();
    assert_eq!(csr.indptr(), &[0, 1, 1, 2]);
    assert_eq!(csr.indices(), &[2, 0]);
    // 2-D torus 100 × 50 µm: (1, 1) and (99, 49) are (2, 2) apart.
    let xy = array![
        [um(1.0), um(1.0)],
        [um(99.0), um(49.0)],
        [um(50.0), um(25.0)]
    ];
    let torus = Positions::new(&xy, &xy)
        .unwrap()
        .periodic(&[um(100.0), um(50.0)])
        .unwrap();
    let csr = SpatialConnector::new(torus, one, normal())
        .with_mask(Mask::circular(um(3.0)).unwrap())
        .unwrap()
        .allow_autapses(false)
        .connect(1)
        .unwrap();
    assert_eq!(csr.indptr(), &[0, 1, 2, 2]);
    assert_eq!(csr.indices(), &[1, 0]);
    // Open space: no pair is within 10 µm.
    let open = Positions::new(&x, &x).unwrap();
    let csr = SpatialConnector::new(open, one, normal())
        .with_mask(Mask::circular(um(10.0)).unwrap())
        .unwrap()
        .allow_autapses(false)
        .connect(1)
        .unwrap();
    assert_eq!(csr.nnz(), 0);
}

/// The weight of synapse (i, j) is element (i, j) of the dense matrix
/// generated with the same seed and positions, bit for bit
/// (DistanceModulated reads the pair's distance); delays likewise with the
/// `Delays` domain key.
#[test]
fn sparse_weights_and_delays_equal_the_dense_elements() {
    let pre = uniform_positions(500, 2, 300.0, 41);
    let post = uniform_positions(400, 2, 300.0, 42);
    let pos = Positions::new(&pre, &post).unwrap();
    let g = GaussianProfile::new(um(60.0)).unwrap();
    let dm = DistanceModulated::new(normal(), g)
        .with_min_weight(ns(0.05))
        .unwrap();
    let delay = Normal::new(ms(1.5), ms(0.3)).unwrap();
    let csr = SpatialConnector::new(pos.clone(), g, dm)
        .with_mask(Mask::circular(um(120.0)).unwrap())
        .unwrap()
        .delays(delay)
        .connect(43)
        .unwrap();
    assert!(csr.nnz() > 5000);
    let ctx = Context::new().with_positions(&pre, &post).unwrap();
    let dense = dm.generate_with((500, 400), 43, &ctx).unwrap();
    let mut dense_delays = vec![0.0; 500 * 400];
    let key = Seed::new(43).domain_key(Domain::Delays);
    fill_region(
        &delay,
        &[500, 400],
        &[0..500, 0..400],
        key,
        &ctx,
        &mut dense_delays,
    );
    let delays = csr.delays().unwrap();
    let (indptr, indices, weights, parts_delays) = csr.clone().into_parts();
    assert_eq!(
        (
            &indptr[..],
            &indices[..],
            &weights[..],
            parts_delays.as_deref()
        ),
        (csr.indptr(), csr.indices(), csr.weights(), Some(delays))
    );
    for (k, (i, j, w)) in csr.iter().enumerate() {
        assert_eq!(
            w.value.to_bits(),
            dense[[i, j]].value.to_bits(),
            "weight ({i}, {j})"
        );
        assert_eq!(
            delays[k].value.to_bits(),
            dense_delays[i * 400 + j].to_bits(),
            "delay ({i}, {j})"
        );
    }
}

/// The connection draw does not reuse the weight's numbers: the weights of
/// the synapses that were made still follow Normal(1, 0.2) nS exactly (a
/// connection chosen by small uniforms from the weight's stream would bias
/// them), by KS (p < 1e-3 rejects, n > 1e5) and moments (4 SE).
#[test]
fn weights_of_made_synapses_are_unbiased() {
    let n = 3000;
    let xy = uniform_positions(n, 2, 1000.0 * (n as f64 / 1e4).sqrt(), 51);
    let pos = Positions::new(&xy, &xy).unwrap();
    let csr = SpatialConnector::new(pos, GaussianProfile::new(um(50.0)).unwrap(), normal())
        .with_mask(Mask::circular(um(150.0)).unwrap())
        .unwrap()
        .allow_autapses(false)
        .connect(52)
        .unwrap();
    let w: Vec<f64> = slice_si(csr.weights()).iter().map(|x| x * 1e9).collect();
    assert!(w.len() > 100_000, "{} synapses", w.len());
    let exact = ExactNormal::new(1.0, 0.2).unwrap();
    assert_ks("synapse weights", &w, |x| exact.cdf(x));
    assert_moments("synapse weights", &w, 1.0, 0.2);
}

fn workload(
    n: usize,
    xy: &Array2<Length>,
) -> SpatialConnector<'_, GaussianProfile, Normal<ElectricalConductance>> {
    let _ = n;
    SpatialConnector::new(
        Positions::new(xy, xy).unwrap(),
        GaussianProfile::new(um(50.0)).unwrap(),
        normal(),
    )
    .with_mask(Mask::circular(um(150.0)).unwrap())
    .unwrap()
    .allow_autapses(false)
}

#[test]
fn same_matrix_on_one_two_and_eight_threads() {
    let n = 6000;
    let xy = uniform_positions(n, 2, 1000.0 * (n as f64 / 1e4).sqrt(), 61);
    let c = workload(n, &xy);
    let one = in_pool(1, || c.connect(62).unwrap());
    assert!(one.nnz() > 500_000);
    for threads in [2, 8] {
        assert!(
            in_pool(threads, || c.connect(62).unwrap()) == one,
            "{threads} threads"
        );
    }
    // Periodic, with delays.
    let side = um(1000.0 * (n as f64 / 1e4).sqrt());
    let pos = Positions::new(&xy, &xy)
        .unwrap()
        .periodic(&[side, side])
        .unwrap();
    let c = SpatialConnector::new(pos, GaussianProfile::new(um(50.0)).unwrap(), normal())
        .with_mask(Mask::circular(um(150.0)).unwrap())
        .unwrap()
        .delays(Normal::new(ms(1.0), ms(0.1)).unwrap());
    let one = in_pool(1, || c.connect(63).unwrap());
    for threads in [2, 8] {
        assert!(
            in_pool(threads, || c.connect(63).unwrap()) == one,
            "periodic, {threads} threads"
        );
    }
    // A different seed gives a different matrix.
    assert!(c.connect(64).unwrap() != one);
}

/// Constant probability without a mask: geometric skipping per row. The
/// count is Binomial(n(n − 1), p) (4 SD); p = 0 and p = 1 are exact; the
/// matrix is the same on any thread count; and each row's columns are
/// spread uniformly (chi-square on 10 column bins).
#[test]
fn uniform_probability_by_geometric_skipping() {
    let n = 2000;
    let xy = uniform_positions(n, 2, 100.0, 71);
    let pos = || Positions::new(&xy, &xy).unwrap();
    let p = 0.05;
    let c = SpatialConnector::uniform(pos(), p, normal())
        .unwrap()
        .allow_autapses(false);
    let csr = in_pool(1, || c.connect(72).unwrap());
    assert!(in_pool(2, || c.connect(72).unwrap()) == csr);
    assert!(in_pool(8, || c.connect(72).unwrap()) == csr);
    let pairs = (n * (n - 1)) as f64;
    let z = (csr.nnz() as f64 - pairs * p) / (pairs * p * (1.0 - p)).sqrt();
    assert!(z.abs() < 4.0, "{} synapses, z = {z:.2}", csr.nnz());
    let mut bins = vec![0.0; 10];
    for (i, j, _) in csr.iter() {
        assert_ne!(i, j, "an autapse");
        bins[j * 10 / n] += 1.0;
    }
    // Each bin holds n/10 columns, one of which (per row in it) is the
    // diagonal: n/10 · (n − 1) candidate pairs per bin.
    let expected = vec![csr.nnz() as f64 / 10.0; 10];
    assert_chi_square("columns of geometric rows", &bins, &expected, 1);
    let all = SpatialConnector::uniform(pos(), 1.0, normal())
        .unwrap()
        .allow_autapses(false)
        .connect(1)
        .unwrap();
    assert_eq!(all.nnz(), n * (n - 1));
    assert!(all.out_degrees().iter().all(|&d| d == n - 1));
    let none = SpatialConnector::uniform(pos(), 0.0, normal())
        .unwrap()
        .connect(1)
        .unwrap();
    assert_eq!(none.nnz(), 0);
    assert!(matches!(
        SpatialConnector::uniform(pos(), 1.5, normal()),
        Err(InitError::InvalidParameter { name: "p", .. })
    ));
}

#[test]
fn empty_populations_zero_radius_and_zero_probability_give_empty_matrices() {
    let none: Array2<Length> = Array2::from_elem((0, 2), um(0.0));
    let some = uniform_positions(50, 2, 100.0, 81);
    let g = GaussianProfile::new(um(50.0)).unwrap();
    for (pre, post) in [(&none, &some), (&some, &none), (&none, &none)] {
        let pos = Positions::new(pre, post).unwrap();
        let csr = SpatialConnector::new(pos, g, normal())
            .with_mask(Mask::circular(um(100.0)).unwrap())
            .unwrap()
            .connect(1)
            .unwrap();
        assert_eq!(csr.shape(), (pre.nrows(), post.nrows()));
        assert_eq!(csr.nnz(), 0);
        assert_eq!(csr.indptr().len(), pre.nrows() + 1);
        // Fixed degrees too: nobody to connect, no error.
        for rule in [Rule::FixedInDegree(3), Rule::FixedOutDegree(3)] {
            let pos = Positions::new(pre, post).unwrap();
            let csr = SpatialConnector::new(pos, g, normal())
                .rule(rule)
                .connect(1)
                .unwrap();
            assert_eq!((csr.shape(), csr.nnz()), ((pre.nrows(), post.nrows()), 0));
        }
    }
    let pos = || Positions::new(&some, &some).unwrap();
    // Radius zero: only coincident pairs would be inside; the only ones
    // are the autapses, which are off.
    let csr = SpatialConnector::new(pos(), g, normal())
        .with_mask(Mask::circular(um(1e-9)).unwrap())
        .unwrap()
        .allow_autapses(false)
        .connect(1)
        .unwrap();
    assert_eq!((csr.shape(), csr.nnz()), ((50, 50), 0));
    // All-zero probabilities, with and without a mask.
    let zero = StepProfile::new(um(10.0))
        .unwrap()
        .with_levels(0.0, 0.0)
        .unwrap();
    for mask in [None, Some(um(60.0))] {
        let csr = SpatialConnector::new(pos(), zero, normal())
            .with_mask(mask.map(|r| Mask::circular(r).unwrap()))
            .unwrap()
            .connect(1)
            .unwrap();
        assert_eq!(csr.nnz(), 0, "mask {mask:?}");
    }
    // Empty 1-D populations too.
    let e1: Array1<Length> = Array1::from(vec![]);
    let csr = SpatialConnector::new(Positions::new(&e1, &e1).unwrap(), g, normal())
        .connect(1)
        .unwrap();
    assert_eq!((csr.shape(), csr.nnz()), ((0, 0), 0));
}

#[test]
fn invalid_inputs_are_typed_errors() {
    let mut xy = uniform_positions(20, 2, 100.0, 91);
    xy[[7, 1]] = um(f64::NAN);
    assert!(matches!(
        Positions::new(&xy, &xy),
        Err(InitError::NonFinite {
            what: "pre positions",
            index: 7,
            ..
        })
    ));
    let ok = uniform_positions(20, 2, 100.0, 92);
    let pos = Positions::new(&ok, &ok).unwrap();
    let g = GaussianProfile::new(um(50.0)).unwrap();
    for bad in [-1.0, 0.0, f64::NAN, f64::INFINITY] {
        assert!(matches!(
            Mask::circular(um(bad)),
            Err(InitError::InvalidParameter { name: "radius", .. })
        ));
    }
    // The connector takes a disc; other shapes belong to a Network.
    let ring = Mask::doughnut(um(5.0), um(10.0)).unwrap();
    assert!(matches!(
        SpatialConnector::new(pos.clone(), g, normal()).with_mask(ring),
        Err(InitError::InvalidParameter { name: "mask", .. })
    ));
    // A weight initializer that refuses the context stops the call before
    // any pair is drawn.
    struct NeedsNothing;
    impl Initializer for NeedsNothing {
        type Output = f64;
        fn sample(&self, _: init_core::Element, _: &Context<'_>, _: init_core::Key) -> f64 {
            0.0
        }
        fn check(&self, _: &[usize], _: &Context<'_>) -> Result<(), InitError> {
            Err(InitError::MissingContext {
                needed: "something",
                by: "the test",
            })
        }
    }
    assert!(matches!(
        SpatialConnector::new(pos, g, NeedsNothing).connect(1),
        Err(ConnectError::Init(InitError::MissingContext { .. }))
    ));
}
