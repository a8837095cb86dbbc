//! The bridge between `uom` quantities and `f64`.
//!
//! Everything inside neuroinit computes in `f64` holding the value in SI base
//! units (siemens, metres, seconds, ...). The unit lives only in the type: a
//! [`Value`] is either a plain `f64` (dimensionless) or a
//! `uom::si::Quantity<D, SI<f64>, f64>`, and the conversion in either
//! direction is free because `uom` itself stores the base-unit value.
//!
//! Because every `Value` has exactly the memory layout of an `f64`, arrays can
//! be viewed as `f64` arrays without copying ([`ArrayValues::si_view`]) and
//! a freshly filled `Vec<f64>` becomes an `Array<Q, D>` without copying
//! ([`array_from_si`]).

use std::fmt::Debug;

use ndarray::{Array, ArrayBase, ArrayView, ArrayViewMut, Data, DataMut, Dimension};
use uom::si::{Dimension as UomDimension, Quantity, SI};

mod sealed {
    pub trait Sealed {}
    impl Sealed for f64 {}
    impl<D: uom::si::Dimension + ?Sized + 'static> Sealed
        for uom::si::Quantity<D, uom::si::SI<f64>, f64>
    {
    }
}

/// A scalar that neuroinit can produce: `f64` or any `uom` SI quantity stored
/// in `f64`.
///
/// The trait is sealed: it is implemented for `f64` and for every
/// `uom::si::Quantity<D, SI<f64>, f64>` (all the aliases in `uom::si::f64`,
/// and the products and quotients `uom` derives from them), and nothing else.
///
/// # Safety
///
/// Implementors must have the size, alignment and bit validity of `f64`, with
/// the `f64` holding the value in SI base units. `f64` does trivially;
/// `uom::si::Quantity` is declared `#[repr(transparent)]` (uom 0.38,
/// `system.rs`) with two `PhantomData` fields and one `value: f64` field, so it
/// has exactly the layout of its `f64`. The seal keeps any other type out.
pub unsafe trait Value:
    sealed::Sealed + Copy + Send + Sync + PartialEq + PartialOrd + Debug + 'static
{
    /// Wrap a value given in SI base units.
    fn from_si(v: f64) -> Self;
    /// The value in SI base units.
    fn si(self) -> f64;

    /// The value written in the usual unit of its kind, for messages:
    /// `0.1 nS`, `-100 µm`, `1.5 ms`, `87.8 pA`, `0.3 m/s`; a plain number
    /// as itself; a kind without a usual unit in SI base units
    /// (`2e-3 m^2 kg s^-3`).
    ///
    /// ```
    /// use init_core::Value;
    /// use uom::si::{electrical_conductance::nanosiemens as nS, f64::{ElectricalConductance, Length},
    ///               length::micrometer as um};
    ///
    /// assert_eq!(ElectricalConductance::new::<nS>(0.1).describe(), "0.1 nS");
    /// assert_eq!(Length::new::<um>(-100.0).describe(), "-100 µm");
    /// assert_eq!(2.5f64.describe(), "2.5");
    /// ```
    fn describe(self) -> String;
}

/// `x` with at most 12 significant digits (so that the rounding of a unit
/// conversion does not show), positional between 1e-4 and 1e6, else in
/// exponent form; NaN and infinities as Rust writes them.
fn short(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return format!("{x}");
    }
    let rounded: f64 = format!("{x:.11e}").parse().unwrap_or(x);
    let a = rounded.abs();
    if (1e-4..1e6).contains(&a) {
        format!("{rounded}")
    } else {
        format!("{rounded:e}")
    }
}

/// The usual unit of a kind of quantity, by its SI dimension exponents
/// (length, mass, time, current, temperature, amount, luminosity): the
/// symbol and the factor from the SI base value.
fn usual_unit(dims: [i32; 7]) -> Option<(&'static str, f64)> {
    Some(match dims {
        [-2, -1, 3, 2, 0, 0, 0] => ("nS", 1e9),
        [1, 0, 0, 0, 0, 0, 0] => ("µm", 1e6),
        [2, 0, 0, 0, 0, 0, 0] => ("µm²", 1e12),
        [-1, 0, 0, 0, 0, 0, 0] => ("per µm", 1e-6),
        [0, 0, 1, 0, 0, 0, 0] => ("ms", 1e3),
        [0, 0, -1, 0, 0, 0, 0] => ("Hz", 1.0),
        [0, 0, 0, 1, 0, 0, 0] => ("pA", 1e12),
        [2, 1, -3, -1, 0, 0, 0] => ("mV", 1e3),
        [1, 0, -1, 0, 0, 0, 0] => ("m/s", 1.0),
        [-2, -1, 4, 2, 0, 0, 0] => ("pF", 1e12),
        [2, 1, -3, -2, 0, 0, 0] => ("MΩ", 1e-6),
        [0, 0, 1, 1, 0, 0, 0] => ("pC", 1e12),
        _ => return None,
    })
}

