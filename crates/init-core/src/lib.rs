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

// Engine internals shared by the workspace's crates (not API: the facade
// does not re-export them, and they are hidden from the documentation).
#[doc(hidden)]
pub mod alloc;
#[doc(hidden)]
pub mod math;
#[doc(hidden)]
pub use context::euclidean;
#[doc(hidden)]
pub use error::check;
#[doc(hidden)]
pub use generate::fill_region;
#[doc(hidden)]
pub use seed::Domain;
#[doc(hidden)]
pub use value::{array_from_si, array_into_si, slice_si, vec_from_si};

mod context;
mod element;
pub mod error;
mod generate;
mod initializer;
pub mod ops;
mod seed;
mod sign;
mod stats;
mod value;

pub use context::{Context, Positions};
pub use element::{Element, Run};
pub use error::InitError;
pub use generate::Generate;
pub use initializer::{BoxedInitializer, Initializer};
pub use seed::{ElementRng, Key, Seed};
pub use sign::Sign;
pub use stats::{QuantityStats, Summary};
pub use value::{ArrayValues, ArrayValuesMut, IntoValues, Value};

/// Re-exported so that downstream crates and macros name one version.
pub use ndarray;
pub use uom;

#[cfg(test)]
mod tests;
