//! [`Network`]: populations and the projections between them, validated
//! once; [`Network::generate`] and [`Network::generate_part`] draw its
//! synapses.

use std::collections::HashSet;

use init_core::{InitError, Key, Seed, Value};
use uom::si::f64::{Length, Time};

use crate::connectome::Connectome;
use crate::network_error::NetworkError;
use crate::part::{Part, Scheme};
use crate::population::Population;
use crate::projection::Projection;
use crate::rule::Rule;

/// Builds a [`Network`]; see there.
#[must_use]
pub struct NetworkBuilder<W: Value> {
    populations: Vec<Population>,
    projections: Vec<Projection<W>>,
    periodic: Option<Vec<Length>>,
    resolution: Option<Time>,
    memory_limit: Option<u64>,
}

impl<W: Value> Default for NetworkBuilder<W> {
    fn default() -> Self {
        NetworkBuilder {
            populations: Vec::new(),
            projections: Vec::new(),
            periodic: None,
            resolution: None,
            memory_limit: None,
        }
    }
}

impl<W: Value> NetworkBuilder<W> {
    /// Add a population; global neuron ids follow the order of these calls
    /// (that order is part of the model).
    pub fn population(mut self, p: Population) -> Self {
        self.populations.push(p);
        self
    }

    /// Add a projection (in any order: the order of projections changes
    /// no synapse).
    pub fn projection(mut self, p: Projection<W>) -> Self {
        self.projections.push(p);
        self
    }

    /// Wrap space periodically: `box_size[k]` is the box's length along
    /// axis `k`; every distance and mask test takes the nearest image.
    pub fn periodic(mut self, box_size: &[Length]) -> Self {
        self.periodic = Some(box_size.to_vec());
        self
    }

    /// Round every delay to a multiple of `dt`, at least one step, as NEST
    /// does on `Connect` (to the nearest step, halves up).
    pub fn resolution(mut self, dt: Time) -> Self {
        self.resolution = Some(dt);
        self
    }

    /// Refuse to generate more than `bytes` of synapses (by default the
    /// memory the system reports available).
    pub fn memory_limit(mut self, bytes: u64) -> Self {
        self.memory_limit = Some(bytes);
        self
    }

    /// Validate the description. See [`NetworkError`] for what is refused;
    /// nothing is generated yet.
    pub fn build(self) -> Result<Network<W>, NetworkError> {
        Network::validate(self)
    }
}

/// A projection resolved against the populations.
pub(crate) struct Resolved<W: Value> {
    pub(crate) spec: Projection<W>,
    pub(crate) name: String,
    pub(crate) pre: usize,
    pub(crate) post: usize,
}

impl<W: Value> Resolved<W> {
    /// Whether a synapse `(i, i)` would be a neuron onto itself, and is
    /// forbidden.
    pub(crate) fn skip_self(&self) -> bool {
        self.pre == self.post && !self.spec.autapses
    }
}

/// Populations and the projections between them: a description of a
/// network, validated, from which [`Network::generate`] draws the
/// synapses (a [`Connectome`]) for a seed.
///
/// Global neuron ids follow the order in which the populations were
/// added; a population's local ids are `0..size`.
///
/// # Determinism
///
/// Every draw is keyed by what it serves, never by a position in a list:
/// a population's positions by `(seed, population name)`, a projection's
/// connections, weights and delays by `(seed, pre name, post name, stream)`
/// and within it by the local ids of the pair. So the network is the same
/// for any thread count, any order of the projections, and any part
/// generated alone ([`Network::generate_part`]) is that part of the whole.
///
/// ```
/// use init_core::Sign;
/// use init_network::{Network, Population, Projection, Rule};
/// use init_dist::Normal;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let w = |m| Normal::new(G::new::<nS>(m), G::new::<nS>(0.1));
/// let net = Network::builder()
///     .population(Population::new("E", 800).with_sign(Sign::Excitatory))
///     .population(Population::new("I", 200).with_sign(Sign::Inhibitory))
///     .projection(Projection::new("E", "E", Rule::fixed_indegree(80), w(0.5)?).allow_autapses(false))
///     .projection(Projection::new("E", "I", Rule::pairwise_bernoulli(0.1)?, w(0.6)?))
///     .projection(Projection::new("I", "E", Rule::fixed_total_number(4000), -w(2.0)?))
///     .build()?;
/// let c = net.generate(42)?;
/// assert_eq!(c.projection("E", "E").unwrap().len(), 800 * 80);
/// assert_eq!(c.projection("I", "E").unwrap().len(), 4000);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Network<W: Value> {
    pub(crate) populations: Vec<Population>,
    pub(crate) offsets: Vec<usize>,
    pub(crate) n: usize,
    /// Sorted by (pre population, post population).
    pub(crate) projections: Vec<Resolved<W>>,
    pub(crate) periodic: Option<Vec<f64>>,
    pub(crate) resolution: Option<f64>,
    pub(crate) memory_limit: Option<u64>,
}

