//! Engine-level tests: determinism across thread counts, blocks equal to
//! the whole, zero-size shapes, arithmetic typing and context errors.

#![allow(clippy::single_range_in_vec_init)] // one range per axis, and 1-D arrays have one axis

use ndarray::{Array, Array1, Array2, Array3, s};
use rand_distr::{Distribution, StandardNormal};
use uom::si::electrical_conductance::nanosiemens;
use uom::si::f64::{ElectricalConductance, Length};
use uom::si::length::micrometer;

use crate::*;

/// A standard-normal initializer in nS drawn from the element's stream, so
/// that the engine is tested with real random draws (the distributions live
/// in init-dist, which depends on this crate).
#[derive(Clone, Copy)]
struct StdNormalNs;

impl Initializer for StdNormalNs {
    type Output = ElectricalConductance;
    fn sample(&self, el: Element, _: &Context<'_>, key: Key) -> f64 {
        let z: f64 = StandardNormal.sample(&mut key.stream(el.flat));
        z * 1e-9
    }
}
crate::impl_initializer_ops!([] StdNormalNs);

/// The distance of each element, as a length.
struct Dist;
impl Initializer for Dist {
    type Output = Length;
    fn sample(&self, el: Element, ctx: &Context<'_>, _: Key) -> f64 {
        ctx.distance(el)
    }
    fn check(&self, _: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        ctx.require_distances("Dist")
    }
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a rayon pool builds in tests")
        .install(f)
}

fn bits<D: ndarray::Dimension>(a: &Array<ElectricalConductance, D>) -> Vec<u64> {
    a.iter().map(|x| x.value.to_bits()).collect()
}

#[test]
fn bit_identical_for_1_2_and_8_threads() {
    // 700 × 300 = 210 000 elements: above the parallel threshold.
    let init = StdNormalNs * 2.0 + StdNormalNs;
    let one = in_pool(1, || init.generate((700, 300), 99).unwrap());
    let two = in_pool(2, || init.generate((700, 300), 99).unwrap());
    let eight = in_pool(8, || init.generate((700, 300), 99).unwrap());
    assert_eq!(bits(&one), bits(&two));
    assert_eq!(bits(&one), bits(&eight));
    // 1-D and 3-D too.
    let a = in_pool(1, || StdNormalNs.generate(100_000, 5).unwrap());
    let b = in_pool(8, || StdNormalNs.generate(100_000, 5).unwrap());
    assert_eq!(bits(&a), bits(&b));
    let a = in_pool(1, || StdNormalNs.generate((40, 50, 60), 5).unwrap());
    let b = in_pool(8, || StdNormalNs.generate((40, 50, 60), 5).unwrap());
    assert_eq!(bits(&a), bits(&b));
    // A different seed changes the values.
    let c = in_pool(2, || init.generate((700, 300), 100).unwrap());
    assert_ne!(bits(&one), bits(&c));
}

#[test]
fn blocks_equal_the_block_of_the_whole() {
    let ctx = Context::new();
    let whole = StdNormalNs.generate((500, 400), 11).unwrap();
    // Rows [r0, r1).
    let rows = StdNormalNs
        .generate_block((500, 400), &[123..377, 0..400], 11, &ctx)
        .unwrap();
    assert_eq!(bits(&rows), bits(&whole.slice(s![123..377, ..]).to_owned()));
    // A sub-block of rows and columns.
    let sub = StdNormalNs
        .generate_block((500, 400), &[7..300, 33..391], 11, &ctx)
        .unwrap();
    assert_eq!(
        bits(&sub),
        bits(&whole.slice(s![7..300, 33..391]).to_owned())
    );
    // n-D and 1-D.
    let whole3 = StdNormalNs.generate((9, 8, 7), 2).unwrap();
    let sub3 = StdNormalNs
        .generate_block((9, 8, 7), &[2..5, 1..8, 3..6], 2, &ctx)
        .unwrap();
    assert_eq!(
        bits(&sub3),
        bits(&whole3.slice(s![2..5, 1..8, 3..6]).to_owned())
    );
    let whole1 = StdNormalNs.generate(50_000, 2).unwrap();
    let sub1 = StdNormalNs
        .generate_block(50_000, &[40_000..45_000], 2, &ctx)
        .unwrap();
    assert_eq!(
        bits(&sub1),
        bits(&whole1.slice(s![40_000..45_000]).to_owned())
    );
}

