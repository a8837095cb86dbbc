//! Select: one of N branches per element, by a per-neuron label (layer,
//! cell type).

use std::sync::Arc;

use init_core::{Context, Element, InitError, Initializer, Key, Run};

use crate::condition::{IndexAxis, check_per_neuron};
use crate::list::InitializerList;

/// Branch `labels[index]` for each element: a [`Conditional`](crate::Conditional)
/// with N branches.
///
/// `labels` holds one branch number per neuron of `axis` (for the
/// tutorial's cortex: 0 for layer 2/3, 1 for layer 4, 2 for layer 5);
/// branch `b` of `branches` gives the values of the neurons labelled `b`.
/// The branches are an [`InitializerList`] — a `Vec` of boxed
/// initializers or a tuple — so they may be different distributions, of
/// one quantity.
///
/// This reads better than nested conditionals once there are more than two
/// groups: the labels are data (read from a file, computed once), the
/// branches are listed in label order, and adding a group does not nest.
///
/// # Example
///
/// ```
/// use init_compose::{IndexAxis, InitializerExt, Select};
/// use init_core::Generate;
/// use init_dist::Normal;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let g = |v| G::new::<nS>(v);
/// // Neurons 0..400 are layer 2/3, 400..600 layer 4, 600..1000 layer 5.
/// let layer: Vec<usize> = (0..1000).map(|i| if i < 400 { 0 } else if i < 600 { 1 } else { 2 }).collect();
/// let w = Select::new(
///     IndexAxis::Pre,
///     layer,
///     vec![Normal::new(g(0.6), g(0.15))?.boxed(), g(0.8).boxed(), g(1.2).boxed()],
/// )?
/// .generate(1000, 42)?;
/// assert_eq!((w[500], w[999]), (g(0.8), g(1.2)));
/// # Ok::<(), init_core::InitError>(())
/// ```
///
/// # Notes
///
/// Branch `b` draws with child key `b`; only the chosen branch is sampled.
/// As for `Conditional`, [`Initializer::fill`] hands each stretch of
/// elements with one label to that branch's own `fill`.
#[derive(Clone, Debug)]
#[must_use]
pub struct Select<C> {
    axis: IndexAxis,
    labels: Arc<[usize]>,
    /// Whether some label names branch `b`.
    used: Box<[bool]>,
    branches: C,
}

impl<C: InitializerList> Select<C> {
    /// `branches[labels[index on axis]]` for each element.
    ///
    /// Errors: no branches ([`InitError::InvalidParameter`] on `branches`),
    /// or a label that names no branch (on `labels`). The number of labels
    /// is checked against the output before generation.
    pub fn new(
        axis: IndexAxis,
        labels: impl Into<Arc<[usize]>>,
        branches: C,
    ) -> Result<Self, InitError> {
        let labels = labels.into();
        let n = branches.len();
        if n == 0 {
            return Err(InitError::invalid(
                "branches",
                "[]",
                "must hold at least one initializer",
            ));
        }
        if let Some((i, l)) = labels.iter().enumerate().find(|(_, l)| **l >= n) {
            return Err(InitError::InvalidParameter {
                name: "labels",
                value: format!("labels[{i}] = {l} with {n} branches"),
                rule: "every label must be < the number of branches",
            });
        }
        let mut used = vec![false; n].into_boxed_slice();
        for &l in labels.iter() {
            used[l] = true;
        }
        Ok(Select {
            axis,
            labels,
            used,
            branches,
        })
    }

    /// The label array.
    pub fn labels(&self) -> &[usize] {
        &self.labels
    }

    /// The branch number of `el`; `check` has verified the index is in
    /// range, and branch 0 keeps a direct `sample` that skipped it from
    /// panicking.
    #[inline(always)]
    fn label(&self, el: Element, ctx: &Context<'_>) -> usize {
        self.labels
            .get(self.axis.index(el, ctx))
            .copied()
            .unwrap_or(0)
    }
}

impl<C: InitializerList> Initializer for Select<C> {
    type Output = C::Output;

    #[inline]
    fn sample(&self, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
        let b = self.label(el, ctx);
        self.branches.sample_member(b, el, ctx, key.child(b as u64))
    }

    fn check(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        check_per_neuron("labels", self.labels.len(), self.axis, shape, ctx)?;
        self.branches.check_all(shape, ctx)
    }

    /// The hull of the bounds of the branches some label names.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        self.branches.bounds_of(|b| self.used[b])
    }

    fn fill(&self, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
        if out.is_empty() {
            return;
        }
        let branch = |b: usize, r: Run, o: &mut [f64]| {
            self.branches.fill_member(b, r, ctx, key.child(b as u64), o);
        };
        if self.axis.constant_on(run) {
            return branch(self.label(run.element(0), ctx), run, out);
        }
        let mut start = 0;
        let mut current = self.label(run.element(0), ctx);
        for k in 1..out.len() {
            let b = self.label(run.element(k), ctx);
            if b != current {
                branch(current, run.skip(start), &mut out[start..k]);
                start = k;
                current = b;
            }
        }
        branch(current, run.skip(start), &mut out[start..]);
    }
}

