//! Networks of populations and projections: every rule's counts (exact,
//! or within 4 standard deviations of their expectation), the fixed total
//! number's marginals (chi-square, p > 1e-3, fixed seeds), distance
//! delays and their rounding, parts generated alone equal to the whole,
//! thread counts and declaration orders that change nothing, and the bad
//! inputs, each a typed error naming the projection and the field.

use init_dist::{Constant, Normal, TruncatedNormal, Uniform};
use init_network::{
    Connectome, Layout, Mask, Network, NetworkBuilder, NetworkError, Part, Population, Projection,
    Rule, Scheme, Targets,
};
use init_spatial::{DistanceDelay, DistanceModulated, GaussianProfile, Profile};
use init_testkit::{assert_chi_square, in_pool};
use uom::si::electrical_conductance::nanosiemens;
use uom::si::f64::{ElectricalConductance as G, Length, Time, Velocity};
use uom::si::length::micrometer;
use uom::si::time::millisecond;
use uom::si::velocity::meter_per_second;

fn um(v: f64) -> Length {
    Length::new::<micrometer>(v)
}
fn ns(v: f64) -> G {
    G::new::<nanosiemens>(v)
}
fn ms(v: f64) -> Time {
    Time::new::<millisecond>(v)
}

fn weights() -> Normal<G> {
    Normal::new(ns(1.0), ns(0.2)).unwrap()
}

fn delays() -> TruncatedNormal<Time> {
    TruncatedNormal::new(ms(1.5), ms(0.5), ms(0.1), None).unwrap()
}

fn square(side: f64) -> Layout {
    Layout::uniform(&[um(0.0), um(0.0)], &[um(side), um(side)]).unwrap()
}

/// Every synapse as (pre, post, weight bits, delay bits), sorted.
fn synapses(c: &Connectome<G>) -> Vec<(usize, usize, u64, u64)> {
    let mut v: Vec<_> = c
        .iter()
        .map(|(i, j, w, d)| (i, j, w.value.to_bits(), d.value.to_bits()))
        .collect();
    v.sort_unstable();
    v
}

/// Two positioned populations (E 400, I 100 in a 400 µm square) and the
/// projections `rules` give, E → E, E → I, I → E, I → I in turn.
/// A projection of [`two_populations`]: pre, post, rule, mask.
type Spec = (&'static str, &'static str, Rule, Option<Mask>);

fn two_populations(rules: Vec<Spec>) -> NetworkBuilder<G> {
    let mut b = Network::builder()
        .population(
            Population::new("E", 400)
                .with_sign(init_core::Sign::Excitatory)
                .with_layout(square(400.0)),
        )
        .population(
            Population::new("I", 100)
                .with_sign(init_core::Sign::Inhibitory)
                .with_layout(square(400.0)),
        );
    for (pre, post, rule, mask) in rules {
        let mut p = Projection::new(pre, post, rule, weights()).with_delays(delays());
        if let Some(m) = mask {
            p = p.with_mask(m);
        }
        b = b.projection(p);
    }
    b
}

fn gauss(sigma: f64) -> GaussianProfile {
    GaussianProfile::new(um(sigma)).unwrap()
}