fn pop_error(p: &Population, reason: impl Into<String>) -> NetworkError {
    NetworkError::Population {
        population: p.name().to_string(),
        reason: reason.into(),
    }
}

impl<W: Value> Network<W> {
    /// Start describing a network.
    pub fn builder() -> NetworkBuilder<W> {
        NetworkBuilder::default()
    }

    fn validate(b: NetworkBuilder<W>) -> Result<Self, NetworkError> {
        let mut names = HashSet::new();
        let mut offsets = Vec::with_capacity(b.populations.len());
        let mut n = 0usize;
        for p in &b.populations {
            if p.name().is_empty() || !names.insert(p.name().to_string()) {
                return Err(pop_error(
                    p,
                    "a population needs a name of its own (empty or repeated)",
                ));
            }
            if let Some(size) = p.layout().fixed_size() {
                if size != p.size() {
                    return Err(pop_error(
                        p,
                        format!(
                            "its layout places {size} neurons but its size is {}",
                            p.size()
                        ),
                    ));
                }
            }
            offsets.push(n);
            n = n
                .checked_add(p.size())
                .filter(|&t| t <= u32::MAX as usize)
                .ok_or(NetworkError::TooLarge {
                    what: "neurons",
                    requested: n as u128 + p.size() as u128,
                    limit: u32::MAX as u128,
                    reason: "neuron ids are 32-bit",
                })?;
        }
        let periodic = match &b.periodic {
            None => None,
            Some(l) => {
                let v: Vec<f64> = l.iter().map(|x| x.value).collect();
                if v.is_empty() || v.len() > 3 || v.iter().any(|x| !(x.is_finite() && *x > 0.0)) {
                    return Err(NetworkError::Population {
                        population: "(network)".into(),
                        reason: format!(
                            "periodic box {:?}: 1 to 3 lengths, each finite and > 0",
                            l.iter().map(|x| x.describe()).collect::<Vec<_>>()
                        ),
                    });
                }
                for p in &b.populations {
                    let d = p.layout().dims();
                    if d != 0 && d != v.len() {
                        return Err(pop_error(
                            p,
                            format!("has {d} coordinates but the periodic box {}", v.len()),
                        ));
                    }
                }
                Some(v)
            }
        };
        let resolution = match b.resolution {
            None => None,
            Some(dt) => Some(init_core::check::positive("resolution", dt).map_err(|e| {
                NetworkError::Population {
                    population: "(network)".into(),
                    reason: e.to_string(),
                }
            })?),
        };
        let find = |proj: &Projection<W>, field: &'static str, name: &str| {
            b.populations
                .iter()
                .position(|p| p.name() == name)
                .ok_or_else(|| NetworkError::UnknownPopulation {
                    projection: proj.name(),
                    field,
                    name: name.to_string(),
                })
        };
        let mut projections = Vec::with_capacity(b.projections.len());
        let mut pairs = HashSet::new();
        let with_delays = b.projections.iter().filter(|p| p.delays.is_some()).count();
        for proj in &b.projections {
            let (pre, post) = (
                find(proj, "pre", &proj.pre)?,
                find(proj, "post", &proj.post)?,
            );
            let name = proj.name();
            if !pairs.insert((pre, post)) {
                return Err(NetworkError::DuplicateProjection { projection: name });
            }
            if with_delays > 0 && proj.delays.is_none() {
                return Err(NetworkError::at(
                    &name,
                    "delays",
                    "are missing: when one projection has delays every one needs them (a \
                     simulator stores a delay per synapse)",
                ));
            }
            let r = Resolved {
                spec: proj.clone(),
                name,
                pre,
                post,
            };
            check_projection(&r, &b.populations, periodic.as_deref())?;
            projections.push(r);
        }
        projections.sort_by_key(|r| (r.pre, r.post));
        let net = Network {
            populations: b.populations,
            offsets,
            n,
            projections,
            periodic,
            resolution,
            memory_limit: b.memory_limit,
        };
        if let Some(total) = net.exact_synapses() {
            crate::build::check_memory(&net, total)?;
        }
        Ok(net)
    }

    /// The populations, in id order.
    pub fn populations(&self) -> &[Population] {
        &self.populations
    }

    /// The number of neurons.
    pub fn neurons(&self) -> usize {
        self.n
    }

    /// The projections, ordered by (pre, post) population.
    pub fn projections(&self) -> impl Iterator<Item = &Projection<W>> {
        self.projections.iter().map(|r| &r.spec)
    }

    /// The delay resolution, if delays are rounded.
    pub fn resolution(&self) -> Option<Time> {
        self.resolution.map(<Time as Value>::from_si)
    }

    /// Whether the synapses carry delays.
    pub fn has_delays(&self) -> bool {
        self.projections.iter().any(|r| r.spec.delays.is_some())
    }

    /// The global id range of population `name`.
    pub fn ids(&self, name: &str) -> Option<std::ops::Range<usize>> {
        let k = self.populations.iter().position(|p| p.name() == name)?;
        Some(self.offsets[k]..self.offsets[k] + self.populations[k].size())
    }

    /// The number of synapses each projection will have, where the rule
    /// fixes it (`None` for pairwise Bernoulli); see also
    /// [`Network::expected_synapses`].
    pub fn exact_synapses(&self) -> Option<u128> {
        self.projections
            .iter()
            .map(|r| exact_count(r, &self.populations))
            .sum()
    }

    /// The expected number of synapses: exact for the rules that fix it,
    /// `p·pairs` for a constant Bernoulli probability, and for a
    /// probability profile the number of pairs (an upper bound).
    pub fn expected_synapses(&self) -> f64 {
        self.projections
            .iter()
            .map(|r| {
                exact_count(r, &self.populations)
                    .map(|c| c as f64)
                    .unwrap_or_else(|| {
                        let pairs = pairs(r, &self.populations) as f64;
                        match &r.spec.rule {
                            Rule::PairwiseBernoulli {
                                constant: Some(p), ..
                            } => p * pairs,
                            _ => pairs,
                        }
                    })
            })
            .sum()
    }

    /// The bytes a generated network takes per synapse: a 32-bit target
    /// id, the weight, and the delay when there are delays.
    pub fn bytes_per_synapse(&self) -> u64 {
        4 + size_of::<W>() as u64 + if self.has_delays() { 8 } else { 0 }
    }

    /// Part `k` of `parts` of the network, dealt by target under `scheme`
    /// (blocks balanced by the expected synapses onto each neuron, or
    /// round-robin). The parts of one partition cover every synapse exactly
    /// once. Errors: `k >= parts`.
    ///
    /// ```
    /// # use init_network::{Network, Population, Projection, Rule, Scheme};
    /// # let net = Network::<f64>::builder()
    /// #     .population(Population::new("A", 500))
    /// #     .projection(Projection::new("A", "A", Rule::fixed_indegree(20), 1.0))
    /// #     .build()?;
    /// let whole = net.generate(7)?;
    /// let parts: Vec<_> = (0..3)
    ///     .map(|k| net.generate_part(7, &net.part(k, 3, Scheme::Blocks)?))
    ///     .collect::<Result<_, _>>()?;
    /// assert_eq!(parts.iter().map(|p| p.synapses()).sum::<usize>(), whole.synapses());
    /// # Ok::<(), init_network::NetworkError>(())
    /// ```
    pub fn part(&self, k: usize, parts: usize, scheme: Scheme) -> Result<Part, NetworkError> {
        crate::part::part_of(k, parts, scheme, &self.expected_in())
    }

    /// The expected synapses onto each neuron (global ids): what block
    /// partitions balance.
    fn expected_in(&self) -> Vec<f64> {
        let mut w = vec![0.0; self.n];
        for r in &self.projections {
            let (a, b) = (
                self.populations[r.pre].size() as f64,
                self.populations[r.post].size() as f64,
            );
            if a == 0.0 || b == 0.0 {
                continue;
            }
            let each = match &r.spec.rule {
                Rule::AllToAll => a,
                Rule::OneToOne => 1.0,
                Rule::FixedInDegree { k, .. } => *k as f64,
                Rule::FixedOutDegree { k, .. } => *k as f64 * a / b,
                Rule::FixedTotalNumber { n } => *n as f64 / b,
                Rule::PairwiseBernoulli {
                    constant: Some(p), ..
                } => p * a,
                Rule::PairwiseBernoulli { .. } => a,
            };
            let o = self.offsets[r.post];
            for x in &mut w[o..o + b as usize] {
                *x += each;
            }
        }
        w
    }

    /// Draw the whole network for `seed`.
    pub fn generate(&self, seed: impl Into<Seed>) -> Result<Connectome<W>, NetworkError> {
        crate::build::generate(self, seed.into(), &Part::All)
    }

    /// Draw only `part` of the network (a set of targets, or a range of
    /// sources): the synapses of the whole network that `part` holds,
    /// equal bit for bit, generated without the rest. See [`Part`].
    pub fn generate_part(
        &self,
        seed: impl Into<Seed>,
        part: &Part,
    ) -> Result<Connectome<W>, NetworkError> {
        crate::build::generate(self, seed.into(), part)
    }

    /// The key of population `name`'s positions.
    pub(crate) fn positions_key(seed: Seed, name: &str) -> Key {
        seed.key().named("positions").named(name)
    }
}