/// `v` (SI base units) in the usual unit of a quantity of dimension `D`.
fn describe_quantity<D: UomDimension + ?Sized>(v: f64) -> String {
    use uom::typenum::Integer;
    let dims = [
        D::L::to_i32(),
        D::M::to_i32(),
        D::T::to_i32(),
        D::I::to_i32(),
        D::Th::to_i32(),
        D::N::to_i32(),
        D::J::to_i32(),
    ];
    if dims == [0; 7] {
        return short(v);
    }
    if let Some((symbol, factor)) = usual_unit(dims) {
        return format!("{} {symbol}", short(v * factor));
    }
    let names = ["m", "kg", "s", "A", "K", "mol", "cd"];
    let units: Vec<String> = dims
        .iter()
        .zip(names)
        .filter(|(e, _)| **e != 0)
        .map(|(e, n)| {
            if *e == 1 {
                n.to_string()
            } else {
                format!("{n}^{e}")
            }
        })
        .collect();
    format!("{} {}", short(v), units.join(" "))
}

// SAFETY: f64 is an f64.
unsafe impl Value for f64 {
    #[inline(always)]
    fn from_si(v: f64) -> Self {
        v
    }
    #[inline(always)]
    fn si(self) -> f64 {
        self
    }
    fn describe(self) -> String {
        short(self)
    }
}

// SAFETY: `Quantity` is `#[repr(transparent)]` over its `value: f64` (the other
// two fields are zero-sized `PhantomData`), see the trait's safety section.
// Checked by `tests::quantity_is_laid_out_as_f64`.
unsafe impl<D: UomDimension + ?Sized + 'static> Value for Quantity<D, SI<f64>, f64> {
    #[inline(always)]
    fn from_si(v: f64) -> Self {
        Quantity {
            dimension: std::marker::PhantomData,
            units: std::marker::PhantomData,
            value: v,
        }
    }
    #[inline(always)]
    fn si(self) -> f64 {
        self.value
    }
    fn describe(self) -> String {
        describe_quantity::<D>(self.value)
    }
}

/// Turn a vector of SI values into a vector of `Q` without copying.
pub fn vec_from_si<Q: Value>(v: Vec<f64>) -> Vec<Q> {
    let mut v = std::mem::ManuallyDrop::new(v);
    let (ptr, len, cap) = (v.as_mut_ptr(), v.len(), v.capacity());
    // SAFETY: `Q: Value` has the size and alignment of f64 and accepts every
    // f64 bit pattern (trait contract), so the Vec<f64> allocation is a valid
    // Vec<Q> allocation with the same length and capacity; the original Vec
    // is never dropped (ManuallyDrop), so the allocation keeps one owner.
    // Exercised by `tests::vec_conversion_keeps_one_owner` and
    // `tests::owned_conversion_is_zero_copy` (under valgrind in CI).
    unsafe { Vec::from_raw_parts(ptr.cast::<Q>(), len, cap) }
}

/// Turn an array of SI values into an array of `Q`, without copying when the
/// array owns exactly its elements in standard layout (as every array that
/// neuroinit builds does).
pub fn array_from_si<Q: Value, D: Dimension>(a: Array<f64, D>) -> Array<Q, D> {
    let dim = a.raw_dim();
    if !a.is_standard_layout() {
        return a.mapv(Q::from_si);
    }
    let (vec, offset) = a.into_raw_vec_and_offset();
    if offset.unwrap_or(0) == 0 && vec.len() == dim.size() {
        if let Ok(out) = Array::from_shape_vec(dim.clone(), vec_from_si(vec)) {
            return out;
        }
        unreachable!("a standard-layout shape fits a vector of its own size")
    }
    // An owned array that is a slice of a larger allocation: copy the part.
    let start = offset.unwrap_or(0);
    let part: Vec<Q> = vec[start..start + dim.size()]
        .iter()
        .map(|&x| Q::from_si(x))
        .collect();
    match Array::from_shape_vec(dim, part) {
        Ok(out) => out,
        Err(_) => unreachable!("the part holds exactly the shape's element count"),
    }
}

