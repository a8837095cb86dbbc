//! The [`Initializer`] trait that every distribution, composite and
//! distance-modulated initializer implements.

use std::sync::Arc;

use uom::si::{Dimension as UomDimension, Quantity, SI};

use crate::context::Context;
use crate::element::{Element, Run};
use crate::error::InitError;
use crate::seed::Key;
use crate::value::Value;

/// Something that gives every element of an array a value.
///
/// The output type is a [`Value`]: a `uom` quantity such as
/// `ElectricalConductance`, or `f64`. Internally values travel as `f64` in SI
/// base units; the type carries the unit, so a dimension mistake does not
/// compile.
///
/// An implementation must be a pure function of `(self, el, ctx, key)`: draw
/// randomness only from `key.stream(el.flat)` (or from a child key for a
/// sub-initializer) and read only the element's own context. That is what
/// makes results independent of thread count and lets any block be generated
/// alone.
pub trait Initializer: Send + Sync {
    /// The quantity produced (e.g. `ElectricalConductance`, or `f64`).
    type Output: Value;

    /// The value of one element, in SI base units.
    fn sample(&self, el: Element, ctx: &Context<'_>, key: Key) -> f64;

    /// Refuse a context or shape this initializer cannot work with (e.g.
    /// distances are needed but absent). Called once before any element is
    /// drawn; composites must forward to their children.
    fn check(&self, _shape: &[usize], _ctx: &Context<'_>) -> Result<(), InitError> {
        Ok(())
    }

    /// Bounds `(lo, hi)`, in SI base units, that every value `sample` can
    /// return lies within, when known; `None` (the default) when not.
    ///
    /// Consumers use them to decide an element without drawing it — a
    /// floored `DistanceModulated` knows the weight is the floor wherever
    /// `hi × profile(d)` is below it — so they must be sound for the
    /// computed values (rounding included), not merely likely: a
    /// distribution bounds what its *sampler* can return (for the ziggurat
    /// normal, a few standard deviations beyond 12).
    fn value_bounds(&self) -> Option<(f64, f64)> {
        None
    }

    /// Fill a run of consecutive elements (see [`Run`]). The default calls
    /// [`Initializer::sample`] per element; override it when a whole run can
    /// be done faster, with bit-identical results.
    fn fill(&self, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
        for (k, o) in out.iter_mut().enumerate() {
            *o = self.sample(run.element(k), ctx, key);
        }
    }

    /// The values at some elements of row `pre` of an `n × n_post` matrix:
    /// `out[k]` is element `(pre, cols[k])`, as [`Initializer::sample`]
    /// gives it. What a sparse matrix draws at its synapses, one call per
    /// row rather than one (dynamic) call per synapse; an override must
    /// give the same values bit for bit.
    fn sample_row(
        &self,
        pre: usize,
        cols: &[u32],
        n_post: usize,
        ctx: &Context<'_>,
        key: Key,
        out: &mut [f64],
    ) {
        for (o, &j) in out.iter_mut().zip(cols) {
            *o = self.sample(Element::in_matrix(pre, j as usize, n_post), ctx, key);
        }
    }
}

/// A heap-allocated initializer of `Q`, for heterogeneous lists (mixture
/// components, a table of rules per population pair).
pub type BoxedInitializer<Q> = Box<dyn Initializer<Output = Q>>;

macro_rules! forward_initializer {
    ($($ptr:ty),*) => {$(
        impl<T: Initializer + ?Sized> Initializer for $ptr {
            type Output = T::Output;
            #[inline]
            fn sample(&self, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
                (**self).sample(el, ctx, key)
            }
            fn check(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
                (**self).check(shape, ctx)
            }
            fn fill(&self, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
                (**self).fill(run, ctx, key, out)
            }
            fn value_bounds(&self) -> Option<(f64, f64)> {
                (**self).value_bounds()
            }
            fn sample_row(
                &self,
                pre: usize,
                cols: &[u32],
                n_post: usize,
                ctx: &Context<'_>,
                key: Key,
                out: &mut [f64],
            ) {
                (**self).sample_row(pre, cols, n_post, ctx, key, out)
            }
        }
    )*};
}
forward_initializer!(Box<T>, Arc<T>, &T);

/// A constant operand (`init * 2.0`, `init + nS(0.1)`) must be finite:
/// an operator cannot return an error, so the check that a method such as
/// `.scaled(x)` makes at once is made here, before any element is drawn,
/// and every generation call returns it.
fn finite_operand<Q: Value>(v: Q) -> Result<(), InitError> {
    if v.si().is_finite() {
        Ok(())
    } else {
        Err(InitError::invalid_value(
            "constant",
            v,
            "a number or quantity in an initializer expression (`init * x`, `init + x`) must be finite",
        ))
    }
}

/// A plain number is a constant dimensionless initializer.
impl Initializer for f64 {
    type Output = f64;
    #[inline(always)]
    fn sample(&self, _: Element, _: &Context<'_>, _: Key) -> f64 {
        *self
    }
    fn check(&self, _: &[usize], _: &Context<'_>) -> Result<(), InitError> {
        finite_operand(*self)
    }
    fn fill(&self, _: Run, _: &Context<'_>, _: Key, out: &mut [f64]) {
        out.fill(*self);
    }
    fn value_bounds(&self) -> Option<(f64, f64)> {
        self.is_finite().then_some((*self, *self))
    }
}

/// A quantity is a constant initializer of its own type, so that
/// `init + ElectricalConductance::new::<nanosiemens>(0.1)` works.
impl<D: UomDimension + ?Sized + 'static> Initializer for Quantity<D, SI<f64>, f64> {
    type Output = Self;
    #[inline(always)]
    fn sample(&self, _: Element, _: &Context<'_>, _: Key) -> f64 {
        self.value
    }
    fn check(&self, _: &[usize], _: &Context<'_>) -> Result<(), InitError> {
        finite_operand(*self)
    }
    fn fill(&self, _: Run, _: &Context<'_>, _: Key, out: &mut [f64]) {
        out.fill(self.value);
    }
    fn value_bounds(&self) -> Option<(f64, f64)> {
        self.value.is_finite().then_some((self.value, self.value))
    }
}
