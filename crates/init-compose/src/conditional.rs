//! Conditionals: one initializer where a condition on the element holds,
//! another elsewhere.

use std::sync::Arc;

use init_core::{Context, Element, InitError, Initializer, Key, Run};

use crate::condition::{Condition, IndexAxis, OnIndex, OnMask, OnProperty};

/// `if_true` where the condition holds, `if_false` elsewhere.
///
/// The condition reads the element's flat index, its pre (row) or post
/// (column) neuron index — the caller's explicit neuron indices when the
/// [`Context`] carries some — or a per-neuron property array (layer labels,
/// a bool per neuron). Both branches produce the same quantity (checked by
/// the compiler).
///
/// `x_k = if_true(k)` if `condition(index_k)`, else `if_false(k)`.
///
/// # Example
///
/// ```
/// use init_compose::Conditional;
/// use init_core::Generate;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// // The first 800 neurons are excitatory (0.8 nS), the rest inhibitory (2.5 nS).
/// let g = |v| G::new::<nS>(v);
/// let w = Conditional::on_pre(|i| i < 800, g(0.8), g(2.5)).generate(1000, 42)?;
/// assert_eq!((w[799], w[800]), (g(0.8), g(2.5)));
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// `if_true` draws with child key 0 and `if_false` with child key 1; only
/// the chosen branch is sampled. [`Initializer::fill`] hands each stretch of
/// consecutive elements with the same answer to the branch's own `fill`
/// (a whole matrix row at once for a condition on the pre index),
/// bit-identical to [`Initializer::sample`].
#[derive(Clone, Copy, Debug)]
pub struct Conditional<C, T, F> {
    condition: C,
    if_true: T,
    if_false: F,
}

impl<C, T, F> Conditional<C, T, F>
where
    C: Condition,
    T: Initializer,
    F: Initializer<Output = T::Output>,
{
    /// `if_true` where `condition` holds, else `if_false`.
    pub fn new(condition: C, if_true: T, if_false: F) -> Self {
        Conditional {
            condition,
            if_true,
            if_false,
        }
    }
}

impl<T, F> Conditional<(), T, F>
where
    T: Initializer,
    F: Initializer<Output = T::Output>,
{
    /// Branch on the presynaptic neuron index (the row of a matrix, the
    /// element of a 1-D array; explicit indices from
    /// [`Context::with_neuron_indices`] if given).
    pub fn on_pre<P: Fn(usize) -> bool + Send + Sync>(
        f: P,
        if_true: T,
        if_false: F,
    ) -> Conditional<OnIndex<P>, T, F> {
        Conditional::new(OnIndex::new(IndexAxis::Pre, f), if_true, if_false)
    }

    /// Branch on the postsynaptic neuron index (the column of a matrix;
    /// explicit indices from [`Context::with_post_indices`] if given).
    pub fn on_post<P: Fn(usize) -> bool + Send + Sync>(
        f: P,
        if_true: T,
        if_false: F,
    ) -> Conditional<OnIndex<P>, T, F> {
        Conditional::new(OnIndex::new(IndexAxis::Post, f), if_true, if_false)
    }

    /// Branch on the row-major flat index of the element in the whole
    /// array.
    pub fn on_flat<P: Fn(usize) -> bool + Send + Sync>(
        f: P,
        if_true: T,
        if_false: F,
    ) -> Conditional<OnIndex<P>, T, F> {
        Conditional::new(OnIndex::new(IndexAxis::Flat, f), if_true, if_false)
    }

    /// Branch on a property of the neuron read on `axis`:
    /// `f(&values[index])`. The array must hold one value per neuron of
    /// that axis (checked before generation: a length mismatch is an
    /// [`InitError::ShapeMismatch`]).
    pub fn on_property<V, P>(
        axis: IndexAxis,
        values: impl Into<Arc<[V]>>,
        f: P,
        if_true: T,
        if_false: F,
    ) -> Conditional<OnProperty<V, P>, T, F>
    where
        V: Send + Sync,
        P: Fn(&V) -> bool + Send + Sync,
    {
        Conditional::new(OnProperty::new(axis, values, f), if_true, if_false)
    }

    /// Branch on a bool per neuron read on `axis`: `if_true` where
    /// `mask[index]` is true.
    pub fn on_mask(
        axis: IndexAxis,
        mask: impl Into<Arc<[bool]>>,
        if_true: T,
        if_false: F,
    ) -> Conditional<OnMask, T, F> {
        let id: fn(&bool) -> bool = |b| *b;
        Conditional::new(OnProperty::new(axis, mask, id), if_true, if_false)
    }
}

