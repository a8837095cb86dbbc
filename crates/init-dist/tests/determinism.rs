//! Every distribution gives bit-identical arrays for any number of threads,
//! and any block of rows (or of rows and columns) generated alone equals
//! that block of the whole array; `generate_into` a used buffer gives the
//! same array. Shapes exceed 2^15 elements so that the parallel path runs.

use init_core::{ArrayValues, Context, Generate, Initializer, Value};
use init_dist::{
    Beta, Constant, Exponential, Gamma, LogNormal, Normal, TruncatedNormal, Uniform, Weibull, Zero,
};
use init_testkit::in_pool;
use ndarray::{Array, Dimension, s};
use uom::si::electrical_conductance::nanosiemens;
use uom::si::f64::ElectricalConductance;

const SHAPE: (usize, usize) = (300, 257);
const SEED: u64 = 7;

fn ns(v: f64) -> ElectricalConductance {
    ElectricalConductance::new::<nanosiemens>(v)
}

fn bits<Q: Value, D: Dimension>(a: &Array<Q, D>) -> Vec<u64> {
    a.si_view().iter().map(|v| v.to_bits()).collect()
}

/// All the determinism properties for one initializer. `random` is false
/// for constants, whose arrays do not change with the seed.
fn check<I: Initializer>(name: &str, init: &I, random: bool) {
    let ctx = Context::new();
    let whole = in_pool(1, || init.generate(SHAPE, SEED).unwrap());
    assert!(SHAPE.0 * SHAPE.1 > 1 << 15);
    for threads in [2, 8] {
        let again = in_pool(threads, || init.generate(SHAPE, SEED).unwrap());
        assert_eq!(
            bits(&whole),
            bits(&again),
            "{name}: {threads} threads differ from 1"
        );
    }
    // 1-D, across the parallel threshold too.
    let line = in_pool(1, || init.generate(40_000, SEED).unwrap());
    let line8 = in_pool(8, || init.generate(40_000, SEED).unwrap());
    assert_eq!(bits(&line), bits(&line8), "{name}: 1-D, 8 threads");

    // Rows [r0, r1) alone (33 410 elements: parallel as well).
    let rows = in_pool(2, || {
        init.generate_block(SHAPE, &[100..230, 0..SHAPE.1], SEED, &ctx)
            .unwrap()
    });
    assert_eq!(
        bits(&rows),
        bits(&whole.slice(s![100..230, ..]).to_owned()),
        "{name}: rows 100..230"
    );
    // A sub-block of rows and columns.
    let sub = init
        .generate_block(SHAPE, &[37..200, 50..201], SEED, &ctx)
        .unwrap();
    assert_eq!(
        bits(&sub),
        bits(&whole.slice(s![37..200, 50..201]).to_owned()),
        "{name}: block [37..200, 50..201]"
    );
    // A single element.
    let one = init
        .generate_block(SHAPE, &[299..300, 256..257], SEED, &ctx)
        .unwrap();
    assert_eq!(
        bits(&one),
        bits(&whole.slice(s![299..300, 256..257]).to_owned())
    );

    // Into a reused buffer: the same values, with 1 and 8 threads, and a
    // buffer holding another seed's values is fully overwritten.
    let mut buf = init.generate(SHAPE, SEED + 5).unwrap();
    for threads in [1, 8] {
        in_pool(threads, || {
            init.generate_into(&mut buf, SEED, &ctx).unwrap()
        });
        assert_eq!(
            bits(&buf),
            bits(&whole),
            "{name}: generate_into, {threads} threads"
        );
    }

    // Zero-size shapes.
    assert_eq!(init.generate(0, SEED).unwrap().len(), 0, "{name}: 0");
    assert_eq!(
        init.generate((0, 5), SEED).unwrap().shape(),
        &[0, 5],
        "{name}: (0, 5)"
    );
    assert_eq!(
        init.generate((5, 0), SEED).unwrap().shape(),
        &[5, 0],
        "{name}: (5, 0)"
    );

    if random {
        // Not vacuous: another seed changes the values, and elements differ.
        let other = init.generate(SHAPE, SEED + 1).unwrap();
        assert_ne!(bits(&whole), bits(&other), "{name}: the seed is ignored");
        let b = bits(&whole);
        assert!(b.iter().any(|&x| x != b[0]), "{name}: all elements equal");
    }
}

