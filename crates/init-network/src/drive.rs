//! How one projection's rule finds the partners of one neuron (its
//! *driver*): the sources of a target, or the targets of a source. Every
//! draw is keyed by the driver (or by the pair), so the partners of a
//! neuron are a pure function of the seed and the neuron: the same when
//! drawn twice (the counting pass and the filling pass), in any order, in
//! any part.

use crate::rules::Geometric;
use init_core::{Key, Positions};
use init_spatial::{ConstantProfile, Profile};
use rand::RngCore;

use crate::error::{ConnectError, Side};
use crate::mask::Mask;
use crate::masked::{Everyone, MaskSpace};
use crate::network_error::NetworkError;
use crate::rules::{Degree, DegreeScratch, degree_partners, geometric_row};
use crate::space::{Candidates, Space};
use crate::tree::{self, Sharing};

/// Which side the rule draws from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum By {
    /// A driver is a target; its partners are sources.
    Target,
    /// A driver is a source; its partners are targets.
    Source,
}

/// Buffers of one task.
#[derive(Default)]
pub(crate) struct Scratch {
    pub(crate) degree: DegreeScratch,
    /// Floyd's sampling: which partners are taken.
    taken: Vec<u64>,
    picked: Vec<u32>,
}

enum Kind<'a> {
    AllToAll,
    OneToOne,
    /// Constant probability, no mask: geometric gaps along the driver's
    /// partners.
    Geometric(Geometric),
    /// Each candidate pair with probability `p(d)`.
    Bernoulli {
        cands: Box<dyn Candidates + 'a>,
        p: &'a dyn Profile,
        clamp: bool,
    },
    /// `k` partners uniform among all.
    Uniform {
        k: u64,
    },
    /// `k` partners among the candidates, ∝ the weights.
    Weighted {
        k: u64,
        cands: Box<dyn Candidates + 'a>,
        w: &'a dyn Profile,
    },
    /// The tree's count per target, partners uniform.
    Total {
        counts: Vec<u64>,
    },
}

/// One projection's partner generation.
pub(crate) struct Drive<'a> {
    pub(crate) by: By,
    pub(crate) n_pre: usize,
    pub(crate) n_post: usize,
    skip_self: bool,
    multapses: bool,
    /// Streams of per-driver draws.
    driver_key: Key,
    /// Streams of per-pair Bernoulli decisions.
    pair_key: Key,
    kind: Kind<'a>,
    name: &'a str,
    /// Candidates limited to a part's targets.
    restricted: bool,
}

/// The weight of every candidate of a degree rule without a profile.
static ONE: ConstantProfile = ConstantProfile::ONE;

/// What [`Drive::new`] needs to know of a projection.
pub(crate) struct Spec<'a> {
    pub(crate) name: &'a str,
    pub(crate) rule: &'a crate::rule::Rule,
    pub(crate) mask: Option<&'a Mask>,
    pub(crate) positions: Option<&'a Positions<'a>>,
    pub(crate) n_pre: usize,
    pub(crate) n_post: usize,
    pub(crate) skip_self: bool,
    pub(crate) multapses: bool,
    pub(crate) clamp: bool,
    pub(crate) key: Key,
}

/// Candidates of the `pool` side for a rule whose distance enters through
/// `profile` (if any), within `mask` (if any).
fn candidates<'a>(
    s: &Spec<'a>,
    pool: Side,
    profile: Option<&dyn Profile>,
    centred_on_driver: bool,
    subset: Option<&[u32]>,
) -> Box<dyn Candidates + 'a> {
    let n_pool = match pool {
        Side::Pre => s.n_pre,
        Side::Post => s.n_post,
    };
    let Some(pos) = s.positions else {
        return Box::new(Everyone {
            positions: None,
            pool,
            n_pool,
            subset: subset.map(<[u32]>::to_vec),
        });
    };
    let own = profile
        .and_then(|p| p.radius_below(0.0))
        .filter(|r| r.is_finite() && *r >= 0.0);
    let radius = match s.mask {
        Some(m) => match m.plain_radius() {
            Some(r) => Some(own.map_or(r, |o| o.min(r))),
            None => {
                return match pos.dims() {
                    1 => Box::new(MaskSpace::<1>::new(pos, pool, m, centred_on_driver, subset)),
                    2 => Box::new(MaskSpace::<2>::new(pos, pool, m, centred_on_driver, subset)),
                    _ => Box::new(MaskSpace::<3>::new(pos, pool, m, centred_on_driver, subset)),
                };
            }
        },
        None => own,
    };
    match radius {
        None => Box::new(Everyone {
            positions: Some(pos),
            pool,
            n_pool,
            subset: subset.map(<[u32]>::to_vec),
        }),
        Some(r) => match pos.dims() {
            0 | 1 => Box::new(Space::<1>::of(pos, pool, r, subset)),
            2 => Box::new(Space::<2>::of(pos, pool, r, subset)),
            _ => Box::new(Space::<3>::of(pos, pool, r, subset)),
        },
    }
}