impl<C, T, F> Initializer for Conditional<C, T, F>
where
    C: Condition,
    T: Initializer,
    F: Initializer<Output = T::Output>,
{
    type Output = T::Output;

    #[inline]
    fn sample(&self, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
        if self.condition.holds(el, ctx) {
            self.if_true.sample(el, ctx, key.child(0))
        } else {
            self.if_false.sample(el, ctx, key.child(1))
        }
    }

    fn check(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        self.condition.check(shape, ctx)?;
        self.if_true.check(shape, ctx)?;
        self.if_false.check(shape, ctx)
    }

    /// The union of the branches' bounds.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        let (a, b) = self.if_true.value_bounds()?;
        let (c, d) = self.if_false.value_bounds()?;
        Some((a.min(c), b.max(d)))
    }

    fn fill(&self, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
        if out.is_empty() {
            return;
        }
        let (kt, kf) = (key.child(0), key.child(1));
        let branch = |holds: bool, r: Run, o: &mut [f64]| {
            if holds {
                self.if_true.fill(r, ctx, kt, o);
            } else {
                self.if_false.fill(r, ctx, kf, o);
            }
        };
        if self.condition.constant_on(run) {
            return branch(self.condition.holds(run.element(0), ctx), run, out);
        }
        // Hand each maximal stretch with one answer to its branch.
        let n = out.len();
        let mut start = 0;
        let mut current = self.condition.holds(run.element(0), ctx);
        while start < n {
            let end = self.condition.next_change(current, run, start + 1, n, ctx);
            branch(current, run.skip(start), &mut out[start..end]);
            start = end;
            current = !current;
        }
    }
}

