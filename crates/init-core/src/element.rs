//! Which element is being drawn: its global coordinates.

/// The coordinates of one element of the whole (global) array.
///
/// * `flat`: the row-major flat index in the whole array; it keys the
///   element's random stream.
/// * `pre`: for a 2-D (pre × post) matrix the row, i.e. the presynaptic
///   neuron; for 1-D arrays the element index; for n-D arrays the index
///   along the first axis.
/// * `post`: for a 2-D matrix the column (postsynaptic neuron); for 1-D
///   arrays the element index; for n-D arrays the index along the last axis.
///
/// These are raw coordinates; [`crate::Context::pre_index`] and
/// [`crate::Context::post_index`] map them to
/// user-supplied neuron indices when the caller passed some.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Element {
    /// Row-major flat index in the whole array.
    pub flat: u64,
    /// Presynaptic (first-axis) coordinate.
    pub pre: usize,
    /// Postsynaptic (last-axis) coordinate.
    pub post: usize,
}

impl Element {
    /// The element at row `pre`, column `post` of a matrix with `n_post`
    /// columns.
    #[inline]
    pub fn in_matrix(pre: usize, post: usize, n_post: usize) -> Self {
        Element {
            flat: pre as u64 * n_post as u64 + post as u64,
            pre,
            post,
        }
    }
}

/// A contiguous run of elements along the last axis, as handed to
/// [`crate::Initializer::fill`].
///
/// Element `k` of the run is `(flat0 + k, pre0 + k·pre_step, post0 + k)`;
/// `pre_step` is 1 for 1-D arrays (where pre and post are both the element
/// index) and 0 otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Run {
    /// Flat index of the first element.
    pub flat0: u64,
    /// Pre coordinate of the first element.
    pub pre0: usize,
    /// Post coordinate of the first element.
    pub post0: usize,
    /// 1 when pre advances with the run (1-D arrays), else 0.
    pub pre_step: usize,
}

impl Run {
    /// A run along row `pre` of a matrix with `n_post` columns, starting at
    /// column `post0`.
    pub fn in_row(pre: usize, post0: usize, n_post: usize) -> Self {
        Run {
            flat0: pre as u64 * n_post as u64 + post0 as u64,
            pre0: pre,
            post0,
            pre_step: 0,
        }
    }

    /// The `k`-th element of the run.
    #[inline(always)]
    pub fn element(&self, k: usize) -> Element {
        Element {
            flat: self.flat0 + k as u64,
            pre: self.pre0 + k * self.pre_step,
            post: self.post0 + k,
        }
    }

    /// The run that starts `k` elements later.
    #[inline]
    pub fn skip(&self, k: usize) -> Run {
        Run {
            flat0: self.flat0 + k as u64,
            pre0: self.pre0 + k * self.pre_step,
            post0: self.post0 + k,
            pre_step: self.pre_step,
        }
    }
}
