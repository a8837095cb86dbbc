//! A circuit of populations and one rule per (pre, post) population pair:
//! the whole signed N × N weight matrix as one initializer.
//!
//! Sections 6 and 7 of the tutorial build E/I networks and a cortical
//! microcircuit by looping over neuron pairs in Python and calling a
//! distance-modulated initializer per pair. A [`Circuit`] states the same
//! thing declaratively — populations (name, size, excitatory or
//! inhibitory), a rule per pair and a default — and is itself an
//! [`Initializer`], so the whole matrix comes from one parallel generation
//! call, any block can be generated alone, and each element depends only on
//! the seed and its (pre, post) coordinates.

use init_core::{
    BoxedInitializer, Context, Element, InitError, Initializer, Key, Run, Sign, Value,
};

/// One population of a [`Circuit`]: a contiguous range of neuron indices.
///
/// (A network's `Population`, in `init-network`, is the sparse
/// counterpart: it also holds positions.)
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use]
pub struct CircuitPopulation {
    name: String,
    start: usize,
    count: usize,
    sign: Sign,
}

impl CircuitPopulation {
    /// The population's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Its neurons: `start..start + count`.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.start + self.count
    }
    /// Number of neurons.
    pub fn count(&self) -> usize {
        self.count
    }
    /// Excitatory or inhibitory.
    pub fn sign(&self) -> Sign {
        self.sign
    }
}

/// Builds a [`Circuit`]; see there.
pub struct CircuitBuilder<Q: Value> {
    pops: Vec<(String, usize, Sign)>,
    rules: Vec<(String, String, BoxedInitializer<Q>)>,
    default: Option<BoxedInitializer<Q>>,
    autapses: bool,
}

impl<Q: Value> Default for CircuitBuilder<Q> {
    fn default() -> Self {
        CircuitBuilder {
            pops: Vec::new(),
            rules: Vec::new(),
            default: None,
            autapses: false,
        }
    }
}

impl<Q: Value> CircuitBuilder<Q> {
    /// Add a population of `count` neurons after the previous ones.
    pub fn population(mut self, name: &str, count: usize, sign: Sign) -> Self {
        self.pops.push((name.to_string(), count, sign));
        self
    }

    /// The rule for connections from population `pre` to population `post`.
    pub fn rule(
        mut self,
        pre: &str,
        post: &str,
        init: impl Initializer<Output = Q> + 'static,
    ) -> Self {
        self.rules
            .push((pre.to_string(), post.to_string(), Box::new(init)));
        self
    }

    /// The rule for every pair without its own.
    pub fn default_rule(mut self, init: impl Initializer<Output = Q> + 'static) -> Self {
        self.default = Some(Box::new(init));
        self
    }

    /// Whether a neuron connects to itself (default: no; the diagonal is 0).
    pub fn self_connections(mut self, allow: bool) -> Self {
        self.autapses = allow;
        self
    }

