//! The gamma distribution.

use std::marker::PhantomData;

use init_core::{Context, Element, ElementRng, InitError, Initializer, Key, Value, check};
use rand_distr::{Distribution, Exp1, StandardNormal};

/// The gamma distribution `Gamma(k, θ)` with dimensionless shape `k` and
/// scale `θ` in the unit of the samples; mean `kθ`, standard deviation
/// `√k·θ`.
///
/// Density: `f(x) = x^(k−1) exp(−x/θ) / (Γ(k) θ^k)` for `x > 0`.
///
/// # Example
///
/// ```
/// use init_core::{Generate, QuantityStats};
/// use init_dist::Gamma;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// // The tutorial's Gamma(shape = 3, scale = 0.2 nS): mean 0.6 nS.
/// let w = Gamma::new(3.0, G::new::<nS>(0.2))?.generate(100_000, 42)?;
/// assert!((w.mean_value().unwrap().get::<nS>() - 0.6).abs() < 0.01);
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// Marsaglia and Tsang's squeeze method for `k > 1`, an exponential
/// (rand_distr's `Exp1`) for `k = 1`, and for `k < 1` the boost
/// `Gamma(k) = Gamma(k + 1)·U^(1/k)`: the algorithm of `rand_distr::Gamma`,
/// step for step, written here so that its normal and uniform draws
/// (rand_distr's `StandardNormal`, our `uniform_open`) inline into one
/// loop. rand_distr's calls them through its generic `Rng::sample`, which
/// here stayed out of line: Gamma(3) took 11.7 ns per draw on one thread
/// against 7.6 ns for this one (`workloads mixture3`, a fifth of whose
/// draws are Gamma(3): 8.5 → 7.7 ns).
///
/// Reference: G. Marsaglia and W. W. Tsang (2000), *A Simple Method for
/// Generating Gamma Variables*, ACM TOMS 26(3), 363–372.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gamma<Q> {
    shape: f64,
    scale: f64,
    method: Method,
    unit: PhantomData<Q>,
}

/// How a [`Gamma`] draws, fixed in `new` by the shape.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Method {
    /// `k = 1`: an exponential.
    One,
    /// `k > 1`: Marsaglia–Tsang with `d = k − 1/3`, `c = 1/√(9d)`.
    Large { d: f64, c: f64 },
    /// `k < 1`: Marsaglia–Tsang for `k + 1`, times `U^(1/k)`.
    Small { d: f64, c: f64, inv_shape: f64 },
}

/// One Marsaglia–Tsang draw of `Gamma(d + 1/3)` with unit scale.
///
/// `v = (1 + c·x)³` for a standard normal `x`, kept when `v > 0` and
/// `ln u < x²/2 + d·(1 − v + ln v)` for a uniform `u` in (0, 1), first
/// tried through the squeeze `u < 1 − 0.0331·x⁴` (which needs no
/// logarithm about nine times in ten).
#[inline(always)]
fn marsaglia_tsang(d: f64, c: f64, rng: &mut ElementRng) -> f64 {
    loop {
        let x: f64 = StandardNormal.sample(rng);
        let v = 1.0 + c * x;
        if v <= 0.0 {
            continue;
        }
        let v = v * v * v;
        let u = rng.uniform_open();
        let x2 = x * x;
        if u < 1.0 - 0.0331 * x2 * x2 || u.ln() < 0.5 * x2 + d * (1.0 - v + v.ln()) {
            return d * v;
        }
    }
}

impl<Q: Value> Gamma<Q> {
    /// `Gamma(shape, scale)`. Errors: `shape` or `scale` not finite or
    /// `<= 0`.
    pub fn new(shape: f64, scale: Q) -> Result<Self, InitError> {
        let k = check::positive("shape", shape)?;
        let theta = check::positive("scale", scale)?;
        let mt = |k: f64| {
            let d = k - 1.0 / 3.0;
            (d, 1.0 / (9.0 * d).sqrt())
        };
        let method = if k == 1.0 {
            Method::One
        } else if k > 1.0 {
            let (d, c) = mt(k);
            Method::Large { d, c }
        } else {
            let (d, c) = mt(k + 1.0);
            Method::Small {
                d,
                c,
                inv_shape: 1.0 / k,
            }
        };
        Ok(Gamma {
            shape: k,
            scale: theta,
            method,
            unit: PhantomData,
        })
    }

