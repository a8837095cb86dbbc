//! [`Rule`]: which pairs of a projection's two populations connect, with
//! NEST's names and semantics.

use std::sync::Arc;

use init_core::InitError;
use init_spatial::{IntoProfile, Profile};

/// A connection rule (NEST's names; PyNN's in brackets):
///
/// | rule | synapses | natural side |
/// |---|---|---|
/// | [`Rule::all_to_all`] (`AllToAllConnector`) | every pair once | either |
/// | [`Rule::one_to_one`] (`OneToOneConnector`) | source i → target i (equal sizes) | either |
/// | [`Rule::pairwise_bernoulli`] (`FixedProbabilityConnector`, `DistanceDependentProbabilityConnector`) | each pair independently with probability `p`, a number or a distance profile | target (constant `p`), either (a profile) |
/// | [`Rule::fixed_indegree`] (`FixedNumberPreConnector`) | `k` sources per target | target |
/// | [`Rule::fixed_outdegree`] (`FixedNumberPostConnector`) | `k` targets per source | source |
/// | [`Rule::fixed_total_number`] (`FixedTotalNumberConnector`) | exactly `n` pairs drawn uniformly | target |
///
/// A degree rule draws partners uniformly, or in proportion to a distance
/// profile given with [`Rule::with_profile`] (NEST's `p` of a spatial
/// fixed in- or out-degree). A projection's mask (if any) limits the
/// partners of the Bernoulli and degree rules.
///
/// ```
/// use init_network::Rule;
/// use init_spatial::GaussianProfile;
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// let random = Rule::pairwise_bernoulli(0.1)?;
/// let local = Rule::pairwise_bernoulli(GaussianProfile::new(Length::new::<um>(50.0))?)?;
/// let pd14 = Rule::fixed_total_number(43_000_000);
/// let near = Rule::fixed_indegree(100).with_profile(GaussianProfile::new(Length::new::<um>(80.0))?)?;
/// assert!(Rule::pairwise_bernoulli(1.5).is_err());
/// # Ok::<(), init_core::InitError>(())
/// ```
#[derive(Clone)]
#[must_use]
pub enum Rule {
    /// Every pair once.
    AllToAll,
    /// Source i to target i.
    OneToOne,
    /// Each pair with probability `profile(d)`; a number is a
    /// [`init_spatial::ConstantProfile`].
    PairwiseBernoulli {
        /// The probability as a function of distance.
        p: Arc<dyn Profile>,
        /// The constant probability, when `p` is one number.
        constant: Option<f64>,
    },
    /// `k` sources per target, uniform or ∝ `weights(d)`.
    FixedInDegree {
        /// The in-degree.
        k: u64,
        /// Relative weights of the candidate sources, by distance.
        weights: Option<Arc<dyn Profile>>,
    },
    /// `k` targets per source, uniform or ∝ `weights(d)`.
    FixedOutDegree {
        /// The out-degree.
        k: u64,
        /// Relative weights of the candidate targets, by distance.
        weights: Option<Arc<dyn Profile>>,
    },
    /// Exactly `n` synapses, uniform among the pairs.
    FixedTotalNumber {
        /// The number of synapses.
        n: u64,
    },
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rule::AllToAll => f.write_str("all_to_all"),
            Rule::OneToOne => f.write_str("one_to_one"),
            Rule::PairwiseBernoulli {
                constant: Some(p), ..
            } => write!(f, "pairwise_bernoulli(p = {p})"),
            Rule::PairwiseBernoulli { .. } => f.write_str("pairwise_bernoulli(p = profile)"),
            Rule::FixedInDegree { k, weights } => {
                write!(
                    f,
                    "fixed_indegree({k}{})",
                    if weights.is_some() {
                        ", ∝ profile"
                    } else {
                        ""
                    }
                )
            }
            Rule::FixedOutDegree { k, weights } => {
                write!(
                    f,
                    "fixed_outdegree({k}{})",
                    if weights.is_some() {
                        ", ∝ profile"
                    } else {
                        ""
                    }
                )
            }
            Rule::FixedTotalNumber { n } => write!(f, "fixed_total_number({n})"),
        }
    }
}