/// Turn an array of `Q` into its SI values, without copying when the array
/// owns exactly its elements in standard layout (then `f64` math in place,
/// e.g. scaling to nS for a `.npy` file, needs no second matrix).
pub fn array_into_si<Q: Value, D: Dimension>(a: Array<Q, D>) -> Array<f64, D> {
    let dim = a.raw_dim();
    if !a.is_standard_layout() {
        return a.mapv(Value::si);
    }
    let (vec, offset) = a.into_raw_vec_and_offset();
    let start = offset.unwrap_or(0);
    if start == 0 && vec.len() == dim.size() {
        let mut v = std::mem::ManuallyDrop::new(vec);
        let (ptr, len, cap) = (v.as_mut_ptr(), v.len(), v.capacity());
        // SAFETY: the inverse of `vec_from_si`: `Q: Value` has the size,
        // alignment and bit validity of f64 (trait contract), and the
        // original Vec is never dropped, so the allocation keeps one owner.
        // Exercised by `tests::into_si_is_zero_copy_and_exact`.
        let raw: Vec<f64> = unsafe { Vec::from_raw_parts(ptr.cast::<f64>(), len, cap) };
        if let Ok(out) = Array::from_shape_vec(dim.clone(), raw) {
            return out;
        }
        unreachable!("a standard-layout shape fits a vector of its own size")
    }
    let part: Vec<f64> = vec[start..start + dim.size()]
        .iter()
        .map(|q| q.si())
        .collect();
    match Array::from_shape_vec(dim, part) {
        Ok(out) => out,
        Err(_) => unreachable!("the part holds exactly the shape's element count"),
    }
}

/// Zero-copy access to the SI values of an array of [`Value`]s, and a
/// conversion to plain numbers in a named unit.
pub trait ArrayValues<Q: Value, D: Dimension> {
    /// The array's values in SI base units, without copying.
    fn si_view(&self) -> ArrayView<'_, f64, D>;

    /// The values as plain numbers in the unit of `unit` (for a `.npy` file or
    /// a plot): `x / unit`. For example, with
    /// `ElectricalConductance::new::<nanosiemens>(1.0)` the result is in nS.
    /// (Not for affine units such as degrees Celsius.)
    fn values_in(&self, unit: Q) -> Array<f64, D> {
        let u = unit.si();
        self.si_view().mapv(|x| x / u)
    }
}

/// An owned array of quantities as plain numbers in a named unit,
/// converted in place: for a large matrix headed for a `.npy` file or a
/// plot, no second copy of it is made.
///
/// ```
/// use init_core::IntoValues;
/// use ndarray::array;
/// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
///
/// let w = array![G::new::<nS>(0.5), G::new::<nS>(2.0)];
/// assert_eq!(w.into_values_in(G::new::<nS>(1.0)), array![0.5, 2.0]);
/// ```
pub trait IntoValues<Q: Value, D: Dimension> {
    /// The values as plain numbers in the unit of `unit` (`x / unit`),
    /// reusing the array's memory.
    fn into_values_in(self, unit: Q) -> Array<f64, D>;
}

impl<Q: Value, D: Dimension> IntoValues<Q, D> for Array<Q, D> {
    fn into_values_in(self, unit: Q) -> Array<f64, D> {
        let u = unit.si();
        let mut a = array_into_si(self);
        a.mapv_inplace(|x| x / u);
        a
    }
}

/// Mutable zero-copy access to the SI values of an array of [`Value`]s.
pub trait ArrayValuesMut<Q: Value, D: Dimension> {
    /// The array's values in SI base units, mutably, without copying.
    fn si_view_mut(&mut self) -> ArrayViewMut<'_, f64, D>;
}

impl<Q: Value, S: Data<Elem = Q>, D: Dimension> ArrayValues<Q, D> for ArrayBase<S, D> {
    fn si_view(&self) -> ArrayView<'_, f64, D> {
        let raw = self.raw_view().cast::<f64>();
        // SAFETY: `Q: Value` has the layout and bit validity of f64 (trait
        // contract), so every element of the view is a valid f64 at the same
        // address; the view borrows `self`, so it cannot outlive the data.
        // Exercised by `tests::views_alias_the_same_memory`.
        unsafe { raw.deref_into_view() }
    }
}

impl<Q: Value, S: DataMut<Elem = Q>, D: Dimension> ArrayValuesMut<Q, D> for ArrayBase<S, D> {
    fn si_view_mut(&mut self) -> ArrayViewMut<'_, f64, D> {
        // `view_mut` first: it makes shared (Arc) storage unique.
        let raw = self.view_mut().raw_view_mut().cast::<f64>();
        // SAFETY: as in `si_view`; in addition every f64 bit pattern is a
        // valid `Q`, so writes through the f64 view keep the data valid, and
        // the mutable borrow of `self` makes the view unique.
        // Exercised by `tests::views_alias_the_same_memory`.
        unsafe { raw.deref_into_view_mut() }
    }
}