/// One network per rule (and per variant of it: masks, profiles,
/// multapses), every projection of it between the two populations.
fn every_rule() -> Vec<(&'static str, Network<G>)> {
    let disc = || Some(Mask::circular(um(90.0)).unwrap());
    let strip = || {
        Some(
            Mask::rectangular(&[um(-20.0), um(-60.0)], &[um(80.0), um(60.0)])
                .unwrap()
                .with_azimuth(30.0)
                .unwrap(),
        )
    };
    let cases: Vec<(&str, Vec<Spec>)> = vec![
        (
            "all_to_all",
            vec![
                ("I", "I", Rule::all_to_all(), None),
                ("I", "E", Rule::all_to_all(), None),
            ],
        ),
        (
            "one_to_one",
            vec![
                ("E", "E", Rule::one_to_one(), None),
                ("I", "I", Rule::one_to_one(), None),
            ],
        ),
        (
            "bernoulli constant",
            vec![
                ("E", "E", Rule::pairwise_bernoulli(0.05).unwrap(), None),
                ("E", "I", Rule::pairwise_bernoulli(0.2).unwrap(), None),
            ],
        ),
        (
            "bernoulli profile",
            vec![
                (
                    "E",
                    "E",
                    Rule::pairwise_bernoulli(gauss(40.0)).unwrap(),
                    disc(),
                ),
                (
                    "I",
                    "E",
                    Rule::pairwise_bernoulli(0.5 * gauss(60.0)).unwrap(),
                    strip(),
                ),
            ],
        ),
        (
            "bernoulli constant in a mask",
            vec![("E", "I", Rule::pairwise_bernoulli(0.3).unwrap(), strip())],
        ),
        (
            "fixed_indegree",
            vec![
                ("E", "E", Rule::fixed_indegree(12), None),
                ("E", "I", Rule::fixed_indegree(30), None),
            ],
        ),
        (
            "fixed_indegree masked",
            vec![
                (
                    "E",
                    "E",
                    Rule::fixed_indegree(8).with_profile(gauss(50.0)).unwrap(),
                    disc(),
                ),
                ("E", "I", Rule::fixed_indegree(3), strip()),
            ],
        ),
        (
            "fixed_outdegree",
            vec![
                ("E", "E", Rule::fixed_outdegree(10), None),
                ("I", "E", Rule::fixed_outdegree(40), None),
            ],
        ),
        (
            "fixed_outdegree masked",
            vec![
                (
                    "E",
                    "E",
                    Rule::fixed_outdegree(6).with_profile(gauss(50.0)).unwrap(),
                    disc(),
                ),
                ("I", "E", Rule::fixed_outdegree(2), strip()),
            ],
        ),
        (
            "fixed_total_number",
            vec![
                ("E", "E", Rule::fixed_total_number(9000), None),
                ("E", "I", Rule::fixed_total_number(4000), None),
                ("I", "I", Rule::fixed_total_number(300), None),
            ],
        ),
    ];
    cases
        .into_iter()
        .map(|(name, rules)| (name, two_populations(rules).build().unwrap()))
        .chain(std::iter::once((
            "fixed_total_number distinct",
            two_populations(vec![])
                .projection(
                    Projection::new("E", "E", Rule::fixed_total_number(20_000), weights())
                        .with_delays(delays())
                        .allow_multapses(false)
                        .allow_autapses(false),
                )
                .projection(
                    Projection::new("I", "I", Rule::fixed_indegree(50), weights())
                        .with_delays(delays())
                        .allow_multapses(false),
                )
                .build()
                .unwrap(),
        )))
        .collect()
}

#[test]
fn parts_generated_alone_equal_the_whole() {
    for (name, net) in every_rule() {
        let whole = net.generate(17).unwrap();
        let all = synapses(&whole);
        assert!(!all.is_empty(), "{name}");
        // Sources and targets in ranges cut anywhere, round-robin sets, and
        // the partitions of 1 to 7 parts.
        let n = net.neurons();
        let cuts = [0, 1, 137, 399, 400, 401, 450, 499, 500];
        for side in ["sources", "targets"] {
            let mut union = Vec::new();
            for w in cuts.windows(2) {
                let part = match side {
                    "sources" => Part::Sources(w[0]..w[1]),
                    _ => Part::Targets(Targets::Range(w[0]..w[1])),
                };
                let p = net.generate_part(17, &part).unwrap();
                assert_eq!(
                    p.synapses() as u64,
                    p.projections().iter().map(|i| i.synapses).sum::<u64>()
                );
                union.extend(synapses(&p));
            }
            union.sort_unstable();
            assert_eq!(union, all, "{name}: {side} ranges");
        }
        for parts in 1..=7 {
            for scheme in [Scheme::Blocks, Scheme::RoundRobin] {
                let mut union = Vec::new();
                for k in 0..parts {
                    let part = net.part(k, parts, scheme).unwrap();
                    let p = net.generate_part(17, &part).unwrap();
                    // A part holds only synapses onto its own targets.
                    if let Part::Targets(t) = &part {
                        assert!(p.iter().all(|(_, j, _, _)| t.contains(j)));
                    }
                    union.extend(synapses(&p));
                }
                union.sort_unstable();
                assert_eq!(union, all, "{name}: {parts} parts, {scheme:?}");
            }
        }
        assert_eq!(whole.neurons(), n);
    }
}

