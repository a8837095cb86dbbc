//! # init-network — sparse connectivity between populations
//!
//! Sparse distance-dependent connectivity, for populations far beyond what
//! a dense `N × N` matrix holds (a million neurons on a laptop).
//!
//! * [`SpatialConnector`]: pre and post positions, a connection-probability
//!   profile, an optional mask radius (by default the distance beyond which
//!   the profile is 0, when it knows one: a built-in's `max_distance`;
//!   see [`init_spatial::Profile::radius_below`]), optional periodic boundaries (from
//!   the [`init_core::Positions`]), autapses on or off, any weight
//!   initializer and an optional delay initializer; pairwise Bernoulli or
//!   a fixed in- or out-degree ([`Rule`]).
//! * [`Csr`]: the result, row = pre, with typed weights and delays;
//!   [`Csr::write_npz`] writes what `scipy.sparse.load_npz` reads, and
//!   [`Csr::write_dense_npy`] a dense `.npy` for small sizes.
//! * [`ConnectError`], [`ExportError`]: what can go wrong.
//!
//! Candidates come from a uniform cell grid over the population being
//! searched; the same seed gives the same matrix for any thread count, and
//! the weight of synapse (i, j) is element (i, j) of the dense generation
//! (see [`SpatialConnector`]).

// No unsafe code. `forbid` outside tests only: ndarray's `s!` macro, which
// tests use, expands to an `allow(unsafe_code)` that `forbid` rejects.
#![cfg_attr(not(test), forbid(unsafe_code))]
#![cfg_attr(test, deny(unsafe_code))]
#![warn(missing_docs)]

mod atomic;
mod build;
mod connectome;
mod connector;
mod csr;
mod drive;
mod error;
mod export;
mod grid;
mod mask;
mod masked;
mod network;
mod network_error;
mod network_export;
mod part;
mod population;
mod progress;
mod projection;
mod rows;
mod rule;
mod rules;
#[cfg(feature = "sonata")]
mod sonata;
mod space;
mod tree;

pub use atomic::StagedDir;
pub use connectome::{Connectome, ProjectionInfo, ProjectionView, degree_histogram};
pub use connector::{NoDelays, Rule as ConnectorRule, SpatialConnector};
pub use csr::Csr;
pub use error::{ConnectError, ExportError, Side};
pub use mask::Mask;
pub use network::{Network, NetworkBuilder};
pub use network_error::NetworkError;
pub use part::{Part, Scheme, Targets};
pub use population::{Layout, Placed, Population};
pub use progress::Progress;
pub use projection::{Delays, Projection, Weights};
pub use rule::Rule;
#[cfg(feature = "sonata")]
pub use sonata::{EdgeFile, SonataFiles, SonataOptions};
