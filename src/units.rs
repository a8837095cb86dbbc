//! Short constructors for the quantities of connectivity models, so that
//! `nS(0.3)` reads like braintools' `0.3 * u.nS`.
//!
//! ```
//! use neuroinit::units::*;
//!
//! assert_eq!(nS(0.5), pS(500.0));
//! assert_eq!(um(1000.0), mm(1.0));
//! assert!((m_per_s(0.3) - um_per_ms(300.0)).abs() < m_per_s(1e-12));
//! assert!((um(150.0) / m_per_s(0.3) - ms(0.5)).abs() < ms(1e-12));
//! let _ = (pA(87.81), nA(0.1), mV(-65.0), uS(1.0), per_um(0.05));
//! ```
#![allow(non_snake_case)]

use uom::si::electric_current::{nanoampere, picoampere};
use uom::si::electric_potential::millivolt;
use uom::si::electrical_conductance::{microsiemens, nanosiemens, picosiemens};
use uom::si::f64::{
    ElectricCurrent, ElectricPotential, ElectricalConductance, Length, ReciprocalLength, Time,
    Velocity,
};
use uom::si::length::{micrometer, millimeter};
use uom::si::reciprocal_length::reciprocal_micrometer;
use uom::si::time::millisecond;
use uom::si::velocity::meter_per_second;

/// A conductance in nanosiemens.
pub fn nS(v: f64) -> ElectricalConductance {
    ElectricalConductance::new::<nanosiemens>(v)
}

/// A conductance in picosiemens.
pub fn pS(v: f64) -> ElectricalConductance {
    ElectricalConductance::new::<picosiemens>(v)
}

/// A conductance in microsiemens.
pub fn uS(v: f64) -> ElectricalConductance {
    ElectricalConductance::new::<microsiemens>(v)
}

/// A length in micrometres.
pub fn um(v: f64) -> Length {
    Length::new::<micrometer>(v)
}

/// A length in millimetres.
pub fn mm(v: f64) -> Length {
    Length::new::<millimeter>(v)
}

/// A time in milliseconds.
pub fn ms(v: f64) -> Time {
    Time::new::<millisecond>(v)
}

/// A rate per micrometre (braintools' sigmoid slope 0.05 is `per_um(0.05)`).
pub fn per_um(v: f64) -> ReciprocalLength {
    ReciprocalLength::new::<reciprocal_micrometer>(v)
}

/// A current in picoamperes (current-based synapses: PD14's 87.8 pA).
pub fn pA(v: f64) -> ElectricCurrent {
    ElectricCurrent::new::<picoampere>(v)
}

/// A current in nanoamperes.
pub fn nA(v: f64) -> ElectricCurrent {
    ElectricCurrent::new::<nanoampere>(v)
}

/// A potential in millivolts (PSP amplitudes, reversal potentials).
pub fn mV(v: f64) -> ElectricPotential {
    ElectricPotential::new::<millivolt>(v)
}

/// A velocity in metres per second (axonal conduction: 0.3 m/s).
pub fn m_per_s(v: f64) -> Velocity {
    Velocity::new::<meter_per_second>(v)
}

/// A velocity in micrometres per millisecond (`um_per_ms(300.0)` is
/// 0.3 m/s).
pub fn um_per_ms(v: f64) -> Velocity {
    Velocity::new::<meter_per_second>(v * 1e-3)
}
