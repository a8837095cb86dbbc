//! What a generation call knows besides the shape: distances, neuron
//! positions (optionally in a periodic box), explicit neuron indices.
//!
//! A [`Context`] is validated when it is built (no NaN, no negative
//! distance, matching dimensionality) and checked against the output shape
//! before any element is drawn, so initializers can read it per element
//! without failing.

use std::ops::Deref;
use std::sync::Arc;

use ndarray::{ArrayBase, Data, Dimension};
use uom::si::f64::Length;

use crate::element::Element;
use crate::error::InitError;
use crate::value::{ArrayValues, Value};

/// Values in SI units, borrowed from the caller's contiguous array or, when
/// it was not contiguous, a shared copy: cloning either is cheap, which
/// lets a generation call hand its initializers a context that also
/// carries the output's shape.
#[derive(Clone, Debug)]
enum Values<'a> {
    Borrowed(&'a [f64]),
    Shared(Arc<[f64]>),
}

impl Deref for Values<'_> {
    type Target = [f64];
    #[inline]
    fn deref(&self) -> &[f64] {
        match self {
            Values::Borrowed(s) => s,
            Values::Shared(a) => a,
        }
    }
}

impl<'a> Values<'a> {
    /// The SI values of `a`, borrowed when contiguous.
    fn of<S, D, Q>(a: &'a ArrayBase<S, D>) -> Self
    where
        S: Data<Elem = Q>,
        D: Dimension,
        Q: Value,
    {
        let view = a.si_view();
        match view.to_slice() {
            Some(s) => Values::Borrowed(s),
            None => Values::Shared(view.iter().copied().collect()),
        }
    }
}

/// Pre- and post-synaptic neuron positions, in metres, with an optional
/// periodic box.
///
/// Positions are `N × dims` arrays of [`Length`] (a 1-D array of `N` is read
/// as `N × 1`). Distances are Euclidean; with a periodic box each axis wraps
/// to the shortest image.
#[derive(Clone, Debug)]
pub struct Positions<'a> {
    pre: Values<'a>,
    post: Values<'a>,
    n_pre: usize,
    n_post: usize,
    dims: usize,
    period: Option<Vec<f64>>,
}

/// Copy (or borrow, when already contiguous) an `N × dims` or `N` array of
/// lengths into row-major SI values, rejecting non-finite coordinates.
fn coords<'a, S, D>(
    a: &'a ArrayBase<S, D>,
    what: &'static str,
) -> Result<(Values<'a>, usize, usize), InitError>
where
    S: Data<Elem = Length>,
    D: Dimension,
{
    let shape = a.shape().to_vec();
    let (n, dims) = match *shape.as_slice() {
        [n] => (n, 1),
        [n, d] => (n, d),
        _ => {
            return Err(InitError::BadRank {
                what,
                expected: "1 (N) or 2 (N × dims)",
                found: shape.len(),
            });
        }
    };
    let data = Values::of(a);
    if let Some((i, &v)) = data.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(InitError::NonFinite {
            what,
            index: i / dims.max(1),
            value: v,
        });
    }
    Ok((data, n, dims))
}

impl<'a> Positions<'a> {
    /// Positions of the pre- and post-synaptic neurons.
    ///
    /// Errors: a rank other than 1 or 2, non-finite coordinates, or pre and
    /// post positions of different dimensionality.
    pub fn new<S1, D1, S2, D2>(
        pre: &'a ArrayBase<S1, D1>,
        post: &'a ArrayBase<S2, D2>,
    ) -> Result<Self, InitError>
    where
        S1: Data<Elem = Length>,
        D1: Dimension,
        S2: Data<Elem = Length>,
        D2: Dimension,
    {
        let (pre, n_pre, d1) = coords(pre, "pre positions")?;
        let (post, n_post, d2) = coords(post, "post positions")?;
        if d1 != d2 {
            return Err(InitError::DimensionMismatch { pre: d1, post: d2 });
        }
        Ok(Positions {
            pre,
            post,
            n_pre,
            n_post,
            dims: d1,
            period: None,
        })
    }