#[test]
fn thread_counts_and_declaration_orders_change_nothing() {
    let rules = || {
        vec![
            (
                "E",
                "E",
                Rule::pairwise_bernoulli(gauss(40.0)).unwrap(),
                Some(Mask::circular(um(100.0)).unwrap()),
            ),
            ("E", "I", Rule::fixed_total_number(3000), None),
            ("I", "E", Rule::fixed_indegree(5), None),
            ("I", "I", Rule::fixed_outdegree(7), None),
        ]
    };
    let net = two_populations(rules()).build().unwrap();
    let one = in_pool(1, || net.generate(5).unwrap());
    for threads in [2, 8] {
        assert_eq!(
            in_pool(threads, || net.generate(5).unwrap()),
            one,
            "{threads} threads"
        );
    }
    let mut reversed = rules();
    reversed.reverse();
    let other = two_populations(reversed).build().unwrap();
    assert_eq!(
        other.generate(5).unwrap(),
        one,
        "projections declared in reverse"
    );
    // Adding an unrelated projection changes no other synapse.
    let mut more = rules();
    let _ = more.remove(3);
    let without = two_populations(more).build().unwrap().generate(5).unwrap();
    for (pre, post) in [("E", "E"), ("E", "I"), ("I", "E")] {
        let a: Vec<_> = one.projection(pre, post).unwrap().iter().collect();
        let b: Vec<_> = without.projection(pre, post).unwrap().iter().collect();
        assert_eq!(a, b, "{pre} -> {post}");
    }
    // Another seed, another network.
    assert_ne!(net.generate(6).unwrap(), one);
}

#[test]
fn fixed_counts_are_exact() {
    let net = two_populations(vec![
        ("E", "E", Rule::fixed_indegree(12), None),
        ("E", "I", Rule::fixed_outdegree(9), None),
        ("I", "E", Rule::all_to_all(), None),
        ("I", "I", Rule::one_to_one(), None),
    ])
    .build()
    .unwrap();
    let c = net.generate(3).unwrap();
    let ee = c.projection("E", "E").unwrap();
    assert!(ee.in_degrees().iter().all(|&d| d == 12));
    let ei = c.projection("E", "I").unwrap();
    assert!(ei.out_degrees().iter().all(|&d| d == 9));
    assert_eq!(c.projection("I", "E").unwrap().len(), 100 * 400);
    let ii = c.projection("I", "I").unwrap();
    assert!(ii.iter().all(|(i, j, _, _)| i == j) && ii.len() == 100);
    // Without autapses a population connected to itself never meets
    // itself; without multapses no pair repeats.
    let net = two_populations(vec![])
        .projection(
            Projection::new("E", "E", Rule::fixed_indegree(399), weights())
                .with_delays(delays())
                .allow_autapses(false)
                .allow_multapses(false),
        )
        .projection(
            Projection::new("I", "I", Rule::all_to_all(), weights())
                .with_delays(delays())
                .allow_autapses(false),
        )
        .build()
        .unwrap();
    let c = net.generate(4).unwrap();
    let ee: Vec<_> = c
        .projection("E", "E")
        .unwrap()
        .iter()
        .map(|(i, j, _, _)| (i, j))
        .collect();
    assert_eq!(ee.len(), 400 * 399);
    assert!(ee.iter().all(|(i, j)| i != j));
    let mut unique = ee.clone();
    unique.dedup();
    assert_eq!(unique.len(), ee.len());
    assert_eq!(c.projection("I", "I").unwrap().len(), 100 * 99);
}

