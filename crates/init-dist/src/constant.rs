//! Constant initializers: one value everywhere, and zero.

use std::marker::PhantomData;

use init_core::{Context, Element, InitError, Initializer, Key, Run, Value, check};

/// Every element equals `value`.
///
/// A bare quantity (or `f64`) is already a constant initializer, so
/// `init + nS(0.1)` works without this type; `Constant` exists for the
/// braintools vocabulary (`Constant(value)`), for validation (a NaN or
/// infinite value is refused at construction rather than spreading through
/// an array), and as a named component of mixtures and conditionals.
///
/// # Example
///
/// ```
/// use init_core::Generate;
/// use init_dist::Constant;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let w = Constant::new(G::new::<nS>(0.5))?.generate((2, 3), 0)?;
/// assert!(w.iter().all(|&g| g == G::new::<nS>(0.5)));
/// # Ok::<(), init_core::InitError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Constant<Q> {
    value: f64,
    unit: PhantomData<Q>,
}

impl<Q: Value> Constant<Q> {
    /// Every element `value`. Errors: `value` not finite.
    pub fn new(value: Q) -> Result<Self, InitError> {
        Ok(Constant {
            value: check::finite("value", value)?,
            unit: PhantomData,
        })
    }

    /// The value.
    pub fn value(&self) -> Q {
        Q::from_si(self.value)
    }
}

impl<Q: Value> Initializer for Constant<Q> {
    type Output = Q;

    #[inline(always)]
    fn sample(&self, _: Element, _: &Context<'_>, _: Key) -> f64 {
        self.value
    }

    fn fill(&self, _: Run, _: &Context<'_>, _: Key, out: &mut [f64]) {
        out.fill(self.value);
    }

    fn value_bounds(&self) -> Option<(f64, f64)> {
        Some((self.value, self.value))
    }
}

init_core::impl_initializer_ops!([Q] Constant<Q> where Q: Value);

/// Every element zero, in the unit of `Q` (chosen by the type).
///
/// # Example
///
/// ```
/// use init_core::Generate;
/// use init_dist::Zero;
/// use uom::si::f64::ElectricalConductance as G;
///
/// let w = Zero::<G>::new().generate(4, 0)?;
/// assert!(w.iter().all(|g| g.value == 0.0));
/// # Ok::<(), init_core::InitError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Zero<Q> {
    unit: PhantomData<Q>,
}

impl<Q: Value> Zero<Q> {
    /// Zero everywhere; nothing to validate.
    pub fn new() -> Self {
        Zero { unit: PhantomData }
    }
}

impl<Q: Value> Default for Zero<Q> {
    fn default() -> Self {
        Self::new()
    }
}

impl<Q: Value> Initializer for Zero<Q> {
    type Output = Q;

    #[inline(always)]
    fn sample(&self, _: Element, _: &Context<'_>, _: Key) -> f64 {
        0.0
    }

    fn fill(&self, _: Run, _: &Context<'_>, _: Key, out: &mut [f64]) {
        out.fill(0.0);
    }

    fn value_bounds(&self) -> Option<(f64, f64)> {
        Some((0.0, 0.0))
    }
}

init_core::impl_initializer_ops!([Q] Zero<Q> where Q: Value);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{draws, names, ns};
    use init_core::Generate;
    use uom::si::f64::ElectricalConductance;

    #[test]
    fn constant_is_exact_everywhere() {
        let c = Constant::new(ns(0.37)).unwrap();
        assert_eq!(c.value(), ns(0.37));
        // Exactly the SI value of 0.37 nS in every element, across the
        // parallel path (> 2^15 elements) and through `sample` alike.
        let a = c.generate((200, 300), 5).unwrap();
        assert!(a.iter().all(|&g| g == ns(0.37)));
        let el = Element::in_matrix(3, 4, 300);
        assert_eq!(
            c.sample(el, &Context::new(), init_core::Seed::new(0).key()),
            ns(0.37).value
        );
        assert!(
            draws(&Constant::new(ns(-2.0)).unwrap(), 10, 1)
                .iter()
                .all(|&v| v == -2.0)
        );
    }

    #[test]
    fn zero_is_zero_in_its_unit() {
        let z: Zero<ElectricalConductance> = Zero::default();
        assert_eq!(z, Zero::new());
        let a = z.generate((200, 300), 5).unwrap();
        assert!(a.iter().all(|g| g.value.to_bits() == 0.0f64.to_bits()));
        // Composes like any initializer: 0 + c = c.
        let s = (z + Constant::new(ns(1.5)).unwrap())
            .generate(8, 0)
            .unwrap();
        assert!(s.iter().all(|&g| g == ns(1.5)));
    }

    #[test]
    fn invalid_parameters() {
        for v in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert!(names(Constant::new(ns(v)), "value"), "Constant({v})");
            assert!(names(Constant::new(v), "value"), "Constant({v}) f64");
        }
    }
}
