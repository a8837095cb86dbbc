//! Properties of every public constructor and builder, on arbitrary input
//! (NaN, ±inf, ±0, subnormals, ±1e308, negative numbers; empty and
//! refused shapes; positions that are NaN, coincide or lie 1e300 apart;
//! periodic boxes smaller than the mask; any rule and degree). Every case
//! gives `Ok` with a valid result or a typed error naming the parameter:
//! never a panic, never NaN, never a value outside `value_bounds`.
//!
//! About 2.0e5 cases in all (printed per property with `--nocapture`);
//! `NEUROINIT_PROPERTY_SCALE=10` multiplies every count (the long run of
//! docs/RELIABILITY.md). Shrunk failures are kept in
//! `tests/properties.proptest-regressions` and replayed first.

use neuroinit::prelude::*;
use neuroinit::{Conditional, Initializer, InitializerExt, Mask, Mixture, Rule, SpatialConnector};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Cases of one property: `base` × `NEUROINIT_PROPERTY_SCALE`.
fn run<S: Strategy>(
    name: &str,
    base: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let scale: u32 = std::env::var("NEUROINIT_PROPERTY_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let cases = base * scale;
    let config = Config {
        cases,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::Direct(
                "tests/properties.proptest-regressions",
            ),
        )),
        ..Config::default()
    };
    let t = std::time::Instant::now();
    let mut runner = TestRunner::new(config);
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{name}: {e}");
    }
    println!("property {name}: {cases} cases in {:.1?}", t.elapsed());
}

/// Any f64, with the special values and ordinary ranges well represented.
fn any_f64() -> impl Strategy<Value = f64> + Clone {
    prop_oneof![
        3 => prop::sample::select(vec![
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            f64::MIN_POSITIVE / 8.0,
            -f64::MIN_POSITIVE / 8.0,
            f64::MIN_POSITIVE,
            1e308,
            -1e308,
            f64::MAX,
            f64::MIN,
            1e-300,
            1.0,
            -1.0,
        ]),
        4 => -10.0..10.0f64,
        2 => -1e6..1e6f64,
        2 => proptest::num::f64::ANY,
    ]
}

/// A generated initializer's values: no NaN, none outside its bounds.
fn check_values<I: Initializer>(d: &I, seed: u64) -> Result<(), TestCaseError> {
    let a = d
        .generate((6, 7), seed)
        .map_err(|e| TestCaseError::fail(format!("valid initializer failed: {e}")))?;
    let bounds = d.value_bounds();
    for x in a.iter().map(|v| neuroinit::Value::si(*v)) {
        prop_assert!(!x.is_nan(), "NaN drawn");
        if let Some((lo, hi)) = bounds {
            prop_assert!(lo <= x && x <= hi, "{x} outside [{lo}, {hi}]");
        }
    }
    Ok(())
}

/// `Ok` with valid values, or `InvalidParameter` naming one of `names`.
fn check_init<I: Initializer>(
    r: Result<I, InitError>,
    names: &[&str],
    seed: u64,
) -> Result<(), TestCaseError> {
    match r {
        Ok(d) => check_values(&d, seed),
        Err(InitError::InvalidParameter { name, .. }) => {
            prop_assert!(names.contains(&name), "error names `{name}`, not {names:?}");
            Ok(())
        }
        Err(e) => Err(TestCaseError::fail(format!("untyped refusal: {e:?}"))),
    }
}

