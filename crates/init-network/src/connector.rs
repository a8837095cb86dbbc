//! [`SpatialConnector`]: which pairs of two positioned populations
//! connect, and with which weights and delays.

use crate::rules::Geometric;
use init_core::{Context, Domain, InitError, Initializer, Key, Positions, Seed};
use uom::si::f64::Time;

use crate::csr::{Csr, Structure, draw_values};
use crate::error::{ConnectError, Side};
use crate::progress::{Bar, Progress};
use crate::rows::{Plan, build_rows};
use crate::rules::{
    Degree, DegreeScratch, bernoulli_row, degree_partners, geometric_row, transpose,
};
use crate::space::{Scratch, Space};
use init_spatial::{ConstantProfile, Profile};

use crate::mask::Mask;

/// Child slots of the partner-choice key (`Domain::Partners`), one per
/// kind of draw, so that no two kinds share numbers.
mod slot {
    /// Fixed out-degree without multapses (stream per pre neuron).
    pub const OUT: u64 = 0;
    /// Fixed out-degree with multapses.
    pub const OUT_MULTI: u64 = 1;
    /// Fixed in-degree without multapses (stream per post neuron).
    pub const IN: u64 = 2;
    /// Fixed in-degree with multapses.
    pub const IN_MULTI: u64 = 3;
    /// Weights of repeated pairs (multapses), copy m ≥ 1 at `child(m)`.
    pub const DUP_WEIGHTS: u64 = 4;
    /// Delays of repeated pairs.
    pub const DUP_DELAYS: u64 = 5;
    /// Row streams of geometric skipping (constant probability, no mask),
    /// under the `Domain::Connectivity` key.
    pub const GEOMETRIC: u64 = 0;
}

/// The connector's rows are not capped while drawn: its output is sized
/// after the draw, where an oversize matrix is refused.
const NO_CAP: usize = usize::MAX;

/// The error of a cap that cannot be passed (no `Vec` holds more than
/// `usize::MAX` elements).
fn uncapped() -> ConnectError {
    unreachable!("no row build passes usize::MAX columns")
}

/// How pairs are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Rule {
    /// Each candidate pair (i, j) connects independently with probability
    /// `profile.probability(d_ij)` (NEST's `pairwise_bernoulli`).
    #[default]
    Pairwise,
    /// Each post neuron gets exactly this many pre partners within the
    /// mask, drawn with probability ∝ the profile.
    FixedInDegree(usize),
    /// Each pre neuron gets exactly this many post partners within the
    /// mask, drawn with probability ∝ the profile.
    FixedOutDegree(usize),
}

/// The placeholder delay type of a connector without delays; never
/// sampled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoDelays;

impl Initializer for NoDelays {
    type Output = Time;
    fn sample(&self, _: init_core::Element, _: &Context<'_>, _: Key) -> f64 {
        0.0
    }
}