impl<'a> Drive<'a> {
    /// The drive of a projection, drawing from `by` (`None`: the rule's
    /// natural side). `targets`: the local targets a part holds, when it
    /// holds a subset of them; a pairwise Bernoulli rule then drives by
    /// source over those targets only (the decisions are the pair's, so
    /// the synapses are the same, and each row is written contiguously).
    pub(crate) fn new(
        s: Spec<'a>,
        by: Option<By>,
        targets: Option<&[u32]>,
    ) -> Result<Self, NetworkError> {
        use crate::rule::Rule;
        let driver_key = s.key.named("driver");
        let pair_key = s.key.named("pair");
        let (by, kind) = match s.rule {
            Rule::AllToAll => (By::Target, Kind::AllToAll),
            Rule::OneToOne => (By::Target, Kind::OneToOne),
            Rule::PairwiseBernoulli { p, constant } => match (constant, s.mask) {
                (Some(c), None) => {
                    let geo = Geometric::new(*c).ok_or_else(|| {
                        NetworkError::at(s.name, "rule", format!("p = {c} is not in [0, 1]"))
                    })?;
                    (By::Target, Kind::Geometric(geo))
                }
                _ => {
                    let by = if targets.is_some() {
                        By::Source
                    } else {
                        by.unwrap_or(By::Target)
                    };
                    let (pool, centred) = match by {
                        By::Target => (Side::Pre, false),
                        By::Source => (Side::Post, true),
                    };
                    let cands = candidates(&s, pool, Some(&**p), centred, targets);
                    (
                        by,
                        Kind::Bernoulli {
                            cands,
                            p: &**p,
                            clamp: s.clamp,
                        },
                    )
                }
            },
            Rule::FixedInDegree { k, weights } | Rule::FixedOutDegree { k, weights } => {
                let by = match s.rule {
                    Rule::FixedInDegree { .. } => By::Target,
                    _ => By::Source,
                };
                let pool = match by {
                    By::Target => Side::Pre,
                    By::Source => Side::Post,
                };
                match (weights, s.mask) {
                    (None, None) => (by, Kind::Uniform { k: *k }),
                    _ => {
                        let w: &dyn Profile = match weights {
                            Some(w) => &**w,
                            None => &ONE,
                        };
                        let cands = candidates(&s, pool, weights.as_deref(), true, None);
                        (by, Kind::Weighted { k: *k, cands, w })
                    }
                }
            }
            Rule::FixedTotalNumber { n } => {
                let m = s.n_pre as u64 - u64::from(s.skip_self && s.n_pre > 0);
                let sharing = if s.multapses {
                    Sharing::WithReplacement
                } else {
                    Sharing::Distinct {
                        pairs_per_target: m,
                    }
                };
                let counts = if m == 0 {
                    vec![0; s.n_post]
                } else {
                    tree::counts(*n, s.n_post, 0..s.n_post, sharing, s.key.named("tree"))
                };
                (By::Target, Kind::Total { counts })
            }
        };
        Ok(Drive {
            by,
            n_pre: s.n_pre,
            n_post: s.n_post,
            skip_self: s.skip_self,
            multapses: s.multapses,
            restricted: targets.is_some() && matches!(kind, Kind::Bernoulli { .. }),
            driver_key,
            pair_key,
            kind,
            name: s.name,
        })
    }

    /// Drivers taken in ascending order of this key share their candidates
    /// in cache.
    pub(crate) fn locality(&self, q: usize) -> u64 {
        match &self.kind {
            Kind::Bernoulli { cands, .. } | Kind::Weighted { cands, .. } => cands.locality(q),
            _ => 0,
        }
    }

    /// Candidates per driver (about) and grid cells, to size tasks.
    pub(crate) fn workload(&self) -> (f64, usize) {
        match &self.kind {
            Kind::Bernoulli { cands, .. } | Kind::Weighted { cands, .. } => cands.workload(),
            Kind::Uniform { k } => (*k as f64, 0),
            _ => (self.pool() as f64, 0),
        }
    }

    /// Whether the drive's partners are all within the part it was made
    /// for (a Bernoulli drive over a part's targets).
    pub(crate) fn is_restricted(&self) -> bool {
        self.restricted
    }

    /// The number of neurons a driver's partners come from.
    fn pool(&self) -> usize {
        match self.by {
            By::Target => self.n_pre,
            By::Source => self.n_post,
        }
    }