    /// Check and build. Errors: no population, an empty or repeated
    /// population name, a rule naming an unknown population, two rules for
    /// one pair, or a pair with neither a rule nor a default.
    pub fn build(self) -> Result<Circuit<Q>, InitError> {
        if self.pops.is_empty() {
            return Err(InitError::invalid(
                "populations",
                "[]",
                "a circuit needs at least one population",
            ));
        }
        let mut pops = Vec::with_capacity(self.pops.len());
        let mut start = 0usize;
        for (name, count, sign) in self.pops {
            if name.is_empty() || pops.iter().any(|p: &CircuitPopulation| p.name == name) {
                return Err(InitError::invalid(
                    "population name",
                    name,
                    "must be non-empty and unique",
                ));
            }
            pops.push(CircuitPopulation {
                name,
                start,
                count,
                sign,
            });
            start = start.checked_add(count).ok_or_else(|| {
                InitError::invalid(
                    "population count",
                    count,
                    "total neuron count overflows usize",
                )
            })?;
        }
        let np = pops.len();
        let find = |name: &str| {
            pops.iter().position(|p| p.name == name).ok_or_else(|| {
                InitError::invalid(
                    "rule population",
                    name.to_string(),
                    "names no population of the circuit",
                )
            })
        };
        let mut table: Vec<Option<usize>> = vec![None; np * np];
        let mut rules = Vec::with_capacity(self.rules.len() + 1);
        for (pre, post, init) in self.rules {
            let (p, q) = (find(&pre)?, find(&post)?);
            if table[p * np + q].is_some() {
                return Err(InitError::invalid(
                    "rule",
                    format!("{pre} -> {post}"),
                    "is given twice",
                ));
            }
            table[p * np + q] = Some(rules.len());
            rules.push(init);
        }
        let default = self.default.map(|d| {
            rules.push(d);
            rules.len() - 1
        });
        let mut rule_of = Vec::with_capacity(np * np);
        for (k, r) in table.into_iter().enumerate() {
            match r.or(default) {
                Some(r) => rule_of.push(r),
                None => {
                    return Err(InitError::invalid(
                        "default_rule",
                        format!("{} -> {}", pops[k / np].name, pops[k % np].name),
                        "this pair has no rule, so a default rule is needed",
                    ));
                }
            }
        }
        let mut pop_of = Vec::with_capacity(start);
        for (i, p) in pops.iter().enumerate() {
            pop_of.extend(std::iter::repeat_n(i as u32, p.count));
        }
        let slot_of = (0..np * np)
            .map(|k| Key::slot_for(&[&pops[k / np].name, &pops[k % np].name]))
            .collect();
        let circuit = Circuit {
            pops,
            rules,
            rule_of,
            slot_of,
            pop_of,
            autapses: self.autapses,
        };
        circuit.refuse_double_negation()?;
        Ok(circuit)
    }
}

/// Populations with one weight rule per (pre, post) pair: an
/// [`Initializer`] of the whole N × N signed matrix (row = pre).
///
/// Element (i, j) is the rule of (population of i, population of j) drawn
/// at (i, j) with that rule's own key — each rule is a child of the circuit
/// — negated when i's population is [`Sign::Inhibitory`], and 0 on the
/// diagonal unless self-connections are allowed. Rules are usually
/// `DistanceModulated` initializers, so the generation context carries the
/// neurons' positions (the same array as pre and post positions).
///
/// ```
/// use init_compose::{Circuit, Sign};
/// use init_core::{Context, Generate, QuantityStats};
/// use init_dist::Normal;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let g = |v| G::new::<nS>(v);
/// let circuit = Circuit::builder()
///     .population("E", 80, Sign::Excitatory)
///     .population("I", 20, Sign::Inhibitory)
///     .rule("E", "E", Normal::new(g(0.5), g(0.1))?)
///     .default_rule(Normal::new(g(1.0), g(0.1))?)
///     .build()?;
/// let w = circuit.generate((100, 100), 7)?;
/// assert_eq!(w[[3, 3]], g(0.0));                 // no self-connections
/// assert!(w[[90, 5]] < g(0.0));                  // inhibitory rows are negative
/// // Rows 80..100 alone equal those rows of the whole matrix.
/// let block = circuit.generate_block((100, 100), &[80..100, 0..100], 7, &Context::new())?;
/// assert_eq!(block, w.slice(ndarray::s![80..100, ..]));
/// # Ok::<(), init_core::InitError>(())
/// ```
pub struct Circuit<Q: Value> {
    pops: Vec<CircuitPopulation>,
    rules: Vec<BoxedInitializer<Q>>,
    /// `rule_of[p * n_pops + q]`: index into `rules` for pre population p,
    /// post population q.
    rule_of: Vec<usize>,
    /// `slot_of[p * n_pops + q]`: the child slot of the pair's stream,
    /// from the two populations' names (see [`Circuit`], "Keys").
    slot_of: Vec<u64>,
    /// Population of each neuron.
    pop_of: Vec<u32>,
    autapses: bool,
}

impl<Q: Value> Circuit<Q> {
    /// Start building a circuit.
    pub fn builder() -> CircuitBuilder<Q> {
        CircuitBuilder::default()
    }

