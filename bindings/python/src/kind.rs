//! The dimensions a Python quantity can have, and the units by name.

use init_description::Kind as FileKind;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// A dimension, named as the Python layer names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Dimensionless,
    Conductance,
    Current,
    Potential,
    Length,
    Time,
    Velocity,
    PerLength,
}

impl Kind {
    pub(crate) fn parse(s: &str) -> PyResult<Kind> {
        Ok(match s {
            "1" => Kind::Dimensionless,
            "conductance" => Kind::Conductance,
            "current" => Kind::Current,
            "potential" => Kind::Potential,
            "length" => Kind::Length,
            "time" => Kind::Time,
            "velocity" => Kind::Velocity,
            "per_length" => Kind::PerLength,
            _ => return Err(PyValueError::new_err(format!("unknown dimension {s:?}"))),
        })
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Dimensionless => "1",
            Kind::Conductance => "conductance",
            Kind::Current => "current",
            Kind::Potential => "potential",
            Kind::Length => "length",
            Kind::Time => "time",
            Kind::Velocity => "velocity",
            Kind::PerLength => "per_length",
        }
    }
}

/// Run `$body` with `$q` the quantity type of `$kind`.
macro_rules! with_quantity {
    ($kind:expr, $q:ident => $body:expr) => {{
        use neuroinit::uom::si::f64 as si;
        match $kind {
            $crate::kind::Kind::Dimensionless => {
                type $q = f64;
                $body
            }
            $crate::kind::Kind::Conductance => {
                type $q = si::ElectricalConductance;
                $body
            }
            $crate::kind::Kind::Current => {
                type $q = si::ElectricCurrent;
                $body
            }
            $crate::kind::Kind::Potential => {
                type $q = si::ElectricPotential;
                $body
            }
            $crate::kind::Kind::Length => {
                type $q = si::Length;
                $body
            }
            $crate::kind::Kind::Time => {
                type $q = si::Time;
                $body
            }
            $crate::kind::Kind::Velocity => {
                type $q = si::Velocity;
                $body
            }
            $crate::kind::Kind::PerLength => {
                type $q = si::ReciprocalLength;
                $body
            }
        }
    }};
}
pub(crate) use with_quantity;

/// `unit("nS")` is `("conductance", 1e-9)`: the unit's dimension and the
/// SI value of one of it (the one the Rust unit of that name holds; `v`
/// of it is `v * one` in SI, bit for bit). `None` for a unit we do not
/// know.
#[pyfunction]
pub(crate) fn unit(name: &str) -> Option<(&'static str, f64)> {
    init_description::unit(name).map(|(k, one)| {
        let kind = match k {
            FileKind::Length => Kind::Length,
            FileKind::Time => Kind::Time,
            FileKind::Conductance => Kind::Conductance,
            FileKind::Current => Kind::Current,
            FileKind::Potential => Kind::Potential,
            FileKind::Velocity => Kind::Velocity,
            FileKind::PerLength => Kind::PerLength,
        };
        (kind.name(), one)
    })
}
