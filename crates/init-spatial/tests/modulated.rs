//! DistanceModulated end to end: the tutorial's section 5 numbers, periodic
//! boundaries, the two distance paths, and determinism.

use init_core::ndarray::{Array1, Array2, s};
use init_core::{ArrayValues, Context, Generate, Seed};
use init_dist::Normal;
use init_spatial::{DistanceModulated, GaussianProfile, Profile, distance_matrix};
use init_testkit::{in_pool, mean_std};
use statrs::distribution::{Continuous, ContinuousCDF, Normal as Exact};
use uom::si::electrical_conductance::nanosiemens;
use uom::si::f64::{ElectricalConductance, Length};
use uom::si::length::micrometer;

fn um(v: f64) -> Length {
    Length::new::<micrometer>(v)
}

fn ns(v: f64) -> ElectricalConductance {
    ElectricalConductance::new::<nanosiemens>(v)
}

/// `n` independent U(lo, hi) µm values from a fixed keyed stream.
fn uniform_um(n: usize, lo: f64, hi: f64, seed: u64) -> Vec<f64> {
    let key = Seed::new(seed).key();
    (0..n as u64)
        .map(|i| lo + (hi - lo) * key.stream(i).uniform())
        .collect()
}

/// The tutorial's initializer: Normal(1 nS, 0.2 nS) × Gaussian(σ = 100 µm),
/// floor 0.05 nS.
fn tutorial_dm() -> DistanceModulated<Normal<ElectricalConductance>, GaussianProfile> {
    DistanceModulated::new(
        Normal::new(ns(1.0), ns(0.2)).unwrap(),
        GaussianProfile::new(um(100.0)).unwrap(),
    )
    .with_min_weight(ns(0.05))
    .unwrap()
}

/// E[max(c·B, f)] for B ~ N(μ, s²) and c > 0: with Y = c·B ~ N(cμ, (cs)²)
/// and α = (f − cμ)/(cs), E = f·Φ(α) + cμ·(1 − Φ(α)) + cs·φ(α).
fn expected_floored(c: f64, mu: f64, s: f64, f: f64) -> f64 {
    let z = Exact::new(0.0, 1.0).unwrap();
    let (m, sd) = (c * mu, c * s);
    let a = (f - m) / sd;
    f * z.cdf(a) + m * (1.0 - z.cdf(a)) + sd * z.pdf(a)
}

/// The mean of `h` over d uniform on [a, b] (composite Simpson, 2000
/// panels: the integrand is smooth, the quadrature error is far below
/// 1e-9).
fn average_over(a: f64, b: f64, h: impl Fn(f64) -> f64) -> f64 {
    let n = 2000;
    let step = (b - a) / n as f64;
    let mut sum = h(a) + h(b);
    for k in 1..n {
        let w = if k % 2 == 1 { 4.0 } else { 2.0 };
        sum += w * h(a + k as f64 * step);
    }
    sum * step / 3.0 / (b - a)
}

#[test]
fn tutorial_section_5_means_match_their_exact_expectations() {
    let n = 1_000_000;
    let d_um = uniform_um(n, 0.0, 300.0, 7);
    let distances: Array1<Length> = d_um.iter().map(|&d| um(d)).collect();
    let ctx = Context::new().with_distances(&distances).unwrap();
    let w = tutorial_dm().generate_with(n, 2024, &ctx).unwrap();
    let w_ns: Vec<f64> = w.values_in(ns(1.0)).to_vec();

    let g = |d: f64| (-d * d / (2.0 * 100.0 * 100.0)).exp();
    let exact = |a: f64, b: f64| average_over(a, b, |d| expected_floored(g(d), 1.0, 0.2, 0.05));
    let subset = |keep: &dyn Fn(f64) -> bool| -> Vec<f64> {
        w_ns.iter()
            .zip(&d_um)
            .filter(|&(_, &d)| keep(d))
            .map(|(&v, _)| v)
            .collect()
    };
    let cases: [(&str, Vec<f64>, f64, f64); 3] = [
        ("modulated mean", w_ns.clone(), exact(0.0, 300.0), 0.433),
        (
            "close (< 50 µm) mean",
            subset(&|d| d < 50.0),
            exact(0.0, 50.0),
            0.966,
        ),
        (
            "far (> 200 µm) mean",
            subset(&|d| d > 200.0),
            exact(200.0, 300.0),
            0.065,
        ),
    ];
    for (label, xs, expect, tutorial) in cases {
        let (m, sd) = mean_std(&xs);
        let se = sd / (xs.len() as f64).sqrt();
        println!(
            "{label}: {m:.4} nS over {} samples (exact {expect:.4} nS, SE {se:.1e}; \
             the tutorial's single draw of 1000: {tutorial} nS)",
            xs.len()
        );
        // 4 standard errors, the SE estimated from the sample.
        assert!(
            (m - expect).abs() <= 4.0 * se,
            "{label}: {m} vs exact {expect} ({:.2} SE)",
            (m - expect) / se
        );
    }
    // Every weight respects the floor.
    assert!(w_ns.iter().all(|&v| v >= 0.05));
}

