//! Mixtures: every element draws from one of several components, chosen at
//! random with fixed weights.

use init_core::{Context, Element, InitError, Initializer, Key, Run};
use rand::RngCore;

use crate::list::InitializerList;

/// Up to this many components the choice scans its table (branch-free);
/// beyond, it bisects.
const SCAN_MAX: usize = 16;

/// Up to this many components (a choice of two bits), `fill` keeps the
/// choices of a word of 64 elements in two registers.
const REGISTER_MAX: usize = 4;

/// 1 in the 63-bit fixed point of the choice.
const ONE: u64 = 1 << 63;

/// A finite mixture: each element independently takes component `i` with
/// probability `weights[i]`, then a sample of that component.
///
/// Density: `f(x) = Σᵢ wᵢ fᵢ(x)`; mean `E = Σᵢ wᵢ μᵢ`; variance
/// `Var = Σᵢ wᵢ (σᵢ² + μᵢ²) − E²`.
///
/// The components are an [`InitializerList`]: a `Vec` of
/// [`BoxedInitializer`](init_core::BoxedInitializer)s (any distributions,
/// chosen at run time) or a tuple of initializers (static dispatch). All of
/// them produce the same quantity, checked by the compiler.
///
/// # Example
///
/// ```
/// use init_compose::{InitializerExt, Mixture};
/// use init_core::{Generate, QuantityStats};
/// use init_dist::Normal;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let g = |v| G::new::<nS>(v);
/// // 70% weak synapses, 30% strong ones.
/// let mix = Mixture::new(
///     vec![
///         Normal::new(g(0.3), g(0.05))?.boxed(),
///         Normal::new(g(1.2), g(0.2))?.boxed(),
///     ],
///     &[0.7, 0.3],
/// )?;
/// let w = mix.generate(100_000, 42)?;
/// // E = 0.7·0.3 + 0.3·1.2 = 0.57 nS.
/// assert!((w.mean_value().unwrap().get::<nS>() - 0.57).abs() < 0.01);
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// The choice is one uniform draw from the mixture's own child key (63
/// random bits), compared with the cumulative weights in 63-bit fixed
/// point: integer comparisons, no float conversion, and a resolution of
/// 2⁻⁶³. Component `i` draws with child key `i + 1`, so the choice and the
/// value are independent, and each element's value depends only on the
/// seed and its coordinates (determinism for any thread count).
///
/// [`Initializer::fill`] first makes the choices for a word of 64
/// elements, then lets each component sample its own elements in one
/// loop; the result is bit-identical to [`Initializer::sample`]. For boxed
/// components the indirect call in that loop always goes to the same
/// place, which the branch predictor learns: on the development machine
/// this made the tutorial's three-component mixture 1.8× faster than one
/// dispatch per element in order (12 against 22 ns per element on one
/// thread). A tuple of components avoids the indirect calls altogether
/// (10.5 ns).
#[derive(Clone, Debug)]
#[must_use]
pub struct Mixture<C> {
    components: C,
    weights: Box<[f64]>,
    /// `thresholds[i]` = P(choice <= i)·2⁶³, for i < len − 1; the choice
    /// for a uniform 63-bit integer `x` is the number of thresholds <= `x`.
    thresholds: Box<[u64]>,
    /// The first thresholds, padded with 2⁶³ (which no draw reaches): for
    /// up to `REGISTER_MAX` components the choice is a fixed, unrolled
    /// count.
    first: [u64; REGISTER_MAX - 1],
}