/// With multapses the total number is `K` i.i.d. uniform pairs: exactly K
/// synapses, and the sources' and targets' counts multinomial with equal
/// probabilities (Pearson chi-square against K/n each, p > 1e-3). Without
/// multapses, K distinct pairs, and the same marginals (the statistic is
/// then smaller in law: the test is conservative).
#[test]
fn fixed_total_number_is_exact_with_uniform_marginals() {
    for multapses in [true, false] {
        let k = 60_000;
        let net = Network::<G>::builder()
            .population(Population::new("A", 300))
            .population(Population::new("B", 200))
            .projection(
                Projection::new("A", "B", Rule::fixed_total_number(k), weights())
                    .allow_multapses(multapses),
            )
            .projection(
                Projection::new("A", "A", Rule::fixed_total_number(k), weights())
                    .allow_multapses(multapses)
                    .allow_autapses(false),
            )
            .build()
            .unwrap();
        let c = net.generate(21).unwrap();
        for (pre, post, n_pre, n_post) in [("A", "B", 300, 200), ("A", "A", 300, 300)] {
            let v = c.projection(pre, post).unwrap();
            assert_eq!(v.len() as u64, k, "{pre} -> {post}");
            let label = format!("{pre} -> {post}, multapses {multapses}");
            let out: Vec<f64> = v.out_degrees().iter().map(|&d| d as f64).collect();
            assert_chi_square(
                &format!("{label}: sources"),
                &out,
                &vec![k as f64 / n_pre as f64; n_pre],
                1,
            );
            let inn: Vec<f64> = v.in_degrees().iter().map(|&d| d as f64).collect();
            assert_chi_square(
                &format!("{label}: targets"),
                &inn,
                &vec![k as f64 / n_post as f64; n_post],
                1,
            );
            let pairs: Vec<(usize, usize)> = v.iter().map(|(i, j, _, _)| (i, j)).collect();
            if pre == post {
                assert!(pairs.iter().all(|(i, j)| i != j));
            }
            if !multapses {
                let mut u = pairs.clone();
                u.dedup();
                assert_eq!(u.len(), pairs.len(), "{label}: a repeated pair");
            }
        }
    }
}

/// Pairwise Bernoulli: the count of a constant `p` within 4 SD of
/// `p·pairs` (SD `sqrt(pairs·p(1 − p))`), and of a profile within 4 SD of
/// `Σ p(d_ij)` over every pair (SD `sqrt(Σ p(1 − p))`), the sum taken by
/// brute force on the generated positions.
#[test]
fn bernoulli_counts_are_within_four_sd() {
    let g = gauss(60.0);
    let net = two_populations(vec![
        ("E", "E", Rule::pairwise_bernoulli(0.05).unwrap(), None),
        ("E", "I", Rule::pairwise_bernoulli(g).unwrap(), None),
        (
            "I",
            "E",
            Rule::pairwise_bernoulli(g).unwrap(),
            Some(Mask::circular(um(80.0)).unwrap()),
        ),
    ])
    .build()
    .unwrap();
    for seed in [1, 2] {
        let c = net.generate(seed).unwrap();
        let n = c.projection("E", "E").unwrap().len() as f64;
        let pairs = 400.0 * 400.0;
        let (mean, sd) = (0.05 * pairs, (pairs * 0.05 * 0.95f64).sqrt());
        assert!((n - mean).abs() < 4.0 * sd, "E -> E: {n} vs {mean} ± {sd}");
        let (e, i) = (c.population("E").unwrap(), c.population("I").unwrap());
        for (pre, post, radius) in [(e, i, f64::INFINITY), (i, e, 80e-6)] {
            let (mut mean, mut var) = (0.0, 0.0);
            for a in pre.positions().rows() {
                for b in post.positions().rows() {
                    let d = ((a[0] - b[0]).value.powi(2) + (a[1] - b[1]).value.powi(2)).sqrt();
                    if d <= radius {
                        let p = g.value_si(d);
                        mean += p;
                        var += p * (1.0 - p);
                    }
                }
            }
            let got = c.projection(pre.name(), post.name()).unwrap().len() as f64;
            assert!(
                (got - mean).abs() < 4.0 * var.sqrt(),
                "{} -> {}: {got} vs {mean} ± {}",
                pre.name(),
                post.name(),
                var.sqrt()
            );
        }
    }
}

/// Every synapse's distance lies within its mask (for a disc, the
/// distance itself), and a masked degree rule never reaches beyond.
#[test]
fn masks_bound_the_partners() {
    let disc = Mask::circular(um(60.0)).unwrap();
    let net = two_populations(vec![
        ("E", "E", Rule::fixed_indegree(4), Some(disc.clone())),
        (
            "E",
            "I",
            Rule::pairwise_bernoulli(1.0).unwrap(),
            Some(disc.clone()),
        ),
        ("I", "E", Rule::fixed_outdegree(4), Some(disc)),
    ])
    .build()
    .unwrap();
    let c = net.generate(8).unwrap();
    for k in 0..c.projections().len() {
        let v = c.view(k);
        let info = v.info();
        let (pre, post) = (&c.populations()[info.pre], &c.populations()[info.post]);
        let mut n = 0;
        for (i, j, _, _) in v.iter() {
            let (a, b) = (pre.positions().row(i), post.positions().row(j));
            let d = ((a[0] - b[0]).value.powi(2) + (a[1] - b[1]).value.powi(2)).sqrt();
            assert!(d <= 60e-6, "{}: {i} -> {j} at {d}", info.name);
            n += 1;
        }
        assert!(n > 0, "{}", info.name);
    }
    // p = 1 within the disc: exactly the pairs within 60 µm.
    let (e, i) = (c.population("E").unwrap(), c.population("I").unwrap());
    let within = e
        .positions()
        .rows()
        .into_iter()
        .map(|a| {
            i.positions()
                .rows()
                .into_iter()
                .filter(|b| {
                    ((a[0] - b[0]).value.powi(2) + (a[1] - b[1]).value.powi(2)).sqrt() <= 60e-6
                })
                .count()
        })
        .sum::<usize>();
    assert_eq!(c.projection("E", "I").unwrap().len(), within);
}