/// Reveals the distance: the profile value is the distance in metres.
struct Identity;
impl Profile for Identity {
    fn value_si(&self, d: f64) -> f64 {
        d
    }
}

/// Distances as `DistanceModulated` sees them: constant base 1 × identity.
fn seen_distances_um(ctx: &Context<'_>, shape: (usize, usize)) -> Array2<f64> {
    DistanceModulated::new(1.0, Identity)
        .generate_with(shape, 0, ctx)
        .unwrap()
        .mapv(|d| d * 1e6)
}

fn assert_um(got: f64, expect: f64, what: &str) {
    assert!(
        (got - expect).abs() <= 1e-9 * expect.max(1.0),
        "{what}: {got} µm, expected {expect} µm"
    );
}

#[test]
fn periodic_boundaries_take_the_shortest_image_through_distance_modulated() {
    // 1-D ring of 100 µm.
    let pre = Array1::from(vec![um(5.0), um(0.0)]);
    let post = Array1::from(vec![um(95.0), um(50.0), um(-30.0)]);
    let ctx = Context::new()
        .with_positions(&pre, &post)
        .unwrap()
        .periodic(&[um(100.0)])
        .unwrap();
    let d = seen_distances_um(&ctx, (2, 3));
    for ((i, j), e) in [
        ((0, 0), 10.0),
        ((0, 1), 45.0),
        ((0, 2), 35.0),
        ((1, 0), 5.0),
        ((1, 1), 50.0),
        ((1, 2), 30.0),
    ] {
        assert_um(d[[i, j]], e, &format!("1-D ({i}, {j})"));
    }
    // 2-D torus of 100 × 200 µm.
    let pre = Array2::from_shape_vec((1, 2), vec![um(1.0), um(1.0)]).unwrap();
    let post = Array2::from_shape_vec(
        (3, 2),
        vec![
            um(99.0),
            um(199.0),
            um(60.0),
            um(1.0),
            um(250.0),
            um(-150.0),
        ],
    )
    .unwrap();
    let ctx = Context::new()
        .with_positions(&pre, &post)
        .unwrap()
        .periodic(&[um(100.0), um(200.0)])
        .unwrap();
    let d = seen_distances_um(&ctx, (1, 3));
    assert_um(d[[0, 0]], 8f64.sqrt(), "2-D corner to corner");
    assert_um(d[[0, 1]], 41.0, "2-D across x");
    // (1, 1) → (250, −150): dx = 249 ≡ 49, dy = 151 ≡ 49 (box 200).
    assert_um(
        d[[0, 2]],
        (2.0 * 49f64 * 49.0).sqrt(),
        "2-D outside the box",
    );
    // 3-D cube of 10 µm.
    let pre = Array2::from_shape_vec((1, 3), vec![um(0.5), um(0.5), um(0.5)]).unwrap();
    let post = Array2::from_shape_vec(
        (2, 3),
        vec![um(9.5), um(9.5), um(9.5), um(5.5), um(0.5), um(3.0)],
    )
    .unwrap();
    let ctx = Context::new()
        .with_positions(&pre, &post)
        .unwrap()
        .periodic(&[um(10.0); 3])
        .unwrap();
    let d = seen_distances_um(&ctx, (1, 2));
    assert_um(d[[0, 0]], 3f64.sqrt(), "3-D opposite corners");
    assert_um(d[[0, 1]], (25.0 + 0.0 + 6.25f64).sqrt(), "3-D half box");
    // Without the box, the plain Euclidean distance.
    let ctx = Context::new().with_positions(&pre, &post).unwrap();
    assert_um(
        seen_distances_um(&ctx, (1, 2))[[0, 0]],
        3f64.sqrt() * 9.0,
        "3-D open",
    );
}

