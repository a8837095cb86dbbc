//! Generation calls: a shape (or a region of one), a seed and an optional
//! context in, an `ndarray::Array` of quantities out, filled in parallel.

use std::ops::Range;

use ndarray::{Array, Array2, ArrayBase, Data, DataMut, Dimension, IntoDimension};
use rayon::prelude::*;
use uom::si::f64::Length;

use crate::context::{Context, Positions};
use crate::element::{Element, Run};
use crate::error::InitError;
use crate::initializer::Initializer;
use crate::seed::{Key, Seed};
use crate::value::{ArrayValuesMut, vec_from_si};

/// Arrays smaller than this are filled on the calling thread.
const PARALLEL_MIN: usize = 1 << 15;
/// Elements per parallel work item (64 KiB of output).
const CHUNK: usize = 1 << 13;

/// Generation calls, available on every [`Initializer`].
///
/// ```
/// use init_core::{Generate, Initializer, Context, Element, Key};
///
/// // A toy initializer: the flat index as a dimensionless number.
/// struct Index;
/// impl Initializer for Index {
///     type Output = f64;
///     fn sample(&self, el: Element, _: &Context<'_>, _: Key) -> f64 { el.flat as f64 }
/// }
/// let a = Index.generate((2, 3), 7).unwrap();
/// assert_eq!(a[[1, 2]], 5.0);
/// // A block generated alone equals the block of the whole.
/// let b = Index.generate_block((2, 3), &[1..2, 1..3], 7, &Context::new()).unwrap();
/// assert_eq!(b[[0, 1]], 5.0);
/// ```
pub trait Generate: Initializer {
    /// An array of `shape` (1-D `n`, 2-D `(pre, post)`, or n-D) drawn with
    /// `seed`.
    fn generate<Sh: IntoDimension>(
        &self,
        shape: Sh,
        seed: impl Into<Seed>,
    ) -> Result<Array<Self::Output, Sh::Dim>, InitError> {
        self.generate_with(shape, seed, &Context::new())
    }

    /// One value per distance: an array shaped like `distances`, element
    /// `k` drawn at distance `distances[k]` (for a distance-modulated
    /// initializer; the shape is the distances').
    ///
    /// Errors: a NaN, infinite or negative distance; see
    /// [`Generate::generate_with`].
    fn generate_at<S, D>(
        &self,
        distances: &ArrayBase<S, D>,
        seed: impl Into<Seed>,
    ) -> Result<Array<Self::Output, D>, InitError>
    where
        S: Data<Elem = Length>,
        D: Dimension,
    {
        let ctx = Context::new().with_distances(distances)?;
        self.generate_with(distances.raw_dim(), seed, &ctx)
    }

    /// The `n_pre × n_post` matrix between the neurons of `positions`
    /// (element (i, j) at the distance from pre neuron i to post neuron
    /// j, periodic if the positions are); the shape is the positions'.
    fn generate_on(
        &self,
        positions: &Positions<'_>,
        seed: impl Into<Seed>,
    ) -> Result<Array2<Self::Output>, InitError> {
        let ctx = Context::new().with_geometry(positions.clone());
        self.generate_with((positions.n_pre(), positions.n_post()), seed, &ctx)
    }

    /// As [`Generate::generate`], with distances, positions or neuron
    /// indices in `ctx` (for distances or positions alone,
    /// [`Generate::generate_at`] and [`Generate::generate_on`] take the
    /// shape from them).
    fn generate_with<Sh: IntoDimension>(
        &self,
        shape: Sh,
        seed: impl Into<Seed>,
        ctx: &Context<'_>,
    ) -> Result<Array<Self::Output, Sh::Dim>, InitError> {
        let dim = shape.into_dimension();
        let region: Vec<Range<usize>> = dim.slice().iter().map(|&n| 0..n).collect();
        generate_region(self, dim, &region, seed.into(), ctx)
    }