    /// The shape `k`.
    pub fn shape(&self) -> f64 {
        self.shape
    }

    /// The scale `θ`.
    pub fn scale(&self) -> Q {
        Q::from_si(self.scale)
    }
}

impl<Q: Value> Initializer for Gamma<Q> {
    type Output = Q;

    #[inline]
    fn sample(&self, el: Element, _: &Context<'_>, key: Key) -> f64 {
        let rng = &mut key.stream(el.flat);
        // The order of the draws and of the products is rand_distr's, so
        // the values are its values bit for bit (tested below).
        match self.method {
            Method::One => {
                let e: f64 = Exp1.sample(rng);
                e * self.scale
            }
            Method::Large { d, c } => marsaglia_tsang(d, c, rng) * self.scale,
            Method::Small { d, c, inv_shape } => {
                let u = rng.uniform_open();
                marsaglia_tsang(d, c, rng) * self.scale * u.powf(inv_shape)
            }
        }
    }

    /// For `k != 1`: the normal `x` of a Marsaglia–Tsang draw is at most
    /// 14 (the bound of the ziggurat normal, see `Normal`), so the value
    /// is at most `θ·d·(1 + 14c)³` (times `U^(1/k) <= 1` for `k < 1`),
    /// with a relative margin of 1e-12 for the few roundings; at least 0.
    /// For `k = 1` (an exponential) none: rand_distr's tail is `R − ln u`
    /// with `u` possibly 0.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        let (d, c) = match self.method {
            Method::One => return None,
            Method::Large { d, c } | Method::Small { d, c, .. } => (d, c),
        };
        let v = 1.0 + c * crate::normal::Z_MAX;
        let hi = self.scale * d * v * v * v * (1.0 + 1e-12);
        hi.is_finite().then_some((0.0, hi))
    }
}

