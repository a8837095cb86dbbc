//! Transforms applied after sampling: `x ↦ f(x)` on the quantity, composed
//! with [`Compose`] and attached with [`InitializerExt::apply`] or
//! [`InitializerExt::pipe`](crate::InitializerExt::pipe).
//!
//! [`InitializerExt::apply`]: crate::InitializerExt::apply

use init_core::{Context, Element, InitError, Initializer, Key, Run, Value};

/// A map from one quantity to another (or the same), applied to each
/// sample.
///
/// Every `Fn(In) -> Out + Send + Sync` closure is a transform; so are
/// [`Bounds`](crate::Bounds) (a clamp) and [`Compose`] (one transform, then
/// another). The closure receives and returns quantities, so a transform
/// that mixes units does not compile.
pub trait Transform<In: Value>: Send + Sync {
    /// The quantity produced.
    type Out: Value;
    /// Transform one value.
    fn transform(&self, x: In) -> Self::Out;
}

impl<In: Value, Out: Value, F: Fn(In) -> Out + Send + Sync> Transform<In> for F {
    type Out = Out;
    #[inline(always)]
    fn transform(&self, x: In) -> Out {
        self(x)
    }
}

/// `first`, then `then`: `x ↦ then(first(x))`.
///
/// ```
/// use init_compose::{Bounds, Compose, Transform};
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let g = |v| G::new::<nS>(v);
/// let t = Compose::new(|x: G| x * 3.0, Bounds::new(None, g(2.0))?);
/// assert_eq!(t.transform(g(0.5)), g(1.5));
/// assert_eq!(t.transform(g(1.0)), g(2.0));
/// # Ok::<(), init_core::InitError>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Compose<A, B> {
    first: A,
    then: B,
}

impl<A, B> Compose<A, B> {
    /// `first`, then `then`.
    pub fn new(first: A, then: B) -> Self {
        Compose { first, then }
    }
}

impl<In: Value, A: Transform<In>, B: Transform<A::Out>> Transform<In> for Compose<A, B> {
    type Out = B::Out;
    #[inline(always)]
    fn transform(&self, x: In) -> B::Out {
        self.then.transform(self.first.transform(x))
    }
}

/// `.then(next)` on every transform, to build a [`Compose`] chain.
pub trait TransformExt<In: Value>: Transform<In> + Sized {
    /// This transform, then `next`.
    fn then<B: Transform<Self::Out>>(self, next: B) -> Compose<Self, B> {
        Compose::new(self, next)
    }
}

impl<In: Value, T: Transform<In>> TransformExt<In> for T {}

/// An initializer whose samples go through a [`Transform`]: `t(base(k))`.
///
/// Built by [`InitializerExt::apply`](crate::InitializerExt::apply) (a
/// closure) or [`InitializerExt::pipe`](crate::InitializerExt::pipe) (any
/// transform).
///
/// ```
/// use init_compose::InitializerExt;
/// use init_core::Generate;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let g = |v| G::new::<nS>(v);
/// let w = g(-0.5).apply(|x| x.abs()).generate(2, 0)?;
/// assert_eq!(w[1], g(0.5));
/// # Ok::<(), init_core::InitError>(())
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Apply<I, T> {
    base: I,
    transform: T,
}

impl<I: Initializer, T: Transform<I::Output>> Apply<I, T> {
    /// `transform(base(k))` for each element.
    pub fn new(base: I, transform: T) -> Self {
        Apply { base, transform }
    }
}

impl<I: Initializer, T: Transform<I::Output>> Initializer for Apply<I, T> {
    type Output = T::Out;

    #[inline]
    fn sample(&self, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
        let x = I::Output::from_si(self.base.sample(el, ctx, key));
        self.transform.transform(x).si()
    }

    fn check(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        self.base.check(shape, ctx)
    }

    fn fill(&self, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
        self.base.fill(run, ctx, key, out);
        for x in out.iter_mut() {
            *x = self.transform.transform(I::Output::from_si(*x)).si();
        }
    }
}

init_core::impl_initializer_ops!([I, T] Apply<I, T> where I: Initializer, T: Transform<I::Output>);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Bounds;
    use crate::InitializerExt;
    use crate::tests::{normal, ns, um};
    use init_core::Generate;
    use uom::si::f64::{ElectricalConductance as G, Length};

    #[test]
    fn apply_and_pipe_transform_each_sample() {
        let base = normal(0.5, 0.3);
        let raw = base.generate(1000, 9).unwrap();
        let abs = base.apply(|g| g.abs()).generate(1000, 9).unwrap();
        assert_eq!(abs, raw.mapv(|g| g.abs()));
        // A chain: ×2, then clamp to ≤ 1 nS, then + 0.1 nS.
        let chain = (|g: G| g * 2.0)
            .then(Bounds::new(None, ns(1.0)).unwrap())
            .then(|g: G| g + ns(0.1));
        let piped = base.pipe(chain).generate(1000, 9).unwrap();
        assert_eq!(piped, raw.mapv(|g| (g * 2.0).min(ns(1.0)) + ns(0.1)));
        // A transform may change the unit: a conductance mapped to a length.
        let len = base
            .apply(|g| g / ns(1.0) * um(1.0))
            .generate(1000, 9)
            .unwrap();
        let _: &ndarray::Array1<Length> = &len;
        assert_eq!(len, raw.mapv(|g| g / ns(1.0) * um(1.0)));
        // Fill and sample agree.
        let a = base.apply(|g| g * g);
        let key = init_core::Seed::new(9).key();
        let el = init_core::Element {
            flat: 5,
            pre: 5,
            post: 5,
        };
        assert_eq!(
            a.generate(10, 9).unwrap()[5].value,
            a.sample(el, &Context::new(), key)
        );
    }
}
