//! What a [`Conditional`](crate::Conditional) or a
//! [`Select`](crate::Select) looks at: the flat index, the pre or post
//! neuron index, or a per-neuron property array.

use std::sync::Arc;

use init_core::{Context, Element, InitError, Run};

/// Which index of an element a condition or a label array reads. (Not
/// named `Axis`, so that it imports beside `ndarray::Axis`.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IndexAxis {
    /// The row-major flat index in the whole array.
    Flat,
    /// The presynaptic neuron: the row of a matrix, the element of a 1-D
    /// array. Honours [`Context::with_neuron_indices`].
    Pre,
    /// The postsynaptic neuron: the column of a matrix. Honours
    /// [`Context::with_post_indices`]. (For a 1-D array of neurons use
    /// [`IndexAxis::Pre`], which reads `with_neuron_indices`.)
    Post,
}

impl IndexAxis {
    /// The index this axis reads for `el`.
    #[inline(always)]
    pub fn index(self, el: Element, ctx: &Context<'_>) -> usize {
        match self {
            // The flat index of an element of an array that fits in memory
            // fits a usize.
            IndexAxis::Flat => el.flat as usize,
            IndexAxis::Pre => ctx.pre_index(el),
            IndexAxis::Post => ctx.post_index(el),
        }
    }

    /// Whether every element of `run` has the same index on this axis: the
    /// rows of a matrix or an n-D array on [`IndexAxis::Pre`].
    #[inline]
    pub fn constant_on(self, run: Run) -> bool {
        self == IndexAxis::Pre && run.pre_step == 0
    }

    /// The number of positions along this axis in an output of `shape`.
    fn len(self, shape: &[usize]) -> usize {
        match self {
            IndexAxis::Flat => shape.iter().product(),
            IndexAxis::Pre => shape.first().copied().unwrap_or(1),
            IndexAxis::Post => shape.last().copied().unwrap_or(1),
        }
    }
}

/// Check that an array of `len` values, indexed on `axis` by neuron (or
/// flat) index, fits an output of `shape` in `ctx`.
///
/// With the default indices (`0..n` along the axis) the array must hold
/// exactly `n` values. With explicit neuron indices (a subset of a larger
/// population, say), every index must be `< len`.
///
/// `what` names the array in the error.
pub(crate) fn check_per_neuron(
    what: &'static str,
    len: usize,
    axis: IndexAxis,
    shape: &[usize],
    ctx: &Context<'_>,
) -> Result<(), InitError> {
    // The index lookups below read the context's index arrays, whose
    // lengths this guarantees.
    ctx.check_shape(shape)?;
    let n = axis.len(shape);
    let at = |a: usize| {
        axis.index(
            Element {
                flat: a as u64,
                pre: a,
                post: a,
            },
            ctx,
        )
    };
    let identity = axis == IndexAxis::Flat || (0..n).all(|a| at(a) == a);
    if identity {
        if len != n {
            return Err(InitError::ShapeMismatch {
                what,
                expected: vec![n],
                found: vec![len],
            });
        }
        return Ok(());
    }
    match (0..n).map(at).find(|&i| i >= len) {
        Some(i) => Err(InitError::InvalidParameter {
            name: what,
            value: format!("{len} values, but neuron index {i} is used"),
            rule: "must hold a value for every neuron index in the context",
        }),
        None => Ok(()),
    }
}