    /// Total number of neurons.
    pub fn n(&self) -> usize {
        self.pop_of.len()
    }

    /// The populations, in index order.
    pub fn populations(&self) -> &[CircuitPopulation] {
        &self.pops
    }

    /// The population of neuron `i` (None past the end).
    pub fn population_of(&self, i: usize) -> Option<&CircuitPopulation> {
        self.pop_of.get(i).map(|&p| &self.pops[p as usize])
    }

    fn rule(&self, p: usize, q: usize) -> usize {
        self.rule_of[p * self.pops.len() + q]
    }

    /// The key of the stream of pair (p, q), under the circuit's `key`.
    #[inline]
    fn pair_key(&self, key: Key, p: usize, q: usize) -> Key {
        key.child(self.slot_of[p * self.pops.len() + q])
    }

    /// The pairs (p, q) whose populations both have neurons.
    fn live_pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let np = self.pops.len();
        (0..np * np)
            .map(move |k| (k / np, k % np))
            .filter(|&(p, q)| self.pops[p].count > 0 && self.pops[q].count > 0)
    }

    /// An inhibitory population's rules give magnitudes, which the circuit
    /// negates; a rule whose values are negative already (by its bounds:
    /// at most 0, or centred below 0, as `Normal(−2 nS, 0.4 nS)` is) would
    /// come out positive, so it is refused. A rule without bounds cannot
    /// be checked and is accepted.
    fn refuse_double_negation(&self) -> Result<(), InitError> {
        for (p, q) in self.live_pairs() {
            if self.pops[p].sign != Sign::Inhibitory {
                continue;
            }
            let Some((lo, hi)) = self.rules[self.rule(p, q)].value_bounds() else {
                continue;
            };
            if hi <= 0.0 && lo < 0.0 || lo + hi < 0.0 {
                return Err(InitError::InvalidParameter {
                    name: "rule",
                    value: format!(
                        "{} -> {} (values from {} to {})",
                        self.pops[p].name,
                        self.pops[q].name,
                        Q::from_si(lo).describe(),
                        Q::from_si(hi).describe()
                    ),
                    rule: "the rules of an Inhibitory population give magnitudes, which the \
                           circuit negates; this rule's values are already negative, so they \
                           would come out positive (give the magnitude, or mark the population \
                           Excitatory)",
                });
            }
        }
        Ok(())
    }
}

impl<Q: Value> Initializer for Circuit<Q> {
    type Output = Q;

    fn sample(&self, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
        if el.pre == el.post && !self.autapses {
            return 0.0;
        }
        let (p, q) = (self.pop_of[el.pre] as usize, self.pop_of[el.post] as usize);
        let r = self.rule(p, q);
        let v = self.rules[r].sample(el, ctx, self.pair_key(key, p, q));
        match self.pops[p].sign {
            Sign::Excitatory => v,
            Sign::Inhibitory => -v,
        }
    }

    fn check(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        let n = self.n();
        if shape != [n, n] {
            return Err(InitError::ShapeMismatch {
                what: "circuit output (neurons × neurons)",
                expected: vec![n, n],
                found: shape.to_vec(),
            });
        }
        self.rules.iter().try_for_each(|r| r.check(shape, ctx))
    }

    /// The hull over the population pairs that have neurons of their
    /// rules' bounds (negated for inhibitory populations), and 0 when the
    /// diagonal is zeroed.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        let mut hull: Option<(f64, f64)> = None;
        let mut widen = |lo: f64, hi: f64| {
            hull = Some(hull.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
        };
        for (p, q) in self.live_pairs() {
            let (lo, hi) = self.rules[self.rule(p, q)].value_bounds()?;
            match self.pops[p].sign {
                Sign::Excitatory => widen(lo, hi),
                Sign::Inhibitory => widen(-hi, -lo),
            }
        }
        if !self.autapses && self.n() > 0 {
            widen(0.0, 0.0);
        }
        hull
    }

