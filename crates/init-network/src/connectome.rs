//! [`Connectome`]: a generated network, one CSR over global neuron ids
//! (row = source), typed weights and delays stored once, with a view per
//! projection.

use std::fmt::Write as _;
use std::ops::Range;

use init_core::{Summary, Value};
use uom::si::f64::Time;

use crate::network_error::NetworkError;
use crate::part::Part;
use crate::population::Placed;

/// What a [`Connectome`] records of each projection.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectionInfo {
    /// `"pre -> post"`.
    pub name: String,
    /// Index of the source population.
    pub pre: usize,
    /// Index of the target population.
    pub post: usize,
    /// NEST's name of the rule.
    pub rule: &'static str,
    /// Synapses generated (in this part).
    pub synapses: u64,
}

/// The synapses of a network (or of a part of it): one compressed sparse
/// row matrix over the global neuron ids, row = source, each row's targets
/// ascending (multapses adjacent), with a weight and (when the network has
/// delays) a delay per synapse.
///
/// The synapses of source `g` are `indptr[g]..indptr[g + 1]`; within a row
/// the synapses of one projection are contiguous (its target population's
/// ids are), which is what [`Connectome::projection`] views.
///
/// Memory: 4 bytes of target id, the weight, 8 bytes of delay per
/// synapse, and 8 bytes per neuron; nothing else is kept.
#[derive(Clone, Debug, PartialEq)]
pub struct Connectome<W: Value> {
    pub(crate) populations: Vec<Placed>,
    pub(crate) indptr: Vec<u64>,
    pub(crate) indices: Vec<u32>,
    pub(crate) weights: Vec<W>,
    pub(crate) delays: Option<Vec<Time>>,
    pub(crate) projections: Vec<ProjectionInfo>,
    pub(crate) part: Part,
}

impl<W: Value> Connectome<W> {
    /// The number of neurons (rows, and the range of target ids).
    pub fn neurons(&self) -> usize {
        self.indptr.len() - 1
    }

    /// The number of synapses.
    pub fn synapses(&self) -> usize {
        self.indices.len()
    }

    /// The populations, with their global ids and positions.
    pub fn populations(&self) -> &[Placed] {
        &self.populations
    }

    /// The population named `name`.
    pub fn population(&self, name: &str) -> Option<&Placed> {
        self.populations.iter().find(|p| p.name() == name)
    }

    /// The projections, ordered by (pre, post) population.
    pub fn projections(&self) -> &[ProjectionInfo] {
        &self.projections
    }

    /// Which part of the network this is.
    pub fn part(&self) -> &Part {
        &self.part
    }

    /// Row pointers: `neurons() + 1` offsets.
    pub fn indptr(&self) -> &[u64] {
        &self.indptr
    }

    /// The target (global id) of each synapse.
    pub fn indices(&self) -> &[u32] {
        &self.indices
    }

    /// The weight of each synapse.
    pub fn weights(&self) -> &[W] {
        &self.weights
    }

    /// The delay of each synapse, if the network has delays.
    pub fn delays(&self) -> Option<&[Time]> {
        self.delays.as_deref()
    }

    /// The synapses of source `g`: (targets, weights).
    ///
    /// Panics if `g >= neurons()`, as slice indexing does.
    pub fn row(&self, g: usize) -> (&[u32], &[W]) {
        let r = self.indptr[g] as usize..self.indptr[g + 1] as usize;
        (&self.indices[r.clone()], &self.weights[r])
    }