    /// Only the block `region` (one range per axis) of the array of
    /// `full_shape`; equal, bit for bit, to that block of the whole.
    fn generate_block<Sh: IntoDimension>(
        &self,
        full_shape: Sh,
        region: &[Range<usize>],
        seed: impl Into<Seed>,
        ctx: &Context<'_>,
    ) -> Result<Array<Self::Output, Sh::Dim>, InitError> {
        generate_region(self, full_shape.into_dimension(), region, seed.into(), ctx)
    }

    /// Overwrite `out` with the values `generate_with(out's shape, seed,
    /// ctx)` returns, bit for bit, without allocating: for repeated trials
    /// into one buffer. A new array costs its pages (the kernel zeroes each
    /// on first touch, about 0.5 ns per `f64` on 2 threads here, more on a
    /// VM); a reused one does not.
    ///
    /// `out` must be in standard (row-major, contiguous) layout: a
    /// transposed or strided view is an [`InitError::InvalidParameter`]
    /// naming `out`, and `out` is left untouched by every error.
    ///
    /// ```
    /// use init_core::{Generate, Initializer, Context, Element, Key};
    /// # struct Index;
    /// # impl Initializer for Index {
    /// #     type Output = f64;
    /// #     fn sample(&self, el: Element, _: &Context<'_>, k: Key) -> f64 { el.flat as f64 }
    /// # }
    /// let mut w = ndarray::Array2::<f64>::zeros((3, 4));
    /// Index.generate_into(&mut w, 7, &Context::new()).unwrap();
    /// assert_eq!(w, Index.generate((3, 4), 7).unwrap());
    /// ```
    fn generate_into<S, D>(
        &self,
        out: &mut ArrayBase<S, D>,
        seed: impl Into<Seed>,
        ctx: &Context<'_>,
    ) -> Result<(), InitError>
    where
        S: DataMut<Elem = Self::Output>,
        D: Dimension,
    {
        let full = out.raw_dim();
        let region: Vec<Range<usize>> = full.slice().iter().map(|&n| 0..n).collect();
        if !out.is_standard_layout() {
            return Err(InitError::invalid(
                "out",
                out.strides(),
                "must be in standard (row-major, contiguous) layout",
            ));
        }
        let ctx = &ctx.with_shape(full.slice());
        validate(self, &full, &region, ctx)?;
        let mut view = out.si_view_mut();
        let Some(buf) = view.as_slice_mut() else {
            unreachable!("a standard-layout array is one contiguous slice")
        };
        fill_region(self, full.slice(), &region, seed.into().key(), ctx, buf);
        Ok(())
    }
}

impl<T: Initializer + ?Sized> Generate for T {}

fn generate_region<I: Initializer + ?Sized, D: Dimension>(
    init: &I,
    full: D,
    region: &[Range<usize>],
    seed: Seed,
    ctx: &Context<'_>,
) -> Result<Array<I::Output, D>, InitError> {
    let ctx = &ctx.with_shape(full.slice());
    validate(init, &full, region, ctx)?;
    let mut out_dim = full.clone();
    for (d, r) in out_dim.slice_mut().iter_mut().zip(region) {
        *d = r.len();
    }
    let mut buf = crate::alloc::try_zeroed(out_dim.size(), "output")?;
    fill_region(init, full.slice(), region, seed.key(), ctx, &mut buf);
    Array::from_shape_vec(out_dim, vec_from_si(buf))
        .map_err(|_| unreachable!("the buffer has exactly the region's element count"))
}