#[test]
fn distributions_accept_or_name_the_parameter() {
    let two = (any_f64(), any_f64(), any::<u64>());
    run("Normal", 12000, two.clone(), |(a, b, s)| {
        check_init(Normal::new(nS(a), nS(b)), &["mean", "std"], s)
    });
    run("Uniform", 12000, two.clone(), |(a, b, s)| {
        check_init(Uniform::new(nS(a), nS(b)), &["low", "high"], s)
    });
    run("LogNormal", 12000, two.clone(), |(a, b, s)| {
        check_init(LogNormal::new(nS(a), nS(b)), &["mean", "std"], s)
    });
    run("Gamma", 12000, two.clone(), |(a, b, s)| {
        check_init(Gamma::new(a, nS(b)), &["shape", "scale"], s)
    });
    run("Weibull", 12000, two.clone(), |(a, b, s)| {
        check_init(Weibull::new(a, nS(b)), &["shape", "scale"], s)
    });
    run("Exponential", 12000, two.clone(), |(a, _, s)| {
        check_init(Exponential::new(ms(a)), &["scale"], s)
    });
    run("Constant", 6000, two, |(a, _, s)| {
        check_init(Constant::new(mV(a)), &["value"], s)
    });
    let four = (
        any_f64(),
        any_f64(),
        prop::option::of(any_f64()),
        prop::option::of(any_f64()),
        any::<u64>(),
    );
    run(
        "TruncatedNormal",
        16000,
        four.clone(),
        |(a, b, lo, hi, s)| {
            check_init(
                TruncatedNormal::new(nS(a), nS(b), lo.map(nS), hi.map(nS)),
                &["mean", "std", "low", "high"],
                s,
            )
        },
    );
    run("Beta", 16000, four, |(a, b, lo, hi, s)| {
        check_init(
            Beta::new(a, b, nS(lo.unwrap_or(0.0)), nS(hi.unwrap_or(1.0))),
            &["alpha", "beta", "low", "high"],
            s,
        )
    });
}

#[test]
fn combinators_accept_or_name_the_parameter() {
    let base = || Normal::new(nS(1.0), nS(0.5)).unwrap();
    let args = (
        any_f64(),
        prop::option::of(any_f64()),
        prop::option::of(any_f64()),
        any::<u64>(),
    );
    run("scaled", 10000, args.clone(), |(f, _, _, s)| {
        check_init(base().scaled(f), &["factor"], s)
    });
    run("clip", 10000, args.clone(), |(_, lo, hi, s)| {
        check_init(base().clip(lo.map(nS), hi.map(nS)), &["min", "max"], s)
    });
    run(
        "Mixture",
        10000,
        (prop::collection::vec(any_f64(), 0..5), any::<u64>()),
        |(w, s)| {
            let parts: Vec<_> = (0..w.len())
                .map(|k| Normal::new(nS(k as f64), nS(0.1)).unwrap().boxed())
                .collect();
            check_init(Mixture::new(parts, &w), &["weights", "components"], s)
        },
    );
}

/// A profile's values at any distance: no NaN, within its bounds.
fn check_profile<P: Profile>(r: Result<P, InitError>, names: &[&str]) -> Result<(), TestCaseError> {
    let p = match r {
        Ok(p) => p,
        Err(InitError::InvalidParameter { name, .. }) => {
            prop_assert!(names.contains(&name), "error names `{name}`, not {names:?}");
            return Ok(());
        }
        Err(e) => return Err(TestCaseError::fail(format!("untyped refusal: {e:?}"))),
    };
    let d = [
        0.0,
        1e-320,
        1e-9,
        1e-6,
        1e-4,
        3e-3,
        1.0,
        1e6,
        1e300,
        f64::MAX,
    ];
    let mut batch = [0.0; 10];
    p.values_si(&d, &mut batch);
    let bounds = p.value_bounds();
    for (&d, &v) in d.iter().zip(&batch) {
        prop_assert!(!v.is_nan(), "NaN at {d} m");
        prop_assert_eq!(
            v.to_bits(),
            p.value_si(d).to_bits(),
            "batch differs at {} m",
            d
        );
        if let Some((lo, hi)) = bounds {
            prop_assert!(lo <= v && v <= hi, "{v} at {d} m outside [{lo}, {hi}]");
        }
    }
    Ok(())
}