    fn fill(&self, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
        // Along a row the pre population is fixed; hand each post
        // population's stretch to its rule's own fill.
        let p = self.pop_of[run.pre0] as usize;
        let end = run.post0 + out.len();
        let mut j = run.post0;
        while j < end {
            let q = self.pop_of[j] as usize;
            let stop = self.pops[q].range().end.min(end);
            let r = self.rule(p, q);
            let seg = &mut out[j - run.post0..stop - run.post0];
            self.rules[r].fill(run.skip(j - run.post0), ctx, self.pair_key(key, p, q), seg);
            if self.pops[p].sign == Sign::Inhibitory {
                seg.iter_mut().for_each(|x| *x = -*x);
            }
            j = stop;
        }
        if !self.autapses && (run.post0..end).contains(&run.pre0) {
            out[run.pre0 - run.post0] = 0.0;
        }
    }
}

init_core::impl_initializer_ops!([Q] Circuit<Q> where Q: Value);

#[cfg(test)]
mod tests {
    use super::*;
    use init_core::{Generate, Seed};
    use init_dist::{Constant, Normal};
    use ndarray::s;
    use uom::si::electrical_conductance::nanosiemens;
    use uom::si::f64::ElectricalConductance as G;

    fn ns(v: f64) -> G {
        G::new::<nanosiemens>(v)
    }

    /// A three-population circuit whose rules are constants that name the
    /// pair, so every element's expected value is known.
    fn labelled() -> Circuit<G> {
        let mut b = Circuit::builder()
            .population("A", 7, Sign::Excitatory)
            .population("B", 0, Sign::Excitatory)
            .population("C", 5, Sign::Inhibitory)
            .population("D", 9, Sign::Excitatory);
        for (i, p) in ["A", "C", "D"].iter().enumerate() {
            for (j, q) in ["A", "C", "D"].iter().enumerate() {
                if (i, j) != (2, 0) {
                    b = b.rule(
                        p,
                        q,
                        Constant::new(ns((10 * (i + 1) + j + 1) as f64)).unwrap(),
                    );
                }
            }
        }
        b.default_rule(Constant::new(ns(99.0)).unwrap())
            .build()
            .unwrap()
    }

    #[test]
    fn every_element_takes_its_pairs_rule_sign_and_diagonal() {
        let c = labelled();
        assert_eq!(c.n(), 21);
        let w = c.generate((21, 21), 1).unwrap();
        let group = |i: usize| match i {
            0..7 => 0,
            7..12 => 1,
            _ => 2,
        };
        for ((i, j), &v) in w.indexed_iter() {
            let (p, q) = (group(i), group(j));
            let mag = if (p, q) == (2, 0) {
                99.0
            } else {
                (10 * (p + 1) + q + 1) as f64
            };
            let expected = if i == j {
                0.0
            } else if p == 1 {
                -mag
            } else {
                mag
            };
            assert_eq!(v, ns(expected), "element ({i}, {j})");
        }
        assert_eq!(c.population_of(8).unwrap().name(), "C");
        assert_eq!(c.populations()[3].range(), 12..21);
        // With self-connections the diagonal takes its rule too.
        let mut b = Circuit::builder()
            .population("A", 3, Sign::Inhibitory)
            .self_connections(true);
        b = b.default_rule(Constant::new(ns(2.0)).unwrap());
        let d = b.build().unwrap().generate((3, 3), 0).unwrap();
        assert_eq!(d[[1, 1]], ns(-2.0));
    }

