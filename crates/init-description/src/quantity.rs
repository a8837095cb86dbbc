//! Quantities written as strings with their unit (`"0.5 nS"`, `"100 um"`,
//! `"1.5 ms"`, `"0.3 m/s"`), converted through the same `uom` units a Rust
//! program names, so a file and a builder give the same numbers to the
//! last bit.

use neuroinit::Value;
use neuroinit::uom::si::electric_current::{
    ampere, microampere, milliampere, nanoampere, picoampere,
};
use neuroinit::uom::si::electric_potential::{microvolt, millivolt, volt};
use neuroinit::uom::si::electrical_conductance::{
    microsiemens, millisiemens, nanosiemens, picosiemens, siemens,
};
use neuroinit::uom::si::f64::{
    ElectricCurrent, ElectricPotential, ElectricalConductance, Length, ReciprocalLength, Time,
    Velocity,
};
use neuroinit::uom::si::length::{centimeter, meter, micrometer, millimeter, nanometer};
use neuroinit::uom::si::reciprocal_length::{
    reciprocal_centimeter, reciprocal_meter, reciprocal_micrometer, reciprocal_millimeter,
};
use neuroinit::uom::si::time::{microsecond, millisecond, second};
use neuroinit::uom::si::velocity::{
    meter_per_second, micrometer_per_second, millimeter_per_second,
};

use crate::error::{DescriptionError, ErrorKind};
use crate::table::{Ctx, Item, type_name};
use toml::de::DeValue;

/// The kinds of quantity a description file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Lengths: positions, widths, radii.
    Length,
    /// Times: delays, the resolution.
    Time,
    /// Conductances: weights of conductance-based synapses.
    Conductance,
    /// Currents: weights of current-based synapses.
    Current,
    /// Potentials.
    Potential,
    /// Velocities: conduction velocities.
    Velocity,
    /// Per length: a logistic profile's slope.
    PerLength,
}

impl Kind {
    /// What it is and how one is written, for messages.
    pub fn described(self) -> &'static str {
        match self {
            Kind::Length => "a length (\"100 um\")",
            Kind::Time => "a time (\"1.5 ms\")",
            Kind::Conductance => "a conductance (\"0.5 nS\")",
            Kind::Current => "a current (\"87.8 pA\")",
            Kind::Potential => "a potential (\"-65 mV\")",
            Kind::Velocity => "a velocity (\"0.3 m/s\")",
            Kind::PerLength => "a reciprocal length (\"0.05 /um\")",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Length => "a length",
            Kind::Time => "a time",
            Kind::Conductance => "a conductance",
            Kind::Current => "a current",
            Kind::Potential => "a potential",
            Kind::Velocity => "a velocity",
            Kind::PerLength => "a reciprocal length",
        }
    }
}

/// A unit: its spellings, its kind and its conversion to SI (through the
/// `uom` unit of the same name).
struct Unit {
    names: &'static [&'static str],
    kind: Kind,
    si: fn(f64) -> f64,
}

macro_rules! unit {
    ($names:expr, $kind:ident, $q:ty, $u:ty) => {
        Unit {
            names: $names,
            kind: Kind::$kind,
            si: |v| <$q>::new::<$u>(v).value,
        }
    };
}

const UNITS: &[Unit] = &[
    unit!(&["m"], Length, Length, meter),
    unit!(&["cm"], Length, Length, centimeter),
    unit!(&["mm"], Length, Length, millimeter),
    unit!(&["um", "µm", "μm"], Length, Length, micrometer),
    unit!(&["nm"], Length, Length, nanometer),
    unit!(&["s"], Time, Time, second),
    unit!(&["ms"], Time, Time, millisecond),
    unit!(&["us", "µs", "μs"], Time, Time, microsecond),
    unit!(&["S"], Conductance, ElectricalConductance, siemens),
    unit!(&["mS"], Conductance, ElectricalConductance, millisiemens),
    unit!(
        &["uS", "µS", "μS"],
        Conductance,
        ElectricalConductance,
        microsiemens
    ),
    unit!(&["nS"], Conductance, ElectricalConductance, nanosiemens),
    unit!(&["pS"], Conductance, ElectricalConductance, picosiemens),
    unit!(&["A"], Current, ElectricCurrent, ampere),
    unit!(&["mA"], Current, ElectricCurrent, milliampere),
    unit!(&["uA", "µA", "μA"], Current, ElectricCurrent, microampere),
    unit!(&["nA"], Current, ElectricCurrent, nanoampere),
    unit!(&["pA"], Current, ElectricCurrent, picoampere),
    unit!(&["V"], Potential, ElectricPotential, volt),
    unit!(&["mV"], Potential, ElectricPotential, millivolt),
    unit!(&["uV", "µV", "μV"], Potential, ElectricPotential, microvolt),
    unit!(&["m/s", "mm/ms"], Velocity, Velocity, meter_per_second),
    unit!(
        &["mm/s", "um/ms", "µm/ms", "μm/ms"],
        Velocity,
        Velocity,
        millimeter_per_second
    ),
    unit!(
        &["um/s", "µm/s", "μm/s"],
        Velocity,
        Velocity,
        micrometer_per_second
    ),
    unit!(
        &["/m", "1/m"],
        PerLength,
        ReciprocalLength,
        reciprocal_meter
    ),
    unit!(
        &["/cm", "1/cm"],
        PerLength,
        ReciprocalLength,
        reciprocal_centimeter
    ),
    unit!(
        &["/mm", "1/mm"],
        PerLength,
        ReciprocalLength,
        reciprocal_millimeter
    ),
    unit!(
        &["/um", "1/um", "/µm", "1/µm", "/μm", "1/μm"],
        PerLength,
        ReciprocalLength,
        reciprocal_micrometer
    ),
];

