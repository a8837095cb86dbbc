//! Helpers shared by this crate's tests, and the tests of arithmetic on
//! composed initializers.

#![allow(clippy::single_range_in_vec_init)] // one range per axis; 1-D arrays have one axis

use init_core::{Context, Generate, Initializer, Run, Seed, Value};
use init_dist::Normal;
use init_testkit::{assert_moments, in_pool};
use uom::si::electrical_conductance::nanosiemens;
use uom::si::f64::{ElectricalConductance, Length, Ratio};
use uom::si::length::micrometer;

use crate::{InitializerExt, Mixture};

/// A conductance in nS.
pub fn ns(v: f64) -> ElectricalConductance {
    ElectricalConductance::new::<nanosiemens>(v)
}

/// A length in µm.
pub fn um(v: f64) -> Length {
    Length::new::<micrometer>(v)
}

/// `Normal(mean, std)` in nS.
pub fn normal(mean: f64, std: f64) -> Normal<ElectricalConductance> {
    Normal::new(ns(mean), ns(std)).expect("valid test parameters")
}

/// `n` draws of a 1-D array, in nS.
pub fn draws<I>(init: &I, n: usize, seed: u64) -> Vec<f64>
where
    I: Initializer<Output = ElectricalConductance>,
{
    let a = init.generate(n, seed).expect("valid shape");
    a.iter().map(|v| v.get::<nanosiemens>()).collect()
}

/// The raw bits of every value, to compare arrays exactly (NaN included).
pub fn bits<Q: Value, D: ndarray::Dimension>(a: &ndarray::Array<Q, D>) -> Vec<u64> {
    a.iter().map(|x| x.si().to_bits()).collect()
}

/// The values of `init` over an array of `shape` computed one element at a
/// time with `sample` (no `fill`), in row-major order, for 1-D or 2-D
/// shapes.
pub fn by_sample<I: Initializer>(
    init: &I,
    shape: &[usize],
    seed: u64,
    ctx: &Context<'_>,
) -> Vec<u64> {
    let key = Seed::new(seed).key();
    match *shape {
        [n] => (0..n)
            .map(|k| {
                let run = Run {
                    flat0: 0,
                    pre0: 0,
                    post0: 0,
                    pre_step: 1,
                };
                init.sample(run.element(k), ctx, key).to_bits()
            })
            .collect(),
        [r, c] => (0..r)
            .flat_map(|i| (0..c).map(move |j| (i, j)))
            .map(|(i, j)| {
                init.sample(init_core::Element::in_matrix(i, j, c), ctx, key)
                    .to_bits()
            })
            .collect(),
        _ => unreachable!("tests use 1-D or 2-D shapes"),
    }
}

/// Assert that `init` gives the same bits on 1, 2 and 8 threads, that
/// blocks generated alone equal the blocks of the whole, and that the
/// engine's `fill` path equals element-by-element `sample`, on a 1-D array
/// and a 2-D matrix (both above the parallel threshold).
pub fn assert_deterministic<I: Initializer>(
    label: &str,
    init: &I,
    ctx1: &Context<'_>,
    ctx2: &Context<'_>,
) {
    let (n, shape) = (100_000usize, (300usize, 200usize));
    let whole1 = in_pool(1, || init.generate_with(n, 7, ctx1).unwrap());
    for t in [2, 8] {
        let other = in_pool(t, || init.generate_with(n, 7, ctx1).unwrap());
        assert_eq!(
            bits(&whole1),
            bits(&other),
            "{label}: 1-D, 1 vs {t} threads"
        );
    }
    assert_eq!(
        bits(&whole1),
        by_sample(init, &[n], 7, ctx1),
        "{label}: 1-D fill vs sample"
    );
    let block = init.generate_block(n, &[31_337..77_001], 7, ctx1).unwrap();
    assert_eq!(
        bits(&block),
        bits(&whole1.slice(ndarray::s![31_337..77_001]).to_owned()),
        "{label}: 1-D block"
    );

    let whole2 = in_pool(1, || init.generate_with(shape, 7, ctx2).unwrap());
    for t in [2, 8] {
        let other = in_pool(t, || init.generate_with(shape, 7, ctx2).unwrap());
        assert_eq!(
            bits(&whole2),
            bits(&other),
            "{label}: 2-D, 1 vs {t} threads"
        );
    }
    assert_eq!(
        bits(&whole2),
        by_sample(init, &[shape.0, shape.1], 7, ctx2),
        "{label}: 2-D fill vs sample"
    );
    let block = init
        .generate_block(shape, &[17..211, 33..190], 7, ctx2)
        .unwrap();
    assert_eq!(
        bits(&block),
        bits(&whole2.slice(ndarray::s![17..211, 33..190]).to_owned()),
        "{label}: 2-D block"
    );
}

// ---------------------------------------------------------------------------
// Arithmetic on initializers: moments of independent sums, products and
// quotients against their exact values (4 SE, n = 2e5, fixed seeds).

const N: usize = 200_000;

#[test]
fn sum_and_difference_of_independent_normals() {
    let a = normal(0.5, 0.1);
    let b = normal(1.0, 0.2);
    let sd = (0.1f64.powi(2) + 0.2f64.powi(2)).sqrt();
    assert_moments("N(0.5,0.1) + N(1,0.2)", &draws(&(a + b), N, 1), 1.5, sd);
    assert_moments("N(0.5,0.1) − N(1,0.2)", &draws(&(a - b), N, 2), -0.5, sd);
    // The same initializer twice: two independent draws, as a(n) + a(n).
    assert_moments("a + a", &draws(&(b + b), N, 3), 2.0, 0.2 * 2f64.sqrt());
    // a − a is not identically 0 either.
    assert_moments("a − a", &draws(&(b - b), N, 4), 0.0, 0.2 * 2f64.sqrt());
}

