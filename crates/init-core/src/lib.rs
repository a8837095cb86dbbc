//! # init-core — the engine of neuroinit
//!
//! * [`Initializer`]: what every distribution, composite and profile-driven
//!   initializer implements; outputs are `uom` quantities (or `f64`).
//! * [`Seed`], [`Key`], [`ElementRng`]: the determinism model. Each value is
//!   a pure function of (seed, node of the initializer tree, the element's
//!   global flat index, the draw's ordinal), so results do not depend on the
//!   thread count, and any block generated alone equals that block of the
//!   whole array.
//! * [`Generate`]: `generate(shape, seed)`, `generate_with(shape, seed, &ctx)`
//!   and `generate_block(full_shape, region, seed, &ctx)`, parallel (rayon)
//!   above a size threshold.
//! * [`Value`], [`ArrayValues`]: the zero-cost bridge between quantities and
//!   `f64` in SI base units; [`QuantityStats`]: mean, std, min, max and
//!   quantiles of quantity arrays.
//! * [`Context`], [`Positions`]: distances, positions (optionally periodic)
//!   and neuron indices a generation call may carry.
//! * [`InitError`]: the typed error every constructor and call returns.
//! * [`ops`]: `a + b`, `a * 2.0`, ... with units checked by the compiler.
#![warn(missing_docs)]

pub mod alloc;
mod context;
mod element;
pub mod error;
mod generate;
mod initializer;
pub mod math;
pub mod ops;
mod seed;
mod stats;
mod value;

pub use context::{Context, Positions, euclidean};
pub use element::{Element, Run};
pub use error::{InitError, check};
pub use generate::{Generate, fill_region};
pub use initializer::{BoxedInitializer, Initializer};
pub use seed::{Domain, ElementRng, Key, Seed};
pub use stats::{QuantityStats, Summary};
pub use value::{
    ArrayValues, ArrayValuesMut, Value, array_from_si, array_into_si, slice_si, vec_from_si,
};

/// Re-exported so that downstream crates and macros name one version.
pub use ndarray;
pub use uom;

#[cfg(test)]
mod tests;