    /// Positions given as plain numbers in `unit` (`N × dims` or `N`
    /// arrays of `f64`, as numpy gives them), pre and post: for the
    /// positions of a population connected to itself, pass the same array
    /// twice. The values are converted to SI once, here.
    ///
    /// ```
    /// use init_core::Positions;
    /// use ndarray::array;
    /// use uom::si::length::micrometer;
    ///
    /// let xy = array![[0.0, 0.0], [30.0, 40.0]];
    /// let p = Positions::from_arrays_in(&xy, &xy, micrometer)?;
    /// assert!((p.distance(0, 1) - 50e-6).abs() < 1e-18);
    /// # Ok::<(), init_core::InitError>(())
    /// ```
    ///
    /// Errors: as [`Positions::new`].
    pub fn from_arrays_in<S1, D1, S2, D2, U>(
        pre: &ArrayBase<S1, D1>,
        post: &ArrayBase<S2, D2>,
        _unit: U,
    ) -> Result<Positions<'static>, InitError>
    where
        S1: Data<Elem = f64>,
        D1: Dimension,
        S2: Data<Elem = f64>,
        D2: Dimension,
        U: uom::si::length::Unit + uom::Conversion<f64, T = f64>,
    {
        let pre = pre.mapv(|v| Length::new::<U>(v));
        let post = post.mapv(|v| Length::new::<U>(v));
        Ok(Positions::new(&pre, &post)?.into_owned())
    }

    /// These positions, owning their coordinates.
    fn into_owned(self) -> Positions<'static> {
        let own = |v: Values<'_>| Values::Shared(v.iter().copied().collect());
        Positions {
            pre: own(self.pre),
            post: own(self.post),
            n_pre: self.n_pre,
            n_post: self.n_post,
            dims: self.dims,
            period: self.period,
        }
    }

    /// Wrap every axis periodically: `box_size[k]` is the box's length along
    /// axis `k`, and each coordinate difference is taken to its shortest
    /// image.
    pub fn periodic(mut self, box_size: &[Length]) -> Result<Self, InitError> {
        if box_size.len() != self.dims {
            return Err(InitError::ShapeMismatch {
                what: "periodic box",
                expected: vec![self.dims],
                found: vec![box_size.len()],
            });
        }
        for (k, l) in box_size.iter().enumerate() {
            let v = l.value;
            if !(v.is_finite() && v > 0.0) {
                return Err(InitError::invalid(
                    "box_size",
                    format_args!("{} (axis {k})", (*l).describe()),
                    "must be finite and > 0",
                ));
            }
        }
        self.period = Some(box_size.iter().map(|l| l.value).collect());
        Ok(self)
    }

    /// Number of presynaptic neurons.
    pub fn n_pre(&self) -> usize {
        self.n_pre
    }

    /// Number of postsynaptic neurons.
    pub fn n_post(&self) -> usize {
        self.n_post
    }

    /// Coordinates per neuron.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// The periodic box lengths in metres, if any.
    pub fn period(&self) -> Option<&[f64]> {
        self.period.as_deref()
    }

    /// Coordinates of presynaptic neuron `i`, in metres.
    #[inline]
    pub fn pre(&self, i: usize) -> &[f64] {
        &self.pre[i * self.dims..(i + 1) * self.dims]
    }

    /// Coordinates of postsynaptic neuron `j`, in metres.
    #[inline]
    pub fn post(&self, j: usize) -> &[f64] {
        &self.post[j * self.dims..(j + 1) * self.dims]
    }

    /// Coordinates of the postsynaptic neurons `js`, row-major (`dims` per
    /// neuron), in metres: one slice for a block of a matrix row.
    #[inline]
    pub fn posts(&self, js: std::ops::Range<usize>) -> &[f64] {
        &self.post[js.start * self.dims..js.end * self.dims]
    }

    /// Distance in metres between presynaptic neuron `i` and postsynaptic
    /// neuron `j`.
    ///
    /// This one function computes every distance neuroinit uses (dense
    /// matrices, on-the-fly modulation, sparse candidates), so all paths
    /// agree bit for bit.
    #[inline]
    pub fn distance(&self, i: usize, j: usize) -> f64 {
        euclidean(self.pre(i), self.post(j), self.period.as_deref())
    }
}

/// Euclidean distance between two points, each axis optionally wrapped to
/// its shortest periodic image.
#[inline]
pub fn euclidean(a: &[f64], b: &[f64], period: Option<&[f64]>) -> f64 {
    let mut s = 0.0;
    match period {
        None => {
            for (x, y) in a.iter().zip(b) {
                let d = x - y;
                s += d * d;
            }
        }
        Some(p) => {
            for ((x, y), l) in a.iter().zip(b).zip(p) {
                let mut d = (x - y).abs();
                if d >= *l {
                    d %= l;
                }
                if d > 0.5 * l {
                    d = l - d;
                }
                s += d * d;
            }
        }
    }
    s.sqrt()
}