/// View a slice of [`Value`]s as its SI `f64` values, without copying.
pub fn slice_si<Q: Value>(s: &[Q]) -> &[f64] {
    // SAFETY: same layout and validity as f64 (trait contract); the length is
    // in elements of equal size; the borrow is carried over.
    // Exercised by `tests::values_in_named_unit`.
    unsafe { std::slice::from_raw_parts(s.as_ptr().cast::<f64>(), s.len()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, array};
    use uom::si::electrical_conductance::nanosiemens;
    use uom::si::f64::{ElectricalConductance, Length};
    use uom::si::length::micrometer;

    fn ns(v: f64) -> ElectricalConductance {
        ElectricalConductance::new::<nanosiemens>(v)
    }

    #[test]
    fn quantity_is_laid_out_as_f64() {
        assert_eq!(size_of::<ElectricalConductance>(), size_of::<f64>());
        assert_eq!(align_of::<ElectricalConductance>(), align_of::<f64>());
        assert_eq!(size_of::<Length>(), size_of::<f64>());
    }

    #[test]
    fn si_round_trip() {
        let g = ns(2.5);
        assert_eq!(g.si(), 2.5e-9);
        assert_eq!(ElectricalConductance::from_si(g.si()), g);
        assert_eq!(<f64 as Value>::from_si(3.0), 3.0);
    }

    #[test]
    fn views_alias_the_same_memory() {
        let a = array![[ns(1.0), ns(2.0)], [ns(3.0), ns(4.0)]];
        let v = a.si_view();
        assert_eq!(v.as_ptr().cast::<u8>(), a.as_ptr().cast::<u8>());
        assert_eq!(v[[1, 0]], ns(3.0).value);
        // A strided (transposed) view keeps its strides.
        let t = a.t();
        assert_eq!(t.si_view()[[0, 1]], ns(3.0).value);
        let mut b = a.clone();
        b.si_view_mut()[[0, 1]] = ns(7.0).value;
        assert_eq!(b[[0, 1]], ns(7.0));
    }

    /// A converted vector is still a vector the global allocator owns
    /// once: it grows (reallocates) and drops cleanly.
    #[test]
    fn vec_conversion_keeps_one_owner() {
        let mut v: Vec<Length> = vec_from_si(vec![1.0, 2.0, 3.0]);
        for k in 0..1000 {
            v.push(Length::from_si(k as f64));
        }
        assert_eq!((v.len(), v[2].value, v[1002].value), (1003, 3.0, 999.0));
        v.truncate(1);
        v.shrink_to_fit();
        assert_eq!(v, [Length::from_si(1.0)]);
    }

    #[test]
    fn owned_conversion_is_zero_copy() {
        let a = Array2::from_shape_vec((2, 3), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap();
        let p = a.as_ptr();
        let q: Array2<Length> = array_from_si(a);
        assert_eq!(q.as_ptr().cast::<f64>(), p);
        assert_eq!(q[[1, 2]], Length::new::<uom::si::length::meter>(6.0));
        // Non-standard input is still converted correctly.
        let t = Array2::from_shape_vec((2, 3), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
            .unwrap()
            .reversed_axes();
        let q: Array2<f64> = array_from_si(t.clone());
        assert_eq!(q, t);
    }

    #[test]
    fn into_si_is_zero_copy_and_exact() {
        let a = array![[ns(1.0), ns(2.0)], [ns(3.0), ns(4.0)]];
        let p = a.as_ptr().cast::<f64>();
        let values = a.clone();
        let f = array_into_si(a);
        assert_eq!(f.as_ptr(), p);
        assert_eq!(f[[1, 0]], ns(3.0).value);
        // Round trip back, and a non-standard layout takes the copying path.
        let back: Array2<ElectricalConductance> = array_from_si(f);
        assert_eq!(back, values);
        let t = array_into_si(values.reversed_axes());
        assert_eq!(t[[0, 1]], ns(3.0).value);
    }

    #[test]
    fn values_in_named_unit() {
        let a = array![
            Length::new::<micrometer>(150.0),
            Length::new::<micrometer>(2.0)
        ];
        let um = a.values_in(Length::new::<micrometer>(1.0));
        assert!((um[0] - 150.0).abs() < 1e-12 && (um[1] - 2.0).abs() < 1e-12);
        assert_eq!(slice_si(a.as_slice().unwrap())[1], 2e-6);
    }
}
