//! [`NetworkError`]: why a network was refused or could not be built.

use init_core::InitError;

/// Why a network description was refused, or its generation failed.
///
/// Every variant that concerns a projection names it (`"L4E -> L23E"`) and
/// the field at fault (`rule`, `weights`, `delays`, `mask`, `pre`, ...).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum NetworkError {
    /// A population's description is invalid (a duplicate or empty name, a
    /// layout whose size is not the population's, ...).
    #[error("population {population}: {reason}")]
    Population {
        /// The population.
        population: String,
        /// What is wrong.
        reason: String,
    },
    /// A projection names a population the network does not have.
    #[error("projection {projection}: `{field}` names no population: {name:?}")]
    UnknownPopulation {
        /// The projection.
        projection: String,
        /// `pre` or `post`.
        field: &'static str,
        /// The name given.
        name: String,
    },
    /// Two projections connect the same pair of populations.
    #[error("projection {projection} is given twice (one projection per pair of populations)")]
    DuplicateProjection {
        /// The projection.
        projection: String,
    },
    /// A field of a projection is invalid.
    #[error("projection {projection}: `{field}` {reason}")]
    Projection {
        /// The projection.
        projection: String,
        /// The field.
        field: &'static str,
        /// What is wrong, with the value.
        reason: String,
    },
    /// A projection's weight or delay initializer refused its context, or
    /// a parameter was invalid.
    #[error("projection {projection}: `{field}`: {source}")]
    Init {
        /// The projection.
        projection: String,
        /// `weights`, `delays` or `rule`.
        field: &'static str,
        /// The initializer's error.
        source: InitError,
    },
    /// A degree rule without multapses needs more distinct partners than a
    /// neuron has (within its mask, with a non-zero weight).
    #[error(
        "projection {projection}: `rule` needs {required} partners for {side} neuron {neuron} \
         but it has {available} (allow multapses, widen the mask or lower the degree)"
    )]
    TooFewPartners {
        /// The projection.
        projection: String,
        /// `source` or `target`: the side whose degree is fixed.
        side: &'static str,
        /// The neuron's local id in its population.
        neuron: usize,
        /// Partners it has.
        available: u64,
        /// Partners it needs.
        required: u64,
    },
    /// A drawn delay is negative or not a number.
    #[error(
        "projection {projection}: `delays` drew {value} ms for synapse {pre} -> {post} (local ids): a delay must be a finite number >= 0"
    )]
    BadDelay {
        /// The projection.
        projection: String,
        /// The value, in ms.
        value: f64,
        /// Local pre id.
        pre: usize,
        /// Local post id.
        post: usize,
    },
    /// A Bernoulli probability evaluated outside [0, 1] (opt in to a clamp
    /// with `clamp_probability(true)`).
    #[error(
        "projection {projection}: `rule` p = {value} at distance {distance_um} µm is not a probability in [0, 1] (scale the profile, or clamp_probability(true))"
    )]
    ProbabilityOutOfRange {
        /// The projection.
        projection: String,
        /// The value.
        value: f64,
        /// The distance it was evaluated at, µm.
        distance_um: f64,
    },
    /// The network (or one of its parts) is too large: more neurons than
    /// 32-bit ids hold, or more synapses than the memory limit allows.
    #[error("{what}: {requested} requested, at most {limit} ({reason})")]
    TooLarge {
        /// What was counted.
        what: &'static str,
        /// How many (or how many bytes).
        requested: u128,
        /// The most there may be.
        limit: u128,
        /// Why that is the limit.
        reason: &'static str,
    },
    /// A part (rank) number out of range.
    #[error("part {part} of {parts}: {reason}")]
    Part {
        /// The part asked for.
        part: usize,
        /// The number of parts.
        parts: usize,
        /// What is wrong.
        reason: &'static str,
    },
}

impl NetworkError {
    /// The projection the error concerns (`"L4E -> L23E"`), if any.
    ///
    /// ```
    /// use init_network::NetworkError;
    ///
    /// let e = NetworkError::DuplicateProjection { projection: "E -> I".into() };
    /// assert_eq!(e.projection(), Some("E -> I"));
    /// ```
    pub fn projection(&self) -> Option<&str> {
        match self {
            NetworkError::UnknownPopulation { projection, .. }
            | NetworkError::DuplicateProjection { projection }
            | NetworkError::Projection { projection, .. }
            | NetworkError::Init { projection, .. }
            | NetworkError::TooFewPartners { projection, .. }
            | NetworkError::BadDelay { projection, .. }
            | NetworkError::ProbabilityOutOfRange { projection, .. } => Some(projection),
            _ => None,
        }
    }

    /// The field at fault (`rule`, `weights`, `delays`, `mask`, `pre`,
    /// ...), where the error names one.
    ///
    /// ```
    /// use init_network::NetworkError;
    ///
    /// let e = NetworkError::UnknownPopulation { projection: "E -> X".into(), field: "post", name: "X".into() };
    /// assert_eq!(e.field(), Some("post"));
    /// ```
    pub fn field(&self) -> Option<&'static str> {
        match self {
            NetworkError::UnknownPopulation { field, .. }
            | NetworkError::Projection { field, .. }
            | NetworkError::Init { field, .. } => Some(field),
            NetworkError::TooFewPartners { .. } | NetworkError::ProbabilityOutOfRange { .. } => {
                Some("rule")
            }
            NetworkError::BadDelay { .. } => Some("delays"),
            _ => None,
        }
    }

    /// A [`NetworkError::Projection`] for `field` of `projection`.
    pub(crate) fn at(projection: &str, field: &'static str, reason: impl Into<String>) -> Self {
        NetworkError::Projection {
            projection: projection.to_string(),
            field,
            reason: reason.into(),
        }
    }
}