/// On three neurons at hand-placed positions, a distance delay is
/// `d0 + d/v` exactly; weights from a `DistanceModulated` read the same
/// distances.
#[test]
fn distance_delays_on_a_hand_built_case() {
    let xy = init_core::ndarray::array![
        [um(0.0), um(0.0)],
        [um(30.0), um(40.0)],
        [um(-60.0), um(80.0)]
    ];
    let d0 = ms(0.5);
    let v = Velocity::new::<meter_per_second>(0.25);
    let net = Network::builder()
        .population(Population::new("P", 3).with_layout(Layout::given(&xy).unwrap()))
        .projection(
            Projection::new(
                "P",
                "P",
                Rule::all_to_all(),
                DistanceModulated::new(Constant::new(ns(1.0)).unwrap(), gauss(50.0)),
            )
            .with_delays(DistanceDelay::new(d0, v).unwrap())
            .allow_autapses(false),
        )
        .build()
        .unwrap();
    let c = net.generate(1).unwrap();
    assert_eq!(c.synapses(), 6);
    for (i, j, w, d) in c.iter() {
        let (a, b) = (xy.row(i), xy.row(j));
        let dist = ((a[0] - b[0]).value.powi(2) + (a[1] - b[1]).value.powi(2)).sqrt();
        assert_eq!(d.value, d0.value + dist / v.value, "{i} -> {j}");
        assert!((w.value - 1e-9 * gauss(50.0).value_si(dist)).abs() < 1e-24);
    }
    // 0 -> 1 is 50 µm: 0.5 ms + 50 µm / 0.25 m/s = 0.7 ms.
    let d01 = c.iter().find(|s| (s.0, s.1) == (0, 1)).unwrap().3;
    assert!((d01.get::<millisecond>() - 0.7).abs() < 1e-12);
}

/// Rounded to a resolution, a delay is a whole number of steps, never 0;
/// a normal delay with jitter composes as any initializer.
#[test]
fn delays_rounded_to_the_resolution_are_whole_steps() {
    let dt = ms(0.1);
    let jitter = Uniform::new(ms(0.0), ms(0.3)).unwrap();
    let net = Network::builder()
        .population(Population::new("A", 500).with_layout(square(600.0)))
        .projection(
            Projection::new("A", "A", Rule::fixed_indegree(40), weights()).with_delays(
                DistanceDelay::new(ms(0.0), Velocity::new::<meter_per_second>(1.0)).unwrap()
                    + jitter,
            ),
        )
        .resolution(dt)
        .build()
        .unwrap();
    let c = net.generate(9).unwrap();
    let d = c.delays().unwrap();
    let mut small = 0;
    for &t in d {
        let steps = t.value / dt.value;
        assert!(
            t.value > 0.0 && (steps.round() * dt.value).to_bits() == t.value.to_bits(),
            "{t:?}"
        );
        assert!(steps.round() >= 1.0);
        small += usize::from(steps.round() == 1.0);
    }
    assert!(
        small > 0,
        "some delays were below half a step before rounding"
    );
}

fn error_of(b: NetworkBuilder<G>) -> NetworkError {
    match b.build() {
        Err(e) => e,
        Ok(n) => n.generate(1).expect_err("an error"),
    }
}

