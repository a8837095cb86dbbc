//! The tutorial's section-7 cortical microcircuit as a sparse network:
//! five cell types uniform in a square at the tutorial's density, 25
//! pairwise-Bernoulli projections whose probability is the tutorial's
//! profile for the pair, weights its base distribution floored at its
//! minimum weight (negative from interneurons), distance delays. Shared
//! by the `sparse_microcircuit` example and the tests (which check that
//! `examples/networks/sparse_microcircuit.toml` builds the same network).
//!
//! Support code of the benches and examples (included as a module), not
//! part of the library's API.
#![allow(dead_code)]

use neuroinit::prelude::*;

/// The five cell types, their shares and signs.
pub const TYPES: [(&str, f64, Sign); 5] = [
    ("Pyr_L23", 0.35, Sign::Excitatory),
    ("Pyr_L5", 0.30, Sign::Excitatory),
    ("PV", 0.15, Sign::Inhibitory),
    ("SST", 0.10, Sign::Inhibitory),
    ("VIP", 0.10, Sign::Inhibitory),
];

/// The side of the square that holds `n` neurons at the tutorial's density
/// (500 in 600 µm × 600 µm).
pub fn side(n: usize) -> Length {
    um(600.0 * (n as f64 / 500.0).sqrt())
}

/// Cell-type sizes: `int(share · n)` as the tutorial rounds, the remainder
/// to VIP so that they add up to `n`.
pub fn sizes(n: usize) -> [usize; 5] {
    let mut s = TYPES.map(|(_, share, _)| (share * n as f64) as usize);
    s[4] = n - s[..4].iter().sum::<usize>();
    s
}

/// A Gaussian probability profile of width `sigma` µm, 0 beyond 4σ.
fn gaussian(sigma: f64) -> Result<GaussianProfile, InitError> {
    GaussianProfile::new(um(sigma))?.with_max_distance(um(4.0 * sigma))
}

/// One row of the tutorial's rules table.
struct PairRule {
    /// Connection probability by distance.
    rule: Rule,
    /// The base weight distribution.
    base: Box<dyn Initializer<Output = ElectricalConductance>>,
    /// The tutorial's minimum weight, nS.
    min_weight: f64,
}

/// The tutorial's rules table: for the pair (pre, post), the probability
/// profile, the base weight distribution and the minimum weight.
fn rule(pre: &str, post: &str) -> Result<PairRule, InitError> {
    Ok(match (pre, post) {
        // Excitatory connections
        ("Pyr_L23", "Pyr_L23") => PairRule {
            rule: Rule::pairwise_bernoulli(gaussian(120.0)?)?,
            base: Normal::new(nS(0.4), nS(0.08))?.boxed(),
            min_weight: 0.02,
        },
        ("Pyr_L23", "Pyr_L5") => PairRule {
            rule: Rule::pairwise_bernoulli(
                ExponentialProfile::new(um(150.0))?.with_max_distance(um(7.0 * 150.0))?,
            )?,
            base: Normal::new(nS(0.6), nS(0.12))?.boxed(),
            min_weight: 0.03,
        },
        ("Pyr_L5", "Pyr_L5") => PairRule {
            rule: Rule::pairwise_bernoulli(
                BimodalProfile::new(um(80.0), um(200.0))?
                    .with_centers(um(0.0), um(300.0))?
                    .with_amplitudes(0.8, 0.3)?
                    .with_max_distance(um(300.0 + 4.0 * 200.0))?
                    .clip(0.0, 1.0)?,
            )?,
            base: LogNormal::new(nS(0.8), nS(0.3))?.boxed(),
            min_weight: 0.05,
        },
        // Inhibitory connections
        ("PV", "Pyr_L23") => PairRule {
            rule: Rule::pairwise_bernoulli(gaussian(60.0)?)?,
            base: Normal::new(nS(2.0), nS(0.4))?.boxed(),
            min_weight: 0.2,
        },
        ("SST", "Pyr_L5") => PairRule {
            rule: Rule::pairwise_bernoulli(
                DoGProfile::new(um(50.0), um(150.0))?
                    .with_amplitudes(0.8, 0.4)?
                    .with_max_distance(um(4.0 * 150.0))?
                    .clip(0.0, 1.0)?,
            )?,
            base: Normal::new(nS(1.5), nS(0.3))?.boxed(),
            min_weight: 0.1,
        },
        // Default for undefined connections
        _ => PairRule {
            rule: Rule::pairwise_bernoulli(gaussian(100.0)?)?,
            base: Normal::new(nS(0.3), nS(0.1))?.boxed(),
            min_weight: 0.01,
        },
    })
}

/// The sparse microcircuit of `n` neurons.
pub fn network(n: usize) -> Result<Network<ElectricalConductance>, NetworkError> {
    let field = |pre: &str, post: &str, what: &'static str| {
        let projection = format!("{pre} -> {post}");
        move |source| NetworkError::Init {
            projection,
            field: what,
            source,
        }
    };
    let square = Layout::uniform(&[um(0.0), um(0.0)], &[side(n), side(n)])
        .map_err(field("", "", "layout"))?;
    let mut b = Network::builder().resolution(ms(0.1));
    for ((name, _, sign), size) in TYPES.iter().zip(sizes(n)) {
        b = b.population(
            Population::new(name, size)
                .with_sign(*sign)
                .with_layout(square.clone()),
        );
    }
    let delays = DistanceDelay::new(ms(0.5), m_per_s(0.3)).map_err(field("", "", "delays"))?;
    for (pre, _, sign) in TYPES {
        for (post, _, _) in TYPES {
            let PairRule {
                rule,
                base,
                min_weight,
            } = rule(pre, post).map_err(field(pre, post, "rule"))?;
            let floored = base
                .clip(Some(nS(min_weight)), None)
                .map_err(field(pre, post, "weights"))?;
            let weights = match sign {
                Sign::Excitatory => floored.boxed(),
                Sign::Inhibitory => (-floored).boxed(),
            };
            b = b.projection(
                Projection::new(pre, post, rule, weights)
                    .with_delays(delays)
                    .allow_autapses(false),
            );
        }
    }
    b.build()
}