#[derive(Clone, Debug, Default)]
enum Geometry<'a> {
    #[default]
    None,
    Distances {
        values: Values<'a>,
        shape: Vec<usize>,
    },
    Positions(Positions<'a>),
}

/// Everything a generation call may know besides shape and seed.
///
/// ```
/// use init_core::Context;
/// use ndarray::Array2;
/// use uom::si::{f64::Length, length::micrometer};
///
/// let pre = Array2::from_elem((3, 2), Length::new::<micrometer>(10.0));
/// let post = Array2::from_elem((4, 2), Length::new::<micrometer>(0.0));
/// let ctx = Context::new().with_positions(&pre, &post).unwrap();
/// assert!(ctx.check_shape(&[3, 4]).is_ok());
/// assert!(ctx.check_shape(&[4, 3]).is_err());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Context<'a> {
    geometry: Geometry<'a>,
    pre_ids: Option<&'a [usize]>,
    post_ids: Option<&'a [usize]>,
    /// The shape of the whole output, set by the generation call.
    shape: Option<Arc<[usize]>>,
}

impl<'a> Context<'a> {
    /// An empty context: no distances, no positions, indices `0..n`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Distances shaped like the (whole) output, one per element.
    ///
    /// Errors: a NaN, infinite or negative distance.
    pub fn with_distances<S, D>(mut self, d: &'a ArrayBase<S, D>) -> Result<Self, InitError>
    where
        S: Data<Elem = Length>,
        D: Dimension,
    {
        let values = Values::of(d);
        for (i, &v) in values.iter().enumerate() {
            if !v.is_finite() {
                return Err(InitError::NonFinite {
                    what: "distances",
                    index: i,
                    value: v,
                });
            }
            if v < 0.0 {
                return Err(InitError::Negative {
                    what: "distances",
                    index: i,
                    value: v,
                });
            }
        }
        self.geometry = Geometry::Distances {
            values,
            shape: d.shape().to_vec(),
        };
        Ok(self)
    }

    /// Pre- and post-synaptic positions (`N × dims` or `N`); distances are
    /// computed per element, never stored.
    pub fn with_positions<S1, D1, S2, D2>(
        self,
        pre: &'a ArrayBase<S1, D1>,
        post: &'a ArrayBase<S2, D2>,
    ) -> Result<Self, InitError>
    where
        S1: Data<Elem = Length>,
        D1: Dimension,
        S2: Data<Elem = Length>,
        D2: Dimension,
    {
        Ok(self.with_geometry(Positions::new(pre, post)?))
    }

    /// Use already-built [`Positions`] (for example with a periodic box).
    pub fn with_geometry(mut self, positions: Positions<'a>) -> Self {
        self.geometry = Geometry::Positions(positions);
        self
    }

    /// Wrap the positions given to [`Context::with_positions`] in a periodic
    /// box (see [`Positions::periodic`]).
    pub fn periodic(mut self, box_size: &[Length]) -> Result<Self, InitError> {
        match std::mem::take(&mut self.geometry) {
            Geometry::Positions(p) => {
                self.geometry = Geometry::Positions(p.periodic(box_size)?);
                Ok(self)
            }
            _ => Err(InitError::MissingContext {
                needed: "positions",
                by: "a periodic box",
            }),
        }
    }

    /// Explicit neuron indices for the first axis (the elements of a 1-D
    /// array, the rows of a matrix). Their count must equal that axis'
    /// length.
    pub fn with_neuron_indices(mut self, indices: &'a [usize]) -> Self {
        self.pre_ids = Some(indices);
        self
    }

    /// Explicit neuron indices for the last axis (the columns of a matrix).
    pub fn with_post_indices(mut self, indices: &'a [usize]) -> Self {
        self.post_ids = Some(indices);
        self
    }

    /// The same context for a generation whose whole output has `shape`
    /// (every generation call and builder that draws elements sets it, so
    /// that an initializer whose values depend on the shape, as a variance
    /// scaling's on its fans, reads it from [`Context::shape`]). Cheap:
    /// the arrays are shared, not copied.
    pub fn with_shape(&self, shape: &[usize]) -> Context<'a> {
        Context {
            shape: Some(shape.into()),
            ..self.clone()
        }
    }