/// Distance-dependent sparse connectivity between two positioned
/// populations, returned as a [`Csr`] matrix (row = pre, column = post)
/// with typed weights and optional delays.
///
/// * **Candidates**: the post neurons (pre, for a fixed in-degree) within
///   the mask radius, found with a uniform cell grid, so a neuron's cost is
///   its neighbourhood, never the whole population. Distances are
///   Euclidean, wrapped to the shortest image when the [`Positions`] have a
///   periodic box, and computed by the function of
///   [`Positions::distance`]. Without a mask, the profile's own
///   [`radius_below(0.0)`](Profile::radius_below) is the mask, exactly as
///   if it had been given: the distance beyond which the probability is 0,
///   which every built-in profile with a `max_distance` knows (so
///   `GaussianProfile::new(σ)?.with_max_distance(r)?` needs no
///   `.with_mask(Mask::circular(r)?)`), and which keeps the far pairs from being visited
///   at all. A profile without one (no `max_distance`, or a composition
///   that cannot bound itself) makes every pair a candidate.
/// * **Rules** ([`Rule`]): pairwise Bernoulli with `p = profile.probability(d)`
///   (the default), or a fixed in- or out-degree with partners drawn ∝ the
///   profile, without replacement unless [`allow_multapses`](Self::allow_multapses)
///   are allowed.
/// * **Autapses** (pre i = post i, for a population connected to itself)
///   are allowed unless [`allow_autapses(false)`](Self::allow_autapses).
///
/// # Memory and speed
///
/// The result takes 12 bytes per synapse (a 32-bit column and an `f64`
/// weight), 8 more with delays, and 8 per pre neuron; while it is built,
/// rows are drawn a wave at a time into reused buffers of a few MB, so the
/// peak stays at the result's size. On the sparse_spatial workload (1e5
/// neurons, about 15 million synapses) a call costs about 55–65 ns of CPU
/// per synapse; see the `sparse_spatial` bench.
///
/// # Determinism
///
/// Every draw is keyed by the seed and the coordinates it concerns, never
/// by a thread or a visiting order, so the same seed gives the same matrix
/// for any number of threads:
///
/// * whether (i, j) connects (pairwise rule): `Seed::domain_key(Domain::Connectivity)
///   .stream(i·n_post + j).uniform() < profile.probability(d_ij)`;
///   independent of the weight of (i, j);
/// * the weight of synapse (i, j) is `weights.sample` at element (i, j) of
///   the dense `n_pre × n_post` matrix, key `Seed::key()`, with the
///   positions in the context: it equals element (i, j) of
///   `weights.generate_with((n_pre, n_post), seed, &ctx)` bit for bit;
/// * delays likewise, with `Seed::domain_key(Domain::Delays)`;
/// * fixed degrees draw neuron q's partners from a stream of
///   `Domain::Partners` keyed by q.
///
/// Exception, [`SpatialConnector::uniform`] without a mask: each row
/// draws geometric gaps from its own stream (keyed by the row), so a row
/// costs its synapses rather than its `n_post` pairs.
///
/// # Example
///
/// ```
/// use init_core::Positions;
/// use init_dist::Normal;
/// use init_network::{Mask, SpatialConnector};
/// use init_spatial::GaussianProfile;
/// use ndarray::Array2;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::{ElectricalConductance as G, Length},
///               length::micrometer as um};
///
/// // 400 neurons on a 20 × 20 lattice, 10 µm apart.
/// let xy = Array2::from_shape_fn((400, 2), |(i, k)| {
///     Length::new::<um>(10.0 * if k == 0 { i % 20 } else { i / 20 } as f64)
/// });
/// let positions = Positions::new(&xy, &xy)?;
/// let gauss = GaussianProfile::new(Length::new::<um>(15.0))?;
/// let weights = Normal::new(G::new::<nS>(1.0), G::new::<nS>(0.2))?;
/// let csr = SpatialConnector::new(positions, gauss, weights)
///     .with_mask(Mask::circular(Length::new::<um>(45.0))?)?
///     .allow_autapses(false)
///     .connect(42)?;
/// assert_eq!(csr.shape(), (400, 400));
/// assert!(csr.nnz() > 0 && csr.nnz() < 400 * 29);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct SpatialConnector<'a, P, W, L = NoDelays> {
    positions: Positions<'a>,
    profile: P,
    weights: W,
    delays: Option<L>,
    radius: Option<f64>,
    autapses: bool,
    multapses: bool,
    rule: Rule,
    constant: Option<Geometric>,
    progress: Progress,
}

impl<'a, P: Profile, W: Initializer> SpatialConnector<'a, P, W> {
    /// Connect the pre and post neurons of `positions`, each candidate pair
    /// with probability `profile.probability(d)`, with weights from
    /// `weights` (any initializer; [`init_spatial::DistanceModulated`] reads the
    /// pair's distance).
    pub fn new(positions: Positions<'a>, profile: P, weights: W) -> Self {
        SpatialConnector {
            positions,
            profile,
            weights,
            delays: None,
            radius: None,
            autapses: true,
            multapses: false,
            rule: Rule::Pairwise,
            constant: None,
            progress: Progress::Auto,
        }
    }
}

impl<'a, W: Initializer> SpatialConnector<'a, ConstantProfile, W> {
    /// Every pair connects with the same probability `p` (random,
    /// Erdős–Rényi connectivity). Without a mask the rows are drawn by
    /// geometric skipping, at a cost per synapse rather than per pair.
    ///
    /// Errors: `p` outside `[0, 1]`.
    pub fn uniform(positions: Positions<'a>, p: f64, weights: W) -> Result<Self, InitError> {
        let geometric = Geometric::new(p)
            .ok_or_else(|| InitError::invalid("p", p, "must be a probability in [0, 1]"))?;
        let mut c = SpatialConnector::new(positions, ConstantProfile::new(p)?, weights);
        c.constant = Some(geometric);
        Ok(c)
    }
}