init_core::impl_initializer_ops!(
    [C, T, F] Conditional<C, T, F>
    where C: Condition, T: Initializer, F: Initializer<Output = T::Output>
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InitializerExt;
    use crate::tests::{assert_deterministic, draws, normal, ns};
    use init_core::Generate;
    use init_testkit::assert_ks;
    use ndarray::Array2;
    use statrs::distribution::{ContinuousCDF, Normal as Exact};
    use uom::si::electrical_conductance::nanosiemens;
    use uom::si::f64::ElectricalConductance;

    /// True branch: values in [10, 11) nS; false branch: values in
    /// [20, 21) nS (disjoint, and random, so that fill's hand-over of
    /// stretches to each branch is exercised with real draws).
    fn branches() -> (
        impl Initializer<Output = ElectricalConductance> + Copy,
        impl Initializer<Output = ElectricalConductance> + Copy,
    ) {
        let t = normal(10.5, 0.1).clip(ns(10.0), ns(10.999)).unwrap();
        let f = normal(20.5, 0.1).clip(ns(20.0), ns(20.999)).unwrap();
        (t, f)
    }

    fn took_true(v: ElectricalConductance) -> bool {
        let x = v.get::<nanosiemens>();
        assert!(
            (10.0..11.0).contains(&x) || (20.0..21.0).contains(&x),
            "{x}"
        );
        x < 15.0
    }

    fn matrix_branches<C: Condition>(
        c: C,
        shape: (usize, usize),
        ctx: &Context<'_>,
    ) -> Array2<bool> {
        let (t, f) = branches();
        Conditional::new(c, t, f)
            .generate_with(shape, 3, ctx)
            .unwrap()
            .mapv(took_true)
    }

    #[test]
    fn every_element_takes_the_right_branch_in_1d() {
        let (t, f) = branches();
        let n = 1000;
        let got =
            |c: &dyn Initializer<Output = ElectricalConductance>, ctx: &Context<'_>| -> Vec<bool> {
                c.generate_with(n, 1, ctx)
                    .unwrap()
                    .iter()
                    .map(|&v| took_true(v))
                    .collect()
            };
        let ctx = Context::new();
        let want: Vec<bool> = (0..n).map(|i| i < 800).collect();
        assert_eq!(got(&Conditional::on_pre(|i| i < 800, t, f), &ctx), want);
        assert_eq!(got(&Conditional::on_flat(|i| i < 800, t, f), &ctx), want);
        // Explicit neuron indices: element k is neuron ids[k].
        let ids: Vec<usize> = (0..n).map(|k| (k * 7) % 1000).collect();
        let ctx_ids = Context::new().with_neuron_indices(&ids);
        let want_ids: Vec<bool> = ids.iter().map(|&i| i < 800).collect();
        assert_eq!(
            got(&Conditional::on_pre(|i| i < 800, t, f), &ctx_ids),
            want_ids
        );
        // A property array (a bool per neuron), indexed by neuron index.
        let exc: Vec<bool> = (0..n).map(|i| i % 5 != 0).collect();
        let mask = Conditional::on_mask(IndexAxis::Pre, exc.clone(), t, f);
        assert_eq!(got(&mask, &ctx), exc);
        let want_mask: Vec<bool> = ids.iter().map(|&i| exc[i]).collect();
        assert_eq!(got(&mask, &ctx_ids), want_mask);
        // A labelled property with a predicate.
        let layer: Vec<u8> = (0..n).map(|i| (i / 400) as u8).collect();
        let l4 = Conditional::on_property(IndexAxis::Pre, layer.clone(), |&l| l == 1, t, f);
        let want: Vec<bool> = layer.iter().map(|&l| l == 1).collect();
        assert_eq!(got(&l4, &ctx), want);
    }

    #[test]
    fn every_element_takes_the_right_branch_in_2d() {
        let (r, c) = (60, 70);
        let ctx = Context::new();
        let want =
            |f: &dyn Fn(usize, usize) -> bool| Array2::from_shape_fn((r, c), |(i, j)| f(i, j));
        let b = matrix_branches(OnIndex::new(IndexAxis::Pre, |i| i % 3 == 0), (r, c), &ctx);
        assert_eq!(b, want(&|i, _| i % 3 == 0));
        let b = matrix_branches(OnIndex::new(IndexAxis::Post, |j| j < 25), (r, c), &ctx);
        assert_eq!(b, want(&|_, j| j < 25));
        let b = matrix_branches(OnIndex::new(IndexAxis::Flat, |k| k % 4 == 1), (r, c), &ctx);
        assert_eq!(b, want(&|i, j| (i * c + j) % 4 == 1));
        // Explicit pre and post neuron indices.
        let pre: Vec<usize> = (0..r).map(|i| 1000 + i).collect();
        let post: Vec<usize> = (0..c).map(|j| 2 * j).collect();
        let ctx_ids = Context::new()
            .with_neuron_indices(&pre)
            .with_post_indices(&post);
        let b = matrix_branches(
            OnIndex::new(IndexAxis::Pre, |i| i >= 1030),
            (r, c),
            &ctx_ids,
        );
        assert_eq!(b, want(&|i, _| i >= 30));
        let b = matrix_branches(
            OnIndex::new(IndexAxis::Post, |j| j % 4 == 0),
            (r, c),
            &ctx_ids,
        );
        assert_eq!(b, want(&|_, j| j % 2 == 0));
        // Properties of pre and post neurons.
        let pre_exc: Vec<bool> = (0..r).map(|i| i < 48).collect();
        let b = matrix_branches(
            OnProperty::new(IndexAxis::Pre, pre_exc, |&e| e),
            (r, c),
            &ctx,
        );
        assert_eq!(b, want(&|i, _| i < 48));
        let post_layer: Vec<u8> = (0..c).map(|j| (j % 3) as u8).collect();
        let b = matrix_branches(
            OnProperty::new(IndexAxis::Post, post_layer, |&l| l == 2),
            (r, c),
            &ctx,
        );
        assert_eq!(b, want(&|_, j| j % 3 == 2));
        // A property of a larger population, read through explicit indices.
        let population: Vec<bool> = (0..2000).map(|i| i % 2 == 0).collect();
        let b = matrix_branches(
            OnProperty::new(IndexAxis::Pre, population.clone(), |&e| e),
            (r, c),
            &ctx_ids,
        );
        assert_eq!(b, want(&|i, _| (1000 + i) % 2 == 0));
    }

    #[test]
    fn branches_keep_their_own_distributions() {
        // Each branch is drawn from its own key: the values of each branch
        // follow its law (KS, p < 1e-3, n = 1e5 each).
        let c = Conditional::on_pre(|i| i % 2 == 0, normal(0.0, 1.0), normal(0.0, 1.0));
        let x = draws(&c, 200_000, 4);
        let z = Exact::new(0.0, 1.0).unwrap();
        let even: Vec<f64> = x.iter().step_by(2).copied().collect();
        let odd: Vec<f64> = x.iter().skip(1).step_by(2).copied().collect();
        assert_ks("true branch", &even, |v| z.cdf(v));
        assert_ks("false branch", &odd, |v| z.cdf(v));
        // The two branches are distinct streams, not one stream read twice.
        let same = Conditional::on_pre(|_| true, normal(0.0, 1.0), ns(0.0));
        let other = Conditional::on_pre(|_| false, ns(0.0), normal(0.0, 1.0));
        assert_ne!(draws(&same, 10, 4), draws(&other, 10, 4));
    }

    #[test]
    fn property_arrays_of_the_wrong_length_are_typed_errors() {
        let (t, f) = branches();
        let c = Conditional::on_mask(IndexAxis::Pre, vec![true; 10], t, f);
        assert!(c.generate(10, 0).is_ok());
        assert!(matches!(
            c.generate(11, 0),
            Err(InitError::ShapeMismatch { what: "property array", ref expected, ref found })
                if *expected == vec![11] && *found == vec![10]
        ));
        assert!(matches!(
            c.generate((9, 4), 0),
            Err(InitError::ShapeMismatch { .. })
        ));
        let post = Conditional::on_mask(IndexAxis::Post, vec![true; 10], t, f);
        assert!(post.generate((3, 10), 0).is_ok());
        assert!(matches!(
            post.generate((10, 3), 0),
            Err(InitError::ShapeMismatch { .. })
        ));
        let flat = Conditional::on_mask(IndexAxis::Flat, vec![true; 12], t, f);
        assert!(flat.generate((3, 4), 0).is_ok());
        assert!(matches!(
            flat.generate((4, 4), 0),
            Err(InitError::ShapeMismatch { .. })
        ));
        // Explicit neuron indices beyond the property array.
        let ids = [0, 3, 10];
        let ctx = Context::new().with_neuron_indices(&ids);
        assert!(matches!(
            c.generate_with(3, 0, &ctx),
            Err(InitError::InvalidParameter { name: "property array", ref value, .. })
                if value.contains("neuron index 10")
        ));
        // A wrong number of neuron indices is the context's own error.
        let ctx = Context::new().with_neuron_indices(&ids);
        let idx = Conditional::on_pre(|i| i < 2, t, f);
        assert!(matches!(
            idx.generate_with(4, 0, &ctx),
            Err(InitError::ShapeMismatch { .. })
        ));
        // Branch checks are forwarded: a nested property conditional.
        let nested = Conditional::on_pre(
            |i| i < 5,
            t,
            Conditional::on_mask(IndexAxis::Pre, vec![true; 3], t, f),
        );
        assert!(nested.generate(10, 0).is_err());
    }

    #[test]
    fn deterministic_for_any_thread_count_and_block() {
        let ctx = Context::new();
        let (t, f) = (normal(1.0, 0.1), normal(-1.0, 0.2));
        assert_deterministic(
            "on pre",
            &Conditional::on_pre(|i| i % 7 < 3, t, f),
            &ctx,
            &ctx,
        );
        assert_deterministic(
            "on post",
            &Conditional::on_post(|j| j % 3 == 0, t, f),
            &ctx,
            &ctx,
        );
        assert_deterministic(
            "on flat",
            &Conditional::on_flat(|k| (k / 5) % 2 == 0, t, f),
            &ctx,
            &ctx,
        );
        let ids: Vec<usize> = (0..100_000).rev().collect();
        let pre: Vec<usize> = (0..300).map(|i| i * 3).collect();
        let post: Vec<usize> = (0..200).rev().collect();
        let ctx1 = Context::new().with_neuron_indices(&ids);
        let ctx2 = Context::new()
            .with_neuron_indices(&pre)
            .with_post_indices(&post);
        let mask: Vec<bool> = (0..100_000).map(|i| i % 11 < 4).collect();
        assert_deterministic(
            "property with explicit indices",
            &Conditional::on_mask(IndexAxis::Pre, mask, t, f),
            &ctx1,
            &ctx2,
        );
    }
}
