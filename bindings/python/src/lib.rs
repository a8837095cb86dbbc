//! The Rust core of the `neuroinit` Python package (`neuroinit._neuroinit`).
//!
//! The package's Python layer (`python/neuroinit`) speaks braintools.init's
//! language: its classes, keyword arguments, units and `rng`. It converts
//! every quantity to SI with the same arithmetic a Rust program's units do
//! and calls this module, which builds the library's own initializers and
//! profiles and generates with them. So a Python call and the Rust call it
//! mirrors give the same numbers, bit for bit.
//!
//! Initializers cross the boundary type-erased, as `f64` in SI base units
//! ([`erased`]); each is built at its quantity type first (through
//! [`kind::Kind`]), so a bad parameter is refused with the library's own
//! message, in the family's usual unit.
#![forbid(unsafe_code)]

mod erased;
mod init;
mod kind;
mod network;
mod profile;
mod threads;

use pyo3::prelude::*;

/// Errors of the library as Python's `ValueError`, with its message.
pub(crate) fn value_error(e: impl std::fmt::Display) -> PyErr {
    pyo3::exceptions::PyValueError::new_err(e.to_string())
}

#[pymodule]
fn _neuroinit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<init::Init>()?;
    m.add_class::<profile::DistanceProfile>()?;
    m.add_class::<network::Network>()?;
    m.add_function(wrap_pyfunction!(kind::unit, m)?)?;
    init::register(m)?;
    profile::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