fn random_positions(n: usize, dims: usize, side_um: f64, seed: u64) -> Array2<Length> {
    let v = uniform_um(n * dims, 0.0, side_um, seed);
    Array2::from_shape_vec((n, dims), v.into_iter().map(um).collect()).unwrap()
}

fn bits(a: &Array2<ElectricalConductance>) -> Vec<u64> {
    a.si_view().iter().map(|x| x.to_bits()).collect()
}

#[test]
fn positions_path_and_distances_path_give_identical_weights() {
    let pre = random_positions(180, 2, 1000.0, 1);
    let post = random_positions(220, 2, 1000.0, 2);
    let dm = tutorial_dm();
    for periodic in [false, true] {
        let mut ctx = Context::new().with_positions(&pre, &post).unwrap();
        if periodic {
            ctx = ctx.periodic(&[um(1000.0), um(1000.0)]).unwrap();
        }
        let matrix = distance_matrix(ctx.positions().unwrap()).unwrap();
        let by_positions = dm.generate_with((180, 220), 9, &ctx).unwrap();
        let by_distances = dm
            .generate_with(
                (180, 220),
                9,
                &Context::new().with_distances(&matrix).unwrap(),
            )
            .unwrap();
        assert_eq!(
            bits(&by_positions),
            bits(&by_distances),
            "periodic = {periodic}"
        );
    }
}

#[test]
fn same_matrix_on_any_thread_count_and_blocks_equal_the_whole() {
    // 300 × 300 = 90 000 elements: above the engine's parallel threshold.
    let (n_pre, n_post) = (300, 300);
    let pre = random_positions(n_pre, 2, 1000.0, 3);
    let post = random_positions(n_post, 2, 1000.0, 4);
    let ctx = Context::new().with_positions(&pre, &post).unwrap();
    let dm = tutorial_dm();
    let whole = in_pool(1, || dm.generate_with((n_pre, n_post), 77, &ctx).unwrap());
    for threads in [2, 8] {
        let again = in_pool(threads, || {
            dm.generate_with((n_pre, n_post), 77, &ctx).unwrap()
        });
        assert_eq!(bits(&again), bits(&whole), "{threads} threads");
    }
    let rows = dm
        .generate_block((n_pre, n_post), &[120..240, 0..n_post], 77, &ctx)
        .unwrap();
    assert_eq!(bits(&rows), bits(&whole.slice(s![120..240, ..]).to_owned()));
    let sub = in_pool(2, || {
        dm.generate_block((n_pre, n_post), &[37..251, 11..290], 77, &ctx)
            .unwrap()
    });
    assert_eq!(
        bits(&sub),
        bits(&whole.slice(s![37..251, 11..290]).to_owned())
    );
}

#[test]
fn modulation_keeps_the_base_draws() {
    // The base is drawn with the node's own key: W(i, j) is the plain
    // base's value at (i, j), times the profile, floored.
    let pre = random_positions(50, 3, 500.0, 5);
    let post = random_positions(70, 3, 500.0, 6);
    let ctx = Context::new().with_positions(&pre, &post).unwrap();
    let dm = tutorial_dm();
    let w = dm.generate_with((50, 70), 11, &ctx).unwrap();
    let base = dm.base().generate((50, 70), 11).unwrap();
    let p = ctx.positions().unwrap();
    for ((i, j), &v) in w.indexed_iter() {
        let g = dm.profile().value_si(p.distance(i, j));
        let expect = (base[[i, j]].value * g).max(ns(0.05).value);
        assert_eq!(v.value.to_bits(), expect.to_bits(), "({i}, {j})");
    }
}

#[test]
fn clip_composes_and_a_lower_clip_is_the_min_weight_floor() {
    // braintools' benchmark writes the floor as `.clip(min_val=0.05 nS)`,
    // the tutorial as `min_weight=0.05 nS`: the same weights, bit for bit
    // (Clipped draws its child with its own key, as DistanceModulated
    // draws its base).
    use init_compose::InitializerExt;
    let pre = random_positions(120, 2, 1000.0, 8);
    let post = random_positions(90, 2, 1000.0, 9);
    let ctx = Context::new().with_positions(&pre, &post).unwrap();
    let plain = DistanceModulated::new(
        Normal::new(ns(1.0), ns(0.2)).unwrap(),
        GaussianProfile::new(um(100.0)).unwrap(),
    );
    // The generic clip (a `Clipped` around the modulation) and the
    // inherent one (the floor inside it) both equal min_weight.
    let clipped = InitializerExt::clip(plain, Some(ns(0.05)), None).unwrap();
    let a = clipped.generate_with((120, 90), 3, &ctx).unwrap();
    let inner = plain.clip(ns(0.05), None).unwrap();
    assert_eq!(
        bits(&inner.generate_with((120, 90), 3, &ctx).unwrap()),
        bits(&a)
    );
    let b = tutorial_dm().generate_with((120, 90), 3, &ctx).unwrap();
    assert_eq!(bits(&a), bits(&b));
    let both = plain.clip(ns(0.05), ns(0.8)).unwrap();
    let c = both.generate_with((120, 90), 3, &ctx).unwrap();
    assert!(c.iter().all(|w| *w >= ns(0.05) && *w <= ns(0.8)));
    assert!(c.iter().any(|w| *w == ns(0.8)) && c.iter().any(|w| *w == ns(0.05)));
}

