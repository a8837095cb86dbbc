//! Initializers with their quantity type erased and restored.
//!
//! Every initializer samples `f64` in SI base units whatever its `Output`
//! type (the type only carries the unit for the compiler), so changing
//! the type is free and changes no value: [`Retype`] forwards every
//! method. The Python side tracks dimensions itself; it hands us
//! [`Erased`] initializers, and a composite that takes quantities
//! (`Clipped`, a floored `DistanceModulated`) is built over its child
//! retyped to the right quantity, so that its checks and messages speak
//! in that quantity's unit.

use std::marker::PhantomData;
use std::sync::Arc;

use neuroinit::{Context, Element, InitError, Initializer, Key, Run, Value};

/// An initializer of SI values of any dimension.
pub(crate) type Erased = Arc<dyn Initializer<Output = f64>>;

/// `inner`, with `Q` as its output type.
pub(crate) struct Retype<I, Q> {
    inner: I,
    unit: PhantomData<fn() -> Q>,
}

impl<I, Q> Retype<I, Q> {
    pub(crate) fn new(inner: I) -> Self {
        Retype {
            inner,
            unit: PhantomData,
        }
    }
}

impl<I: Clone, Q> Clone for Retype<I, Q> {
    fn clone(&self) -> Self {
        Retype::new(self.inner.clone())
    }
}

impl<I: Initializer, Q: Value> Initializer for Retype<I, Q> {
    type Output = Q;

    #[inline]
    fn sample(&self, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
        self.inner.sample(el, ctx, key)
    }
    fn check(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        self.inner.check(shape, ctx)
    }
    fn value_bounds(&self) -> Option<(f64, f64)> {
        self.inner.value_bounds()
    }
    fn fill(&self, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
        self.inner.fill(run, ctx, key, out)
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
        self.inner.sample_row(pre, cols, n_post, ctx, key, out)
    }
}

/// Erase the output type of `i`.
pub(crate) fn erase<I: Initializer + 'static>(i: I) -> Erased {
    Arc::new(Retype::<I, f64>::new(i))
}

/// `e` as an initializer of `Q`.
pub(crate) fn typed<Q: Value>(e: &Erased) -> Retype<Erased, Q> {
    Retype::new(e.clone())
}

/// `inner`'s SI values divided by `unit_si` — what the Rust API's
/// `values_in(unit)` computes, the same division, so the same bits — in
/// the pass that draws them: converting afterwards costs a second pass
/// over the output (a tenth of a normal draw's time at 1e7 elements) and,
/// for a small draw, a hop to the thread pool that costs more than the
/// draw itself.
pub(crate) struct InUnit<'a> {
    pub(crate) inner: &'a Erased,
    pub(crate) unit_si: f64,
}

impl Initializer for InUnit<'_> {
    type Output = f64;

    #[inline]
    fn sample(&self, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
        self.inner.sample(el, ctx, key) / self.unit_si
    }
    fn check(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        self.inner.check(shape, ctx)
    }
    fn value_bounds(&self) -> Option<(f64, f64)> {
        // unit_si > 0 (a unit's size), so the order is kept.
        self.inner
            .value_bounds()
            .map(|(lo, hi)| (lo / self.unit_si, hi / self.unit_si))
    }
    fn fill(&self, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
        self.inner.fill(run, ctx, key, out);
        self.convert(out);
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
        self.inner.sample_row(pre, cols, n_post, ctx, key, out);
        self.convert(out);
    }
}

impl InUnit<'_> {
    fn convert(&self, out: &mut [f64]) {
        if self.unit_si != 1.0 {
            for x in out.iter_mut() {
                *x /= self.unit_si;
            }
        }
    }
}