#[test]
fn a_bigger_matrix_extends_a_smaller_one_row_wise() {
    // Keying by the global flat index: adding rows leaves earlier rows alone.
    let small = StdNormalNs.generate((10, 30), 4).unwrap();
    let big = StdNormalNs.generate((20, 30), 4).unwrap();
    assert_eq!(bits(&small), bits(&big.slice(s![0..10, ..]).to_owned()));
}

#[test]
fn zero_size_shapes_give_empty_arrays() {
    let a = StdNormalNs.generate(0, 1).unwrap();
    assert_eq!(a.len(), 0);
    let b = StdNormalNs.generate((0, 5), 1).unwrap();
    assert_eq!(b.shape(), &[0, 5]);
    let c = StdNormalNs.generate((5, 0), 1).unwrap();
    assert_eq!(c.shape(), &[5, 0]);
    let d = StdNormalNs.generate((3, 0, 4), 1).unwrap();
    assert_eq!(d.len(), 0);
    let e = StdNormalNs
        .generate_block((5, 5), &[2..2, 0..5], 1, &Context::new())
        .unwrap();
    assert_eq!(e.shape(), &[0, 5]);
    let scalar = StdNormalNs.generate((), 1).unwrap();
    assert_eq!(scalar.len(), 1);
}

#[test]
fn bad_regions_and_contexts_are_errors() {
    let ctx = Context::new();
    assert!(matches!(
        StdNormalNs.generate_block((5, 5), &[0..6, 0..5], 1, &ctx),
        Err(InitError::RegionOutOfBounds { axis: 0, .. })
    ));
    assert!(matches!(
        StdNormalNs.generate_block((5, 5), &[0..5], 1, &ctx),
        Err(InitError::ShapeMismatch { .. })
    ));
    // Distances shaped unlike the output.
    let d = Array2::from_elem((3, 4), Length::new::<micrometer>(1.0));
    let ctx = Context::new().with_distances(&d).unwrap();
    assert!(matches!(
        Dist.generate_with((4, 3), 0, &ctx),
        Err(InitError::ShapeMismatch {
            what: "distances",
            ..
        })
    ));
    assert!(matches!(
        Dist.generate((4, 3), 0),
        Err(InitError::MissingContext { .. })
    ));
    let out = Dist.generate_with((3, 4), 0, &ctx).unwrap();
    assert_eq!(out[[2, 3]], Length::new::<micrometer>(1.0));
    // Neuron indices of the wrong count.
    let ids = [0usize, 1, 2];
    let ctx = Context::new().with_neuron_indices(&ids);
    assert!(matches!(
        StdNormalNs.generate_with(4, 0, &ctx),
        Err(InitError::ShapeMismatch {
            what: "neuron indices",
            ..
        })
    ));
}

#[test]
fn positions_and_distances_paths_agree() {
    let pre = Array2::from_shape_fn((30, 2), |(i, k)| {
        Length::new::<micrometer>((i * 7 + k * 3) as f64)
    });
    let post = Array2::from_shape_fn((20, 2), |(j, k)| {
        Length::new::<micrometer>((j * 5 + k) as f64)
    });
    let p = Positions::new(&pre, &post).unwrap();
    let dense = Array2::from_shape_fn((30, 20), |(i, j)| {
        Length::new::<uom::si::length::meter>(p.distance(i, j))
    });
    let a = Dist
        .generate_with(
            (30, 20),
            0,
            &Context::new().with_positions(&pre, &post).unwrap(),
        )
        .unwrap();
    let b = Dist
        .generate_with((30, 20), 0, &Context::new().with_distances(&dense).unwrap())
        .unwrap();
    assert_eq!(a, b);
}