    #[test]
    fn fill_equals_sample_and_blocks_equal_the_whole() {
        let c = Circuit::builder()
            .population("E", 300, Sign::Excitatory)
            .population("I", 120, Sign::Inhibitory)
            .rule("E", "I", Normal::new(ns(1.0), ns(0.2)).unwrap())
            .rule("I", "E", Normal::new(ns(2.0), ns(0.3)).unwrap())
            .default_rule(Normal::new(ns(0.5), ns(0.1)).unwrap())
            .build()
            .unwrap();
        let whole = c.generate((420, 420), 5).unwrap();
        let key = Seed::new(5).key();
        let ctx = Context::new();
        for &(i, j) in &[
            (0, 1),
            (299, 300),
            (300, 299),
            (419, 0),
            (17, 17),
            (350, 410),
        ] {
            let v = c.sample(Element::in_matrix(i, j, 420), &ctx, key);
            assert_eq!(v.to_bits(), whole[[i, j]].value.to_bits(), "({i}, {j})");
        }
        let block = c
            .generate_block((420, 420), &[250..333, 280..401], 5, &ctx)
            .unwrap();
        assert_eq!(block, whole.slice(s![250..333, 280..401]));
        let one = init_testkit::in_pool(1, || c.generate((420, 420), 5).unwrap());
        let eight = init_testkit::in_pool(8, || c.generate((420, 420), 5).unwrap());
        assert_eq!(one, whole);
        assert_eq!(eight, whole);
        // Rules draw independently: two pairs with the same rule type are
        // not copies of each other.
        assert_ne!(whole[[0, 1]], whole[[1, 0]]);
    }