/// The number of (pre, post) pairs of a projection, autapses excluded
/// when forbidden.
pub(crate) fn pairs<W: Value>(r: &Resolved<W>, pops: &[Population]) -> u64 {
    let (a, b) = (pops[r.pre].size() as u64, pops[r.post].size() as u64);
    a * b - if r.skip_self() { a } else { 0 }
}

/// The candidate partners of one target (`sources`) or one source, without
/// a mask.
fn partners_per<W: Value>(r: &Resolved<W>, pops: &[Population], of_target: bool) -> u64 {
    let n = if of_target {
        pops[r.pre].size()
    } else {
        pops[r.post].size()
    } as u64;
    n - u64::from(r.skip_self() && n > 0)
}

fn exact_count<W: Value>(r: &Resolved<W>, pops: &[Population]) -> Option<u128> {
    let (a, b) = (pops[r.pre].size() as u128, pops[r.post].size() as u128);
    if a == 0 || b == 0 {
        return Some(0);
    }
    match &r.spec.rule {
        Rule::AllToAll => Some(pairs(r, pops) as u128),
        Rule::OneToOne => Some(if r.skip_self() { 0 } else { a }),
        Rule::FixedInDegree { k, .. } => Some(*k as u128 * b),
        Rule::FixedOutDegree { k, .. } => Some(*k as u128 * a),
        Rule::FixedTotalNumber { n } => Some(*n as u128),
        Rule::PairwiseBernoulli { .. } => None,
    }
}

