//! The one error type of neuroinit.

use std::fmt::Debug;

use crate::value::Value;

/// Why a constructor or a generation call refused its input.
///
/// Every variant names what was wrong and the offending value, so a message
/// can be acted on without reading the source.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum InitError {
    /// A constructor parameter broke a rule (e.g. `std` < 0).
    #[error("invalid parameter `{name}` = {value}: {rule}")]
    InvalidParameter {
        /// The parameter's name, as in the constructor.
        name: &'static str,
        /// The value passed (a quantity in its usual unit: `0.1 nS`).
        value: String,
        /// The rule it broke.
        rule: &'static str,
    },
    /// An array in the context (or the requested region) does not fit the
    /// output shape.
    #[error("shape mismatch: {what} expected {expected:?}, found {found:?}")]
    ShapeMismatch {
        /// Which array or argument.
        what: &'static str,
        /// The shape that would fit.
        expected: Vec<usize>,
        /// The shape given.
        found: Vec<usize>,
    },
    /// An array of the wrong rank (number of axes).
    #[error("{what} must have rank {expected}, found rank {found}")]
    BadRank {
        /// Which array or shape.
        what: &'static str,
        /// The accepted ranks.
        expected: &'static str,
        /// The rank given.
        found: usize,
    },
    /// A NaN or infinite value where finite numbers are required.
    #[error("{what} holds a non-finite value {value} at index {index}")]
    NonFinite {
        /// Which array.
        what: &'static str,
        /// Flat index (for positions: the neuron) of the first bad value.
        index: usize,
        /// The value.
        value: f64,
    },
    /// A negative value where only values >= 0 make sense (distances).
    #[error("{what} holds a negative value {value} (SI units) at index {index}")]
    Negative {
        /// Which array.
        what: &'static str,
        /// Flat index of the first bad value.
        index: usize,
        /// The value, in SI base units.
        value: f64,
    },
    /// Pre and post positions with different numbers of coordinates.
    #[error("pre positions have {pre} coordinates per neuron but post positions have {post}")]
    DimensionMismatch {
        /// Coordinates per presynaptic neuron.
        pre: usize,
        /// Coordinates per postsynaptic neuron.
        post: usize,
    },
    /// The initializer needs something the context does not hold.
    #[error("missing context: {needed} (needed by {by})")]
    MissingContext {
        /// What is missing.
        needed: &'static str,
        /// Who needs it.
        by: &'static str,
    },
    /// An output larger than the memory that can hold it: refused before
    /// anything is allocated or drawn, rather than aborting the process.
    #[error("{what} needs {bytes} bytes, more than the {limit} bytes {reason}")]
    TooLarge {
        /// What was asked for (`"output"`, `"distance matrix"`).
        what: &'static str,
        /// The bytes it needs (saturated at `u64::MAX`).
        bytes: u64,
        /// The most there may be.
        limit: u64,
        /// Where that limit comes from.
        reason: &'static str,
    },
    /// A requested region reaches outside the array.
    #[error("region {start}..{end} on axis {axis} is outside 0..{len}")]
    RegionOutOfBounds {
        /// The axis.
        axis: usize,
        /// Region start.
        start: usize,
        /// Region end (exclusive).
        end: usize,
        /// The axis length of the whole array.
        len: usize,
    },
}

impl InitError {
    /// An [`InitError::InvalidParameter`] for `name` holding `value`.
    pub fn invalid(name: &'static str, value: impl Debug, rule: &'static str) -> Self {
        InitError::InvalidParameter {
            name,
            value: format!("{value:?}"),
            rule,
        }
    }

    /// An [`InitError::InvalidParameter`] for `name` holding the quantity
    /// `value`, written in its usual unit ([`Value::describe`]).
    pub fn invalid_value<Q: Value>(name: &'static str, value: Q, rule: &'static str) -> Self {
        InitError::InvalidParameter {
            name,
            value: value.describe(),
            rule,
        }
    }
}

/// Checks shared by every validating constructor, so that a rule is written
/// once and its message reads the same everywhere.
pub mod check {
    use super::InitError;
    use crate::value::Value;

    /// `v` must be finite.
    pub fn finite<Q: Value>(name: &'static str, v: Q) -> Result<f64, InitError> {
        let x = v.si();
        if x.is_finite() {
            Ok(x)
        } else {
            Err(InitError::invalid_value(name, v, "must be finite"))
        }
    }

    /// `v` must be finite and > 0, and not subnormal (below 2.2e-308 in
    /// SI units): scales and widths are divided by, and the reciprocal of
    /// a subnormal overflows to infinity (`0 · ∞` is NaN at distance 0).
    pub fn positive<Q: Value>(name: &'static str, v: Q) -> Result<f64, InitError> {
        let x = v.si();
        if x.is_normal() && x > 0.0 {
            Ok(x)
        } else {
            Err(InitError::invalid_value(
                name,
                v,
                "must be finite and > 0 (and not subnormal)",
            ))
        }
    }

    /// `v` must be finite and >= 0.
    pub fn non_negative<Q: Value>(name: &'static str, v: Q) -> Result<f64, InitError> {
        let x = v.si();
        if x.is_finite() && x >= 0.0 {
            Ok(x)
        } else {
            Err(InitError::invalid_value(name, v, "must be finite and >= 0"))
        }
    }

    /// `low < high`, reported on `high_name`.
    pub fn ordered<Q: Value>(high_name: &'static str, low: f64, high: Q) -> Result<(), InitError> {
        if low < high.si() {
            Ok(())
        } else {
            Err(InitError::invalid_value(
                high_name,
                high,
                "must be greater than `low`",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uom::si::electrical_conductance::nanosiemens;
    use uom::si::f64::ElectricalConductance;

    #[test]
    fn messages_name_parameter_and_value() {
        let e =
            check::positive("std", ElectricalConductance::new::<nanosiemens>(-1.0)).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("`std`") && msg.contains("= -1 nS"), "{msg}");
        let e = check::positive(
            "sigma",
            uom::si::f64::Length::new::<uom::si::length::micrometer>(-100.0),
        );
        assert!(e.unwrap_err().to_string().contains("= -100 µm"));
        assert!(check::finite("x", f64::NAN).is_err());
        assert!(check::non_negative("x", 0.0).is_ok());
        assert!(check::ordered("high", 1.0, 1.0).is_err());
    }
}