impl<C: InitializerList> Mixture<C> {
    /// A mixture of `components` with `weights` (one per component, each
    /// finite and >= 0, summing to 1 within 1e-9).
    ///
    /// Errors ([`InitError::InvalidParameter`] on `weights`): empty, a
    /// length other than the number of components, a negative or
    /// non-finite weight, or a sum off 1 by more than 1e-9.
    pub fn new(components: C, weights: &[f64]) -> Result<Self, InitError> {
        let bad = |value: String, rule: &'static str| InitError::InvalidParameter {
            name: "weights",
            value,
            rule,
        };
        if weights.is_empty() {
            return Err(bad("[]".into(), "must be non-empty"));
        }
        if weights.len() != components.len() {
            return Err(bad(
                format!(
                    "{weights:?} ({} weights for {} components)",
                    weights.len(),
                    components.len()
                ),
                "must hold one weight per component",
            ));
        }
        if let Some((i, w)) = weights
            .iter()
            .enumerate()
            .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
        {
            return Err(bad(
                format!("{weights:?} (weights[{i}] = {w})"),
                "each weight must be finite and >= 0",
            ));
        }
        let total: f64 = weights.iter().sum();
        if (total - 1.0).abs() > 1e-9 {
            return Err(bad(
                format!("{weights:?} (sum {total})"),
                "must sum to 1 (within 1e-9)",
            ));
        }
        // Cumulative probabilities in 63-bit fixed point. Past the last
        // positive weight every threshold is 2⁶³, which no 63-bit draw
        // reaches, so a trailing zero-weight component is never picked;
        // a zero weight elsewhere repeats the previous threshold, which
        // no draw can fall between.
        let last_positive = weights.iter().rposition(|&w| w > 0.0).unwrap_or(0);
        let mut acc = 0.0;
        let thresholds: Box<[u64]> = weights[..weights.len() - 1]
            .iter()
            .enumerate()
            .map(|(i, &w)| {
                acc += w;
                if i >= last_positive {
                    ONE
                } else {
                    // acc/total is in [0, 1], so the product is in [0, 2⁶³]
                    // and converts exactly (truncating).
                    ((acc / total).min(1.0) * ONE as f64) as u64
                }
            })
            .collect();
        Ok(Mixture {
            components,
            weights: weights.iter().map(|w| w / total).collect(),
            first: std::array::from_fn(|i| thresholds.get(i).copied().unwrap_or(ONE)),
            thresholds,
        })
    }

    /// A mixture with equal weights, `1/n` each.
    ///
    /// Errors: no components ([`InitError::InvalidParameter`] on
    /// `components`).
    pub fn equal_weights(components: C) -> Result<Self, InitError> {
        let n = components.len();
        if n == 0 {
            return Err(InitError::invalid(
                "components",
                "[]",
                "a mixture needs at least one component",
            ));
        }
        Self::new(components, &vec![1.0 / n as f64; n])
    }

    /// The weights (normalised to sum to 1).
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The components.
    pub fn components(&self) -> &C {
        &self.components
    }

    /// Which component the draw `r` (64 random bits) picks.
    #[inline(always)]
    fn pick(&self, r: u64) -> usize {
        let x = r >> 1;
        let t = &*self.thresholds;
        // Every branch counts the thresholds <= x (the table is sorted, and
        // the padding never counts), so they agree exactly.
        if t.len() < REGISTER_MAX {
            self.first.iter().filter(|&&c| c <= x).count()
        } else if t.len() <= SCAN_MAX {
            t.iter().filter(|&&c| c <= x).count()
        } else {
            t.partition_point(|&c| c <= x)
        }
    }
}

impl<C: InitializerList> Initializer for Mixture<C> {
    type Output = C::Output;

    #[inline]
    fn sample(&self, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
        let i = self.pick(key.child(0).stream(el.flat).next_u64());
        self.components
            .sample_member(i, el, ctx, key.child(1 + i as u64))
    }

    fn check(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        self.components.check_all(shape, ctx)
    }

    /// The hull of the bounds of the components that can be picked (weight
    /// above 0).
    fn value_bounds(&self) -> Option<(f64, f64)> {
        self.components.bounds_of(|i| self.weights[i] > 0.0)
    }