/// Every check of one projection that needs no drawing.
fn check_projection<W: Value>(
    r: &Resolved<W>,
    pops: &[Population],
    periodic: Option<&[f64]>,
) -> Result<(), NetworkError> {
    let p = &r.spec;
    let name = &r.name;
    let (pre, post) = (&pops[r.pre], &pops[r.post]);
    let (a, b) = (pre.size() as u64, post.size() as u64);
    let empty = a == 0 || b == 0;
    let needs_space = p.mask.is_some() || p.rule.profile().is_some();
    if needs_space && (pre.layout().dims() == 0 || post.layout().dims() == 0) {
        return Err(NetworkError::at(
            name,
            if p.mask.is_some() { "mask" } else { "rule" },
            "needs distances, but a population has no positions (give it a layout)",
        ));
    }
    if pre.layout().dims() != post.layout().dims()
        && pre.layout().dims() != 0
        && post.layout().dims() != 0
    {
        return Err(NetworkError::at(
            name,
            "post",
            format!(
                "has {} coordinates but `pre` has {}",
                post.layout().dims(),
                pre.layout().dims()
            ),
        ));
    }
    if let Some(m) = &p.mask {
        if !p.rule.takes_a_mask() {
            return Err(NetworkError::at(
                name,
                "mask",
                format!(
                    "limits the partners of pairwise_bernoulli and the degree rules, not of {}",
                    p.rule.name()
                ),
            ));
        }
        if let Some(d) = m.dims() {
            if d != pre.layout().dims() {
                return Err(NetworkError::at(
                    name,
                    "mask",
                    format!(
                        "is {d}-D but the positions have {} coordinates",
                        pre.layout().dims()
                    ),
                ));
            }
        }
        if let Some(l) = periodic {
            if let Some(k) = l.iter().position(|&x| m.width() > x) {
                return Err(NetworkError::at(
                    name,
                    "mask",
                    format!(
                        "is {} µm wide, more than the periodic box's {} µm along axis {k} \
                         (a partner would be reached through two images)",
                        m.width() * 1e6,
                        l[k] * 1e6
                    ),
                ));
            }
        }
    }
    match &p.rule {
        Rule::OneToOne if a != b => {
            return Err(NetworkError::at(
                name,
                "rule",
                format!("one_to_one needs populations of one size, not {a} and {b}"),
            ));
        }
        Rule::FixedInDegree { k, weights: None } | Rule::FixedOutDegree { k, weights: None }
            if p.mask.is_none() && *k > 0 && !empty =>
        {
            // An empty population gives an empty projection (a model
            // scaled down to nothing); otherwise no partner at all is an
            // error even with multapses (nothing to repeat): one neuron
            // projecting to itself without autapses.
            let of_target = matches!(p.rule, Rule::FixedInDegree { .. });
            let available = partners_per(r, pops, of_target);
            if available == 0 || (!p.multapses && *k > available) {
                return Err(NetworkError::TooFewPartners {
                    projection: name.clone(),
                    side: if of_target { "target" } else { "source" },
                    neuron: 0,
                    available,
                    required: *k,
                });
            }
        }
        Rule::FixedTotalNumber { n } if *n > 0 && !empty => {
            let pairs = pairs(r, pops);
            if pairs == 0 || (!p.multapses && *n > pairs) {
                return Err(NetworkError::at(
                    name,
                    "rule",
                    format!(
                        "fixed_total_number({n}) without multapses needs {n} distinct pairs, \
                         but there are {pairs}"
                    ),
                ));
            }
        }
        Rule::PairwiseBernoulli { p: prob, .. } if !p.clamp_probability => {
            if let Some((lo, hi)) = prob.value_bounds() {
                if lo < 0.0 || hi > 1.0 {
                    return Err(NetworkError::at(
                        name,
                        "rule",
                        format!(
                            "p takes values in [{lo}, {hi}], outside [0, 1] (scale the \
                             profile, or clamp_probability(true))"
                        ),
                    ));
                }
            }
        }
        _ => {}
    }
    if let Some(d) = &p.delays {
        if let Some((lo, _)) = d.value_bounds() {
            if lo.is_nan() || lo < 0.0 {
                return Err(NetworkError::Init {
                    projection: name.clone(),
                    field: "delays",
                    source: InitError::invalid_value(
                        "delays",
                        <Time as Value>::from_si(lo),
                        "may be negative: bound them below (TruncatedNormal with a low bound, or \
                         .clip(min, None))",
                    ),
                });
            }
        }
    }
    Ok(())
}
