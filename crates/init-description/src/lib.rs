//! Network description files: a whole network — populations, projections,
//! rules, distributions, profiles, delays, seed and output — in TOML, with
//! every quantity a string that carries its unit.
//!
//! ```
//! let text = r#"
//! [network]
//! weight_unit = "nS"
//! seed = 7
//!
//! [[population]]
//! name = "E"
//! size = 80
//! layout = { type = "uniform", lower = ["0 um", "0 um"], upper = ["200 um", "200 um"] }
//!
//! [[projection]]
//! pre = "E"
//! post = "E"
//! rule = "pairwise_bernoulli"
//! p = { type = "gaussian", sigma = "50 um", max_distance = "200 um" }
//! weights = { type = "normal", mean = "0.5 nS", std = "0.1 nS", clip = { min = "0 nS" } }
//! delays = { type = "distance", d0 = "0.5 ms", velocity = "0.3 m/s" }
//! autapses = false
//! "#;
//! let d = init_description::parse(text, "example.toml")?;
//! assert_eq!(d.network().neurons(), 80);
//! assert_eq!(d.weight_unit().name(), "nS");
//! let synapses = d.network().generate_count(d.seed().unwrap())?;
//! assert!(synapses > 0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Quantities are parsed and dimension-checked when the file is read: a
//! length where a conductance belongs is an error that names the file,
//! the line and column, the field and what was expected. The format is
//! described key by key in `docs/NETWORK_FILE.md`; in short:
//!
//! - `[network]`: `weight_unit` (required: a conductance or current unit,
//!   which fixes what the weights are and the unit outputs are written
//!   in), `delay_unit` (default `"ms"`), `seed`, `resolution`, `periodic`,
//!   `memory_limit` (bytes).
//! - `[[population]]`: `name`, `size`, `sign`, `label`, `layout`
//!   (`uniform`, `grid`, `slab`, or `file` for positions in an `.npy`).
//! - `[[projection]]`: `pre`, `post`, `rule` (NEST's names) with its
//!   parameter (`p`, `indegree`, `outdegree`, `n`, and `profile` for a
//!   degree rule), `mask`, `weights`, `delays`, `autapses`, `multapses`,
//!   `clamp_probability`.
//! - A distribution is a quantity string (a constant) or a table with a
//!   `type` and its parameters (braintools' names), plus `add`, `factor`,
//!   `clip`, `negate`, applied in that order. A profile is a number or a
//!   table with a `type`, plus `factor` and `clip`.
//! - `[output]`: `format` (`sonata` or `npz`), `neuron_model`,
//!   `synapse_model` (for SONATA's type tables).
//!
//! A file built with [`parse`] or [`load`] gives the same network, to the
//! last bit, as the same model written with the Rust builder: the
//! quantities go through the same `uom` units, and the random streams are
//! keyed by population and projection names, not by where they sit in
//! the file.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
mod init;
mod network;
mod profile;
mod quantity;
mod source;
mod space;
mod table;

use std::path::Path;

use neuroinit::uom::si::f64::{ElectricCurrent, ElectricalConductance};
use neuroinit::{Network, NetworkError, Seed};

pub use error::{DescriptionError, ErrorKind, LoadError};
pub use quantity::{FileQuantity, Kind, QuantityError, parse_quantity, unit};

/// A network read from a description file, with what the file says about
/// its seed, units and output.
pub struct Description {
    network: AnyNetwork,
    seed: Option<u64>,
    weight_unit: UnitName,
    delay_unit: UnitName,
    output: Output,
}

impl Description {
    /// The network.
    pub fn network(&self) -> &AnyNetwork {
        &self.network
    }

    /// The network, owned.
    pub fn into_network(self) -> AnyNetwork {
        self.network
    }

    /// `[network] seed`, if given.
    pub fn seed(&self) -> Option<u64> {
        self.seed
    }

    /// The unit the weights are written in (`[network] weight_unit`).
    pub fn weight_unit(&self) -> &UnitName {
        &self.weight_unit
    }

    /// The unit the delays are written in (`[network] delay_unit`,
    /// default ms).
    pub fn delay_unit(&self) -> &UnitName {
        &self.delay_unit
    }

    /// The `[output]` table.
    pub fn output(&self) -> &Output {
        &self.output
    }
}

/// A unit as the file names it, and the SI value of one of it.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitName {
    name: String,
    si: f64,
}

impl UnitName {
    /// As written (`"nS"`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// One of it in SI base units (`1e-9` for nS).
    pub fn si(&self) -> f64 {
        self.si
    }
}

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// SONATA: HDF5 nodes and edges, CSV type tables, JSON configs.
    Sonata,
    /// NumPy: a `scipy.sparse` CSR `.npz` with delays, and an edge list.
    Npz,
}

/// The `[output]` table.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// `format`, if given.
    pub format: Option<Format>,
    /// The NEST neuron model of SONATA's node types (default
    /// `iaf_psc_alpha`).
    pub neuron_model: String,
    /// The NEST synapse model of SONATA's edge types (default
    /// `static_synapse`).
    pub synapse_model: String,
}

impl Default for Output {
    fn default() -> Self {
        Output {
            format: None,
            neuron_model: "iaf_psc_alpha".into(),
            synapse_model: "static_synapse".into(),
        }
    }
}

impl std::fmt::Debug for Description {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Description")
            .field("neurons", &self.network.neurons())
            .field("seed", &self.seed)
            .field("weight_unit", &self.weight_unit)
            .field("delay_unit", &self.delay_unit)
            .field("output", &self.output)
            .finish_non_exhaustive()
    }
}

/// A network whose weights are conductances or currents, as the file's
/// `weight_unit` says.
pub enum AnyNetwork {
    /// Conductance-based synapses (`weight_unit = "nS"`).
    Conductance(Network<ElectricalConductance>),
    /// Current-based synapses (`weight_unit = "pA"`).
    Current(Network<ElectricCurrent>),
}

impl AnyNetwork {
    /// The number of neurons.
    pub fn neurons(&self) -> usize {
        match self {
            AnyNetwork::Conductance(n) => n.neurons(),
            AnyNetwork::Current(n) => n.neurons(),
        }
    }

    /// Generate the network and return only its synapse count (a quick
    /// check; use the typed network to keep the synapses).
    pub fn generate_count(&self, seed: impl Into<Seed>) -> Result<usize, NetworkError> {
        Ok(match self {
            AnyNetwork::Conductance(n) => n.generate(seed)?.synapses(),
            AnyNetwork::Current(n) => n.generate(seed)?.synapses(),
        })
    }
}

/// Read a description from `text`; `name` is the file name errors give.
/// Relative paths in the file (positions) are taken from the working
/// directory.
pub fn parse(text: &str, name: &str) -> Result<Description, DescriptionError> {
    network::parse(text, name, None)
}

/// Read the description file at `path`; relative paths in it are taken
/// from its directory.
///
/// ```no_run
/// let d = init_description::load("examples/networks/pd14.toml")?;
/// println!("{} neurons", d.network().neurons());
/// # Ok::<(), init_description::LoadError>(())
/// ```
pub fn load(path: impl AsRef<Path>) -> Result<Description, LoadError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    Ok(network::parse(
        &text,
        &path.display().to_string(),
        path.parent(),
    )?)
}
