//! [`DistanceModulated`]: a base initializer scaled by a distance profile.

use init_core::{
    Context, Element, InitError, Initializer, Key, Positions, Run, Value, check, euclidean,
};
use uom::si::f64::Length;

use crate::profile::{IntoProfile, Profile};

/// Elements per block in [`Initializer::fill`]: the base values, distances
/// and profile values of a block stay in L1.
const BLOCK: usize = 256;
const _: () = assert!(
    BLOCK.is_power_of_two(),
    "fill_blocks_floored masks indices with BLOCK - 1"
);

/// `W = base · profile.weight_scaling(d)`, element by element, then the
/// optional floor `W = max(W, min_weight)` (braintools' `min_weight`).
///
/// The distance `d` of each element comes from the generation [`Context`]:
/// either an array of distances shaped like the output, or pre- and
/// post-synaptic positions, from which each distance is computed where it
/// is used (an N × N distance matrix is never stored). The output has the
/// base's unit.
///
/// A profile value of exactly 0 gives a weight of exactly `+0` (then the
/// floor, if any): a present but silent synapse, not a missing one. Which
/// pairs exist at all is connectivity, where the profile's `probability`
/// is a Bernoulli probability.
///
/// # Example
///
/// ```
/// use init_core::{Context, Generate, QuantityStats};
/// use init_dist::Normal;
/// use init_spatial::{DistanceModulated, GaussianProfile};
/// use ndarray::Array2;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::{ElectricalConductance as G, Length},
///               length::micrometer as um};
///
/// let base = Normal::new(G::new::<nS>(1.0), G::new::<nS>(0.2))?;
/// let dm = DistanceModulated::new(base, GaussianProfile::new(Length::new::<um>(100.0))?)
///     .with_min_weight(G::new::<nS>(0.05))?;
/// let pre = Array2::from_shape_fn((200, 2), |(i, k)| Length::new::<um>((i * (k + 3) % 97) as f64 * 10.0));
/// let post = pre.clone();
/// let ctx = Context::new().with_positions(&pre, &post)?;
/// let w = dm.generate_with((200, 200), 42, &ctx)?;
/// assert!(w.min_value().unwrap() >= G::new::<nS>(0.05));
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// * Randomness: the base is drawn with this node's own key (not a child
///   key), so the base value at element (i, j) is exactly what the base
///   alone would draw there with the same seed: modulating a matrix does
///   not reshuffle it. The profile is deterministic.
/// * `check` requires distances (or positions) in the context and forwards
///   to the base.
/// * Distances are evaluated as `sqrt` of the sum of squares for every
///   profile, including the Gaussian, which would not need the root: a
///   squared-distance shortcut would make the positions path and the
///   precomputed-distances path differ in the last bit.
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use]
pub struct DistanceModulated<B, P> {
    base: B,
    profile: P,
    /// `min_weight`: the floor applied first.
    min_weight: Option<f64>,
    /// The clips applied after it, composed into one clamp
    /// `[clip_lo, clip_hi]` (`±∞` where open).
    clip_lo: f64,
    clip_hi: f64,
    /// The effective floor (the min weight clamped by the clips, or the
    /// clips' lower bound): what `limit` raises a value below it to.
    floor: Option<f64>,
    /// Upper bound of the result (`+∞` without one).
    ceiling: f64,
}

impl<B: Initializer, P: Profile> DistanceModulated<B, P> {
    /// `base` scaled by `profile(d)`, no floor. The profile may be a plain
    /// number (a [`crate::ConstantProfile`]).
    pub fn new(base: B, profile: impl IntoProfile<Profile = P>) -> Self {
        DistanceModulated {
            base,
            profile: profile.into_profile(),
            min_weight: None,
            clip_lo: f64::NEG_INFINITY,
            clip_hi: f64::INFINITY,
            floor: None,
            ceiling: f64::INFINITY,
        }
    }

    /// Floor the product: `W = max(base · profile(d), w)` (braintools'
    /// `min_weight`), applied before any [`clip`](Self::clip), whatever
    /// the order of the calls; a second call replaces the first. Errors:
    /// `w` not finite.
    pub fn with_min_weight(mut self, w: B::Output) -> Result<Self, InitError> {
        self.min_weight = Some(check::finite("min_weight", w)?);
        self.settle();
        Ok(self)
    }

    /// The effective floor and ceiling of `max(x, min_weight)` followed by
    /// the clips: a clamp composed with a clamp is a clamp,
    /// `clamp(clamp(x, a, b), c, d) = clamp(x, clamp(a, c, d), clamp(b, c, d))`.
    fn settle(&mut self) {
        let (lo, hi) = (self.clip_lo, self.clip_hi);
        let clamp = |x: f64| x.max(lo).min(hi);
        self.floor = match self.min_weight {
            Some(w) => Some(clamp(w)),
            None => lo.is_finite().then_some(lo),
        };
        self.ceiling = hi;
    }