impl Rule {
    /// Every pair once (autapses as the projection allows).
    pub fn all_to_all() -> Rule {
        Rule::AllToAll
    }

    /// Source i to target i: the two populations must have one size.
    pub fn one_to_one() -> Rule {
        Rule::OneToOne
    }

    /// Each pair independently with probability `p`: a number in [0, 1],
    /// or a distance profile (the pair's distance in the network's
    /// space). Errors: a number outside [0, 1] (a profile is checked
    /// against [0, 1] when the network is built, by its bounds).
    pub fn pairwise_bernoulli(p: impl IntoProfile + 'static) -> Result<Rule, InitError> {
        let p = p.into_profile();
        let constant = p
            .value_bounds()
            .filter(|(lo, hi)| lo == hi)
            .map(|(lo, _)| lo);
        if constant.is_none() && p.value_si(0.0).is_nan() {
            return Err(InitError::invalid(
                "p",
                f64::NAN,
                "must be a probability in [0, 1]",
            ));
        }
        if let Some(c) = constant {
            if !(0.0..=1.0).contains(&c) {
                return Err(InitError::invalid(
                    "p",
                    c,
                    "must be a probability in [0, 1]",
                ));
            }
        }
        Ok(Rule::PairwiseBernoulli {
            p: Arc::new(p),
            constant,
        })
    }

    /// `k` sources for every target.
    pub fn fixed_indegree(k: u64) -> Rule {
        Rule::FixedInDegree { k, weights: None }
    }

    /// `k` targets for every source.
    pub fn fixed_outdegree(k: u64) -> Rule {
        Rule::FixedOutDegree { k, weights: None }
    }

    /// Exactly `n` synapses between the two populations, each pair drawn
    /// uniformly (PD14's rule; with multapses, `n` i.i.d. pairs).
    pub fn fixed_total_number(n: u64) -> Rule {
        Rule::FixedTotalNumber { n }
    }

    /// A degree rule's partners drawn in proportion to `profile(d)` rather
    /// than uniformly. Errors: a rule other than a fixed in- or out-degree.
    pub fn with_profile(self, profile: impl Profile + 'static) -> Result<Rule, InitError> {
        let w: Arc<dyn Profile> = Arc::new(profile);
        match self {
            Rule::FixedInDegree { k, .. } => Ok(Rule::FixedInDegree {
                k,
                weights: Some(w),
            }),
            Rule::FixedOutDegree { k, .. } => Ok(Rule::FixedOutDegree {
                k,
                weights: Some(w),
            }),
            other => Err(InitError::invalid(
                "profile",
                format_args!("{other:?}"),
                "only a fixed in- or out-degree draws its partners in proportion to a profile \
                 (pairwise_bernoulli takes the profile as its p)",
            )),
        }
    }

    /// NEST's name of the rule.
    pub fn name(&self) -> &'static str {
        match self {
            Rule::AllToAll => "all_to_all",
            Rule::OneToOne => "one_to_one",
            Rule::PairwiseBernoulli { .. } => "pairwise_bernoulli",
            Rule::FixedInDegree { .. } => "fixed_indegree",
            Rule::FixedOutDegree { .. } => "fixed_outdegree",
            Rule::FixedTotalNumber { .. } => "fixed_total_number",
        }
    }

    /// The profile that distance enters the rule through, if any.
    pub(crate) fn profile(&self) -> Option<&Arc<dyn Profile>> {
        match self {
            Rule::PairwiseBernoulli { p, constant: None } => Some(p),
            Rule::FixedInDegree { weights, .. } | Rule::FixedOutDegree { weights, .. } => {
                weights.as_ref()
            }
            _ => None,
        }
    }

    /// Whether a mask may limit the rule's partners (NEST: Bernoulli and
    /// the degree rules).
    pub(crate) fn takes_a_mask(&self) -> bool {
        matches!(
            self,
            Rule::PairwiseBernoulli { .. }
                | Rule::FixedInDegree { .. }
                | Rule::FixedOutDegree { .. }
        )
    }
}