    /// Every synapse as `(source, target, weight, delay)` (global ids; the
    /// delay 0 without delays), row by row.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize, W, Time)> + '_ {
        (0..self.neurons()).flat_map(move |g| {
            let r = self.indptr[g] as usize..self.indptr[g + 1] as usize;
            r.map(move |t| {
                let d = self.delays.as_ref().map_or(Time::default(), |d| d[t]);
                (g, self.indices[t] as usize, self.weights[t], d)
            })
        })
    }

    /// The synapses of the projection from `pre` to `post`, if the network
    /// has one.
    pub fn projection(&self, pre: &str, post: &str) -> Option<ProjectionView<'_, W>> {
        let k = self.projections.iter().position(|p| {
            self.populations[p.pre].name() == pre && self.populations[p.post].name() == post
        })?;
        Some(self.view(k))
    }

    /// The view of projection `k` (in [`Connectome::projections`] order).
    pub fn view(&self, k: usize) -> ProjectionView<'_, W> {
        let info = &self.projections[k];
        ProjectionView {
            c: self,
            info,
            rows: self.populations[info.pre].ids(),
            cols: self.populations[info.post].ids(),
        }
    }

    /// The same network's populations and projections with other synapses:
    /// `indptr`, `indices`, `weights` and `delays` as [`Connectome`] holds
    /// them, and each projection's synapse count — how a part received
    /// from another process (an MPI rank) becomes a connectome again.
    /// Errors: arrays of inconsistent lengths, a row pointer that
    /// decreases, a target outside the network, or delays missing where
    /// the network has them (or present where it has none).
    ///
    /// ```
    /// # use init_network::{Network, Population, Projection, Rule};
    /// let net = Network::builder()
    ///     .population(Population::new("A", 3))
    ///     .projection(Projection::new("A", "A", Rule::all_to_all(), 1.0))
    ///     .build()?;
    /// let c = net.generate(1)?;
    /// let (indptr, indices, weights, _) = c.clone().into_parts();
    /// let again = c.with_synapses(indptr, indices, weights, None, vec![9])?;
    /// assert_eq!(again, c);
    /// # Ok::<(), init_network::NetworkError>(())
    /// ```
    pub fn with_synapses(
        &self,
        indptr: Vec<u64>,
        indices: Vec<u32>,
        weights: Vec<W>,
        delays: Option<Vec<Time>>,
        counts: Vec<u64>,
    ) -> Result<Connectome<W>, NetworkError> {
        let bad = |reason: &'static str| NetworkError::Part {
            part: 0,
            parts: 0,
            reason,
        };
        let n = self.neurons();
        if indptr.len() != n + 1 || indptr.first() != Some(&0) {
            return Err(bad("row pointers: one per neuron and one more, from 0"));
        }
        if indptr.windows(2).any(|w| w[0] > w[1]) || indptr[n] as usize != indices.len() {
            return Err(bad(
                "row pointers must not decrease and must end at the synapse count",
            ));
        }
        if weights.len() != indices.len()
            || delays.as_ref().is_some_and(|d| d.len() != indices.len())
        {
            return Err(bad("one weight (and delay) per synapse"));
        }
        if delays.is_some() != self.delays.is_some() {
            return Err(bad("delays present exactly when the network has them"));
        }
        if indices.iter().any(|&j| j as usize >= n) || counts.len() != self.projections.len() {
            return Err(bad("targets within the network, one count per projection"));
        }
        let projections = self
            .projections
            .iter()
            .zip(&counts)
            .map(|(p, &c)| ProjectionInfo {
                synapses: c,
                ..p.clone()
            })
            .collect();
        Ok(Connectome {
            populations: self.populations.clone(),
            indptr,
            indices,
            weights,
            delays,
            projections,
            part: self.part.clone(),
        })
    }

    /// The network whose synapses are those of `parts` together: parts of
    /// one network (generated by [`crate::Network::generate_part`], on one
    /// machine or on the ranks of a job), disjoint, in any order. Each row
    /// is the union of the parts' rows, targets ascending as the whole
    /// network holds them (a stable merge, so multapses keep their order),
    /// which makes the result equal, bit for bit, to the whole network
    /// generated at once when the parts cover it.
    ///
    /// ```
    /// # use init_network::{Network, Population, Projection, Rule, Scheme};
    /// let net = Network::builder()
    ///     .population(Population::new("A", 50))
    ///     .projection(Projection::new("A", "A", Rule::fixed_indegree(5), 1.0))
    ///     .build()?;
    /// let parts: Vec<_> = (0..3)
    ///     .map(|k| net.generate_part(4, &net.part(k, 3, Scheme::RoundRobin)?))
    ///     .collect::<Result<_, _>>()?;
    /// let whole = init_network::Connectome::merge(&parts)?;
    /// assert_eq!(whole.indices(), net.generate(4)?.indices());
    /// # Ok::<(), init_network::NetworkError>(())
    /// ```
    pub fn merge(parts: &[Connectome<W>]) -> Result<Connectome<W>, NetworkError> {
        let Some(first) = parts.first() else {
            return Err(NetworkError::Part {
                part: 0,
                parts: 0,
                reason: "nothing to merge",
            });
        };
        if parts.iter().any(|p| {
            p.populations != first.populations || p.projections.len() != first.projections.len()
        }) {
            return Err(NetworkError::Part {
                part: 0,
                parts: parts.len(),
                reason: "the parts are not of one network",
            });
        }
        let n = first.neurons();
        let total: usize = parts.iter().map(|p| p.synapses()).sum();
        let mut indptr = Vec::with_capacity(n + 1);
        indptr.push(0u64);
        let mut indices = Vec::with_capacity(total);
        let mut weights = Vec::with_capacity(total);
        let has_delays = first.delays.is_some();
        let mut delays = has_delays.then(|| Vec::with_capacity(total));
        let mut row: Vec<(u32, usize, usize)> = Vec::new();
        for g in 0..n {
            row.clear();
            for (k, p) in parts.iter().enumerate() {
                for t in p.indptr[g] as usize..p.indptr[g + 1] as usize {
                    row.push((p.indices[t], k, t));
                }
            }
            // Stable: equal targets (multapses) keep their part's order.
            row.sort_by_key(|&(j, _, _)| j);
            for &(j, k, t) in &row {
                indices.push(j);
                weights.push(parts[k].weights[t]);
                if let (Some(d), Some(src)) = (&mut delays, &parts[k].delays) {
                    d.push(src[t]);
                }
            }
            indptr.push(indices.len() as u64);
        }
        let projections = first
            .projections
            .iter()
            .enumerate()
            .map(|(k, p)| ProjectionInfo {
                synapses: parts.iter().map(|q| q.projections[k].synapses).sum(),
                ..p.clone()
            })
            .collect();
        Ok(Connectome {
            populations: first.populations.clone(),
            indptr,
            indices,
            weights,
            delays,
            projections,
            part: Part::All,
        })
    }

    /// The arrays themselves, for a simulator that takes them over:
    /// (row pointers, targets, weights, delays).
    pub fn into_parts(self) -> (Vec<u64>, Vec<u32>, Vec<W>, Option<Vec<Time>>) {
        (self.indptr, self.indices, self.weights, self.delays)
    }

    /// A table of the projections: rule, synapses, mean ± std of the
    /// weights (in `weight_unit`, named `unit_name`) and of the delays
    /// (ms).
    pub fn summary_table(&self, weight_unit: W, unit_name: &str) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{:<24} {:<20} {:>12} {:>22} {:>18}",
            "projection",
            "rule",
            "synapses",
            format!("weight ({unit_name})"),
            "delay (ms)"
        );
        let u = weight_unit.si();
        for k in 0..self.projections.len() {
            let v = self.view(k);
            let w = v.weight_summary();
            let d = v.delay_summary();
            let ws = w.map_or("-".into(), |w| {
                format!("{:.4} ± {:.4}", w.mean.si() / u, w.std.si() / u)
            });
            let ds = d.map_or("-".into(), |d| {
                format!("{:.4} ± {:.4}", d.mean.value * 1e3, d.std.value * 1e3)
            });
            let _ = writeln!(
                s,
                "{:<24} {:<20} {:>12} {:>22} {:>18}",
                v.info.name, v.info.rule, v.info.synapses, ws, ds
            );
        }
        let _ = writeln!(s, "{:<24} {:<20} {:>12}", "total", "", self.synapses());
        s
    }
}