    /// The base initializer.
    pub fn base(&self) -> &B {
        &self.base
    }

    /// The distance profile.
    pub fn profile(&self) -> &P {
        &self.profile
    }

    /// Clip the weights to `[min, max]`, either bound optional — the
    /// tutorial's `DistanceModulated(...).clip(min_val=...)`. The same
    /// values as the generic `InitializerExt::clip` (which this inherent
    /// method shadows for `DistanceModulated`; successive clips apply in
    /// turn, as nested `Clipped`s do), but the clip stays inside, so a
    /// lower bound acts as the floor. Knowing its floor lets `fill` skip
    /// the elements that can only take it (see
    /// [`Initializer::value_bounds`]).
    ///
    /// Errors: a non-finite bound, or `min > max`.
    pub fn clip(
        mut self,
        min: impl Into<Option<B::Output>>,
        max: impl Into<Option<B::Output>>,
    ) -> Result<Self, InitError> {
        let min = min.into().map(|m| check::finite("min", m)).transpose()?;
        let max = max.into().map(|m| check::finite("max", m)).transpose()?;
        if let (Some(lo), Some(hi)) = (min, max) {
            if lo > hi {
                return Err(InitError::invalid_value(
                    "max",
                    B::Output::from_si(hi),
                    "must be >= `min`",
                ));
            }
        }
        // This clip after the earlier ones: clamp their bounds by it.
        let (lo, hi) = (
            min.unwrap_or(f64::NEG_INFINITY),
            max.unwrap_or(f64::INFINITY),
        );
        self.clip_lo = self.clip_lo.max(lo).min(hi);
        self.clip_hi = self.clip_hi.max(lo).min(hi);
        self.settle();
        Ok(self)
    }

    /// The `min_weight` floor, if one was set.
    pub fn min_weight(&self) -> Option<B::Output> {
        self.min_weight.map(B::Output::from_si)
    }

    /// The lowest value the result can take (the min weight and the clips'
    /// lower bounds together), if any.
    pub fn floor(&self) -> Option<B::Output> {
        self.floor.map(B::Output::from_si)
    }

    /// The upper clip bound, if any.
    pub fn max_weight(&self) -> Option<B::Output> {
        self.ceiling
            .is_finite()
            .then(|| B::Output::from_si(self.ceiling))
    }

    /// The floor then the ceiling, as comparisons (so that NaN stays NaN,
    /// as with `Clipped` and numpy's `maximum`).
    #[inline(always)]
    fn limit(&self, w: f64) -> f64 {
        let w = match self.floor {
            Some(f) if w < f => f,
            _ => w,
        };
        if w > self.ceiling { self.ceiling } else { w }
    }

    /// Combine a base value and a profile value; the one formula of both
    /// `sample` and `fill`.
    #[inline(always)]
    fn combine(&self, base: f64, g: f64) -> f64 {
        let w = if g == 0.0 { 0.0 } else { base * g };
        self.limit(w)
    }
}

impl<B: Initializer, P: Profile> Initializer for DistanceModulated<B, P> {
    type Output = B::Output;

    #[inline]
    fn sample(&self, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
        let g = self.profile.value_si(ctx.distance(el));
        self.combine(self.base.sample(el, ctx, key), g)
    }

    fn check(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        ctx.require_distances("DistanceModulated")?;
        self.base.check(shape, ctx)
    }

    fn fill(&self, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
        let radius = self.floor_radius();
        match ctx.positions().filter(|_| run.pre_step == 0) {
            // A row of a matrix: the pre neuron is fixed along the run.
            Some(p) => match p.dims() {
                1 => self.fill_row::<1>(p, radius, run, ctx, key, out),
                2 => self.fill_row::<2>(p, radius, run, ctx, key, out),
                3 => self.fill_row::<3>(p, radius, run, ctx, key, out),
                _ => self.fill_blocks(radius, run, ctx, key, out, |r, g| {
                    for (k, x) in g.iter_mut().enumerate() {
                        *x = p.distance(r.pre0, r.post0 + k);
                    }
                }),
            },
            None => self.fill_blocks(radius, run, ctx, key, out, |r, g| {
                for (k, x) in g.iter_mut().enumerate() {
                    *x = ctx.distance(r.element(k));
                }
            }),
        }
    }
}