impl<'a, P: Profile, W: Initializer, L: Initializer<Output = Time>> SpatialConnector<'a, P, W, L> {
    /// Only pairs inside `mask` (a disc or ball centred on the pre neuron:
    /// distance `<= radius`) are candidates. `None` (the default) takes the
    /// profile's [`radius_below(0.0)`](Profile::radius_below) (beyond which
    /// it is 0, e.g. just above a built-in's `max_distance`), and makes
    /// every pair a candidate if the profile has none.
    ///
    /// Errors: a mask other than a circular one without an anchor (a
    /// [`crate::Network`] projection takes every mask shape).
    pub fn with_mask(mut self, mask: impl Into<Option<Mask>>) -> Result<Self, InitError> {
        self.radius = match mask.into() {
            None => None,
            Some(m) => Some(m.plain_radius().ok_or_else(|| {
                InitError::invalid(
                    "mask",
                    format_args!("{m:?}"),
                    "a SpatialConnector takes a circular mask without an anchor (a Network \
                     projection takes every shape)",
                )
            })?),
        };
        Ok(self)
    }

    /// Allow (default) or forbid autapses: pre neuron i connecting to post
    /// neuron i, for a population connected to itself.
    pub fn allow_autapses(mut self, allow: bool) -> Self {
        self.autapses = allow;
        self
    }

    /// For the fixed-degree rules: allow the same pair more than once
    /// (partners drawn with replacement). Default: no.
    pub fn allow_multapses(mut self, allow: bool) -> Self {
        self.multapses = allow;
        self
    }

    /// Each post neuron gets exactly `k` partners (see [`Rule::FixedInDegree`]).
    pub fn fixed_in_degree(mut self, k: usize) -> Self {
        self.rule = Rule::FixedInDegree(k);
        self
    }

    /// Each pre neuron gets exactly `k` partners (see [`Rule::FixedOutDegree`]).
    pub fn fixed_out_degree(mut self, k: usize) -> Self {
        self.rule = Rule::FixedOutDegree(k);
        self
    }

    /// The rule, set directly.
    pub fn rule(mut self, rule: Rule) -> Self {
        self.rule = rule;
        self
    }

    /// Whether a progress bar may show on stderr (default
    /// [`Progress::Auto`]: when stderr is a terminal and the run takes
    /// more than a second).
    pub fn progress(mut self, progress: Progress) -> Self {
        self.progress = progress;
        self
    }

