//! Short constructors for the quantities of connectivity models, so that
//! `nS(0.3)` reads like braintools' `0.3 * u.nS`.
#![allow(non_snake_case)]

use uom::si::electrical_conductance::{microsiemens, nanosiemens, picosiemens};
use uom::si::f64::{ElectricalConductance, Length, ReciprocalLength, Time};
use uom::si::length::{micrometer, millimeter};
use uom::si::reciprocal_length::reciprocal_micrometer;
use uom::si::time::millisecond;

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