impl<B: Initializer, P: Profile> DistanceModulated<B, P> {
    /// The body of `fill`, per block of [`BLOCK`] elements: the base's own
    /// (possibly faster) fill, the block's distances (from `distances`) and
    /// then profile values in a stack buffer, then `combine`; separate
    /// passes, so that each vectorises. Each step is the arithmetic of
    /// `sample`, so results are identical bit for bit. With a floor
    /// radius (`fill`'s [`Self::floor_radius`]) it is
    /// [`Self::fill_blocks_floored`] on the distances themselves.
    #[inline(always)]
    fn fill_blocks(
        &self,
        floor_radius: Option<f64>,
        run: Run,
        ctx: &Context<'_>,
        key: Key,
        out: &mut [f64],
        mut distances: impl FnMut(Run, &mut [f64]),
    ) {
        if let Some(radius) = floor_radius {
            return self.fill_blocks_floored(run, ctx, key, out, radius, distances, |d| d);
        }
        let mut g = [0.0f64; BLOCK];
        for (b, o) in out.chunks_mut(BLOCK).enumerate() {
            let r = run.skip(b * BLOCK);
            let g = &mut g[..o.len()];
            self.base.fill(r, ctx, key, o);
            distances(r, g);
            for x in g.iter_mut() {
                *x = self.profile.value_si(*x);
            }
            for (w, &gk) in o.iter_mut().zip(g.iter()) {
                *w = self.combine(*w, gk);
            }
        }
    }

    /// A distance beyond which the weight can only be the floor, whatever
    /// the base draws: with a floor `f > 0`, a profile that never scales
    /// by a negative number, and base values at most `hi` (the base's
    /// [`Initializer::value_bounds`]), every `d` where the scaling is at
    /// most `L = 0.999·f/hi` gives `base·g <= hi·L < f` (rounding is
    /// monotonic, and a negative base gives `base·g <= 0 < f`), so the
    /// floor is what `sample` computes there.
    fn floor_radius(&self) -> Option<f64> {
        let f = self.floor.filter(|&f| f > 0.0)?;
        if !crate::profile::non_negative(&self.profile) {
            return None;
        }
        let (_, hi) = self.base.value_bounds()?;
        if hi <= 0.0 {
            return Some(0.0);
        }
        self.profile.radius_below(0.999 * f / hi)
    }

    /// The distance beyond which `fill` writes the floor without drawing a
    /// base value or evaluating the profile, when there is one: a floor
    /// above 0, a profile whose [`Profile::value_bounds`] are non-negative,
    /// and a base whose [`Initializer::value_bounds`] are known. `None`
    /// means every element is drawn (the values are the same either way).
    ///
    /// ```
    /// use init_dist::Normal;
    /// use init_spatial::{DistanceModulated, GaussianProfile};
    /// use uom::si::{electrical_conductance::nanosiemens as nS, f64::{ElectricalConductance as G, Length},
    ///               length::micrometer as um};
    ///
    /// let base = Normal::new(G::new::<nS>(1.0), G::new::<nS>(0.2))?;
    /// let dm = DistanceModulated::new(base, GaussianProfile::new(Length::new::<um>(100.0))?);
    /// assert_eq!(dm.floor_shortcut(), None); // no floor
    /// let floored = dm.with_min_weight(G::new::<nS>(0.05))?;
    /// let r = floored.floor_shortcut().unwrap();
    /// assert!(r > Length::new::<um>(250.0) && r < Length::new::<um>(350.0));
    /// # Ok::<(), init_core::InitError>(())
    /// ```
    pub fn floor_shortcut(&self) -> Option<Length> {
        self.floor_radius().map(<Length as Value>::from_si)
    }