/// A yes/no question about an element, asked by a
/// [`Conditional`](crate::Conditional).
pub trait Condition: Send + Sync {
    /// Whether the condition holds at `el`.
    fn holds(&self, el: Element, ctx: &Context<'_>) -> bool;

    /// Refuse a shape or context the condition cannot read (a property
    /// array of the wrong length). Called once before generation.
    fn check(&self, _shape: &[usize], _ctx: &Context<'_>) -> Result<(), InitError> {
        Ok(())
    }

    /// Whether the answer is the same for every element of `run`, so that
    /// one branch can fill the whole run.
    fn constant_on(&self, _run: Run) -> bool {
        false
    }

    /// The first `k` in `from..end` where the answer at `run.element(k)`
    /// differs from `answer`, or `end`. Override to hoist work out of the
    /// scan; the result must equal the default's.
    fn next_change(
        &self,
        answer: bool,
        run: Run,
        from: usize,
        end: usize,
        ctx: &Context<'_>,
    ) -> usize {
        (from..end)
            .find(|&k| self.holds(run.element(k), ctx) != answer)
            .unwrap_or(end)
    }
}

/// The first `k` in `from..end` with `f(index(k)) != answer`, the axis'
/// index read by `index`.
#[inline(always)]
fn scan(
    answer: bool,
    from: usize,
    end: usize,
    index: impl Fn(usize) -> usize,
    f: impl Fn(usize) -> bool,
) -> usize {
    (from..end).find(|&k| f(index(k)) != answer).unwrap_or(end)
}

/// A condition on an index: `f(index)` where the index is read on `axis`.
#[derive(Clone, Copy, Debug)]
pub struct OnIndex<F> {
    axis: IndexAxis,
    f: F,
}

impl<F: Fn(usize) -> bool + Send + Sync> OnIndex<F> {
    /// `f(index on axis)`.
    pub fn new(axis: IndexAxis, f: F) -> Self {
        OnIndex { axis, f }
    }
}

impl<F: Fn(usize) -> bool + Send + Sync> Condition for OnIndex<F> {
    #[inline]
    fn holds(&self, el: Element, ctx: &Context<'_>) -> bool {
        (self.f)(self.axis.index(el, ctx))
    }

    fn next_change(
        &self,
        answer: bool,
        run: Run,
        from: usize,
        end: usize,
        ctx: &Context<'_>,
    ) -> usize {
        // One loop per axis, so the scan does not re-decide the axis for
        // every element.
        let f = &self.f;
        match self.axis {
            IndexAxis::Flat => scan(answer, from, end, |k| (run.flat0 + k as u64) as usize, f),
            IndexAxis::Pre => scan(answer, from, end, |k| ctx.pre_index(run.element(k)), f),
            IndexAxis::Post => scan(answer, from, end, |k| ctx.post_index(run.element(k)), f),
        }
    }

    fn constant_on(&self, run: Run) -> bool {
        self.axis.constant_on(run)
    }
}

/// A condition on a bool per neuron: holds where the mask is true.
pub type OnMask = OnProperty<bool, fn(&bool) -> bool>;

/// A condition on a per-neuron property: `f(&values[index])` where the
/// index is read on `axis`.
///
/// The property array is shared (`Arc`), so one array of layer labels can
/// serve many conditionals.
#[derive(Clone, Debug)]
pub struct OnProperty<P, F> {
    axis: IndexAxis,
    values: Arc<[P]>,
    f: F,
}

impl<P: Send + Sync, F: Fn(&P) -> bool + Send + Sync> OnProperty<P, F> {
    /// `f(&values[index on axis])`.
    pub fn new(axis: IndexAxis, values: impl Into<Arc<[P]>>, f: F) -> Self {
        OnProperty {
            axis,
            values: values.into(),
            f,
        }
    }

    /// The property array.
    pub fn values(&self) -> &[P] {
        &self.values
    }
}

impl<P: Send + Sync, F: Fn(&P) -> bool + Send + Sync> Condition for OnProperty<P, F> {
    #[inline]
    fn holds(&self, el: Element, ctx: &Context<'_>) -> bool {
        // `check` has verified that every index is in range; `get` keeps a
        // direct call of `sample` that skipped it from panicking.
        self.values
            .get(self.axis.index(el, ctx))
            .is_some_and(|p| (self.f)(p))
    }

    fn check(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        check_per_neuron("property array", self.values.len(), self.axis, shape, ctx)
    }

    fn constant_on(&self, run: Run) -> bool {
        self.axis.constant_on(run)
    }
}
