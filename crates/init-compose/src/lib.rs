//! # init-compose — composite initializers
//!
//! Build heterogeneous weights from simple parts, as braintools'
//! composite initializers do, with units checked by the compiler:
//!
//! * [`Mixture`]: each element from a component chosen at random with
//!   fixed weights.
//! * [`Conditional`]: one initializer where a condition on the flat, pre or
//!   post index (or on a per-neuron property) holds, another elsewhere;
//!   [`Select`]: one of N branches by a per-neuron label.
//! * [`Scaled`], [`Clipped`]: a base times a factor, or clamped to
//!   `[min, max]`.
//! * [`Circuit`]: populations (excitatory or inhibitory) and one rule per
//!   (pre, post) population pair, as one initializer of the whole signed
//!   N × N matrix.
//! * [`InitializerExt`]: `.clip(min, max)`, `.scaled(f)`, `.apply(f)`,
//!   `.pipe(transform)`, `.boxed()` on every initializer; [`Transform`]s
//!   chain with [`Compose`].
//!
//! Arithmetic (`a + b`, `a * 2.0`, `2.0 * a`, `-a`, ...) works on every
//! type here, through [`init_core::ops`].
//!
//! Every composite gives each child its own child key, so a composite's
//! output, like any initializer's, depends only on the seed and the
//! element's coordinates: the same for any number of threads, and for a
//! block generated alone.
// No unsafe code. `forbid` outside tests only: ndarray's `s!` macro, which
// tests use, expands to an `allow(unsafe_code)` that `forbid` rejects.
#![cfg_attr(not(test), forbid(unsafe_code))]
#![cfg_attr(test, deny(unsafe_code))]
#![warn(missing_docs)]

mod circuit;
mod clipped;
mod condition;
mod conditional;
mod ext;
mod list;
mod mixture;
mod scaled;
mod select;
mod transform;

pub use circuit::{Circuit, CircuitBuilder, CircuitPopulation};
pub use clipped::{Bounds, Clipped};
pub use condition::{Condition, IndexAxis, OnIndex, OnMask, OnProperty};
pub use conditional::Conditional;
pub use ext::InitializerExt;
/// Re-exported from `init-core`: a circuit negates its inhibitory rows.
pub use init_core::Sign;
pub use list::InitializerList;
pub use mixture::Mixture;
pub use scaled::Scaled;
pub use select::Select;
pub use transform::{Apply, Compose, Transform, TransformExt};

#[cfg(test)]
mod tests;