/// Every check of a generation call: the shape's size, the region against
/// it, the context and the initializer.
fn validate<I: Initializer + ?Sized, D: Dimension>(
    init: &I,
    full: &D,
    region: &[Range<usize>],
    ctx: &Context<'_>,
) -> Result<(), InitError> {
    let full_shape = full.slice();
    // ndarray's own rule: the product of the non-zero axis lengths fits
    // isize (so a shape with a zero axis can still be refused).
    let nonzero = full_shape
        .iter()
        .filter(|&&d| d != 0)
        .try_fold(1usize, |n, &d| n.checked_mul(d));
    if nonzero.is_none_or(|n| n > isize::MAX as usize) {
        return Err(InitError::invalid(
            "shape",
            full_shape,
            "the product of its non-zero axis lengths overflows isize",
        ));
    }
    if region.len() != full_shape.len() {
        return Err(InitError::ShapeMismatch {
            what: "region (one range per axis)",
            expected: vec![full_shape.len()],
            found: vec![region.len()],
        });
    }
    for (axis, (r, &len)) in region.iter().zip(full_shape).enumerate() {
        if r.start > r.end || r.end > len {
            return Err(InitError::RegionOutOfBounds {
                axis,
                start: r.start,
                end: r.end,
                len,
            });
        }
    }
    ctx.check_shape(full_shape)?;
    init.check(full_shape, ctx)
}

/// Fill `out` (row-major, shaped like `region`) with the elements of
/// `region` of an array of shape `full`, in parallel when large.
///
/// This is the engine under every generation call; it is public so that
/// builders (a circuit, a sparse connector) reuse the same element keying.
/// The caller is responsible for having checked `ctx` (with
/// [`Context::with_shape`] set to `full`) and the region.
pub fn fill_region<I: Initializer + ?Sized>(
    init: &I,
    full: &[usize],
    region: &[Range<usize>],
    key: Key,
    ctx: &Context<'_>,
    out: &mut [f64],
) {
    let rows = RowMap::new(full, region);
    if out.is_empty() {
        return;
    }
    if rows.ndim == 0 {
        out[0] = init.sample(
            Element {
                flat: 0,
                pre: 0,
                post: 0,
            },
            ctx,
            key,
        );
        return;
    }
    let span = |start: usize, buf: &mut [f64]| {
        let end = start + buf.len();
        let mut p = start;
        while p < end {
            let (r, c) = (p / rows.row_len, p % rows.row_len);
            let len = (rows.row_len - c).min(end - p);
            let run = rows.run(r).skip(c);
            init.fill(run, ctx, key, &mut buf[p - start..p - start + len]);
            p += len;
        }
    };
    if out.len() < PARALLEL_MIN {
        span(0, out);
    } else {
        out.par_chunks_mut(CHUNK)
            .enumerate()
            .for_each(|(i, chunk)| span(i * CHUNK, chunk));
    }
}

/// Maps a local row of a region (all axes but the last, row-major) to the
/// [`Run`] of global coordinates it covers.
struct RowMap<'a> {
    ndim: usize,
    full: &'a [usize],
    region: &'a [Range<usize>],
    row_len: usize,
}

impl<'a> RowMap<'a> {
    fn new(full: &'a [usize], region: &'a [Range<usize>]) -> Self {
        RowMap {
            ndim: full.len(),
            full,
            region,
            row_len: region.last().map_or(1, |r| r.len()),
        }
    }

    fn run(&self, mut r: usize) -> Run {
        let last = self.ndim - 1;
        let c0 = self.region[last].start;
        if self.ndim == 1 {
            return Run {
                flat0: c0 as u64,
                pre0: c0,
                post0: c0,
                pre_step: 1,
            };
        }
        // Unravel r over the region's leading axes (last leading axis
        // fastest), then ravel the global index over the full leading axes.
        let mut global_row: u64 = 0;
        let mut weight: u64 = 1;
        let mut first = 0;
        for axis in (0..last).rev() {
            let n = self.region[axis].len();
            let idx = self.region[axis].start + r % n;
            r /= n;
            global_row += idx as u64 * weight;
            weight *= self.full[axis] as u64;
            first = idx;
        }
        Run {
            flat0: global_row * self.full[last] as u64 + c0 as u64,
            pre0: first,
            post0: c0,
            pre_step: 0,
        }
    }
}