    /// Draw a delay for every synapse from `delays` (any initializer of
    /// [`Time`]).
    pub fn delays<L2: Initializer<Output = Time>>(
        self,
        delays: L2,
    ) -> SpatialConnector<'a, P, W, L2> {
        SpatialConnector {
            positions: self.positions,
            profile: self.profile,
            weights: self.weights,
            delays: Some(delays),
            radius: self.radius,
            autapses: self.autapses,
            multapses: self.multapses,
            rule: self.rule,
            constant: self.constant,
            progress: self.progress,
        }
    }

    /// The positions.
    pub fn positions(&self) -> &Positions<'a> {
        &self.positions
    }

    /// Build the matrix with `seed`.
    ///
    /// Errors: a population of more than `u32::MAX` neurons; a weight or
    /// delay initializer that refuses the context; a fixed degree larger
    /// than some neuron's candidates ([`ConnectError::TooFewCandidates`],
    /// unless multapses are allowed and there is at least one candidate).
    /// Empty populations (either side, any rule), a zero radius and zero
    /// probabilities give an empty matrix.
    pub fn connect(&self, seed: impl Into<Seed>) -> Result<Csr<W::Output>, ConnectError> {
        let seed = seed.into();
        let (n_pre, n_post) = (self.positions.n_pre(), self.positions.n_post());
        let max = u32::MAX as usize;
        for (side, count) in [(Side::Pre, n_pre), (Side::Post, n_post)] {
            if count > max {
                return Err(ConnectError::TooManyNeurons { side, count, max });
            }
        }
        let shape = [n_pre, n_post];
        let ctx = Context::new()
            .with_geometry(self.positions.clone())
            .with_shape(&shape);
        ctx.check_shape(&shape)?;
        self.weights.check(&shape, &ctx)?;
        if let Some(d) = &self.delays {
            d.check(&shape, &ctx)?;
        }
        let bar = Bar::new(self.progress);
        let (indptr, indices) = match self.positions.dims() {
            // No pairs at all: empty, whatever the rule asks (a fixed
            // degree cannot be met, but there is nobody to meet it for or
            // to meet it with).
            _ if n_pre == 0 || n_post == 0 => (vec![0; n_pre + 1], Vec::new()),
            0 | 1 => self.structure::<1>(seed, &bar)?,
            2 => self.structure::<2>(seed, &bar)?,
            _ => self.structure::<3>(seed, &bar)?,
        };
        bar.stage(
            "values",
            indices.len() * (1 + usize::from(self.delays.is_some())),
        );
        let partners = seed.domain_key(Domain::Partners);
        let synapses = Structure {
            n_post,
            indptr: &indptr,
            indices: &indices,
        };
        let weights = draw_values(
            &self.weights,
            &ctx,
            (seed.key(), partners.child(slot::DUP_WEIGHTS)),
            &synapses,
            &bar,
        );
        let delays = self.delays.as_ref().map(|d| {
            draw_values(
                d,
                &ctx,
                (
                    seed.domain_key(Domain::Delays),
                    partners.child(slot::DUP_DELAYS),
                ),
                &synapses,
                &bar,
            )
        });
        Ok(Csr::from_parts(
            (n_pre, n_post),
            indptr,
            indices,
            weights,
            delays,
        ))
    }

    /// The mask radius in metres: the one given, else the profile's
    /// `radius_below(0.0)` (pairs beyond it have probability <= 0, so they
    /// can neither connect nor be drawn), else none.
    fn mask(&self) -> Option<f64> {
        self.radius.or_else(|| {
            self.profile
                .radius_below(0.0)
                .filter(|r| r.is_finite() && *r >= 0.0)
        })
    }

    /// Row pointers and column indices, with a grid over the first `G`
    /// axes.
    fn structure<const G: usize>(
        &self,
        seed: Seed,
        bar: &Bar,
    ) -> Result<(Vec<usize>, Vec<u32>), ConnectError> {
        let pos = &self.positions;
        let (n_pre, n_post) = (pos.n_pre(), pos.n_post());
        let mask = self.mask();
        let radius = mask.unwrap_or(f64::INFINITY);
        let conn = seed.domain_key(Domain::Connectivity);
        let partners = seed.domain_key(Domain::Partners);
        let autapses = self.autapses;
        match self.rule {
            Rule::Pairwise => {
                if let (Some(geo), None) = (&self.constant, mask) {
                    bar.stage("connecting", n_pre);
                    let per_row = self.profile.value_si(0.0) * n_post as f64;
                    let key = conn.child(slot::GEOMETRIC);
                    return build_rows(
                        n_pre,
                        Plan::new(per_row, 0),
                        None,
                        bar,
                        NO_CAP,
                        uncapped,
                        |i, _: &mut (), out| {
                            geometric_row(geo, key, n_post, autapses, i, out);
                            Ok(())
                        },
                    );
                }
                let space = Space::<G>::new(pos, Side::Post, radius);
                bar.stage("connecting", n_pre);
                let plan = Plan::new(space.candidates_per_query(), space.cells());
                let cell = |i: usize| space.query_cell(i);
                build_rows(
                    n_pre,
                    plan,
                    Some(&cell),
                    bar,
                    NO_CAP,
                    uncapped,
                    |i, s: &mut Scratch, out| {
                        bernoulli_row(&space, &self.profile, conn, n_post, autapses, i, s, out);
                        Ok(())
                    },
                )
            }
            Rule::FixedOutDegree(k) => {
                let space = Space::<G>::new(pos, Side::Post, radius);
                let rule = Degree {
                    k,
                    multapses: self.multapses,
                    skip_self: !autapses,
                    side: Side::Pre,
                    key: partners.child(if self.multapses {
                        slot::OUT_MULTI
                    } else {
                        slot::OUT
                    }),
                };
                bar.stage("connecting", n_pre);
                let plan = Plan::new(space.candidates_per_query(), space.cells());
                let cell = |i: usize| space.query_cell(i);
                build_rows(
                    n_pre,
                    plan,
                    Some(&cell),
                    bar,
                    NO_CAP,
                    uncapped,
                    |i, s: &mut DegreeScratch, out| {
                        degree_partners(&space, &self.profile, &rule, i, s, out)
                    },
                )
            }
            Rule::FixedInDegree(k) => {
                let space = Space::<G>::new(pos, Side::Pre, radius);
                let rule = Degree {
                    k,
                    multapses: self.multapses,
                    skip_self: !autapses,
                    side: Side::Post,
                    key: partners.child(if self.multapses {
                        slot::IN_MULTI
                    } else {
                        slot::IN
                    }),
                };
                bar.stage("connecting", n_post);
                let plan = Plan::new(space.candidates_per_query(), space.cells());
                let cell = |j: usize| space.query_cell(j);
                let (colptr, rows) = build_rows(
                    n_post,
                    plan,
                    Some(&cell),
                    bar,
                    NO_CAP,
                    uncapped,
                    |j, s: &mut DegreeScratch, out| {
                        degree_partners(&space, &self.profile, &rule, j, s, out)
                    },
                )?;
                Ok(transpose(n_pre, &colptr, &rows))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use init_core::uom::si::f64::Length;
    use init_core::uom::si::length::micrometer;
    use init_spatial::GaussianProfile;
    fn um(v: f64) -> Length {
        Length::new::<micrometer>(v)
    }
    use init_core::Generate;
    use init_dist::{Normal, Uniform};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use uom::si::electrical_conductance::nanosiemens;
    use uom::si::f64::ElectricalConductance;

    /// A profile that counts its evaluations, with or without its inner
    /// profile's `radius_below`.
    struct Counting<P> {
        p: P,
        bounded: bool,
        calls: AtomicUsize,
    }

    impl<P: Profile> Counting<P> {
        fn new(p: P, bounded: bool) -> Self {
            Counting {
                p,
                bounded,
                calls: AtomicUsize::new(0),
            }
        }
        fn calls(&self) -> usize {
            self.calls.load(Ordering::Relaxed)
        }
    }

    impl<P: Profile> Profile for Counting<P> {
        fn value_si(&self, d: f64) -> f64 {
            self.calls.fetch_add(1, Ordering::Relaxed);
            self.p.value_si(d)
        }
        fn radius_below(&self, level: f64) -> Option<f64> {
            self.p.radius_below(level).filter(|_| self.bounded)
        }
    }

    /// Without a mask, a Gaussian with `max_distance` 150 µm gives the
    /// matrix of a 150 µm circular mask, bit for bit, and the profile is
    /// evaluated only for the pairs within its `radius_below(0.0)` (just
    /// above 150 µm), as the grid returns exactly the pairs within the
    /// mask; a profile that does not know its radius is evaluated for all
    /// `n²` pairs, and gives the same matrix (its far pairs have
    /// probability 0).
    #[test]
    fn a_profile_with_a_cutoff_is_its_own_mask() {
        let n = 1500;
        let xy = Uniform::new(um(0.0), um(800.0))
            .unwrap()
            .generate((n, 2), 3)
            .unwrap();
        let positions = Positions::new(&xy, &xy).unwrap();
        let g = GaussianProfile::new(um(50.0))
            .unwrap()
            .with_max_distance(um(150.0))
            .unwrap();
        let weights = Normal::new(
            ElectricalConductance::new::<nanosiemens>(1.0),
            ElectricalConductance::new::<nanosiemens>(0.2),
        )
        .unwrap();
        let r = g.radius_below(0.0).unwrap();
        let within = |r: f64| {
            (0..n)
                .flat_map(|i| (0..n).map(move |j| (i, j)))
                .filter(|&(i, j)| positions.distance(i, j) <= r)
                .count()
        };
        let (within_own, within_given) = (within(r), within(um(150.0).value));
        for rule in [
            Rule::Pairwise,
            Rule::FixedOutDegree(3),
            Rule::FixedInDegree(3),
        ] {
            let build = |p: &Counting<GaussianProfile>, mask: Option<Length>| {
                SpatialConnector::new(positions.clone(), p, weights)
                    .with_mask(mask.map(|r| Mask::circular(r).unwrap()))
                    .unwrap()
                    .rule(rule)
                    .progress(Progress::Off)
                    .connect(11)
                    .unwrap()
            };
            let (own, given, none) = (
                Counting::new(g, true),
                Counting::new(g, true),
                Counting::new(g, false),
            );
            let by_own = build(&own, None);
            let by_given = build(&given, Some(um(150.0)));
            let by_none = build(&none, None);
            assert!(by_own.nnz() > 0, "{rule:?}");
            assert_eq!(by_own, by_given, "{rule:?}");
            assert_eq!(by_own, by_none, "{rule:?}");
            assert_eq!(own.calls(), within_own, "{rule:?}");
            assert_eq!(given.calls(), within_given, "{rule:?}");
            assert_eq!(none.calls(), n * n, "{rule:?}");
            assert!(own.calls() < n * n / 4, "{rule:?}");
        }
    }
}