/// A floored `DistanceModulated` over composites whose bounds are known
/// (a mixture, a select) takes the shortcut: `floor_shortcut` is set, the
/// matrix equals the element-by-element `sample` path bit for bit, and a
/// good share of its elements lie beyond the shortcut radius (decided as
/// the floor without a draw). Over an initializer without bounds there is
/// no shortcut, and the values are the same.
#[test]
fn a_floored_modulation_over_a_mixture_takes_the_shortcut() {
    use init_compose::{IndexAxis, Mixture, Select};
    use init_core::{Element, Initializer, Key};
    use init_dist::{Gamma, LogNormal};

    let mixture = Mixture::new(
        (
            Normal::new(ns(0.5), ns(0.1)).unwrap(),
            LogNormal::new(ns(0.8), ns(0.3)).unwrap(),
            Gamma::new(3.0, ns(0.2)).unwrap(),
        ),
        &[0.5, 0.3, 0.2],
    )
    .unwrap();
    let labels: Vec<usize> = (0..300).map(|i| i % 2).collect();
    let select = Select::new(
        IndexAxis::Pre,
        labels,
        vec![
            Normal::new(ns(1.0), ns(0.2)).unwrap(),
            Normal::new(ns(2.0), ns(0.2)).unwrap(),
        ],
    )
    .unwrap();
    let g = GaussianProfile::new(um(60.0)).unwrap();
    let (pre, post) = (
        random_positions(300, 2, 1000.0, 1),
        random_positions(400, 2, 1000.0, 2),
    );
    let ctx = Context::new().with_positions(&pre, &post).unwrap();
    let key = Seed::new(5).key();

    fn check<B: Initializer<Output = ElectricalConductance>>(
        dm: &DistanceModulated<B, GaussianProfile>,
        ctx: &Context<'_>,
        key: Key,
        pre: &Array2<Length>,
        post: &Array2<Length>,
    ) -> usize {
        let w = dm.generate_with((300, 400), 5, ctx).unwrap();
        let r = dm.floor_shortcut().map_or(f64::INFINITY, |r| r.value);
        let p = ctx.positions().unwrap();
        let mut decided = 0;
        for i in 0..300 {
            for j in 0..400 {
                let slow = dm.sample(Element::in_matrix(i, j, 400), ctx, key);
                assert_eq!(w[[i, j]].value.to_bits(), slow.to_bits(), "({i}, {j})");
                decided += usize::from(p.distance(i, j) >= r);
            }
        }
        let _ = (pre, post);
        decided
    }

    let floor = ns(0.05);
    let dm = DistanceModulated::new(mixture, g)
        .with_min_weight(floor)
        .unwrap();
    assert!(
        dm.floor_shortcut().is_some(),
        "a mixture's bounds are known"
    );
    let decided = check(&dm, &ctx, key, &pre, &post);
    assert!(
        decided > 300 * 400 / 2,
        "{decided} elements decided as the floor"
    );

    let dm = DistanceModulated::new(select, g)
        .with_min_weight(floor)
        .unwrap();
    assert!(dm.floor_shortcut().is_some(), "a select's bounds are known");
    assert!(check(&dm, &ctx, key, &pre, &post) > 300 * 400 / 2);

    struct Opaque;
    impl Initializer for Opaque {
        type Output = ElectricalConductance;
        fn sample(&self, el: Element, _: &Context<'_>, key: Key) -> f64 {
            key.stream(el.flat).uniform() * 1e-9
        }
    }
    let dm = DistanceModulated::new(Opaque, g)
        .with_min_weight(floor)
        .unwrap();
    assert_eq!(dm.floor_shortcut(), None);
    assert_eq!(check(&dm, &ctx, key, &pre, &post), 0);
}