    fn fill(&self, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
        let m = self.components.len();
        if m == 1 {
            // Every element picks component 0; its own fill is bit-identical
            // to its samples.
            return self.components.fill_member(0, run, ctx, key.child(1), out);
        }
        let choose = key.child(0);
        let keys: Vec<Key> = (1..=m as u64).map(|s| key.child(s)).collect();
        // Words of 64 elements: which elements picked component i is a
        // bit mask, and each component then samples its own elements.
        let mut masks = vec![0u64; if m > REGISTER_MAX { m } else { 0 }];
        let mut picks = [0u32; 64];
        for (w, o) in out.chunks_mut(64).enumerate() {
            let r = run.skip(64 * w);
            if m <= REGISTER_MAX {
                // The choice's two bits, as two masks kept in registers
                // (no counter in memory that consecutive elements would
                // update one after the other).
                let (mut lo, mut hi) = (0u64, 0u64);
                for k in 0..o.len() {
                    let p = self.pick(choose.stream(r.flat0 + k as u64).next_u64()) as u64;
                    lo |= (p & 1) << k;
                    hi |= (p >> 1) << k;
                }
                let all = u64::MAX >> (64 - o.len());
                let by_component = [!lo & !hi & all, lo & !hi, !lo & hi, lo & hi];
                for (i, &mask) in by_component[..m].iter().enumerate() {
                    if mask != 0 {
                        self.components
                            .sample_member_at(i, mask, r, ctx, keys[i], o);
                    }
                }
            } else {
                let picks = &mut picks[..o.len()];
                for (k, p) in picks.iter_mut().enumerate() {
                    // i < m <= u32::MAX: a mixture of more components could
                    // not be built in memory.
                    let i = self.pick(choose.stream(r.flat0 + k as u64).next_u64());
                    *p = i as u32;
                    masks[i] |= 1 << k;
                }
                // Visit only the components picked in this word, each once.
                for &p in picks.iter() {
                    let i = p as usize;
                    let mask = std::mem::take(&mut masks[i]);
                    if mask != 0 {
                        self.components
                            .sample_member_at(i, mask, r, ctx, keys[i], o);
                    }
                }
            }
        }
    }
}