    /// `fill_blocks` when [`Self::floor_radius`] is known: elements at or
    /// beyond it take the floor without a draw or a profile evaluation —
    /// for dm_dense (σ = 100 µm, floor 0.05 nS, positions in a 1 mm
    /// square) about three elements in four. The others are drawn one by
    /// one with the base's `sample` (which equals its `fill`) and their
    /// profile values computed in one pass over the gathered distances.
    ///
    /// `measures` fills a block with a non-decreasing function of the
    /// distance (the distance itself, or its square) and `to_distance`
    /// maps a measure back to the distance bit for bit; an element is
    /// decided as floor when its measure is at least `threshold`, which the
    /// caller guarantees implies a distance at least the floor radius. The
    /// test is `m < threshold || m.is_nan()` for "near", so a NaN stays on the full
    /// path.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)] // private; each argument is one step above
    fn fill_blocks_floored(
        &self,
        run: Run,
        ctx: &Context<'_>,
        key: Key,
        out: &mut [f64],
        threshold: f64,
        mut measures: impl FnMut(Run, &mut [f64]),
        to_distance: impl Fn(f64) -> f64,
    ) {
        // What `limit` makes of any value below the floor.
        let floor = self.limit(self.floor.unwrap_or(0.0));
        let mut d = [0.0f64; BLOCK];
        let mut near = [0usize; BLOCK];
        let mut g = [0.0f64; BLOCK];
        for (b, o) in out.chunks_mut(BLOCK).enumerate() {
            let r = run.skip(b * BLOCK);
            let d = &mut d[..o.len()];
            measures(r, d);
            o.fill(floor);
            let mut m = 0;
            for (k, &dk) in d.iter().enumerate() {
                // m <= k < BLOCK (a power of two), so the mask changes
                // nothing and lets the compiler drop the bounds check.
                near[m & (BLOCK - 1)] = k;
                m += usize::from(dk < threshold || dk.is_nan());
            }
            let (near, g) = (&near[..m], &mut g[..m]);
            for (gk, &k) in g.iter_mut().zip(near) {
                *gk = d[k];
            }
            // A separate pass over contiguous values, so that it vectorises.
            for gk in g.iter_mut() {
                *gk = to_distance(*gk);
            }
            for gk in g.iter_mut() {
                *gk = self.profile.value_si(*gk);
            }
            for (&gk, &k) in g.iter().zip(near) {
                o[k] = self.combine(self.base.sample(r.element(k), ctx, key), gk);
            }
        }
    }

    /// `fill` along a matrix row, for positions of `D` coordinates.
    ///
    /// Each block reads its post coordinates as one contiguous slice
    /// ([`Positions::posts`]) in chunks of `D`: with the coordinate count
    /// known, the bounds checks leave the loop and the arithmetic
    /// vectorises.
    fn fill_row<const D: usize>(
        &self,
        p: &Positions<'_>,
        floor_radius: Option<f64>,
        run: Run,
        ctx: &Context<'_>,
        key: Key,
        out: &mut [f64],
    ) {
        let Ok(a) = <[f64; D]>::try_from(p.pre(run.pre0)) else {
            unreachable!("the caller matched p.dims() == D")
        };
        let period = p.period();
        let posts = |r: Run, len: usize| p.posts(r.post0..r.post0 + len).chunks_exact(D);
        if let (None, Some(radius)) = (period, floor_radius) {
            // Open space with a floor radius: decide on the squared
            // distance, so only the near elements (about one in four in
            // dm_dense) pay a square root. The sum is `euclidean`'s own,
            // term for term in the same order (it starts from 0.0, and
            // 0.0 + x == x for a square x), so its root is the distance
            // bit for bit. A sum at least `t` has a root at least `radius`:
            // t exceeds radius² even after rounding, and sqrt is correctly
            // rounded and monotonic.
            let t = radius * radius * (1.0 + 1e-12);
            let measures = |r: Run, g: &mut [f64]| {
                let c = posts(r, g.len());
                for (x, b) in g.iter_mut().zip(c) {
                    let mut s = 0.0;
                    for (u, v) in a.iter().zip(b) {
                        let e = u - v;
                        s += e * e;
                    }
                    *x = s;
                }
            };
            return self.fill_blocks_floored(run, ctx, key, out, t, measures, f64::sqrt);
        }
        self.fill_blocks(floor_radius, run, ctx, key, out, |r, g| {
            let c = posts(r, g.len());
            // A literal `None` compiles the open-space loop without the
            // periodic branch (whose `%` is a libm call).
            if period.is_none() {
                for (x, b) in g.iter_mut().zip(c) {
                    *x = euclidean(&a, b, None);
                }
            } else {
                for (x, b) in g.iter_mut().zip(c) {
                    *x = euclidean(&a, b, period);
                }
            }
        });
    }
}