    /// Append the partners of driver `q` (local ids of the other side) to
    /// `out`; ascending for a drive by source (they are a row of the
    /// network as drawn), in any order by target.
    pub(crate) fn partners(
        &self,
        q: usize,
        s: &mut Scratch,
        out: &mut Vec<u32>,
    ) -> Result<(), NetworkError> {
        let start = out.len();
        let m = self.pool();
        if m == 0 {
            return Ok(());
        }
        match &self.kind {
            Kind::AllToAll => {
                out.extend((0..m as u32).filter(|&i| !(self.skip_self && i as usize == q)));
            }
            Kind::OneToOne => {
                if !self.skip_self && q < m {
                    out.push(q as u32);
                }
            }
            Kind::Geometric(g) => geometric_row(g, self.driver_key, m, !self.skip_self, q, out),
            Kind::Bernoulli { cands, p, clamp } => {
                self.bernoulli(q, &**cands, *p, *clamp, s, out)?
            }
            Kind::Uniform { k } => self.uniform(q, *k, s, out),
            Kind::Total { counts } => self.uniform(q, counts[q], s, out),
            Kind::Weighted { k, cands, w } => {
                let rule = Degree {
                    k: *k as usize,
                    multapses: self.multapses,
                    skip_self: self.skip_self,
                    side: match self.by {
                        By::Target => Side::Post,
                        By::Source => Side::Pre,
                    },
                    key: self.driver_key,
                };
                degree_partners(&**cands, *w, &rule, q, &mut s.degree, out).map_err(
                    |e| match e {
                        ConnectError::TooFewCandidates {
                            neuron,
                            available,
                            required,
                            ..
                        } => NetworkError::TooFewPartners {
                            projection: self.name.to_string(),
                            side: match self.by {
                                By::Target => "target",
                                By::Source => "source",
                            },
                            neuron,
                            available: available as u64,
                            required: required as u64,
                        },
                        other => NetworkError::at(self.name, "rule", other.to_string()),
                    },
                )?;
            }
        }
        if self.by == By::Source {
            out[start..].sort_unstable();
        }
        Ok(())
    }

    /// Pairwise Bernoulli over the candidates of `q`: pair `(i, j)`
    /// connects when `pair_key.stream(i·n_post + j).uniform() < p(d_ij)`,
    /// whichever side drives.
    fn bernoulli(
        &self,
        q: usize,
        cands: &dyn Candidates,
        p: &dyn Profile,
        clamp: bool,
        s: &mut Scratch,
        out: &mut Vec<u32>,
    ) -> Result<(), NetworkError> {
        let sp = &mut s.degree.space;
        let n = cands.candidates(q, sp);
        if sp.p.len() < n {
            sp.p.resize(n, 0.0);
        }
        p.values_si(&sp.d[..n], &mut sp.p[..n]);
        let bad = sp.p[..n]
            .iter()
            .zip(&sp.d[..n])
            .find(|(v, _)| !(0.0..=1.0).contains(*v))
            .map(|(&v, &d)| (v, d));
        if let (Some((v, d)), false) = (bad, clamp) {
            return Err(NetworkError::ProbabilityOutOfRange {
                projection: self.name.to_string(),
                value: v,
                distance_um: d * 1e6,
            });
        }
        let n_post = self.n_post as u64;
        for (&k, &pk) in sp.j[..n].iter().zip(&sp.p[..n]) {
            let (i, j) = match self.by {
                By::Target => (k as u64, q as u64),
                By::Source => (q as u64, k as u64),
            };
            if self.skip_self && i == j {
                continue;
            }
            // A clamped NaN never connects (u < NaN is false).
            if self.pair_key.stream(i * n_post + j).uniform() < pk {
                out.push(k);
            }
        }
        Ok(())
    }

    /// `k` partners of `q` uniform among the pool (itself excluded when
    /// autapses are forbidden): i.i.d. with multapses, else distinct
    /// (Floyd's algorithm).
    fn uniform(&self, q: usize, k: u64, s: &mut Scratch, out: &mut Vec<u32>) {
        let skip = self.skip_self && q < self.pool();
        let m = (self.pool() - usize::from(skip)) as u64;
        if k == 0 || m == 0 {
            return;
        }
        let shift = |x: u64| -> u32 {
            let x = if skip && x >= q as u64 { x + 1 } else { x };
            x as u32
        };
        let mut rng = self.driver_key.stream(q as u64);
        // Lemire's multiply-shift: uniform in [0, bound) up to 2^-64.
        let mut below =
            |bound: u64| ((u128::from(rng.next_u64()) * u128::from(bound)) >> 64) as u64;
        if self.multapses {
            out.extend((0..k).map(|_| shift(below(m))));
            return;
        }
        // Floyd: for t in m−k..m, take a uniform x in [0, t], or t itself
        // when x is taken already; k distinct values, each set of k equally
        // likely.
        let words = (m as usize).div_ceil(64);
        if s.taken.len() < words {
            s.taken.resize(words, 0);
        }
        s.picked.clear();
        for t in m - k..m {
            let x = below(t + 1);
            let v = if s.taken[(x / 64) as usize] >> (x % 64) & 1 == 1 {
                t
            } else {
                x
            };
            s.taken[(v / 64) as usize] |= 1 << (v % 64);
            s.picked.push(v as u32);
        }
        for &v in &s.picked {
            s.taken[(v / 64) as usize] = 0;
        }
        out.extend(s.picked.iter().map(|&v| shift(u64::from(v))));
    }
}