/// The value of `StdNormalNs` at flat index `i` under `key`, in nS.
fn z(key: Key, i: u64) -> f64 {
    StdNormalNs.sample(
        Element {
            flat: i,
            pre: i as usize,
            post: i as usize,
        },
        &Context::new(),
        key,
    )
}

#[test]
fn arithmetic_composes_child_draws_with_unit_types() {
    let g = ElectricalConductance::new::<nanosiemens>(1.0);
    let root = Seed::new(1).key();
    let n = 64;
    // nS + nS: each side draws from its own child key.
    let a: Array1<ElectricalConductance> = (StdNormalNs + StdNormalNs).generate(n, 1).unwrap();
    // f64 × nS × f64 stays nS.
    let b: Array1<ElectricalConductance> = (0.5 * StdNormalNs * 4.0).generate(n, 1).unwrap();
    // nS + a constant nS.
    let c: Array1<ElectricalConductance> = (StdNormalNs + g).generate(n, 1).unwrap();
    // nS / nS is a ratio; nS × nS a new quantity.
    let r: Array1<uom::si::f64::Ratio> = (StdNormalNs / g).generate(n, 1).unwrap();
    let sq = (StdNormalNs * StdNormalNs).generate(n, 1).unwrap();
    let d: Array1<ElectricalConductance> = (StdNormalNs - StdNormalNs).generate(n, 1).unwrap();
    for i in 0..n {
        let k = i as u64;
        let (l, rr) = (z(root.child(0), k), z(root.child(1), k));
        assert_eq!(a[i].value, l + rr);
        assert_eq!(d[i].value, l - rr);
        assert_eq!(c[i].value, l + g.value);
        assert_eq!(r[i].value, l / g.value);
        assert_eq!(sq[i].value, l * rr);
        // (0.5 × X) × 4: X sits at child 1 of child 0.
        assert_eq!(b[i].value, 0.5 * z(root.child(0).child(1), k) * 4.0);
        assert_ne!(l, rr);
    }
}

#[test]
fn fill_override_of_sums_matches_per_element_sampling() {
    // Sum::fill goes through buffers; its result must equal per-element
    // sampling of the same tree.
    let init = StdNormalNs * 3.0 - StdNormalNs;
    let key = Seed::new(8).key();
    let ctx = Context::new();
    let whole = init.generate((3, 1000), 8).unwrap();
    for i in 0..3 {
        for j in (0..1000).step_by(97) {
            let v = init.sample(Element::in_matrix(i, j, 1000), &ctx, key);
            assert_eq!(v.to_bits(), whole[[i, j]].value.to_bits());
        }
    }
}

#[test]
fn boxed_initializers_work_and_match() {
    let boxed: BoxedInitializer<ElectricalConductance> = Box::new(StdNormalNs);
    let a = boxed.generate((20, 20), 6).unwrap();
    let b = StdNormalNs.generate((20, 20), 6).unwrap();
    assert_eq!(a, b);
    let list: Vec<BoxedInitializer<ElectricalConductance>> =
        vec![Box::new(StdNormalNs), Box::new(StdNormalNs * 2.0)];
    assert_eq!(list.len(), 2);
    let _: Array3<ElectricalConductance> = list[1].generate((2, 2, 2), 0).unwrap();
}

/// A dimensionless uniform in [0, 1), for the operators with a quantity on
/// the left.
#[derive(Clone, Copy)]
struct Unit01;
impl Initializer for Unit01 {
    type Output = f64;
    fn sample(&self, el: Element, _: &Context<'_>, key: Key) -> f64 {
        key.stream(el.flat).uniform()
    }
}
crate::impl_initializer_ops!([] Unit01);