init_core::impl_initializer_ops!([B, P] DistanceModulated<B, P> where B: Initializer, P: Profile);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::um;
    use crate::{GaussianProfile, StepProfile};
    use init_core::ndarray::{Array1, Array2, array};
    use init_core::{ArrayValues, Generate, Seed};
    use init_dist::Normal;
    use uom::si::electrical_conductance::nanosiemens;
    use uom::si::f64::{ElectricalConductance, Length};

    fn ns(v: f64) -> ElectricalConductance {
        ElectricalConductance::new::<nanosiemens>(v)
    }

    fn normal() -> Normal<ElectricalConductance> {
        Normal::new(ns(1.0), ns(0.2)).unwrap()
    }

    fn line(n: usize, step_um: f64) -> Array1<Length> {
        (0..n).map(|i| um(i as f64 * step_um)).collect()
    }

    #[test]
    fn a_zero_profile_gives_exactly_zero_then_the_floor() {
        // Step: 1 up to 100 µm, 0 beyond. A wide base (negative values
        // included) must still give +0, not -0, where the profile is 0.
        let base = Normal::new(ns(0.0), ns(1.0)).unwrap();
        let step = StepProfile::new(um(100.0)).unwrap();
        let d = line(2000, 0.1);
        let ctx = Context::new().with_distances(&d).unwrap();
        let w = DistanceModulated::new(base, step)
            .generate_with(2000, 3, &ctx)
            .unwrap();
        let plain = base.generate(2000, 3).unwrap();
        for (k, (v, b)) in w.iter().zip(plain.iter()).enumerate() {
            if k <= 1000 {
                assert_eq!(v.value.to_bits(), b.value.to_bits());
            } else {
                assert_eq!(v.value.to_bits(), 0, "element {k}");
            }
        }
        let floored = DistanceModulated::new(base, step)
            .with_min_weight(ns(0.05))
            .unwrap()
            .generate_with(2000, 3, &ctx)
            .unwrap();
        assert!(floored.iter().skip(1001).all(|v| *v == ns(0.05)));
        assert!(floored.iter().all(|v| *v >= ns(0.05)));
    }

    /// The floored fast path decides elements at or beyond the floor
    /// radius without drawing them: they must equal `sample`'s full
    /// computation bit for bit, also right at the radius (distances packed
    /// around it, within a few hundred ulps), for floors and bases that put
    /// the radius at different places, a base that can be negative, and a
    /// ceiling. (Checked to fail with a radius for 3·floor/hi instead of
    /// 0.999·floor/hi.)
    #[test]
    fn floored_fill_equals_sample_at_the_floor_radius() {
        let cases = [
            (1.0, 0.2, 0.05, 100.0, None),
            (0.0, 1.0, 0.3, 50.0, None),
            (5.0, 2.0, 0.001, 20.0, Some(3.0)),
        ];
        for (mean, std, floor, sigma, ceiling) in cases {
            let dm = DistanceModulated::new(
                Normal::new(ns(mean), ns(std)).unwrap(),
                GaussianProfile::new(um(sigma)).unwrap(),
            )
            .clip(ns(floor), ceiling.map(ns))
            .unwrap();
            let floored = assert_floored_equals_sample(&dm);
            assert!(
                floored > 300,
                "the fast path was taken for {floored} elements"
            );
        }
    }

    /// `ulps` doubles on each side of `radius` (itself included), then
    /// `n` values spread evenly over `radius · (1 ± spread)`.
    fn packed_around(radius: f64, ulps: usize, spread: f64, n: usize) -> Vec<f64> {
        let mut ds = Vec::new();
        let (mut lo, mut hi) = (radius, radius);
        for _ in 0..ulps {
            ds.push(lo);
            ds.push(hi);
            lo = lo.next_down();
            hi = hi.next_up();
        }
        for k in 0..n {
            ds.push(radius * (1.0 - spread + 2.0 * spread * k as f64 / n as f64));
        }
        ds
    }

    /// Distances packed around `dm`'s floor radius (200 doubles each side,
    /// and ±10 %): the filled values equal `sample`'s bit for bit. Returns
    /// how many were at or beyond the radius.
    fn assert_floored_equals_sample<B: Initializer, P: Profile>(
        dm: &DistanceModulated<B, P>,
    ) -> usize {
        let radius = dm
            .floor_radius()
            .expect("a floor radius for a bounded base");
        let ds = packed_around(radius, 200, 0.1, 400);
        let d: Array1<Length> = ds
            .iter()
            .map(|&m| Length::new::<uom::si::length::meter>(m))
            .collect();
        let ctx = Context::new().with_distances(&d).unwrap();
        let filled = dm.generate_with(d.len(), 11, &ctx).unwrap();
        let key = Seed::new(11).key();
        let mut floored = 0;
        for (k, v) in filled.si_view().iter().enumerate() {
            let el = Element {
                flat: k as u64,
                pre: k,
                post: k,
            };
            let s = dm.sample(el, &ctx, key);
            assert_eq!(
                v.to_bits(),
                s.to_bits(),
                "d = {:e} (radius {radius:e})",
                ds[k]
            );
            floored += usize::from(ds[k] >= radius);
        }
        floored
    }

    /// Every built-in whose scaling is never negative gets the fast path
    /// (a floor radius) and keeps `sample`'s values; a difference of
    /// profiles, which can go negative, does not get it.
    #[test]
    fn non_negative_profiles_take_the_fast_path() {
        use crate::{
            BimodalProfile, DoGProfile, ExponentialProfile, LinearProfile, LogisticProfile,
            MexicanHatProfile, PowerLawProfile, SigmoidProfile,
        };
        fn check<P: Profile>(name: &str, p: P) {
            let dm = DistanceModulated::new(normal(), p)
                .clip(ns(0.05), None)
                .unwrap();
            assert!(dm.floor_radius().is_some(), "{name}: no floor radius");
            let floored = assert_floored_equals_sample(&dm);
            assert!(floored > 0, "{name}: nothing floored");
        }
        check("exponential", ExponentialProfile::new(um(80.0)).unwrap());
        check("dog", DoGProfile::new(um(50.0), um(150.0)).unwrap());
        check("mexican hat", MexicanHatProfile::new(um(60.0)).unwrap());
        check("linear", LinearProfile::new(um(300.0)).unwrap());
        check("sigmoid", SigmoidProfile::new(um(200.0)).unwrap());
        check("power law", PowerLawProfile::new(2.0).unwrap());
        check(
            "bimodal",
            BimodalProfile::new(um(30.0), um(30.0))
                .unwrap()
                .with_max_distance(um(400.0))
                .unwrap(),
        );
        let rate = 1.0 / um(20.0);
        check("logistic", LogisticProfile::new(rate, um(100.0)).unwrap());
        check(
            "0.5 × gaussian",
            GaussianProfile::new(um(90.0)).unwrap() * 0.5,
        );
        let diff =
            GaussianProfile::new(um(90.0)).unwrap() - ExponentialProfile::new(um(200.0)).unwrap();
        let dm = DistanceModulated::new(normal(), diff)
            .clip(ns(0.05), None)
            .unwrap();
        assert!(dm.floor_radius().is_none());
    }

    /// The positions path decides on squared distances: posts placed in
    /// 2-D and 3-D around the floor radius of one pre neuron (packed within
    /// a few hundred ulps of it, and spread over ±3 %, in directions whose
    /// sums of squares round) must give `sample`'s values bit for bit, and
    /// some must be floored. The base is Uniform(0.9, 1) nS, whose bound is
    /// tight, so weights just inside the radius can exceed the floor.
    /// (Checked to fail with the squared threshold `radius² · 0.99`; a
    /// smaller error stays inside the 0.999 margin of `floor_radius` and
    /// cannot change a value.)
    #[test]
    fn floored_positions_equal_sample_at_the_floor_radius() {
        let base = init_dist::Uniform::new(ns(0.9), ns(1.0)).unwrap();
        let dm = DistanceModulated::new(base, GaussianProfile::new(um(100.0)).unwrap())
            .clip(ns(0.05), None)
            .unwrap();
        let radius = dm.floor_radius().expect("a floor radius");
        let rs = packed_around(radius, 150, 0.03, 600);
        for dims in [2usize, 3] {
            let mut rows: Vec<f64> = Vec::new();
            for (k, &r) in rs.iter().enumerate() {
                // Directions that are not axis-aligned, so the sum of
                // squares rounds.
                let t = 0.1 + k as f64 * 0.01;
                let (c, s) = (t.cos(), t.sin());
                if dims == 2 {
                    rows.extend([r * c, r * s]);
                } else {
                    rows.extend([r * c * 0.6, r * s, r * c * 0.8]);
                }
            }
            let n = rs.len();
            let post = Array2::from_shape_vec(
                (n, dims),
                rows.iter()
                    .map(|&m| Length::new::<uom::si::length::meter>(m))
                    .collect(),
            )
            .unwrap();
            let pre = Array2::from_elem((1, dims), um(0.0));
            let ctx = Context::new().with_positions(&pre, &post).unwrap();
            let filled = dm.generate_with((1, n), 5, &ctx).unwrap();
            let key = Seed::new(5).key();
            let p = ctx.positions().unwrap();
            let mut floored = 0;
            for (k, v) in filled.iter().enumerate() {
                let el = Element {
                    flat: k as u64,
                    pre: 0,
                    post: k,
                };
                assert_eq!(
                    v.value.to_bits(),
                    dm.sample(el, &ctx, key).to_bits(),
                    "{dims}-D, d = {:e} (radius {radius:e})",
                    p.distance(0, k)
                );
                floored += usize::from(p.distance(0, k) >= radius);
            }
            assert!(floored > 300, "{dims}-D: {floored} floored");
        }
    }

    /// `dm.clip(min, max)` gives the values of the generic clip.
    #[test]
    fn inherent_clip_equals_the_generic_clip() {
        use init_compose::InitializerExt;
        let pos = Array2::from_shape_fn((60, 2), |(i, k)| um(((i * 37 + k * 11) % 300) as f64));
        let ctx = Context::new().with_positions(&pos, &pos).unwrap();
        let dm = DistanceModulated::new(normal(), GaussianProfile::new(um(60.0)).unwrap());
        let generic = InitializerExt::clip(dm, Some(ns(0.1)), Some(ns(0.9))).unwrap();
        let inherent = dm.clip(ns(0.1), ns(0.9)).unwrap();
        let a = generic.generate_with((60, 60), 4, &ctx).unwrap();
        let b = inherent.generate_with((60, 60), 4, &ctx).unwrap();
        assert_eq!(a, b);
        assert_eq!(inherent.floor(), Some(ns(0.1)));
        assert_eq!(inherent.min_weight(), None);
        assert_eq!(inherent.max_weight(), Some(ns(0.9)));
        assert!(dm.clip(ns(1.0), ns(0.5)).is_err());
        assert!(dm.clip(ns(f64::NAN), None).is_err());
        // Successive clips and the min weight apply in turn, whatever the
        // order of the calls, exactly as nested generic clips of a floored
        // matrix do.
        let floored = dm.with_min_weight(ns(0.2)).unwrap();
        let cases = [
            (Some(0.1), None, None, Some(0.8)),
            (None, Some(0.3), Some(0.5), None),
            (Some(0.6), None, None, Some(0.4)),
            (Some(0.05), Some(2.0), Some(0.25), Some(0.9)),
        ];
        for (lo1, hi1, lo2, hi2) in cases {
            let q = |v: Option<f64>| v.map(ns);
            let nested = InitializerExt::clip(
                InitializerExt::clip(floored, q(lo1), q(hi1)).unwrap(),
                q(lo2),
                q(hi2),
            )
            .unwrap();
            let inside = floored
                .clip(q(lo1), q(hi1))
                .unwrap()
                .clip(q(lo2), q(hi2))
                .unwrap();
            let reordered = dm
                .clip(q(lo1), q(hi1))
                .unwrap()
                .clip(q(lo2), q(hi2))
                .unwrap()
                .with_min_weight(ns(0.2))
                .unwrap();
            let want = nested.generate_with((60, 60), 4, &ctx).unwrap();
            assert_eq!(inside.generate_with((60, 60), 4, &ctx).unwrap(), want);
            assert_eq!(reordered.generate_with((60, 60), 4, &ctx).unwrap(), want);
        }
        assert_eq!(floored.min_weight(), Some(ns(0.2)));
    }

    /// Every arm of `fill` (positions of 1, 2, 3 and 5 coordinates, open
    /// and periodic; distances) against per-element `sample`.
    #[test]
    fn fill_equals_sample_bit_for_bit() {
        let dm = DistanceModulated::new(normal(), GaussianProfile::new(um(80.0)).unwrap())
            .with_min_weight(ns(0.1))
            .unwrap();
        let (n_pre, n_post) = (40, 600);
        let key = Seed::new(5).key();
        let check = |ctx: &Context<'_>, label: &str| {
            // generate → the engine's runs → `fill` (runs longer than BLOCK).
            let w = dm.generate_with((n_pre, n_post), 5, ctx).unwrap();
            for ((i, j), v) in w.indexed_iter() {
                let s = dm.sample(Element::in_matrix(i, j, n_post), ctx, key);
                assert_eq!(v.value.to_bits(), s.to_bits(), "{label} ({i}, {j})");
            }
        };
        for dims in [1, 2, 3, 5] {
            let coord = |n: usize, a: usize, b: usize| {
                Array2::from_shape_fn((n, dims), move |(i, k)| {
                    um(((i * a + k * b) % 47) as f64 * 9.0)
                })
            };
            let (pre, post) = (coord(n_pre, 7, 13), coord(n_post, 5, 3));
            let open = Context::new().with_positions(&pre, &post).unwrap();
            check(&open, &format!("{dims}-D open"));
            let periodic = open.clone().periodic(&vec![um(250.0); dims]).unwrap();
            check(&periodic, &format!("{dims}-D periodic"));
            let matrix = crate::distance_matrix(open.positions().unwrap()).unwrap();
            check(
                &Context::new().with_distances(&matrix).unwrap(),
                &format!("{dims}-D as distances"),
            );
        }
    }

    #[test]
    fn generation_without_fitting_distances_is_an_error() {
        let dm = DistanceModulated::new(normal(), GaussianProfile::new(um(100.0)).unwrap());
        // No distances at all.
        assert!(matches!(
            dm.generate((3, 3), 1),
            Err(InitError::MissingContext {
                by: "DistanceModulated",
                ..
            })
        ));
        // Distances shaped unlike the output.
        let d = Array2::from_elem((3, 4), um(1.0));
        let ctx = Context::new().with_distances(&d).unwrap();
        assert!(matches!(
            dm.generate_with((4, 3), 1, &ctx),
            Err(InitError::ShapeMismatch {
                what: "distances",
                ..
            })
        ));
        assert!(dm.generate_with((3, 4), 1, &ctx).is_ok());
        // Positions for a matrix of another shape.
        let pre = line(3, 1.0);
        let ctx = Context::new().with_positions(&pre, &pre).unwrap();
        assert!(matches!(
            dm.generate_with((3, 4), 1, &ctx),
            Err(InitError::ShapeMismatch { .. })
        ));
        assert!(matches!(
            dm.generate_with(9, 1, &ctx),
            Err(InitError::ShapeMismatch { .. })
        ));
    }

    #[test]
    fn bad_geometry_is_refused_before_any_weight_is_drawn() {
        // The context refuses these when it is built, so no generation
        // call — DistanceModulated's or any other — can see them.
        let two = array![[um(0.0), um(1.0)]];
        let three = array![[um(0.0), um(1.0), um(2.0)]];
        assert_eq!(
            Context::new().with_positions(&two, &three).unwrap_err(),
            InitError::DimensionMismatch { pre: 2, post: 3 }
        );
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let pre = array![[um(0.0), um(bad)]];
            assert!(matches!(
                Context::new().with_positions(&pre, &two),
                Err(InitError::NonFinite {
                    what: "pre positions",
                    ..
                })
            ));
            let post = array![um(1.0), um(bad)];
            assert!(matches!(
                Context::new().with_positions(&post, &post),
                Err(InitError::NonFinite { .. })
            ));
            let d = array![um(1.0), um(bad)];
            assert!(matches!(
                Context::new().with_distances(&d),
                Err(InitError::NonFinite {
                    what: "distances",
                    index: 1,
                    ..
                })
            ));
        }
        let d = array![[um(1.0), um(-0.5)]];
        assert!(matches!(
            Context::new().with_distances(&d),
            Err(InitError::Negative {
                what: "distances",
                index: 1,
                ..
            })
        ));
    }

    /// A base whose check always fails, to show `check` reaches the base.
    struct Picky;
    impl Initializer for Picky {
        type Output = f64;
        fn sample(&self, _: Element, _: &Context<'_>, _: Key) -> f64 {
            1.0
        }
        fn check(&self, _: &[usize], _: &Context<'_>) -> Result<(), InitError> {
            Err(InitError::invalid("picky", 0, "always refuses"))
        }
    }

    #[test]
    fn check_forwards_to_the_base_and_min_weight_is_validated() {
        let d = array![um(1.0)];
        let ctx = Context::new().with_distances(&d).unwrap();
        let dm = DistanceModulated::new(Picky, 0.5);
        assert!(matches!(
            dm.generate_with(1, 0, &ctx),
            Err(InitError::InvalidParameter { name: "picky", .. })
        ));
        let dm = DistanceModulated::new(normal(), 1.0);
        for bad in [f64::NAN, f64::INFINITY] {
            assert!(matches!(
                dm.with_min_weight(ns(bad)),
                Err(InitError::InvalidParameter {
                    name: "min_weight",
                    ..
                })
            ));
        }
        assert_eq!(dm.min_weight(), None);
        assert_eq!(
            dm.with_min_weight(ns(0.1)).unwrap().min_weight(),
            Some(ns(0.1))
        );
    }

    #[test]
    fn has_the_arithmetic_operators() {
        let d = line(1000, 0.3);
        let ctx = Context::new().with_distances(&d).unwrap();
        let dm = DistanceModulated::new(normal(), GaussianProfile::new(um(100.0)).unwrap());
        let twice = (dm * 2.0).generate_with(1000, 8, &ctx).unwrap();
        let shifted = (0.5 * dm + ns(0.1)).generate_with(1000, 8, &ctx).unwrap();
        let (t, s) = (twice.si_view(), shifted.si_view());
        // Operands draw with child keys (init_core::ops): the left operand
        // of the root is child 0, the right operand of a product child 1.
        let left = Seed::new(8).key().child(0);
        for k in 0..1000 {
            let el = Element {
                flat: k as u64,
                pre: k,
                post: k,
            };
            assert_eq!(t[k], dm.sample(el, &ctx, left) * 2.0);
            assert_eq!(
                s[k],
                0.5 * dm.sample(el, &ctx, left.child(1)) + ns(0.1).value
            );
        }
    }
}