fn unit_named(name: &str) -> Option<&'static Unit> {
    UNITS.iter().find(|u| u.names.contains(&name))
}

/// Why a quantity string is not one.
#[derive(Clone, Debug, PartialEq)]
pub enum QuantityError {
    /// Nothing but blanks.
    Empty,
    /// A number without a unit.
    NoUnit(f64),
    /// A unit we do not know.
    UnknownUnit(String),
    /// The number part is not a finite number.
    BadNumber(String),
}

/// Parse `"0.5 nS"` (the blank may be left out: `"0.5nS"`) into its kind
/// and its value in SI base units.
///
/// ```
/// use init_description::{Kind, parse_quantity};
/// use neuroinit::units::um;
///
/// // Exactly what `um(100.0)` holds, to the last bit.
/// assert_eq!(parse_quantity("100 um"), Ok((Kind::Length, um(100.0).value)));
/// assert_eq!(parse_quantity("0.3 m/s").unwrap().0, Kind::Velocity);
/// assert!(parse_quantity("0.5").is_err());
/// ```
pub fn parse_quantity(s: &str) -> Result<(Kind, f64), QuantityError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(QuantityError::Empty);
    }
    let (number, unit) = match s.split_once(char::is_whitespace) {
        Some((n, u)) => (n, u.trim()),
        None => {
            // No blank: the unit is the longest known suffix.
            let cut = s
                .char_indices()
                .map(|(i, _)| i)
                .find(|&i| i > 0 && unit_named(&s[i..]).is_some());
            match cut {
                Some(i) => (&s[..i], &s[i..]),
                None => (s, ""),
            }
        }
    };
    let value: f64 = number
        .parse()
        .map_err(|_| QuantityError::BadNumber(number.to_string()))?;
    if !value.is_finite() {
        return Err(QuantityError::BadNumber(number.to_string()));
    }
    if unit.is_empty() {
        return Err(QuantityError::NoUnit(value));
    }
    let u = unit_named(unit).ok_or_else(|| QuantityError::UnknownUnit(unit.to_string()))?;
    let si = (u.si)(value);
    if !si.is_finite() {
        // 1.7e308 per µm is finite; in per metre it is not.
        return Err(QuantityError::BadNumber(number.to_string()));
    }
    Ok((u.kind, si))
}

/// The unit named `name` (`"nS"`, `"ms"`, ...): its kind and the SI value
/// of one of it. Converting `v` of it to SI is `v * one`, bit for bit what
/// the `uom` unit of that name gives (tested for every unit), which is
/// what lets the Python package convert whole arrays in numpy and still
/// match a Rust program.
///
/// ```
/// use init_description::{Kind, unit};
/// use neuroinit::units::nS;
///
/// let (kind, one) = unit("nS").unwrap();
/// assert_eq!(kind, Kind::Conductance);
/// assert_eq!(0.3 * one, nS(0.3).value);
/// assert!(unit("parsec").is_none());
/// ```
pub fn unit(name: &str) -> Option<(Kind, f64)> {
    unit_named(name.trim()).map(|u| (u.kind, (u.si)(1.0)))
}

/// A quantity type a description file can hold.
pub trait FileQuantity: Value {
    /// Its kind.
    const KIND: Kind;
}

impl FileQuantity for Length {
    const KIND: Kind = Kind::Length;
}
impl FileQuantity for Time {
    const KIND: Kind = Kind::Time;
}
impl FileQuantity for ElectricalConductance {
    const KIND: Kind = Kind::Conductance;
}
impl FileQuantity for ElectricCurrent {
    const KIND: Kind = Kind::Current;
}
impl FileQuantity for ElectricPotential {
    const KIND: Kind = Kind::Potential;
}
impl FileQuantity for Velocity {
    const KIND: Kind = Kind::Velocity;
}
impl FileQuantity for ReciprocalLength {
    const KIND: Kind = Kind::PerLength;
}