#[test]
fn profiles_accept_or_name_the_parameter() {
    let two = (any_f64(), any_f64());
    run("profiles", 8000, two, |(a, b)| {
        check_profile(GaussianProfile::new(um(a)), &["sigma"])?;
        check_profile(ExponentialProfile::new(um(a)), &["decay_constant"])?;
        check_profile(LinearProfile::new(um(a)), &["max_distance"])?;
        check_profile(StepProfile::new(um(a)), &["threshold"])?;
        check_profile(MexicanHatProfile::new(um(a)), &["sigma"])?;
        check_profile(PowerLawProfile::new(a), &["exponent"])?;
        check_profile(BimodalProfile::new(um(a), um(b)), &["sigma1", "sigma2"])?;
        check_profile(
            DoGProfile::new(um(a), um(b)),
            &["sigma_center", "sigma_surround"],
        )?;
        check_profile(SigmoidProfile::new(um(a)), &["midpoint"])?;
        check_profile(
            LogisticProfile::new(per_um(b), um(a)),
            &["growth_rate", "midpoint"],
        )?;
        Ok(())
    });
    run("profile clip", 8000, (any_f64(), any_f64()), |(lo, hi)| {
        let g = GaussianProfile::new(um(50.0)).unwrap();
        check_profile(g.clip(lo, hi), &["min", "max"])
    });
}

/// A shape: small (possibly empty), or so large it must be refused.
fn shape() -> impl Strategy<Value = (usize, usize)> {
    prop_oneof![
        4 => (0..40usize, 0..40usize),
        1 => (1usize << 24..1usize << 40, 1usize << 24..usize::MAX),
        1 => (0..3usize, 1usize << 40..usize::MAX),
    ]
}

#[test]
fn shapes_give_that_many_values_or_a_typed_refusal() {
    let n = Normal::new(nS(0.0), nS(1.0)).unwrap();
    run("shapes", 20000, (shape(), any::<u64>()), |((a, b), s)| {
        match n.generate((a, b), s) {
            Ok(w) => prop_assert_eq!(w.dim(), (a, b)),
            Err(InitError::TooLarge { bytes, limit, .. }) => prop_assert!(bytes > limit),
            Err(InitError::InvalidParameter { name, .. }) => prop_assert_eq!(name, "shape"),
            Err(e) => return Err(TestCaseError::fail(format!("{e:?}"))),
        }
        Ok(())
    });
}

/// Coordinates: ordinary, coincident, huge, or not finite.
fn coordinate() -> impl Strategy<Value = f64> {
    prop_oneof![
        6 => 0.0..500.0f64,
        1 => Just(100.0),
        1 => prop::sample::select(vec![f64::NAN, f64::INFINITY, -1e300, 1e300, -0.0]),
    ]
}

#[test]
fn contexts_give_valid_values_or_a_typed_error() {
    let positions = (1..12usize, 1..12usize, 1..4usize).prop_flat_map(|(n, m, dims)| {
        (
            prop::collection::vec(coordinate(), n * dims),
            prop::collection::vec(coordinate(), m * dims),
            Just((n, m, dims)),
            prop::option::of(prop::collection::vec(any_f64(), dims)),
            any_f64(),
            any::<u64>(),
        )
    });
    run(
        "contexts",
        12000,
        positions,
        |(pre, post, (n, m, dims), periodic, radius, s)| {
            let pre = ndarray::Array2::from_shape_vec((n, dims), pre.into_iter().map(um).collect())
                .unwrap();
            let post =
                ndarray::Array2::from_shape_vec((m, dims), post.into_iter().map(um).collect())
                    .unwrap();
            let Ok(mut pos) = Positions::new(&pre, &post) else {
                return Ok(()); // refused with a typed error: fine
            };
            if let Some(b) = periodic {
                let b: Vec<Length> = b.into_iter().map(um).collect();
                match pos.periodic(&b) {
                    Ok(p) => pos = p,
                    Err(_) => return Ok(()),
                }
            }
            let dm = DistanceModulated::new(
                Normal::new(nS(1.0), nS(0.2)).unwrap(),
                GaussianProfile::new(um(80.0)).unwrap(),
            );
            if let Ok(w) = dm.generate_on(&pos, s) {
                prop_assert_eq!(w.dim(), (n, m));
                prop_assert!(w.iter().all(|g| !g.value.is_nan()), "NaN weight");
            }
            // A sparse connector with a mask of any radius (a periodic box
            // smaller than the mask included).
            let Ok(mask) = Mask::circular(um(radius)) else {
                return Ok(());
            };
            if dims != 2 {
                return Ok(());
            }
            let c = SpatialConnector::new(
                pos,
                GaussianProfile::new(um(80.0)).unwrap(),
                Normal::new(nS(1.0), nS(0.2)).unwrap(),
            )
            .with_mask(mask);
            if let Ok(c) = c {
                if let Ok(csr) = c.connect(s) {
                    prop_assert_eq!(csr.shape(), (n, m));
                    prop_assert!(csr.indices().iter().all(|&j| (j as usize) < m));
                    prop_assert!(csr.weights().iter().all(|g| !g.value.is_nan()));
                }
            }
            Ok(())
        },
    );
}