    /// The shape of the whole output of the generation this context was
    /// handed to, if it was set (see [`Context::with_shape`]).
    pub fn shape(&self) -> Option<&[usize]> {
        self.shape.as_deref()
    }

    /// Whether distances are available (given, or computable from positions).
    pub fn has_distances(&self) -> bool {
        !matches!(self.geometry, Geometry::None)
    }

    /// The positions, if the context has them.
    pub fn positions(&self) -> Option<&Positions<'a>> {
        match &self.geometry {
            Geometry::Positions(p) => Some(p),
            _ => None,
        }
    }

    /// Fails unless distances are available; `by` names who needs them.
    pub fn require_distances(&self, by: &'static str) -> Result<(), InitError> {
        if self.has_distances() {
            Ok(())
        } else {
            Err(InitError::MissingContext {
                needed: "distances or pre/post positions",
                by,
            })
        }
    }

    /// Check that everything in the context fits an output of `shape`.
    pub fn check_shape(&self, shape: &[usize]) -> Result<(), InitError> {
        match &self.geometry {
            Geometry::None => {}
            Geometry::Distances { shape: s, .. } => {
                if s.as_slice() != shape {
                    return Err(InitError::ShapeMismatch {
                        what: "distances",
                        expected: shape.to_vec(),
                        found: s.clone(),
                    });
                }
            }
            Geometry::Positions(p) => {
                let found = vec![p.n_pre, p.n_post];
                if shape != found.as_slice() {
                    return Err(InitError::ShapeMismatch {
                        what: "output for (pre positions, post positions)",
                        expected: found,
                        found: shape.to_vec(),
                    });
                }
            }
        }
        let first = shape.first().copied().unwrap_or(1);
        let last = shape.last().copied().unwrap_or(1);
        if let Some(ids) = self.pre_ids {
            if ids.len() != first {
                return Err(InitError::ShapeMismatch {
                    what: "neuron indices",
                    expected: vec![first],
                    found: vec![ids.len()],
                });
            }
        }
        if let Some(ids) = self.post_ids {
            let n = if shape.len() == 1 { first } else { last };
            if ids.len() != n {
                return Err(InitError::ShapeMismatch {
                    what: "post neuron indices",
                    expected: vec![n],
                    found: vec![ids.len()],
                });
            }
        }
        Ok(())
    }

    /// The distance (metres) of element `el`. Requires
    /// [`Context::require_distances`] to have passed and the shape to have
    /// been checked; otherwise NaN.
    #[inline]
    pub fn distance(&self, el: Element) -> f64 {
        match &self.geometry {
            Geometry::Distances { values, .. } => {
                values.get(el.flat as usize).copied().unwrap_or(f64::NAN)
            }
            Geometry::Positions(p) => p.distance(el.pre, el.post),
            Geometry::None => f64::NAN,
        }
    }

    /// The presynaptic neuron index of `el` (the user's index if given).
    #[inline]
    pub fn pre_index(&self, el: Element) -> usize {
        match self.pre_ids {
            Some(ids) => ids[el.pre],
            None => el.pre,
        }
    }

    /// The postsynaptic neuron index of `el` (the user's post index if
    /// given). For 1-D arrays the neuron index is [`Context::pre_index`].
    #[inline]
    pub fn post_index(&self, el: Element) -> usize {
        match self.post_ids {
            Some(ids) => ids[el.post],
            None => el.post,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, Array2, array};
    use uom::si::length::micrometer;

    fn um(v: f64) -> Length {
        Length::new::<micrometer>(v)
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1e-300)
    }

    #[test]
    fn periodic_distances_take_the_shortest_image() {
        // 1-D, box 100 µm: 5 and 95 are 10 apart across the wrap.
        let pre = array![um(5.0), um(50.0), um(-10.0)];
        let post = array![um(95.0), um(0.0), um(250.0)];
        let p = Positions::new(&pre, &post)
            .unwrap()
            .periodic(&[um(100.0)])
            .unwrap();
        assert!(close(p.distance(0, 0), 10e-6));
        assert!(close(p.distance(1, 1), 50e-6)); // exactly half the box
        assert!(close(p.distance(2, 2), 40e-6)); // |-10 - 250| = 260 ≡ 60 → 40
        // 2-D, box 100 × 200 µm: (1, 1) to (99, 199) is (2, 2) away.
        let pre = array![[um(1.0), um(1.0)], [um(10.0), um(20.0)]];
        let post = array![[um(99.0), um(199.0)], [um(60.0), um(20.0)]];
        let p = Positions::new(&pre, &post)
            .unwrap()
            .periodic(&[um(100.0), um(200.0)])
            .unwrap();
        assert!(close(p.distance(0, 0), 8f64.sqrt() * 1e-6));
        assert!(close(p.distance(1, 1), 50e-6));
        assert!(close(
            p.distance(0, 1),
            (41f64.powi(2) + 19f64.powi(2)).sqrt() * 1e-6
        ));
        // 3-D cube of 10 µm: corner to opposite corner is sqrt(3) · 1 µm.
        let pre = array![[um(0.5), um(0.5), um(0.5)]];
        let post = array![[um(9.5), um(9.5), um(9.5)]];
        let p = Positions::new(&pre, &post)
            .unwrap()
            .periodic(&[um(10.0); 3])
            .unwrap();
        assert!(close(p.distance(0, 0), 3f64.sqrt() * 1e-6));
        // Without the box the distance is the plain one.
        let p = Positions::new(&pre, &post).unwrap();
        assert!(close(p.distance(0, 0), 3f64.sqrt() * 9e-6));
    }

    #[test]
    fn bad_positions_are_typed_errors() {
        let pre = array![[um(0.0), um(f64::NAN)]];
        let post = array![[um(0.0), um(0.0)]];
        assert!(matches!(
            Positions::new(&pre, &post),
            Err(InitError::NonFinite {
                what: "pre positions",
                index: 0,
                ..
            })
        ));
        let pre = array![[um(0.0), um(0.0)]];
        let post3 = array![[um(0.0), um(0.0), um(0.0)]];
        assert_eq!(
            Positions::new(&pre, &post3).unwrap_err(),
            InitError::DimensionMismatch { pre: 2, post: 3 }
        );
        let p = Positions::new(&pre, &pre).unwrap();
        assert!(matches!(
            p.clone().periodic(&[um(1.0)]),
            Err(InitError::ShapeMismatch { .. })
        ));
        assert!(matches!(
            p.periodic(&[um(1.0), um(-1.0)]),
            Err(InitError::InvalidParameter {
                name: "box_size",
                ..
            })
        ));
        let cube = ndarray::Array3::from_elem((1, 1, 1), um(0.0));
        assert!(matches!(
            Positions::new(&cube, &cube),
            Err(InitError::BadRank { .. })
        ));
    }

    #[test]
    fn bad_distances_are_typed_errors() {
        let d = array![um(1.0), um(-1.0)];
        assert!(matches!(
            Context::new().with_distances(&d),
            Err(InitError::Negative { index: 1, .. })
        ));
        let d = array![um(f64::INFINITY)];
        assert!(matches!(
            Context::new().with_distances(&d),
            Err(InitError::NonFinite { .. })
        ));
    }

    #[test]
    fn shape_checks() {
        let d = Array2::from_elem((2, 3), um(1.0));
        let ctx = Context::new().with_distances(&d).unwrap();
        assert!(ctx.check_shape(&[2, 3]).is_ok());
        assert!(ctx.check_shape(&[3, 2]).is_err());
        assert!(ctx.check_shape(&[6]).is_err());
        let ids = [4, 5, 6];
        let ctx = Context::new().with_neuron_indices(&ids);
        assert!(ctx.check_shape(&[3]).is_ok());
        assert!(matches!(
            ctx.check_shape(&[4]),
            Err(InitError::ShapeMismatch { .. })
        ));
        assert_eq!(
            ctx.pre_index(Element {
                flat: 1,
                pre: 1,
                post: 1
            }),
            5
        );
        assert!(Context::new().require_distances("test").is_err());
    }

    #[test]
    fn non_contiguous_inputs_are_copied_correctly() {
        let base = Array2::from_shape_fn((3, 2), |(i, j)| um((10 * i + j) as f64));
        let t = base.t(); // 2 × 3, not standard layout
        let ctx = Context::new().with_distances(&t).unwrap();
        assert!(close(
            ctx.distance(Element {
                flat: 4,
                pre: 1,
                post: 1
            }),
            11e-6
        ));
        let one_d: Array1<Length> = base.column(1).to_owned();
        let col = base.column(1);
        let p = Positions::new(&col, &one_d).unwrap();
        assert_eq!(p.dims(), 1);
        assert!(close(p.distance(2, 0), 20e-6));
    }
}