/// Constants on the left give the values of the same expression written
/// with them on the right (same streams: each side keeps its own child
/// key, so `c + a` is `a + c` with the operands' keys swapped, which is
/// why the comparison is against the values of `a` itself).
#[test]
fn constants_on_either_side() {
    let ns = |v| ElectricalConductance::new::<nanosiemens>(v);
    // The left operand draws with child 0, the right with child 1: put
    // the initializer on the same side to compare bits.
    let key = Seed::new(3).key();
    let right: Vec<f64> = (0..500)
        .map(|k| {
            Unit01.sample(
                Element {
                    flat: k,
                    pre: k as usize,
                    post: k as usize,
                },
                &Context::new(),
                key.child(1),
            )
        })
        .collect();
    let sum = (2.0 + Unit01).generate(500, 3).unwrap();
    let diff = (1.0 - Unit01).generate(500, 3).unwrap();
    let scaled = (ns(0.5) * Unit01).generate(500, 3).unwrap();
    let over = (ns(2.0) / (Unit01 + 1.0)).generate(500, 3).unwrap();
    for k in 0..500 {
        assert_eq!(sum[k], 2.0 + right[k]);
        assert_eq!(diff[k], 1.0 - right[k]);
        assert_eq!(scaled[k], ns(0.5) * right[k]);
        assert!(over[k] > ns(1.0) && over[k] <= ns(2.0));
    }
    // A quantity plus a quantity-valued initializer: `ms(1.5) + delay`.
    let ms = |v| uom::si::f64::Time::new::<uom::si::time::millisecond>(v);
    struct Jitter;
    impl Initializer for Jitter {
        type Output = uom::si::f64::Time;
        fn sample(&self, el: Element, _: &Context<'_>, key: Key) -> f64 {
            (key.stream(el.flat).uniform() - 0.5) * 1e-4
        }
    }
    crate::impl_initializer_ops!([] Jitter);
    let d = (ms(1.5) + Jitter).generate(1000, 4).unwrap();
    assert!(d.iter().all(|&t| t > ms(1.4) && t < ms(1.6)));
    let d = (ms(1.5) - Jitter).generate(10, 4).unwrap();
    assert!(d.iter().all(|&t| t > ms(1.4) && t < ms(1.6)));
}

/// An operator cannot return an error, so a non-finite constant operand
/// (or a division by a constant 0) is refused when the expression is
/// generated, with the same typed error the checked methods give.
#[test]
fn non_finite_operands_are_refused_at_generation() {
    let ns = |v| ElectricalConductance::new::<nanosiemens>(v);
    let refused = |r: Result<Array1<ElectricalConductance>, InitError>| matches!(r, Err(InitError::InvalidParameter { name, .. }) if name == "constant" || name == "divisor");
    assert!(refused((StdNormalNs * f64::NAN).generate(10, 1)));
    assert!(refused((f64::INFINITY * StdNormalNs).generate(10, 1)));
    assert!(refused((StdNormalNs + ns(f64::NAN)).generate(10, 1)));
    assert!(refused(
        (ns(f64::NEG_INFINITY) - StdNormalNs).generate(10, 1)
    ));
    assert!(refused((StdNormalNs / 0.0).generate(10, 1)));
    assert!(refused(
        (StdNormalNs * 2.0 + StdNormalNs / f64::NAN).generate(10, 1)
    ));
    // generate_into and blocks refuse too, and leave the buffer untouched.
    let mut buf = Array1::from_elem(4, ns(7.0));
    assert!(
        (StdNormalNs * f64::NAN)
            .generate_into(&mut buf, 1, &Context::new())
            .is_err()
    );
    assert!(buf.iter().all(|&v| v == ns(7.0)));
    let msg = (StdNormalNs + ns(f64::NAN))
        .generate(3, 1)
        .unwrap_err()
        .to_string();
    assert!(msg.contains("NaN nS"), "{msg}");
    assert!((StdNormalNs * 2.0).generate(10, 1).is_ok());
}
