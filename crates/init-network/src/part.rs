//! [`Part`]: which synapses a partial generation draws — those onto a set
//! of targets (what an MPI rank, or a job of an array, owns) or those from
//! a range of sources — and the partitions of a network into parts.

use std::ops::Range;

use crate::network_error::NetworkError;

/// A set of target neurons, by global id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Targets {
    /// The neurons of a contiguous range.
    Range(Range<usize>),
    /// The neurons `g` with `g % parts == part`, as NEST deals neurons to
    /// virtual processes.
    RoundRobin {
        /// This part's number.
        part: usize,
        /// The number of parts.
        parts: usize,
    },
}

impl Targets {
    /// Whether global neuron `g` is in the set.
    #[inline]
    pub fn contains(&self, g: usize) -> bool {
        match self {
            Targets::Range(r) => r.contains(&g),
            Targets::RoundRobin { part, parts } => g % parts == *part,
        }
    }

    /// The set's neurons within `ids` (a population's global ids), as
    /// local ids (`g − ids.start`), ascending.
    pub fn local(&self, ids: Range<usize>) -> Vec<u32> {
        match self {
            Targets::Range(r) => {
                let (lo, hi) = (r.start.max(ids.start), r.end.min(ids.end));
                (lo..hi.max(lo)).map(|g| (g - ids.start) as u32).collect()
            }
            Targets::RoundRobin { part, parts } => {
                let first = ids.start + (part + parts - ids.start % parts) % parts;
                (first..ids.end)
                    .step_by(*parts)
                    .map(|g| (g - ids.start) as u32)
                    .collect()
            }
        }
    }
}

/// What a partial generation draws (see [`crate::Network::generate_part`]).
///
/// Every rule generates any part alone, equal bit for bit to that part of
/// the whole network. A part is cheap on the side its rule draws from —
/// targets for fixed in-degree, fixed total number, pairwise Bernoulli and
/// the all-to-all and one-to-one rules; sources for fixed out-degree and
/// (with a mask or a profile) pairwise Bernoulli — and costs a pass over
/// the whole projection on the other side.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Part {
    /// The whole network.
    #[default]
    All,
    /// The synapses onto these targets.
    Targets(Targets),
    /// The synapses from these sources (global ids).
    Sources(Range<usize>),
}

impl Part {
    /// Whether the part holds a synapse from global `pre` to global `post`.
    #[inline]
    pub fn holds(&self, pre: usize, post: usize) -> bool {
        match self {
            Part::All => true,
            Part::Targets(t) => t.contains(post),
            Part::Sources(r) => r.contains(&pre),
        }
    }
}

/// How a network's neurons are dealt to `parts` parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Scheme {
    /// Contiguous blocks of targets with about equal numbers of expected
    /// synapses.
    #[default]
    Blocks,
    /// Neuron `g` to part `g % parts` (NEST's round-robin).
    RoundRobin,
}

/// Part `part` of `parts` under `scheme`, for a network whose targets
/// expect `weight[g]` synapses each (block boundaries balance the prefix
/// sums of the weights).
pub(crate) fn part_of(
    part: usize,
    parts: usize,
    scheme: Scheme,
    weight: &[f64],
) -> Result<Part, NetworkError> {
    if parts == 0 || part >= parts {
        return Err(NetworkError::Part {
            part,
            parts,
            reason: "the part number must be below the number of parts (at least 1)",
        });
    }
    Ok(match scheme {
        Scheme::RoundRobin => Part::Targets(Targets::RoundRobin { part, parts }),
        Scheme::Blocks => {
            let bound = |k: usize| block_boundary(k, parts, weight);
            Part::Targets(Targets::Range(bound(part)..bound(part + 1)))
        }
    })
}

/// The first neuron of block `k` of `parts`: the smallest `g` whose prefix
/// weight reaches `k/parts` of the total (`n` for `k = parts`), so the
/// blocks cover `0..n` exactly once whatever the weights.
fn block_boundary(k: usize, parts: usize, weight: &[f64]) -> usize {
    let n = weight.len();
    if k == 0 {
        return 0;
    }
    if k >= parts {
        return n;
    }
    let total: f64 = weight.iter().sum();
    if total.is_nan() || total <= 0.0 {
        return n * k / parts;
    }
    let goal = total * k as f64 / parts as f64;
    let mut acc = 0.0;
    for (g, w) in weight.iter().enumerate() {
        if acc >= goal {
            return g;
        }
        acc += w;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_robin_local_ids() {
        let t = Targets::RoundRobin { part: 1, parts: 3 };
        // Population at global ids 10..20: 10 % 3 = 1, then 13, 16, 19.
        assert_eq!(t.local(10..20), vec![0, 3, 6, 9]);
        let t = Targets::RoundRobin { part: 0, parts: 3 };
        assert_eq!(t.local(10..20), vec![2, 5, 8]);
        assert_eq!(Targets::Range(5..12).local(10..20), vec![0, 1]);
        assert_eq!(Targets::Range(25..30).local(10..20), Vec::<u32>::new());
    }

    #[test]
    fn blocks_cover_every_neuron_once() {
        let weight: Vec<f64> = (0..100).map(|g| if g < 20 { 10.0 } else { 1.0 }).collect();
        for parts in 1..9 {
            let mut covered = vec![0; 100];
            for p in 0..parts {
                match part_of(p, parts, Scheme::Blocks, &weight).unwrap() {
                    Part::Targets(Targets::Range(r)) => r.for_each(|g| covered[g] += 1),
                    other => panic!("{other:?}"),
                }
            }
            assert!(covered.iter().all(|&c| c == 1), "{parts} parts");
        }
        // More parts than neurons: some empty, still a cover.
        let w = vec![1.0; 3];
        let sizes: Vec<usize> = (0..5)
            .map(|p| match part_of(p, 5, Scheme::Blocks, &w).unwrap() {
                Part::Targets(Targets::Range(r)) => r.len(),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(sizes.iter().sum::<usize>(), 3);
        assert!(part_of(5, 5, Scheme::Blocks, &w).is_err());
        assert!(part_of(0, 0, Scheme::RoundRobin, &w).is_err());
    }
}