/// One rule of any kind and degree.
fn rule() -> impl Strategy<Value = (u8, f64, u64)> {
    (
        0..6u8,
        any_f64(),
        prop_oneof![4 => 0..300u64, 1 => Just(u64::MAX), 1 => 1u64 << 40..u64::MAX],
    )
}

fn make_rule((kind, p, k): (u8, f64, u64)) -> Result<Rule, InitError> {
    Ok(match kind {
        0 => Rule::all_to_all(),
        1 => Rule::one_to_one(),
        2 => Rule::pairwise_bernoulli(p)?,
        3 => Rule::fixed_indegree(k),
        4 => Rule::fixed_outdegree(k),
        _ => Rule::fixed_total_number(k),
    })
}

#[test]
fn networks_of_any_rule_build_correctly_or_refuse() {
    let spec = (
        (0..40usize, 0..40usize),
        rule(),
        (any::<bool>(), any::<bool>()),
        prop::option::of(any_f64()),
        prop::option::of(any_f64()),
        any::<u64>(),
    );
    run(
        "networks",
        6000,
        spec,
        |((na, nb), r, (autapses, multapses), mask, side, s)| {
            let Ok(rule) = make_rule(r) else {
                return Ok(()); // a typed refusal of p
            };
            let layout = match side {
                Some(side) => match Layout::uniform(&[um(0.0), um(0.0)], &[um(side), um(side)]) {
                    Ok(l) => Some(l),
                    Err(_) => return Ok(()),
                },
                None => None,
            };
            let pop = |name: &str, n| {
                let p = Population::new(name, n);
                match &layout {
                    Some(l) => p.with_layout(l.clone()),
                    None => p,
                }
            };
            let mut proj = Projection::new("A", "B", rule, Normal::new(nS(1.0), nS(0.3)).unwrap())
                .allow_autapses(autapses)
                .allow_multapses(multapses)
                .with_delays(ms(1.0));
            if let Some(r) = mask {
                match Mask::circular(um(r)) {
                    Ok(m) => proj = proj.with_mask(m),
                    Err(_) => return Ok(()),
                }
            }
            let built = Network::builder()
                .population(pop("A", na))
                .population(pop("B", nb))
                .projection(proj)
                .memory_limit(64 << 20)
                .build();
            let net = match built {
                Ok(n) => n,
                Err(e) => {
                    prop_assert!(!e.to_string().is_empty());
                    return Ok(());
                }
            };
            match net.generate(s) {
                Ok(c) => {
                    prop_assert_eq!(c.neurons(), na + nb);
                    for (i, j, w, d) in c.iter() {
                        prop_assert!(i < na && (na..na + nb).contains(&j), "{i} -> {j}");
                        prop_assert!(!w.value.is_nan() && d == ms(1.0));
                    }
                    // The fixed counts are exact when there is no mask.
                    // (An empty population gives an empty projection.)
                    if mask.is_none() && na > 0 && nb > 0 {
                        let expected = match r.0 {
                            0 => Some(na * nb),
                            1 => Some(na.min(nb)),
                            3 => Some(r.2 as usize * nb),
                            4 => Some(r.2 as usize * na),
                            5 => Some(r.2 as usize),
                            _ => None,
                        };
                        if let Some(e) = expected {
                            prop_assert_eq!(c.synapses(), e, "rule {:?}", r);
                        }
                    }
                }
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
            Ok(())
        },
    );
}

/// The defects these properties found, each kept as a plain test.
#[test]
fn regressions() {
    // Beta(1e308, 1e308) drew NaN (rand_distr's Cheng algorithm overflows).
    assert!(matches!(
        Beta::new(1e308, 1e308, nS(0.0), nS(1.0)),
        Err(InitError::InvalidParameter { name: "alpha", .. })
    ));
    // A subnormal width: 1/σ overflows and the profile was NaN at d = 0.
    assert!(matches!(
        GaussianProfile::new(um(2.781342323134e-309 * 1e6)),
        Err(InitError::InvalidParameter { name: "sigma", .. })
    ));
    // A shape with a zero axis but a non-zero product beyond isize hit an
    // `unreachable!` in ndarray's shape check.
    assert!(matches!(
        Normal::new(nS(0.0), nS(1.0))
            .unwrap()
            .generate((0, 1usize << 63), 0),
        Err(InitError::InvalidParameter { name: "shape", .. })
    ));
    // fixed_indegree(1) with multapses of one neuron onto itself without
    // autapses (no partner to repeat) gave no synapses and no error.
    let alone = Network::builder()
        .population(Population::new("A", 1))
        .projection(
            Projection::new(
                "A",
                "A",
                Rule::fixed_indegree(1),
                Normal::new(nS(1.0), nS(0.3)).unwrap(),
            )
            .allow_autapses(false)
            .allow_multapses(true),
        )
        .build();
    assert!(matches!(alone, Err(NetworkError::TooFewPartners { .. })));
    // Pairwise Bernoulli with p < 2^-53 never returned (rand_distr's
    // Geometric constructor loops): now a network without synapses.
    let tiny = Network::builder()
        .population(Population::new("A", 28))
        .population(Population::new("B", 15))
        .projection(Projection::new(
            "A",
            "B",
            Rule::pairwise_bernoulli(2.781342323134e-309).unwrap(),
            Normal::new(nS(1.0), nS(0.3)).unwrap(),
        ))
        .build()
        .unwrap()
        .generate(0)
        .unwrap();
    assert_eq!(tiny.synapses(), 0);
}

/// A context whose arrays do not fit the requested shape (distances of
/// another shape, neuron indices of another length, positions for other
/// neurons): a typed shape error, or values when everything fits.
#[test]
fn contexts_of_the_wrong_size_are_shape_errors() {
    let spec = (
        (0..8usize, 0..8usize),
        (0..8usize, 0..8usize),
        prop::option::of(0..10usize),
        prop::option::of(0..10usize),
        any::<u64>(),
    );
    run(
        "context sizes",
        10000,
        spec,
        |((a, b), (da, db), pre, post, s)| {
            let d = ndarray::Array2::from_elem((da, db), um(10.0));
            let pre_idx: Vec<usize> = (0..pre.unwrap_or(0)).map(|k| k * 7).collect();
            let post_idx: Vec<usize> = (0..post.unwrap_or(0)).collect();
            let Ok(mut ctx) = Context::new().with_distances(&d) else {
                return Ok(());
            };
            if pre.is_some() {
                ctx = ctx.with_neuron_indices(&pre_idx);
            }
            if post.is_some() {
                ctx = ctx.with_post_indices(&post_idx);
            }
            let dm = DistanceModulated::new(
                Conditional::on_pre(|i| i % 2 == 0, nS(1.0), nS(2.0)),
                GaussianProfile::new(um(80.0)).unwrap(),
            );
            let fits =
                (da, db) == (a, b) && pre.is_none_or(|n| n == a) && post.is_none_or(|n| n == b);
            match dm.generate_with((a, b), s, &ctx) {
                Ok(w) => {
                    prop_assert!(fits, "{:?} accepted for ({a}, {b})", (da, db, pre, post));
                    prop_assert_eq!(w.dim(), (a, b));
                    prop_assert!(w.iter().all(|g| g.value.is_finite()));
                }
                Err(InitError::ShapeMismatch { .. }) => prop_assert!(!fits, "refused a fit"),
                Err(e) => return Err(TestCaseError::fail(format!("{e:?}"))),
            }
            Ok(())
        },
    );
}