#[test]
fn scaling_negation_and_constants() {
    let a = normal(0.5, 0.1);
    assert_moments("2 × N", &draws(&(2.0 * a), N, 5), 1.0, 0.2);
    assert_moments("N × 2", &draws(&(a * 2.0), N, 6), 1.0, 0.2);
    assert_moments("N ÷ 4", &draws(&(a / 4.0), N, 7), 0.125, 0.025);
    assert_moments("−N", &draws(&(-a), N, 8), -0.5, 0.1);
    assert_moments("N + 1 nS", &draws(&(a + ns(1.0)), N, 9), 1.5, 0.1);
    assert_moments("N − 1 nS", &draws(&(a - ns(1.0)), N, 10), -0.5, 0.1);
}

#[test]
fn product_and_quotient_of_initializers() {
    // X ~ N(2, 0.5) (dimensionless) times Y ~ N(1, 0.1) nS, independent:
    // E = μxμy, Var = (σx² + μx²)(σy² + μy²) − μx²μy².
    let x = Normal::new(2.0, 0.5).unwrap();
    let y = normal(1.0, 0.1);
    let var: f64 = (0.25 + 4.0) * (0.01 + 1.0) - 4.0;
    let xy = x * y;
    let _: &dyn Initializer<Output = ElectricalConductance> = &xy;
    assert_moments("N(2,.5) × N(1,.1) nS", &draws(&xy, N, 11), 2.0, var.sqrt());

    // nS ÷ nS is a Ratio. Y ∈ {1, 2} nS with equal weights (a mixture of
    // constants): E[X/Y] = μx·E[1/Y], E[(X/Y)²] = E[X²]·E[1/Y²].
    let denom = Mixture::equal_weights((ns(1.0), ns(2.0))).unwrap();
    let q = normal(3.0, 0.6) / denom;
    let a = q.generate(N, 12).unwrap();
    let _: &ndarray::Array1<Ratio> = &a;
    let v: Vec<f64> = a.iter().map(|r| r.value).collect();
    let (inv, inv2): (f64, f64) = (0.75, 0.5 * (1.0 + 0.25));
    let mean = 3.0 * inv;
    let var: f64 = (0.36 + 9.0) * inv2 - mean * mean;
    assert_moments("N(3,.6) nS ÷ {1,2} nS", &v, mean, var.sqrt());
}

#[test]
fn composites_take_part_in_arithmetic() {
    // (Mixture of constants {0, 1} nS) × 2 + Normal(1, 0.1), then clipped,
    // negated: every operator applies to every composite type.
    let m = Mixture::new(vec![ns(0.0).boxed(), ns(1.0).boxed()], &[0.5, 0.5]).unwrap();
    let s = m * 2.0 + normal(1.0, 0.1);
    // E = 2·0.5 + 1 = 2; Var = 4·0.25 + 0.01.
    assert_moments("2·Bernoulli + N", &draws(&s, N, 13), 2.0, 1.01f64.sqrt());
    let c = crate::Conditional::on_pre(|i| i % 2 == 0, normal(1.0, 0.1), ns(3.0));
    let neg = -(c.scaled(2.0).unwrap() + ns(1.0))
        .clip(None, ns(5.0))
        .unwrap();
    let x = neg.generate(1000, 14).unwrap();
    assert!(x.iter().skip(1).step_by(2).all(|&v| v == -ns(5.0)));
    let sel = crate::Select::new(crate::IndexAxis::Pre, vec![0, 1], (ns(1.0), ns(2.0))).unwrap();
    let x = (2.0 * sel - ns(0.5)).generate(2, 0).unwrap();
    assert_eq!(
        x.to_vec(),
        vec![2.0 * ns(1.0) - ns(0.5), 2.0 * ns(2.0) - ns(0.5)]
    );
}

/// An initializer that refuses every context without distances.
#[derive(Clone, Copy)]
struct NeedsDistances;

impl Initializer for NeedsDistances {
    type Output = ElectricalConductance;
    fn sample(&self, _: init_core::Element, _: &Context<'_>, _: init_core::Key) -> f64 {
        0.0
    }
    fn check(&self, _: &[usize], ctx: &Context<'_>) -> Result<(), init_core::InitError> {
        ctx.require_distances("NeedsDistances")
    }
}
init_core::impl_initializer_ops!([] NeedsDistances);

#[test]
fn every_composite_forwards_its_childrens_checks() {
    use crate::{Conditional, IndexAxis, Select};
    use init_core::InitError;
    let fails = |r: Result<ndarray::Array1<ElectricalConductance>, InitError>| {
        matches!(
            r,
            Err(InitError::MissingContext {
                by: "NeedsDistances",
                ..
            })
        )
    };
    let n = NeedsDistances;
    let g = ns(1.0);
    assert!(fails(
        Mixture::new(vec![g.boxed(), n.boxed()], &[1.0, 0.0])
            .unwrap()
            .generate(4, 0)
    ));
    assert!(fails(
        Mixture::new((g, n), &[0.5, 0.5]).unwrap().generate(4, 0)
    ));
    assert!(fails(Conditional::on_pre(|_| true, g, n).generate(4, 0)));
    assert!(fails(Conditional::on_pre(|_| true, n, g).generate(4, 0)));
    assert!(fails(
        Select::new(IndexAxis::Pre, vec![0; 4], (g, n))
            .unwrap()
            .generate(4, 0)
    ));
    assert!(fails(n.scaled(2.0).unwrap().generate(4, 0)));
    assert!(fails(n.clip(None, g).unwrap().generate(4, 0)));
    assert!(fails(n.apply(|x| x * 2.0).generate(4, 0)));
    assert!(fails((n * 2.0 + g).generate(4, 0)));
}