init_core::impl_initializer_ops!([C] Select<C> where C: InitializerList);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::InitializerExt;
    use crate::tests::{assert_deterministic, normal, ns};
    use init_core::{BoxedInitializer, Generate};
    use ndarray::Array2;
    use uom::si::electrical_conductance::nanosiemens;
    use uom::si::f64::ElectricalConductance;

    /// Branch b gives values in [10b, 10b + 1) nS.
    fn branches(n: usize) -> Vec<BoxedInitializer<ElectricalConductance>> {
        (0..n)
            .map(|b| {
                let lo = 10.0 * b as f64;
                normal(lo + 0.5, 0.1)
                    .clip(ns(lo), ns(lo + 0.999))
                    .unwrap()
                    .boxed()
            })
            .collect()
    }

    fn branch_of(v: &ElectricalConductance) -> usize {
        let x = v.get::<nanosiemens>();
        let b = (x / 10.0).floor();
        assert!(x - 10.0 * b < 1.0, "{x} is in no branch's support");
        b as usize
    }

    #[test]
    fn every_element_takes_its_labelled_branch() {
        // The tutorial's layers: 0..400 → 2/3, 400..600 → 4, 600..1000 → 5.
        let layer: Vec<usize> = (0..1000)
            .map(|i| {
                if i < 400 {
                    0
                } else if i < 600 {
                    1
                } else {
                    2
                }
            })
            .collect();
        let s = Select::new(IndexAxis::Pre, layer.clone(), branches(3)).unwrap();
        let got: Vec<usize> = s.generate(1000, 1).unwrap().iter().map(branch_of).collect();
        assert_eq!(got, layer);
        // Explicit neuron indices pick the labels of those neurons.
        let ids: Vec<usize> = (0..300).map(|k| 999 - 3 * k).collect();
        let ctx = Context::new().with_neuron_indices(&ids);
        let got: Vec<usize> = s
            .generate_with(300, 1, &ctx)
            .unwrap()
            .iter()
            .map(branch_of)
            .collect();
        assert_eq!(got, ids.iter().map(|&i| layer[i]).collect::<Vec<_>>());
        // 2-D: by pre row, by post column, by flat index; a tuple of branches.
        let rows: Vec<usize> = (0..50).map(|i| i % 4).collect();
        let s = Select::new(IndexAxis::Pre, rows.clone(), branches(4)).unwrap();
        let got = s.generate((50, 30), 2).unwrap().map(branch_of);
        assert_eq!(got, Array2::from_shape_fn((50, 30), |(i, _)| rows[i]));
        let cols: Vec<usize> = (0..30).map(|j| (j / 7) % 3).collect();
        let b = branches(3);
        let mut it = b.into_iter();
        let tuple = (it.next().unwrap(), it.next().unwrap(), it.next().unwrap());
        let s = Select::new(IndexAxis::Post, cols.clone(), tuple).unwrap();
        let got = s.generate((50, 30), 2).unwrap().map(branch_of);
        assert_eq!(got, Array2::from_shape_fn((50, 30), |(_, j)| cols[j]));
        let flat: Vec<usize> = (0..1500).map(|k| k % 5 % 2).collect();
        let s = Select::new(IndexAxis::Flat, flat.clone(), branches(2)).unwrap();
        let got = s.generate((50, 30), 2).unwrap().map(branch_of);
        assert_eq!(
            got,
            Array2::from_shape_fn((50, 30), |(i, j)| flat[i * 30 + j])
        );
    }

    #[test]
    fn invalid_labels_and_branches_are_typed_errors() {
        assert!(matches!(
            Select::new(IndexAxis::Pre, vec![0, 1, 3], branches(3)),
            Err(InitError::InvalidParameter { name: "labels", ref value, .. }) if value.contains("labels[2] = 3")
        ));
        assert!(matches!(
            Select::new(IndexAxis::Pre, vec![0], branches(0)),
            Err(InitError::InvalidParameter {
                name: "branches",
                ..
            })
        ));
        let s = Select::new(IndexAxis::Pre, vec![0, 1, 0], branches(2)).unwrap();
        assert!(matches!(
            s.generate(4, 0),
            Err(InitError::ShapeMismatch { what: "labels", .. })
        ));
        assert!(s.generate((3, 9), 0).is_ok());
    }

    #[test]
    fn deterministic_for_any_thread_count_and_block() {
        let labels: Vec<usize> = (0..100_000).map(|i| (i * 7919) % 3).collect();
        let s = Select::new(IndexAxis::Pre, labels, branches(3)).unwrap();
        let ctx = Context::new();
        let rows: Vec<usize> = (0..300).map(|i| i * 333).collect();
        assert_deterministic(
            "select",
            &s,
            &ctx,
            &Context::new().with_neuron_indices(&rows),
        );
        let cols: Vec<usize> = (0..200).map(|j| j % 2).collect();
        let s = Select::new(IndexAxis::Post, cols, branches(2)).unwrap();
        let ids: Vec<usize> = (0..100_000).map(|i| i % 200).collect();
        let ctx1 = Context::new().with_post_indices(&ids);
        assert_deterministic("select on post", &s, &ctx1, &ctx);
    }
}