    /// The same rules declared in another order give the same matrix, bit
    /// for bit: each pair's stream is keyed by the two populations' names,
    /// not by where its rule sits in the list. Two pairs that share the
    /// default rule still draw apart.
    #[test]
    fn rule_order_does_not_change_the_matrix() {
        let rules = [
            ("E", "E", 0.5, 0.1),
            ("E", "I", 1.0, 0.2),
            ("I", "E", 2.0, 0.3),
            ("I", "I", 1.5, 0.2),
        ];
        let build = |order: &[usize]| {
            let mut b = Circuit::builder()
                .population("E", 40, Sign::Excitatory)
                .population("I", 10, Sign::Inhibitory)
                .population("X", 5, Sign::Excitatory);
            for &k in order {
                let (p, q, m, sd) = rules[k];
                b = b.rule(p, q, Normal::new(ns(m), ns(sd)).unwrap());
            }
            b.default_rule(Normal::new(ns(0.3), ns(0.1)).unwrap())
                .build()
                .unwrap()
                .generate((55, 55), 9)
                .unwrap()
        };
        let forward = build(&[0, 1, 2, 3]);
        for order in [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]] {
            assert_eq!(build(&order), forward, "order {order:?}");
        }
        // E -> X and X -> E both take the default rule, from their own
        // streams: element (1, 50) of one is not element (50, 1) of the
        // other transposed, and no row of X -> E repeats a row of E -> X.
        assert_ne!(forward[[1, 50]], forward[[50, 1]]);
        // The key is the pair's: a circuit whose populations are renamed
        // draws other numbers.
        let renamed = Circuit::builder()
            .population("E2", 40, Sign::Excitatory)
            .population("I", 10, Sign::Inhibitory)
            .population("X", 5, Sign::Excitatory)
            .default_rule(Normal::new(ns(0.3), ns(0.1)).unwrap())
            .build()
            .unwrap()
            .generate((55, 55), 9)
            .unwrap();
        assert_ne!(renamed[[0, 50]], forward[[0, 50]]);
        assert_eq!(
            renamed[[52, 53]],
            forward[[52, 53]],
            "X -> X is the same pair"
        );
    }

    /// An inhibitory population's rule that draws negative values already
    /// is refused (the circuit would negate it into positive weights);
    /// magnitudes, and excitatory populations with any rule, are accepted.
    #[test]
    fn inhibitory_rules_must_give_magnitudes() {
        let build = |sign: Sign, mean: f64| {
            Circuit::builder()
                .population("E", 4, Sign::Excitatory)
                .population("I", 2, sign)
                .rule("I", "E", Normal::new(ns(mean), ns(0.4)).unwrap())
                .default_rule(Constant::new(ns(1.0)).unwrap())
                .build()
        };
        let err = build(Sign::Inhibitory, -2.0).err().unwrap();
        let msg = err.to_string();
        assert!(matches!(
            err,
            InitError::InvalidParameter { name: "rule", .. }
        ));
        assert!(msg.contains("I -> E") && msg.contains("nS"), "{msg}");
        assert!(build(Sign::Inhibitory, 2.0).is_ok());
        assert!(build(Sign::Excitatory, -2.0).is_ok());
        // A constant negative magnitude: refused too.
        let c = Circuit::builder()
            .population("I", 3, Sign::Inhibitory)
            .default_rule(Constant::new(ns(-1.0)).unwrap())
            .build();
        assert!(c.is_err());
        // An empty inhibitory population connects nothing: not checked.
        assert!(build_empty_inhibitory().is_ok());
    }

    fn build_empty_inhibitory() -> Result<Circuit<G>, InitError> {
        Circuit::builder()
            .population("E", 4, Sign::Excitatory)
            .population("I", 0, Sign::Inhibitory)
            .default_rule(Constant::new(ns(-1.0)).unwrap())
            .build()
    }

    /// The bounds hold every element of a generated matrix, are the hull
    /// of the pairs' (signed) rule bounds and the zeroed diagonal, and are
    /// unknown when a rule's are.
    #[test]
    fn bounds_hold_every_element() {
        let c = labelled();
        let (lo, hi) = c.value_bounds().unwrap();
        assert_eq!((lo, hi), (ns(-23.0).value, ns(99.0).value));
        let w = c.generate((21, 21), 3).unwrap();
        assert!(w.iter().all(|v| lo <= v.value && v.value <= hi));
        let normal = Circuit::builder()
            .population("E", 30, Sign::Excitatory)
            .population("I", 10, Sign::Inhibitory)
            .default_rule(Normal::new(ns(1.0), ns(0.2)).unwrap())
            .build()
            .unwrap();
        let (lo, hi) = normal.value_bounds().unwrap();
        let (nlo, nhi) = Normal::new(ns(1.0), ns(0.2))
            .unwrap()
            .value_bounds()
            .unwrap();
        assert_eq!((lo, hi), (-nhi, nhi));
        assert!(nlo < 0.0);
        struct Unbounded;
        impl Initializer for Unbounded {
            type Output = G;
            fn sample(&self, _: Element, _: &Context<'_>, _: Key) -> f64 {
                1.0
            }
        }
        let u = Circuit::builder()
            .population("E", 3, Sign::Excitatory)
            .default_rule(Unbounded)
            .build()
            .unwrap();
        assert_eq!(u.value_bounds(), None);
    }

    #[test]
    fn invalid_circuits_are_typed_errors() {
        let n = || Normal::new(ns(1.0), ns(0.1)).unwrap();
        let err = |b: CircuitBuilder<G>| match b.build() {
            Err(InitError::InvalidParameter { name, .. }) => name,
            Ok(_) => panic!("should fail"),
            Err(e) => panic!("unexpected error {e}"),
        };
        assert_eq!(err(Circuit::builder().default_rule(n())), "populations");
        assert_eq!(
            err(Circuit::builder()
                .population("A", 1, Sign::Excitatory)
                .population("A", 2, Sign::Excitatory)
                .default_rule(n())),
            "population name"
        );
        assert_eq!(
            err(Circuit::builder()
                .population("A", 1, Sign::Excitatory)
                .rule("A", "X", n())
                .default_rule(n())),
            "rule population"
        );
        assert_eq!(
            err(Circuit::builder()
                .population("A", 1, Sign::Excitatory)
                .rule("A", "A", n())
                .rule("A", "A", n())),
            "rule"
        );
        assert_eq!(
            err(Circuit::builder()
                .population("A", 1, Sign::Excitatory)
                .population("B", 1, Sign::Excitatory)
                .rule("A", "A", n())),
            "default_rule"
        );
        let c = Circuit::builder()
            .population("A", 4, Sign::Excitatory)
            .default_rule(n())
            .build()
            .unwrap();
        assert!(matches!(
            c.generate((4, 5), 0),
            Err(InitError::ShapeMismatch { .. })
        ));
        assert!(matches!(
            c.generate(16, 0),
            Err(InitError::ShapeMismatch { .. })
        ));
    }
}