#[test]
fn bad_input_is_a_typed_error_naming_the_projection_and_field() {
    let base = || {
        Network::<G>::builder()
            .population(Population::new("A", 10).with_layout(square(100.0)))
            .population(Population::new("B", 20).with_layout(square(100.0)))
    };
    let field = |e: NetworkError| match e {
        NetworkError::Projection {
            projection, field, ..
        }
        | NetworkError::Init {
            projection, field, ..
        } => (projection, field),
        NetworkError::UnknownPopulation {
            projection, field, ..
        } => (projection, field),
        NetworkError::TooFewPartners { projection, .. } => (projection, "rule"),
        other => panic!("unexpected {other:?}"),
    };
    let unknown =
        error_of(base().projection(Projection::new("A", "X", Rule::all_to_all(), weights())));
    assert_eq!(field(unknown), ("A -> X".into(), "post"));
    let too_many = error_of(base().projection(
        Projection::new("A", "B", Rule::fixed_total_number(201), weights()).allow_multapses(false),
    ));
    assert_eq!(field(too_many), ("A -> B".into(), "rule"));
    let too_many_in = error_of(
        base().projection(
            Projection::new("A", "A", Rule::fixed_indegree(10), weights())
                .allow_multapses(false)
                .allow_autapses(false),
        ),
    );
    assert_eq!(field(too_many_in), ("A -> A".into(), "rule"));
    assert!(Rule::pairwise_bernoulli(1.2).is_err());
    assert!(Rule::pairwise_bernoulli(-0.1).is_err());
    assert!(Rule::pairwise_bernoulli(f64::NAN).is_err());
    let scaled = error_of(base().projection(Projection::new(
        "A",
        "B",
        Rule::pairwise_bernoulli(2.0 * gauss(10.0)).unwrap(),
        weights(),
    )));
    assert_eq!(field(scaled), ("A -> B".into(), "rule"));
    // Clamping is opted in to.
    assert!(
        base()
            .projection(
                Projection::new(
                    "A",
                    "B",
                    Rule::pairwise_bernoulli(2.0 * gauss(10.0)).unwrap(),
                    weights()
                )
                .clamp_probability(true)
            )
            .build()
            .unwrap()
            .generate(1)
            .is_ok()
    );
    let negative = error_of(
        base().projection(
            Projection::new("A", "B", Rule::all_to_all(), weights())
                .with_delays(Normal::new(ms(1.0), ms(0.5)).unwrap()),
        ),
    );
    assert_eq!(field(negative), ("A -> B".into(), "delays"));
    let nan = error_of(
        base().projection(
            Projection::new("A", "B", Rule::all_to_all(), weights())
                .with_delays(Constant::new(ms(1.0)).unwrap() * f64::NAN),
        ),
    );
    assert_eq!(field(nan), ("A -> B".into(), "delays"));
    assert!(DistanceDelay::new(ms(1.0), Velocity::new::<meter_per_second>(0.0)).is_err());
    assert!(DistanceDelay::new(ms(1.0), Velocity::new::<meter_per_second>(-1.0)).is_err());
    let one_to_one =
        error_of(base().projection(Projection::new("A", "B", Rule::one_to_one(), weights())));
    assert_eq!(field(one_to_one), ("A -> B".into(), "rule"));
    let twice = error_of(
        base()
            .projection(Projection::new("A", "B", Rule::all_to_all(), weights()))
            .projection(Projection::new("A", "B", Rule::one_to_one(), weights())),
    );
    assert!(matches!(twice, NetworkError::DuplicateProjection { .. }));
    let mask_on_total = error_of(
        base().projection(
            Projection::new("A", "B", Rule::fixed_total_number(5), weights())
                .with_mask(Mask::circular(um(10.0)).unwrap()),
        ),
    );
    assert_eq!(field(mask_on_total), ("A -> B".into(), "mask"));
    let needs_positions = error_of(
        Network::<G>::builder()
            .population(Population::new("A", 10))
            .projection(Projection::new(
                "A",
                "A",
                Rule::pairwise_bernoulli(gauss(5.0)).unwrap(),
                weights(),
            )),
    );
    assert_eq!(field(needs_positions), ("A -> A".into(), "rule"));
    let dm_without_positions = error_of(
        Network::<G>::builder()
            .population(Population::new("A", 10))
            .projection(Projection::new(
                "A",
                "A",
                Rule::all_to_all(),
                DistanceModulated::new(weights(), gauss(5.0)),
            )),
    );
    assert_eq!(field(dm_without_positions), ("A -> A".into(), "weights"));
    // A masked degree rule that cannot find its partners names the neuron.
    let lonely = error_of(
        base().projection(
            Projection::new("A", "B", Rule::fixed_indegree(50), weights())
                .with_mask(Mask::circular(um(1.0)).unwrap())
                .allow_multapses(false),
        ),
    );
    assert!(matches!(lonely, NetworkError::TooFewPartners { .. }));
    // A mask wider than the periodic box.
    let wide = error_of(
        base().periodic(&[um(100.0), um(100.0)]).projection(
            Projection::new("A", "B", Rule::pairwise_bernoulli(0.5).unwrap(), weights())
                .with_mask(Mask::circular(um(60.0)).unwrap()),
        ),
    );
    assert_eq!(field(wide), ("A -> B".into(), "mask"));
    // Populations: a repeated name, a layout of another size.
    assert!(matches!(
        Network::<G>::builder()
            .population(Population::new("A", 1))
            .population(Population::new("A", 2))
            .build(),
        Err(NetworkError::Population { .. })
    ));
    let grid = Layout::grid(&[3, 3], &[um(0.0), um(0.0)], &[um(3.0), um(3.0)]).unwrap();
    assert!(matches!(
        Network::<G>::builder()
            .population(Population::new("A", 10).with_layout(grid))
            .build(),
        Err(NetworkError::Population { .. })
    ));
}

