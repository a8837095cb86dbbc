//! [`Projection`]: the synapses from one population to another — a rule,
//! weights, optional delays, a mask and NEST's autapse and multapse flags.

use std::sync::Arc;

use init_core::{Initializer, Value};
use uom::si::f64::Time;

use crate::mask::Mask;
use crate::rule::Rule;

/// An initializer of weights in `W`, shared.
pub type Weights<W> = Arc<dyn Initializer<Output = W>>;
/// An initializer of delays, shared.
pub type Delays = Arc<dyn Initializer<Output = Time>>;

/// The synapses from population `pre` to population `post`.
///
/// * the **rule** chooses the pairs ([`Rule`]);
/// * the **weights** are any initializer of `W` (a distribution, a
///   composite, a `DistanceModulated`: the context of a synapse holds the
///   two populations' positions, so it reads the pair's distance); the
///   weight of synapse `(i, j)` is element `(i, j)` of the dense
///   `n_pre × n_post` matrix of that initializer, local ids;
/// * the optional **delays** likewise, of [`Time`] (`DistanceDelay` for a
///   conduction velocity);
/// * an optional [`Mask`] limits the partners of the Bernoulli and degree
///   rules;
/// * autapses and multapses are allowed unless forbidden, as in NEST.
///
/// ```
/// use init_network::{Projection, Rule};
/// use init_dist::TruncatedNormal;
/// use uom::si::{electric_current::picoampere as pA, f64::{ElectricCurrent, Time}, time::millisecond as ms};
///
/// let w = TruncatedNormal::new(ElectricCurrent::new::<pA>(87.8), ElectricCurrent::new::<pA>(8.8),
///                              ElectricCurrent::new::<pA>(0.0), None)?;
/// let d = TruncatedNormal::new(Time::new::<ms>(1.5), Time::new::<ms>(0.75), Time::new::<ms>(0.05), None)?;
/// let p = Projection::new("L4E", "L23E", Rule::fixed_total_number(43_000), w)
///     .with_delays(d)
///     .allow_autapses(false);
/// assert_eq!(p.name(), "L4E -> L23E");
/// # Ok::<(), init_core::InitError>(())
/// ```
#[must_use]
pub struct Projection<W: Value> {
    pub(crate) pre: String,
    pub(crate) post: String,
    pub(crate) rule: Rule,
    pub(crate) weights: Weights<W>,
    pub(crate) delays: Option<Delays>,
    pub(crate) mask: Option<Mask>,
    pub(crate) autapses: bool,
    pub(crate) multapses: bool,
    pub(crate) clamp_probability: bool,
}

impl<W: Value> Clone for Projection<W> {
    fn clone(&self) -> Self {
        Projection {
            pre: self.pre.clone(),
            post: self.post.clone(),
            rule: self.rule.clone(),
            weights: Arc::clone(&self.weights),
            delays: self.delays.clone(),
            mask: self.mask.clone(),
            autapses: self.autapses,
            multapses: self.multapses,
            clamp_probability: self.clamp_probability,
        }
    }
}

impl<W: Value> std::fmt::Debug for Projection<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Projection")
            .field("pre", &self.pre)
            .field("post", &self.post)
            .field("rule", &self.rule)
            .field("delays", &self.delays.is_some())
            .field("mask", &self.mask)
            .field("autapses", &self.autapses)
            .field("multapses", &self.multapses)
            .finish_non_exhaustive()
    }
}

impl<W: Value> Projection<W> {
    /// Synapses from `pre` to `post` chosen by `rule`, with weights drawn
    /// from `weights`.
    pub fn new(
        pre: &str,
        post: &str,
        rule: Rule,
        weights: impl Initializer<Output = W> + 'static,
    ) -> Self {
        Projection {
            pre: pre.to_string(),
            post: post.to_string(),
            rule,
            weights: Arc::new(weights),
            delays: None,
            mask: None,
            autapses: true,
            multapses: true,
            clamp_probability: false,
        }
    }

    /// Draw a delay for every synapse from `delays`.
    pub fn with_delays(mut self, delays: impl Initializer<Output = Time> + 'static) -> Self {
        self.delays = Some(Arc::new(delays));
        self
    }

    /// Only partners inside `mask` (Bernoulli and degree rules).
    pub fn with_mask(mut self, mask: Mask) -> Self {
        self.mask = Some(mask);
        self
    }

    /// Allow (default) or forbid a neuron's synapse onto itself (only
    /// possible when `pre` and `post` are one population).
    pub fn allow_autapses(mut self, allow: bool) -> Self {
        self.autapses = allow;
        self
    }

    /// Allow (default) or forbid several synapses between one pair (the
    /// degree and fixed-total-number rules).
    pub fn allow_multapses(mut self, allow: bool) -> Self {
        self.multapses = allow;
        self
    }

    /// Clamp a Bernoulli probability profile to [0, 1] instead of refusing
    /// one whose values leave it (a profile scaled above 1 is an error by
    /// default: a silent clamp changes the expected synapse count).
    pub fn clamp_probability(mut self, clamp: bool) -> Self {
        self.clamp_probability = clamp;
        self
    }

    /// `"pre -> post"`.
    pub fn name(&self) -> String {
        format!("{} -> {}", self.pre, self.post)
    }

    /// The source population.
    pub fn pre(&self) -> &str {
        &self.pre
    }

    /// The target population.
    pub fn post(&self) -> &str {
        &self.post
    }

    /// The rule.
    pub fn rule(&self) -> &Rule {
        &self.rule
    }

    /// The weights.
    pub fn weights(&self) -> &Weights<W> {
        &self.weights
    }

    /// The delays, if any.
    pub fn delays(&self) -> Option<&Delays> {
        self.delays.as_ref()
    }

    /// The mask, if any.
    pub fn mask(&self) -> Option<&Mask> {
        self.mask.as_ref()
    }

    /// Whether autapses are allowed.
    pub fn allows_autapses(&self) -> bool {
        self.autapses
    }

    /// Whether multapses are allowed.
    pub fn allows_multapses(&self) -> bool {
        self.multapses
    }
}
