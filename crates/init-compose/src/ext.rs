//! Adaptor methods on every initializer, in the style of iterator
//! adaptors: `.clip(min, max)`, `.scaled(f)`, `.apply(f)`, `.pipe(t)`,
//! `.boxed()`.

use init_core::{BoxedInitializer, InitError, Initializer, Value};

use crate::clipped::Clipped;
use crate::scaled::Scaled;
use crate::transform::{Apply, Transform};

/// Adaptors available on every [`Initializer`] (import the trait to use
/// them).
///
/// ```
/// use init_compose::InitializerExt;
/// use init_core::Generate;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let g = |v| G::new::<nS>(v);
/// let init = g(1.0).scaled(2.0)?.apply(|x| x - g(0.5)).clip(None, g(1.2))?;
/// assert_eq!(init.generate(1, 0)?[0], g(1.2));
/// # Ok::<(), init_core::InitError>(())
/// ```
pub trait InitializerExt: Initializer + Sized {
    /// Clamp every sample to `[min, max]`; pass `None` for an open side.
    /// Errors: see [`Bounds::new`](crate::Bounds::new).
    fn clip(
        self,
        min: impl Into<Option<Self::Output>>,
        max: impl Into<Option<Self::Output>>,
    ) -> Result<Clipped<Self>, InitError> {
        Clipped::new(self, min, max)
    }

    /// Multiply every sample by a finite `factor`. Errors: a non-finite
    /// factor.
    fn scaled(self, factor: f64) -> Result<Scaled<Self>, InitError> {
        Scaled::new(self, factor)
    }

    /// Map every sample through `f`, which receives and returns quantities
    /// (it may change the unit, e.g. `|g| g * g`, or return `f64`).
    fn apply<F, R>(self, f: F) -> Apply<Self, F>
    where
        F: Fn(Self::Output) -> R + Send + Sync,
        R: Value,
    {
        Apply::new(self, f)
    }

    /// Send every sample through a [`Transform`] (a closure, a
    /// [`Bounds`](crate::Bounds), or a [`Compose`](crate::Compose) chain).
    fn pipe<T: Transform<Self::Output>>(self, transform: T) -> Apply<Self, T> {
        Apply::new(self, transform)
    }

    /// Box this initializer, for a heterogeneous list (mixture components,
    /// select branches).
    fn boxed(self) -> BoxedInitializer<Self::Output>
    where
        Self: 'static,
    {
        Box::new(self)
    }
}

impl<I: Initializer> InitializerExt for I {}