/// Sizes beyond what the ids or the memory hold are refused before
/// anything is drawn: 1e12 synapses, 5e9 neurons.
#[test]
fn oversize_networks_fail_fast() {
    let huge = Network::<G>::builder()
        .population(Population::new("A", 1_000_000))
        .projection(Projection::new(
            "A",
            "A",
            Rule::fixed_total_number(1_000_000_000_000),
            weights(),
        ))
        .build();
    assert!(
        matches!(huge, Err(NetworkError::TooLarge { .. })),
        "{huge:?}",
        huge = huge.as_ref().err()
    );
    let neurons = Network::<G>::builder()
        .population(Population::new("A", 3_000_000_000))
        .population(Population::new("B", 2_000_000_000))
        .build();
    assert!(matches!(
        neurons,
        Err(NetworkError::TooLarge {
            what: "neurons",
            ..
        })
    ));
    let limited = Network::<G>::builder()
        .population(Population::new("A", 1000))
        .projection(Projection::new(
            "A",
            "A",
            Rule::fixed_indegree(100),
            weights(),
        ))
        .memory_limit(1 << 20)
        .build();
    assert!(matches!(limited, Err(NetworkError::TooLarge { .. })));
    // A Bernoulli network whose size is known only once counted.
    let counted = Network::<G>::builder()
        .population(Population::new("A", 2000))
        .projection(Projection::new(
            "A",
            "A",
            Rule::pairwise_bernoulli(0.5).unwrap(),
            weights(),
        ))
        .memory_limit(1 << 20)
        .build()
        .unwrap()
        .generate(1);
    assert!(matches!(counted, Err(NetworkError::TooLarge { .. })));
    // A distance-dependent one, drawn by source with its rows kept while
    // counting: stopped at the limit while it is drawn (1.2e6 synapses
    // would need 14 MB), before its rows could fill the memory.
    let spatial = Network::<G>::builder()
        .population(Population::new("A", 20_000).with_layout(square(1000.0)))
        .projection(Projection::new(
            "A",
            "A",
            Rule::pairwise_bernoulli(
                GaussianProfile::new(um(50.0))
                    .unwrap()
                    .with_max_distance(um(200.0))
                    .unwrap(),
            )
            .unwrap(),
            weights(),
        ))
        .memory_limit(4 << 20)
        .build()
        .unwrap()
        .generate(1);
    assert!(
        matches!(
            spatial,
            Err(NetworkError::TooLarge {
                what: "synapses",
                ..
            })
        ),
        "{:?}",
        spatial.err()
    );
}

#[test]
fn empty_populations_give_empty_projections() {
    let net = Network::<G>::builder()
        .population(Population::new("A", 0).with_layout(square(10.0)))
        .population(Population::new("B", 5).with_layout(square(10.0)))
        .projection(
            Projection::new("A", "B", Rule::fixed_total_number(100), weights())
                .allow_multapses(false),
        )
        .projection(Projection::new(
            "B",
            "A",
            Rule::fixed_indegree(3),
            weights(),
        ))
        .projection(Projection::new(
            "B",
            "B",
            Rule::fixed_outdegree(0),
            weights(),
        ))
        .build()
        .unwrap();
    let c = net.generate(1).unwrap();
    assert_eq!(c.synapses(), 0);
    assert_eq!(c.projections().len(), 3);
}