/// The quantity `item` writes, of type `Q`, or an error naming `key`.
pub(crate) fn quantity<Q: FileQuantity>(
    ctx: Ctx<'_, '_>,
    key: &str,
    item: &Item<'_>,
) -> Result<Q, DescriptionError> {
    let wrong_unit = |message: String| {
        ctx.err(
            &item.span(),
            ErrorKind::WrongUnit {
                field: key.to_string(),
            },
            message,
        )
    };
    let s = match item.get_ref() {
        DeValue::String(s) => s.as_ref(),
        DeValue::Integer(_) | DeValue::Float(_) => {
            return Err(wrong_unit(format!(
                "`{key}` must be {}: a string with a unit, not a bare number",
                Q::KIND.described()
            )));
        }
        other => {
            return Err(ctx.err(
                &item.span(),
                ErrorKind::WrongType {
                    field: key.to_string(),
                },
                format!(
                    "`{key}` must be {}, found {}",
                    Q::KIND.described(),
                    type_name(other)
                ),
            ));
        }
    };
    match parse_quantity(s) {
        Ok((kind, si)) if kind == Q::KIND => Ok(Q::from_si(si)),
        Ok((kind, _)) => Err(wrong_unit(format!(
            "`{key}` must be {}, found {} (\"{s}\")",
            Q::KIND.described(),
            kind.noun()
        ))),
        Err(QuantityError::NoUnit(v)) => Err(wrong_unit(format!(
            "`{key}` must be {}: \"{s}\" has no unit (\"{v} {}\"?)",
            Q::KIND.described(),
            example_unit(Q::KIND)
        ))),
        Err(QuantityError::UnknownUnit(u)) => Err(wrong_unit(format!(
            "`{key}`: unknown unit \"{u}\" in \"{s}\" (expected {})",
            Q::KIND.described()
        ))),
        Err(QuantityError::BadNumber(n)) => Err(ctx.bad_number(
            key,
            &item.span(),
            format_args!("\"{n}\" is not a finite number (in \"{s}\")"),
        )),
        Err(QuantityError::Empty) => Err(wrong_unit(format!(
            "`{key}` must be {}, found an empty string",
            Q::KIND.described()
        ))),
    }
}

fn example_unit(kind: Kind) -> &'static str {
    match kind {
        Kind::Length => "um",
        Kind::Time => "ms",
        Kind::Conductance => "nS",
        Kind::Current => "pA",
        Kind::Potential => "mV",
        Kind::Velocity => "m/s",
        Kind::PerLength => "/um",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn converting_is_multiplying_by_one_unit() {
        // Many magnitudes, both signs, subnormal and huge: uom's conversion
        // of v equals v times the SI value of one, exactly.
        let mut vs = vec![0.0, -0.0, 1.0, 0.3, 0.05, 1e-300, 5e-324, 1.7e300, -2.5];
        let mut x = 0.123_456_789_f64;
        for _ in 0..2000 {
            x = (x * 7.123_456_789).fract();
            vs.push(x * 10f64.powi((x * 40.0) as i32 - 20));
        }
        for u in super::UNITS {
            let one = (u.si)(1.0);
            for &v in &vs {
                let (a, b) = ((u.si)(v), v * one);
                assert!(
                    a.to_bits() == b.to_bits() || (a == 0.0 && b == 0.0),
                    "{:?} {v}",
                    u.names
                );
            }
        }
    }

    use super::*;
    use neuroinit::units::{m_per_s, mV, ms, nS, pA, um};

    #[test]
    fn units_convert_as_the_rust_constructors_do() {
        assert_eq!(
            parse_quantity("0.4 nS"),
            Ok((Kind::Conductance, nS(0.4).value))
        );
        assert_eq!(
            parse_quantity("0.08nS"),
            Ok((Kind::Conductance, nS(0.08).value))
        );
        assert_eq!(
            parse_quantity("8485.281374238571 µm"),
            Ok((Kind::Length, um(8485.281374238571).value))
        );
        assert_eq!(parse_quantity("1.5 ms"), Ok((Kind::Time, ms(1.5).value)));
        assert_eq!(
            parse_quantity("87.81 pA"),
            Ok((Kind::Current, pA(87.81).value))
        );
        assert_eq!(
            parse_quantity("-65 mV"),
            Ok((Kind::Potential, mV(-65.0).value))
        );
        assert_eq!(
            parse_quantity("0.3 m/s"),
            Ok((Kind::Velocity, m_per_s(0.3).value))
        );
        assert_eq!(parse_quantity("1e-3 S").unwrap().0, Kind::Conductance);
        assert_eq!(parse_quantity("0.05 /um").unwrap().0, Kind::PerLength);
    }

    #[test]
    fn malformed_strings_say_why() {
        assert_eq!(parse_quantity("  "), Err(QuantityError::Empty));
        assert_eq!(parse_quantity("0.5"), Err(QuantityError::NoUnit(0.5)));
        assert_eq!(
            parse_quantity("0.5 furlong"),
            Err(QuantityError::UnknownUnit("furlong".into()))
        );
        assert_eq!(
            parse_quantity("1.2.3 nS"),
            Err(QuantityError::BadNumber("1.2.3".into()))
        );
        assert_eq!(
            parse_quantity("nan nS"),
            Err(QuantityError::BadNumber("nan".into()))
        );
        assert_eq!(
            parse_quantity("inf ms"),
            Err(QuantityError::BadNumber("inf".into()))
        );
        assert_eq!(
            parse_quantity("nS"),
            Err(QuantityError::BadNumber("n".into()))
        );
        assert_eq!(
            parse_quantity("1.7e308 /um"),
            Err(QuantityError::BadNumber("1.7e308".into()))
        );
    }
}