init_core::impl_initializer_ops!([C] Mixture<C> where C: InitializerList);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InitializerExt;
    use crate::tests::{assert_deterministic, draws, normal, ns};
    use init_core::{BoxedInitializer, Generate};
    use init_dist::{Gamma, LogNormal};
    use init_testkit::{assert_chi_square, assert_ks, assert_moments};
    use statrs::distribution::{ContinuousCDF, Normal as Exact};
    use uom::si::f64::ElectricalConductance;

    /// How often each of `m` constant components 0, 1, ..., m−1 (f64) was
    /// picked in `n` draws.
    fn counts<I: Initializer<Output = f64>>(mix: &I, m: usize, n: usize, seed: u64) -> Vec<f64> {
        let mut c = vec![0.0; m];
        for v in mix.generate(n, seed).unwrap() {
            c[v as usize] += 1.0;
        }
        c
    }

    fn expected(weights: &[f64], n: usize) -> Vec<f64> {
        weights.iter().map(|w| w * n as f64).collect()
    }

    /// Constant components 0.0, 1.0, ...: the value says which was chosen.
    fn constants(m: usize) -> Vec<BoxedInitializer<f64>> {
        (0..m).map(|i| (i as f64).boxed()).collect()
    }

    /// A mixture's bounds are the hull of its pickable components' bounds,
    /// and hold its values.
    #[test]
    fn bounds_are_the_hull_of_the_pickable_components() {
        use init_dist::{Constant, Uniform};
        let m = Mixture::new(
            (
                Uniform::new(ns(0.0), ns(1.0)).unwrap(),
                Uniform::new(ns(2.0), ns(3.0)).unwrap(),
                Constant::new(ns(-5.0)).unwrap(),
            ),
            &[0.5, 0.5, 0.0],
        )
        .unwrap();
        let (lo, hi) = m.value_bounds().unwrap();
        assert_eq!(lo, 0.0);
        assert!(hi >= ns(3.0).value && hi <= ns(3.0).value * (1.0 + 1e-12));
        let w = init_core::Generate::generate(&m, 10_000, 1).unwrap();
        assert!(w.iter().all(|v| lo <= v.value && v.value <= hi));
        let all = Mixture::equal_weights(vec![
            Constant::new(ns(-5.0)).unwrap(),
            Constant::new(ns(7.0)).unwrap(),
        ])
        .unwrap();
        assert_eq!(all.value_bounds(), Some((ns(-5.0).value, ns(7.0).value)));
    }

    #[test]
    fn chooses_components_with_their_weights() {
        // Chi-square on which component was picked, p < 1e-3 rejects,
        // n = 2e5 (each expected count >= 2e4).
        let n = 200_000;
        let w = [0.5, 0.3, 0.2];
        let mix = Mixture::new(constants(3), &w).unwrap();
        assert_chi_square(
            "boxed 50/30/20",
            &counts(&mix, 3, n, 1),
            &expected(&w, n),
            1,
        );
        let tuple = Mixture::new((0.0, 1.0, 2.0), &w).unwrap();
        assert_chi_square(
            "tuple 50/30/20",
            &counts(&tuple, 3, n, 2),
            &expected(&w, n),
            1,
        );
        // Equal weights when omitted.
        let eq = Mixture::equal_weights(constants(4)).unwrap();
        assert_eq!(eq.weights(), &[0.25; 4]);
        assert_chi_square(
            "equal 4",
            &counts(&eq, 4, n, 3),
            &expected(&[0.25; 4], n),
            1,
        );
        // 20 components: the bisecting path.
        let w20: Vec<f64> = (1..=20).map(|i| i as f64 / 210.0).collect();
        let mix = Mixture::new(constants(20), &w20).unwrap();
        assert_chi_square(
            "20 components",
            &counts(&mix, 20, n, 4),
            &expected(&w20, n),
            1,
        );
    }

    #[test]
    fn zero_weights_are_never_chosen() {
        let w = [0.0, 0.5, 0.0, 0.5, 0.0];
        let c = counts(&Mixture::new(constants(5), &w).unwrap(), 5, 100_000, 5);
        assert_eq!((c[0], c[2], c[4]), (0.0, 0.0, 0.0));
        let w = [0.0, 1.0, 0.0];
        let c = counts(&Mixture::new(constants(3), &w).unwrap(), 3, 10_000, 6);
        assert_eq!(c, vec![0.0, 10_000.0, 0.0]);
    }

    #[test]
    fn tutorial_mixtures_have_the_exact_moments() {
        // E = Σ wᵢμᵢ; Var = Σ wᵢ(σᵢ² + μᵢ²) − E²; 4 SE, n = 2e5.
        fn exact(p: &[(f64, f64, f64)]) -> (f64, f64) {
            let e: f64 = p.iter().map(|(w, m, _)| w * m).sum();
            let m2: f64 = p.iter().map(|(w, m, s)| w * (s * s + m * m)).sum();
            (e, (m2 - e * e).sqrt())
        }
        for (label, p) in [
            ("two components", vec![(0.7, 0.3, 0.05), (0.3, 1.2, 0.2)]),
            (
                "three components",
                vec![(0.5, 0.2, 0.03), (0.35, 0.6, 0.08), (0.15, 1.5, 0.25)],
            ),
        ] {
            let comps: Vec<BoxedInitializer<ElectricalConductance>> =
                p.iter().map(|&(_, m, s)| normal(m, s).boxed()).collect();
            let w: Vec<f64> = p.iter().map(|t| t.0).collect();
            let mix = Mixture::new(comps, &w).unwrap();
            let (e, sd) = exact(&p);
            assert_moments(label, &draws(&mix, 200_000, 21), e, sd);
        }
        // Mixed types: Normal(0.5, 0.1) 50%, LogNormal(mean 0.8, std 0.3)
        // 30%, Gamma(k = 3, θ = 0.2) 20% (mean kθ = 0.6, std √k·θ).
        let p = [
            (0.5, 0.5, 0.1),
            (0.3, 0.8, 0.3),
            (0.2, 0.6, 3f64.sqrt() * 0.2),
        ];
        let (e, sd) = exact(&p);
        let lognormal = LogNormal::new(ns(0.8), ns(0.3)).unwrap();
        let gamma = Gamma::new(3.0, ns(0.2)).unwrap();
        let boxed = Mixture::new(
            vec![normal(0.5, 0.1).boxed(), lognormal.boxed(), gamma.boxed()],
            &[0.5, 0.3, 0.2],
        )
        .unwrap();
        assert_moments("mixed types", &draws(&boxed, 200_000, 22), e, sd);
        let tuple = Mixture::new((normal(0.5, 0.1), lognormal, gamma), &[0.5, 0.3, 0.2]).unwrap();
        assert_moments("mixed types (tuple)", &draws(&tuple, 200_000, 23), e, sd);
    }

    #[test]
    fn the_value_is_independent_of_the_choice() {
        // Components far apart: N(0, 1) and N(100, 1) nS. Were the value
        // drawn from the choice's stream, the values given the choice
        // would be skewed; each group must follow its own normal (KS,
        // p < 1e-3, n ≈ 1e5 each).
        let mix = Mixture::new((normal(0.0, 1.0), normal(100.0, 1.0)), &[0.5, 0.5]).unwrap();
        let x = draws(&mix, 200_000, 8);
        let (lo, hi): (Vec<f64>, Vec<f64>) = x.iter().partition(|&&v| v < 50.0);
        let z = Exact::new(0.0, 1.0).unwrap();
        assert_ks("low component", &lo, |v| z.cdf(v));
        assert_ks(
            "high component",
            &hi.iter().map(|v| v - 100.0).collect::<Vec<_>>(),
            |v| z.cdf(v),
        );
    }

    #[test]
    fn invalid_weights_are_typed_errors() {
        let name_of = |r: Result<Mixture<Vec<BoxedInitializer<f64>>>, InitError>| match r {
            Err(InitError::InvalidParameter { name, value, .. }) => (name, value),
            Err(e) => panic!("expected InvalidParameter, got {e:?}"),
            Ok(_) => panic!("expected an error"),
        };
        for (w, shows) in [
            (vec![], "[]"),
            (vec![0.5, 0.5], "2 weights for 3 components"),
            (vec![0.5, 0.6, -0.1], "weights[2] = -0.1"),
            (vec![0.5, f64::NAN, 0.5], "weights[1] = NaN"),
            (vec![f64::INFINITY, 0.0, 0.0], "weights[0] = inf"),
            (vec![0.3, 0.3, 0.3], "sum 0.8999"),
            (vec![0.5, 0.5, 2e-9], "sum 1.000000002"),
        ] {
            let (name, value) = name_of(Mixture::new(constants(3), &w));
            assert_eq!(name, "weights", "{w:?}");
            assert!(value.contains(shows), "{w:?}: {value}");
        }
        // Within 1e-9 of 1 is accepted.
        assert!(Mixture::new(constants(3), &[0.5, 0.5, 5e-10]).is_ok());
        assert!(matches!(
            Mixture::equal_weights(constants(0)),
            Err(InitError::InvalidParameter {
                name: "components",
                ..
            })
        ));
    }

    #[test]
    fn deterministic_for_any_thread_count_and_block() {
        let boxed = Mixture::new(
            vec![
                normal(0.5, 0.1).boxed(),
                ns(2.0).boxed(),
                normal(-1.0, 0.3).boxed(),
            ],
            &[0.5, 0.3, 0.2],
        )
        .unwrap();
        let ctx = Context::new();
        assert_deterministic("boxed mixture", &boxed, &ctx, &ctx);
        let tuple = Mixture::new((normal(0.5, 0.1), ns(2.0)), &[0.4, 0.6]).unwrap();
        assert_deterministic("tuple mixture", &tuple, &ctx, &ctx);
        let single = Mixture::equal_weights(vec![normal(0.5, 0.1)]).unwrap();
        assert_deterministic("one component", &single, &ctx, &ctx);
        let many: Vec<_> = (0..20).map(|i| normal(i as f64, 0.1)).collect();
        let many = Mixture::equal_weights(many).unwrap();
        assert_deterministic("20 components", &many, &ctx, &ctx);
    }
}