#[test]
fn layouts_are_deterministic_by_name_and_seed() {
    let build = |order: [usize; 2]| {
        let pops = [
            Population::new("X", 50).with_layout(square(100.0)),
            Population::new("Y", 50).with_layout(
                Layout::slab(
                    &[um(0.0), um(0.0)],
                    &[um(10.0), um(10.0)],
                    um(100.0),
                    um(300.0),
                )
                .unwrap(),
            ),
        ];
        Network::<G>::builder()
            .population(pops[order[0]].clone())
            .population(pops[order[1]].clone())
            .build()
            .unwrap()
            .generate(3)
            .unwrap()
    };
    let a = build([0, 1]);
    let b = build([1, 0]);
    // Same name, same positions, whatever the order of declaration.
    assert_eq!(
        a.population("X").unwrap().positions(),
        b.population("X").unwrap().positions()
    );
    assert_eq!(
        a.population("Y").unwrap().positions(),
        b.population("Y").unwrap().positions()
    );
    assert_ne!(
        a.population("X").unwrap().ids(),
        b.population("X").unwrap().ids()
    );
    let slab = a.population("Y").unwrap().positions();
    assert!(
        slab.rows()
            .into_iter()
            .all(|r| r[2] >= um(100.0) && r[2] < um(300.0))
    );
    let grid = Layout::grid(&[2, 3], &[um(0.0), um(0.0)], &[um(20.0), um(30.0)]).unwrap();
    let g = Network::<G>::builder()
        .population(Population::new("G", 6).with_layout(grid))
        .build()
        .unwrap()
        .generate(0)
        .unwrap();
    let p = g.population("G").unwrap().positions();
    assert_eq!((p[[0, 0]], p[[0, 1]]), (um(5.0), um(5.0)));
    assert_eq!((p[[5, 0]], p[[5, 1]]), (um(15.0), um(25.0)));
}

/// The edge list holds every synapse once, in row order: `pre` expanded
/// from the row pointers as it is written (no column built first) equals
/// the connectome's own sources, `post`, `weight` (nS) and `delay` (ms)
/// its columns, bit for bit.
#[test]
fn the_edge_list_is_the_network_row_by_row() {
    use ndarray_npy::NpzReader;
    let net = two_populations(vec![
        ("E", "E", Rule::fixed_indegree(80), None),
        ("I", "E", Rule::pairwise_bernoulli(0.2).unwrap(), None),
        ("E", "I", Rule::fixed_outdegree(7), None),
    ])
    .build()
    .unwrap();
    let c = net.generate(5).unwrap();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("edge_list");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("edges.npz");
    c.write_edges_npz(&path, ns(1.0)).unwrap();
    let mut npz = NpzReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let col = |npz: &mut NpzReader<std::fs::File>, name: &str| -> Vec<f64> {
        let a: init_core::ndarray::Array1<f64> = npz.by_name(name).unwrap();
        a.to_vec()
    };
    let pre: init_core::ndarray::Array1<i64> = npz.by_name("pre").unwrap();
    let post: init_core::ndarray::Array1<i64> = npz.by_name("post").unwrap();
    let (w, d) = (col(&mut npz, "weight"), col(&mut npz, "delay"));
    let ours: Vec<_> = c.iter().collect();
    // More than the writer's chunk of 2^15 ids, so that rows cross chunks.
    assert!(ours.len() > 1 << 15, "{} synapses", ours.len());
    assert_eq!(pre.len(), ours.len());
    let expected_pre: Vec<i64> = c.pre_ids().iter().map(|&g| i64::from(g)).collect();
    assert_eq!(pre.to_vec(), expected_pre);
    for (k, (i, j, wk, dk)) in ours.into_iter().enumerate() {
        assert_eq!((pre[k], post[k]), (i as i64, j as i64), "synapse {k}");
        assert_eq!(w[k].to_bits(), (wk.value / 1e-9).to_bits(), "weight {k}");
        assert_eq!(d[k].to_bits(), (dk.value * 1e3).to_bits(), "delay {k}");
    }
    std::fs::remove_dir_all(&dir).ok();
}