/// The synapses of one projection of a [`Connectome`] (no copy: the rows
/// of the source population, each cut to the target population's ids).
#[derive(Clone)]
pub struct ProjectionView<'c, W: Value> {
    c: &'c Connectome<W>,
    info: &'c ProjectionInfo,
    rows: Range<usize>,
    cols: Range<usize>,
}

impl<'c, W: Value> ProjectionView<'c, W> {
    /// What the connectome records of the projection.
    pub fn info(&self) -> &'c ProjectionInfo {
        self.info
    }

    /// The number of synapses.
    pub fn len(&self) -> usize {
        self.info.synapses as usize
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The synapse range of source row `g` (global id) within this
    /// projection.
    fn segment(&self, g: usize) -> Range<usize> {
        let r = self.c.indptr[g] as usize..self.c.indptr[g + 1] as usize;
        let row = &self.c.indices[r.clone()];
        let lo = row.partition_point(|&j| (j as usize) < self.cols.start);
        let hi = row.partition_point(|&j| (j as usize) < self.cols.end);
        r.start + lo..r.start + hi
    }

    /// The synapse index ranges, one per source, in source order.
    pub fn segments(&self) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
        self.rows.clone().map(move |g| (g, self.segment(g)))
    }

    /// Every synapse as `(pre, post, weight, delay)` in the two
    /// populations' local ids (the delay 0 without delays).
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize, W, Time)> + '_ {
        let (r0, c0) = (self.rows.start, self.cols.start);
        self.segments().flat_map(move |(g, seg)| {
            seg.map(move |t| {
                let d = self.c.delays.as_ref().map_or(Time::default(), |d| d[t]);
                (
                    g - r0,
                    self.c.indices[t] as usize - c0,
                    self.c.weights[t],
                    d,
                )
            })
        })
    }

    /// The weights, in synapse order.
    pub fn weights(&self) -> Vec<W> {
        self.segments()
            .flat_map(|(_, s)| self.c.weights[s].iter().copied())
            .collect()
    }

    /// The delays, in synapse order (empty without delays).
    pub fn delays(&self) -> Vec<Time> {
        match &self.c.delays {
            None => Vec::new(),
            Some(d) => self
                .segments()
                .flat_map(|(_, s)| d[s].iter().copied())
                .collect(),
        }
    }

    /// Mean, std, min and max of the weights.
    pub fn weight_summary(&self) -> Option<Summary<W>> {
        let w = &self.c.weights;
        self.summary_of(|t| w[t].si())
    }

    /// Mean, std, min and max of the delays.
    pub fn delay_summary(&self) -> Option<Summary<Time>> {
        let d = self.c.delays.as_ref()?;
        self.summary_of(|t| d[t].value)
    }

    /// The statistics of `value(t)` over the projection's synapses, read in
    /// place segment by segment (no copy of the values: a summary of a
    /// billion synapses costs no memory), in synapse order; min and max
    /// are NaN if a value is.
    fn summary_of<Q: Value>(&self, value: impl Fn(usize) -> f64) -> Option<Summary<Q>> {
        let (mut n, mut sum, mut min, mut max, mut nan) =
            (0usize, 0.0, f64::INFINITY, f64::NEG_INFINITY, false);
        for (_, seg) in self.segments() {
            for t in seg {
                let x = value(t);
                n += 1;
                sum += x;
                min = min.min(x);
                max = max.max(x);
                nan |= x.is_nan();
            }
        }
        if n == 0 {
            return None;
        }
        let m = sum / n as f64;
        let mut ss = 0.0;
        for (_, seg) in self.segments() {
            for t in seg {
                let d = value(t) - m;
                ss += d * d;
            }
        }
        let (min, max) = if nan {
            (f64::NAN, f64::NAN)
        } else {
            (min, max)
        };
        Some(Summary {
            count: n,
            mean: Q::from_si(m),
            std: Q::from_si((ss / n as f64).sqrt()),
            min: Q::from_si(min),
            max: Q::from_si(max),
        })
    }

    /// Synapses leaving each source neuron (local ids).
    pub fn out_degrees(&self) -> Vec<u64> {
        self.segments().map(|(_, s)| s.len() as u64).collect()
    }

    /// Synapses reaching each target neuron (local ids).
    pub fn in_degrees(&self) -> Vec<u64> {
        let mut d = vec![0u64; self.cols.len()];
        for (_, s) in self.segments() {
            for &j in &self.c.indices[s] {
                d[j as usize - self.cols.start] += 1;
            }
        }
        d
    }
}

/// `histogram[k]`: how many of `degrees` equal `k`.
///
/// ```
/// assert_eq!(init_network::degree_histogram(&[2, 0, 2, 3]), vec![1, 0, 2, 1]);
/// ```
pub fn degree_histogram(degrees: &[u64]) -> Vec<u64> {
    let max = degrees.iter().copied().max().map_or(0, |m| m as usize + 1);
    let mut h = vec![0u64; max];
    for &d in degrees {
        h[d as usize] += 1;
    }
    h
}
