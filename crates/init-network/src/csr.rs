//! [`Csr`]: a sparse pre × post connectivity matrix with typed weights and
//! optional delays, and the pass that draws values at its synapses.

use init_core::ndarray::Array2;
use init_core::{Context, Element, Initializer, Key, Value, alloc, slice_si, vec_from_si};
use rayon::prelude::*;

use crate::progress::Bar;
use uom::si::f64::Time;

/// Synapses per parallel work item of the value pass.
const VALUES_PER_TASK: usize = 1 << 14;

/// A sparse connectivity matrix in compressed sparse row form: row = pre
/// (source) neuron, column = post (target) neuron.
///
/// The synapses of pre neuron `i` are `indptr[i]..indptr[i + 1]`; their
/// post neurons are `indices[..]` in ascending order (repeated, adjacent,
/// where multapses were allowed), their weights `weights[..]`, and their
/// delays `delays[..]` when the connector drew some. This is the layout of
/// `scipy.sparse.csr_matrix` ([`Csr::write_npz`] writes it for
/// `scipy.sparse.load_npz`).
///
/// Column indices are 32-bit: 12 bytes per synapse with `f64` weights.
#[derive(Clone, Debug, PartialEq)]
pub struct Csr<W> {
    n_pre: usize,
    n_post: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
    weights: Vec<W>,
    delays: Option<Vec<Time>>,
}

impl<W: Value> Csr<W> {
    /// Assemble from parts the connector built (already consistent).
    pub(crate) fn from_parts(
        shape: (usize, usize),
        indptr: Vec<usize>,
        indices: Vec<u32>,
        weights: Vec<W>,
        delays: Option<Vec<Time>>,
    ) -> Self {
        debug_assert_eq!(indptr.len(), shape.0 + 1);
        debug_assert_eq!(indices.len(), weights.len());
        Csr {
            n_pre: shape.0,
            n_post: shape.1,
            indptr,
            indices,
            weights,
            delays,
        }
    }

    /// `(n_pre, n_post)`.
    pub fn shape(&self) -> (usize, usize) {
        (self.n_pre, self.n_post)
    }

    /// The number of synapses (stored entries).
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// Row pointers: `n_pre + 1` offsets into the synapse arrays.
    pub fn indptr(&self) -> &[usize] {
        &self.indptr
    }

    /// Post neuron of each synapse, ascending within a row.
    pub fn indices(&self) -> &[u32] {
        &self.indices
    }

    /// Weight of each synapse.
    pub fn weights(&self) -> &[W] {
        &self.weights
    }

    /// Delay of each synapse, if the connector drew delays.
    pub fn delays(&self) -> Option<&[Time]> {
        self.delays.as_deref()
    }

    /// The arrays themselves, for a simulator that takes them over:
    /// (row pointers, post neurons, weights, delays).
    pub fn into_parts(self) -> (Vec<usize>, Vec<u32>, Vec<W>, Option<Vec<Time>>) {
        (self.indptr, self.indices, self.weights, self.delays)
    }

    /// The synapses of pre neuron `i`: (post neurons, weights).
    ///
    /// Panics if `i >= n_pre`, as slice indexing does.
    pub fn row(&self, i: usize) -> (&[u32], &[W]) {
        let r = self.indptr[i]..self.indptr[i + 1];
        (&self.indices[r.clone()], &self.weights[r])
    }

    /// Every synapse as `(pre, post, weight)`, row by row.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize, W)> + '_ {
        (0..self.n_pre).flat_map(move |i| {
            let (cols, w) = self.row(i);
            cols.iter().zip(w).map(move |(&j, &w)| (i, j as usize, w))
        })
    }

    /// Synapses leaving each pre neuron.
    pub fn out_degrees(&self) -> Vec<usize> {
        self.indptr.windows(2).map(|w| w[1] - w[0]).collect()
    }

    /// Synapses reaching each post neuron.
    pub fn in_degrees(&self) -> Vec<usize> {
        let mut d = vec![0usize; self.n_post];
        for &j in &self.indices {
            d[j as usize] += 1;
        }
        d
    }

    /// The dense `n_pre × n_post` weight matrix: 0 where there is no
    /// synapse, the sum over multapses where there are several (as
    /// `scipy.sparse` does). For small sizes: it stores every pair
    /// ([`InitError::TooLarge`](init_core::InitError::TooLarge) where
    /// they do not fit in memory).
    pub fn to_dense(&self) -> Result<Array2<W>, init_core::InitError> {
        let n = self.n_pre.saturating_mul(self.n_post);
        let mut buf = alloc::try_zeroed(n, "dense matrix")?;
        let w = slice_si(&self.weights);
        for i in 0..self.n_pre {
            for t in self.indptr[i]..self.indptr[i + 1] {
                buf[i * self.n_post + self.indices[t] as usize] += w[t];
            }
        }
        match Array2::from_shape_vec((self.n_pre, self.n_post), vec_from_si(buf)) {
            Ok(a) => Ok(a),
            Err(_) => unreachable!("the buffer holds exactly n_pre × n_post values"),
        }
    }
}

/// The synapses of a matrix being built: its post count, row pointers and
/// columns.
pub(crate) struct Structure<'s> {
    pub(crate) n_post: usize,
    pub(crate) indptr: &'s [usize],
    pub(crate) indices: &'s [u32],
}

/// Draw `init`'s value at every synapse of `s`, in parallel: the value of
/// synapse (i, j) is `init.sample` at element `(i, j)` of the dense
/// `n_pre × n_post` matrix with `key`, so it equals the dense generation's
/// element bit for bit.
///
/// A repeated (i, j) (a multapse) takes, for its m-th copy (m ≥ 1), the
/// stream of `dup_key.child(m)` instead: an independent draw of the same
/// initializer, rather than the first copy's value again.
pub(crate) fn draw_values<I: Initializer + ?Sized>(
    init: &I,
    ctx: &Context<'_>,
    (key, dup_key): (Key, Key),
    s: &Structure<'_>,
    bar: &Bar,
) -> Vec<I::Output> {
    let Structure {
        n_post,
        indptr,
        indices,
    } = *s;
    let nnz = indices.len();
    let mut out = alloc::zeroed(nnz);
    // Row blocks of about VALUES_PER_TASK synapses, each with its slice.
    let mut tasks: Vec<(std::ops::Range<usize>, &mut [f64])> = Vec::new();
    let mut rest = out.as_mut_slice();
    let n_pre = indptr.len().saturating_sub(1);
    let mut i0 = 0;
    while i0 < n_pre {
        let mut i1 = i0 + 1;
        while i1 < n_pre && indptr[i1] - indptr[i0] < VALUES_PER_TASK {
            i1 += 1;
        }
        let (head, tail) = rest.split_at_mut(indptr[i1] - indptr[i0]);
        tasks.push((i0..i1, head));
        rest = tail;
        i0 = i1;
    }
    tasks.into_par_iter().for_each(|(rows, buf)| {
        let base = indptr[rows.start];
        for i in rows {
            let mut prev = u32::MAX;
            let mut copy = 0u64;
            for t in indptr[i]..indptr[i + 1] {
                let j = indices[t];
                let el = Element::in_matrix(i, j as usize, n_post);
                copy = if j == prev { copy + 1 } else { 0 };
                prev = j;
                let k = if copy == 0 { key } else { dup_key.child(copy) };
                buf[t - base] = init.sample(el, ctx, k);
            }
        }
        bar.inc(buf.len());
    });
    vec_from_si(out)
}