#[test]
fn constants() {
    check("Constant", &Constant::new(ns(0.3)).unwrap(), false);
    check("Zero", &Zero::<ElectricalConductance>::new(), false);
}

#[test]
fn uniform_normal_lognormal_exponential() {
    check("Uniform", &Uniform::new(ns(0.1), ns(0.5)).unwrap(), true);
    check("Normal", &Normal::new(ns(1.0), ns(0.2)).unwrap(), true);
    check(
        "LogNormal",
        &LogNormal::new(ns(0.8), ns(0.3)).unwrap(),
        true,
    );
    check("Exponential", &Exponential::new(ns(0.5)).unwrap(), true);
}

#[test]
fn rejection_samplers() {
    // Gamma and Beta reject a variable number of draws per element.
    check("Gamma k > 1", &Gamma::new(3.0, ns(0.2)).unwrap(), true);
    check("Gamma k < 1", &Gamma::new(0.4, ns(0.2)).unwrap(), true);
    check(
        "Beta",
        &Beta::new(2.0, 5.0, ns(0.1), ns(0.9)).unwrap(),
        true,
    );
    check(
        "Beta small",
        &Beta::new(0.5, 0.7, ns(0.0), ns(1.0)).unwrap(),
        true,
    );
    check("Weibull", &Weibull::new(1.5, ns(0.7)).unwrap(), true);
}

#[test]
fn truncated_normal_every_method() {
    let tn = |m, s, lo: Option<f64>, hi: Option<f64>| {
        TruncatedNormal::new(ns(m), ns(s), lo.map(ns), hi.map(ns)).unwrap()
    };
    // Normal, uniform, exponential (both tails) and folded proposals.
    check(
        "TruncatedNormal normal",
        &tn(0.8, 0.2, Some(0.2), Some(2.0)),
        true,
    );
    check(
        "TruncatedNormal uniform",
        &tn(0.8, 0.2, Some(0.7), Some(0.9)),
        true,
    );
    check(
        "TruncatedNormal right tail",
        &tn(0.0, 1.0, Some(6.0), Some(7.0)),
        true,
    );
    check(
        "TruncatedNormal left tail",
        &tn(0.0, 1.0, Some(-30.0), Some(-29.9)),
        true,
    );
    check(
        "TruncatedNormal folded",
        &tn(1.0, 2.0, Some(1.0), None),
        true,
    );
}

/// `generate_into` refuses a buffer that is not in standard layout (naming
/// `out`) and one whose shape the context does not fit, leaving it as it
/// was; a 3-D buffer and a view into a larger array work.
#[test]
fn generate_into_checks_its_buffer() {
    let init = Normal::new(ns(1.0), ns(0.2)).unwrap();
    let ctx = Context::new();
    let mut t = init.generate((40, 30), SEED).unwrap().reversed_axes();
    let before = bits(&t);
    let err = init.generate_into(&mut t, SEED, &ctx).unwrap_err();
    assert!(
        matches!(
            err,
            init_core::InitError::InvalidParameter { name: "out", .. }
        ),
        "{err:?}"
    );
    assert_eq!(bits(&t), before);

    let d = Array::from_elem(7, ns(1.0).value);
    let d: Array<uom::si::f64::Length, _> = d.mapv(uom::si::f64::Length::from_si);
    let dctx = Context::new().with_distances(&d).unwrap();
    let mut wrong = init.generate(5, SEED).unwrap();
    let before = bits(&wrong);
    assert!(init.generate_into(&mut wrong, SEED, &dctx).is_err());
    assert_eq!(bits(&wrong), before);

    let mut cube = Array::from_elem((4, 5, 6), ns(0.0));
    init.generate_into(&mut cube, SEED, &ctx).unwrap();
    assert_eq!(bits(&cube), bits(&init.generate((4, 5, 6), SEED).unwrap()));

    // A mutable view of the first rows (standard layout) is its own array.
    let mut big = Array::from_elem((10, 6), ns(0.0));
    let mut top = big.slice_mut(s![..4, ..]);
    init.generate_into(&mut top, SEED, &ctx).unwrap();
    let alone = init.generate((4, 6), SEED).unwrap();
    assert_eq!(bits(&big.slice(s![..4, ..]).to_owned()), bits(&alone));
    assert!(big.slice(s![4.., ..]).iter().all(|v| *v == ns(0.0)));

    let mut empty = Array::from_elem((0, 3), ns(0.0));
    init.generate_into(&mut empty, SEED, &ctx).unwrap();
}