init_core::impl_initializer_ops!([Q] Gamma<Q> where Q: Value);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{draws, draws_f64, names, ns};
    use init_testkit::{assert_ks, assert_moments};
    use statrs::distribution::{ContinuousCDF, Gamma as Exact};

    /// Every draw lies within the bounds, for shapes above and below 1;
    /// the exponential case (k = 1) has none.
    #[test]
    fn draws_lie_within_the_bounds() {
        for k in [0.05, 0.4, 1.5, 3.0, 50.0] {
            let d = Gamma::new(k, 2.0).unwrap();
            let (lo, hi) = d.value_bounds().unwrap();
            assert!(
                draws_f64(&d, 100_000, 7)
                    .iter()
                    .all(|&x| lo <= x && x <= hi),
                "k = {k}"
            );
        }
        assert_eq!(Gamma::new(1.0, 2.0).unwrap().value_bounds(), None);
    }

    #[test]
    fn follows_the_gamma_law() {
        // The tutorial's Gamma(3, 0.2 nS): the k > 1 path.
        let d = Gamma::new(3.0, ns(0.2)).unwrap();
        assert_eq!((d.shape(), d.scale()), (3.0, ns(0.2)));
        let x = draws(&d, 200_000, 1);
        let exact = Exact::new(3.0, 1.0 / 0.2).unwrap();
        assert_ks("Gamma(3, 0.2) nS", &x, |v| exact.cdf(v));
        assert_moments("Gamma(3, 0.2) nS", &x, 0.6, 3f64.sqrt() * 0.2);
    }

    #[test]
    fn small_and_unit_shapes_follow_the_law() {
        // k < 1 (boosted) and k = 1 (exponential) take other code paths.
        for (k, seed) in [(0.4, 2), (1.0, 3)] {
            let d = Gamma::new(k, 2.5).unwrap();
            let x = draws_f64(&d, 200_000, seed);
            let exact = Exact::new(k, 1.0 / 2.5).unwrap();
            assert_ks(&format!("Gamma({k}, 2.5)"), &x, |v| exact.cdf(v));
            assert_moments(&format!("Gamma({k}, 2.5)"), &x, k * 2.5, k.sqrt() * 2.5);
        }
    }

    /// The same algorithm as `rand_distr::Gamma`, step for step: on the
    /// same element streams, the same bits for k > 1 and k < 1 (which
    /// exercise the squeeze, the logarithm test, rejections and the
    /// boost), and the same values to 1 ulp for k = 1 (rand_distr scales
    /// its exponential by `1/(1/θ)`, we by `θ`).
    #[test]
    fn draws_rand_distr_gammas_bit_for_bit() {
        let key = init_core::Seed::new(9).key();
        for (k, theta) in [
            (3.0, 0.2e-9),
            (50.0, 1.0),
            (1.5, 2.0),
            (0.4, 2.5),
            (0.05, 1.0),
            (1.0, 0.3),
        ] {
            let ours = Gamma::new(k, theta).unwrap();
            let theirs = rand_distr::Gamma::new(k, theta).unwrap();
            for flat in 0..20_000u64 {
                let el = Element {
                    flat,
                    pre: 0,
                    post: flat as usize,
                };
                let a = ours.sample(el, &Context::new(), key);
                let b: f64 = theirs.sample(&mut key.stream(flat));
                if k == 1.0 {
                    assert!(
                        (a - b).abs() <= f64::EPSILON * b,
                        "k = 1, element {flat}: {a} vs {b}"
                    );
                } else {
                    assert_eq!(
                        a.to_bits(),
                        b.to_bits(),
                        "k = {k}, element {flat}: {a} vs {b}"
                    );
                }
            }
        }
    }

    /// The regularized lower incomplete gamma function by its series
    /// `P(k, x) = x^k e^(−x) Σₙ xⁿ / Γ(k + n + 1)`, for the tiny-shape test:
    /// statrs' CDF of Gamma(0.05) is far off at the tiny values a fifth of
    /// the draws take (the KS distance was 0.18 against it, 0.0018 with
    /// p = 0.54 against scipy's).
    fn gamma_cdf_series(k: f64, x: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        let (mut term, mut sum, mut n) = (1.0, 1.0, 0.0);
        while term > 1e-17 * sum {
            n += 1.0;
            term *= x / (k + n);
            sum += term;
        }
        (k * x.ln() - x - statrs::function::gamma::ln_gamma(k + 1.0)).exp() * sum
    }

    #[test]
    fn follows_the_gamma_law_for_large_and_tiny_shapes() {
        let d = Gamma::new(50.0, 1.0).unwrap();
        let x = draws_f64(&d, 200_000, 4);
        let exact = Exact::new(50.0, 1.0).unwrap();
        assert_ks("Gamma(50, 1)", &x, |v| exact.cdf(v));
        assert_moments("Gamma(50, 1)", &x, 50.0, 50f64.sqrt());

        let d = Gamma::new(0.05, 1.0).unwrap();
        let x = draws_f64(&d, 200_000, 5);
        assert_ks("Gamma(0.05, 1)", &x, |v| gamma_cdf_series(0.05, v));
        assert_moments("Gamma(0.05, 1)", &x, 0.05, 0.05f64.sqrt());
    }

    #[test]
    fn invalid_parameters() {
        for (k, t, name) in [
            (0.0, 1.0, "shape"),
            (-1.0, 1.0, "shape"),
            (f64::NAN, 1.0, "shape"),
            (f64::INFINITY, 1.0, "shape"),
            (1.0, 0.0, "scale"),
            (1.0, -0.2, "scale"),
            (1.0, f64::NAN, "scale"),
            (1.0, f64::INFINITY, "scale"),
        ] {
            assert!(
                names(Gamma::new(k, ns(t)), name),
                "Gamma({k}, {t}) should fail on {name}"
            );
        }
    }
}
