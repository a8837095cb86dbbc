//! Errors of the connector and of the export.

use std::path::PathBuf;

use init_core::InitError;

/// Which side of a connection a neuron is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Presynaptic (source; a row of the matrix).
    Pre,
    /// Postsynaptic (target; a column of the matrix).
    Post,
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Side::Pre => "pre",
            Side::Post => "post",
        })
    }
}

/// Why a connector refused to build a matrix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ConnectError {
    /// A parameter, the positions or an initializer's context check
    /// failed.
    #[error(transparent)]
    Init(#[from] InitError),
    /// A fixed-degree rule without multapses needs more distinct partners
    /// than the neuron's mask holds (counting only partners of non-zero
    /// probability). NEST documents that it can hang here; we stop.
    #[error(
        "{side} neuron {neuron} has {available} candidate partners with non-zero probability \
         within the mask, fewer than its fixed degree {required} (allow multapses, widen the \
         mask or lower the degree)"
    )]
    TooFewCandidates {
        /// The side of the neuron whose degree is fixed.
        side: Side,
        /// Its index (the lowest such index).
        neuron: usize,
        /// Partners available to it.
        available: usize,
        /// The fixed degree.
        required: usize,
    },
    /// Column (or, for fixed in-degree, row) indices are stored in 32 bits.
    #[error("{side} population has {count} neurons; sparse indices hold at most {max}")]
    TooManyNeurons {
        /// Which population.
        side: Side,
        /// Its size.
        count: usize,
        /// The largest size supported.
        max: usize,
    },
}

/// Why writing a `.npz` or `.npy` file failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Creating or writing the file failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The `.npz` container could not be written.
    #[error("cannot write {path}: {source}")]
    Npz {
        /// The file.
        path: PathBuf,
        /// The error of the npz writer.
        source: ndarray_npy::WriteNpzError,
    },
    /// The `.npy` file could not be written.
    #[error("cannot write {path}: {source}")]
    Npy {
        /// The file.
        path: PathBuf,
        /// The error of the npy writer.
        source: ndarray_npy::WriteNpyError,
    },
    /// The dense matrix would not fit in memory addressing.
    #[error("a dense {rows} × {cols} matrix is too large to export")]
    TooLarge {
        /// Rows.
        rows: usize,
        /// Columns.
        cols: usize,
    },
    /// The data to write cannot be held in memory (a dense matrix beyond
    /// the available memory): nothing was written.
    #[error(transparent)]
    Memory(#[from] InitError),
    /// The matrix has no delays to write.
    #[error("the matrix has no delays")]
    NoDelays,
    /// The HDF5 library refused an operation (SONATA output).
    #[error("cannot write {path}: {message}")]
    Hdf5 {
        /// The file.
        path: PathBuf,
        /// HDF5's message.
        message: String,
    },
    /// A name that the output format cannot hold.
    #[error("{what} name {name:?} cannot be written: {reason}")]
    Name {
        /// What is named (population, model, unit).
        what: String,
        /// The name.
        name: String,
        /// Why.
        reason: &'static str,
    },
    /// The output exists already (outputs are never overwritten in place).
    #[error("{path} exists already")]
    Exists {
        /// The path.
        path: PathBuf,
    },
}
