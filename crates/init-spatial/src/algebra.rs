//! Profile algebra: `p + q`, `p - q`, `p * q`, `p / q` (either side a
//! profile or an `f64`), [`ProfileClip`] (`p.clip(min, max)`) and
//! [`ProfileApply`] (`p.apply(f)`, or the pipe `p | f | g`).
//!
//! The node types are named apart from the initializer arithmetic of
//! `init_core::ops` (`Sum`, `Product`, ...): a sum of profiles is a
//! [`ProfileSum`], a sum of initializers a `Sum`, so one name keeps one
//! meaning. They are plain generic structs, so a statically composed
//! profile costs what the hand-written formula costs; box one
//! ([`crate::Profile::boxed`]) to keep profiles of different types in a
//! list. A number in the algebra is a [`ConstantProfile`](crate::ConstantProfile).
//!
//! ```
//! use init_spatial::{ExponentialProfile, GaussianProfile, Profile};
//! use uom::si::{f64::Length, length::micrometer as um};
//!
//! let g = GaussianProfile::new(Length::new::<um>(100.0))?;
//! let e = ExponentialProfile::new(Length::new::<um>(200.0))?;
//! let mix = 0.7 * g + 0.3 * e;
//! let sharpened = (g / (1.0 + e)).clip(None, 0.45)? | (|x: f64| x * x);
//! let d = Length::new::<um>(0.0);
//! assert_eq!(mix.probability(d), 1.0);
//! assert_eq!(sharpened.value(d), 0.45 * 0.45);
//! # Ok::<(), init_core::InitError>(())
//! ```

use init_core::InitError;

use crate::profile::{Profile, constant_value};
use crate::radius::{preimage, split};

macro_rules! binary {
    ($(#[$doc:meta])* $name:ident, $op:tt, $radius:ident, $bounds:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq)]
        #[must_use]
        pub struct $name<A, B> {
            a: A,
            b: B,
        }

        impl<A, B> $name<A, B> {
            /// Combine `a` and `b`.
            pub fn new(a: A, b: B) -> Self {
                Self { a, b }
            }
        }

        impl<A: Profile, B: Profile> Profile for $name<A, B> {
            #[inline]
            fn value_si(&self, d: f64) -> f64 {
                self.a.value_si(d) $op self.b.value_si(d)
            }
            fn value_bounds(&self) -> Option<(f64, f64)> {
                $bounds(self.a.value_bounds()?, self.b.value_bounds()?)
            }
            fn radius_below(&self, level: f64) -> Option<f64> {
                $radius(
                    level,
                    (constant_value(&self.a), |l| self.a.radius_below(l)),
                    (constant_value(&self.b), |l| self.b.radius_below(l)),
                )
            }
        }

        crate::impl_profile_ops!([A, B] $name<A, B> where A: Profile, B: Profile);
    };
}

binary!(
    /// `a + b`.
    ///
    /// [`Profile::radius_below`]: with a number `c` on either side, the
    /// operand's radius at a level `l` with `fl(l + c) <= level`
    /// (`l ≈ level − c`); for two profiles, the larger of their radii at
    /// levels `la`, `lb` with `fl(la + lb) <= level` (half each). Rounding
    /// is monotone in each term, so the computed sum is at most `level`.
    ProfileSum, +, sum_radius, sum_bounds
);
binary!(
    /// `a - b`.
    ///
    /// [`Profile::radius_below`]: for `p − c` with a number `c`, the
    /// radius of `p` at `l ≈ level + c` with `fl(l − c) <= level`;
    /// otherwise `None` (bounding `p − q` from above needs a lower bound
    /// on `q`).
    ProfileDifference, -, difference_radius, difference_bounds
);
binary!(
    /// `a * b`.
    ///
    /// [`Profile::radius_below`]: for `c·p` or `p·c` with a finite number
    /// `c > 0`, the radius of `p` at `l ≈ level/c` with `fl(c·l) <= level`;
    /// otherwise `None`: a negative factor needs a lower bound, `c = 0`
    /// gives NaN where `p` is infinite, and the product of two profiles
    /// needs their signs.
    ProfileProduct, *, product_radius, product_bounds
);
binary!(
    /// `a / b`.
    ///
    /// [`Profile::radius_below`]: for `p / c` with a finite number `c > 0`,
    /// the radius of `p` at `l ≈ level·c` with `fl(l / c) <= level`;
    /// otherwise `None`.
    ProfileQuotient, /, quotient_radius, quotient_bounds
);

/// Bounds of a rounded sum: rounding is monotone in each term, so the
/// rounded sum of the bounds bounds the rounded sum of any values within
/// them (`−∞ + ∞`, a NaN, gives up).
fn sum_bounds((a0, a1): (f64, f64), (b0, b1): (f64, f64)) -> Option<(f64, f64)> {
    ordered(a0 + b0, a1 + b1)
}

fn difference_bounds((a0, a1): (f64, f64), (b0, b1): (f64, f64)) -> Option<(f64, f64)> {
    ordered(a0 - b1, a1 - b0)
}

/// The extremes of a product over a box are at its corners, and rounding
/// is monotone in each factor of fixed sign. Infinite ends are refused:
/// `0 · ∞` is NaN.
fn product_bounds(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    corners(a, b, |x, y| x * y)
}

/// A divisor whose bounds hold 0 has no bound; otherwise the corners, as
/// for a product.
fn quotient_bounds(a: (f64, f64), b: (f64, f64)) -> Option<(f64, f64)> {
    if b.0 <= 0.0 && b.1 >= 0.0 {
        return None;
    }
    corners(a, b, |x, y| x / y)
}

fn corners(
    (a0, a1): (f64, f64),
    (b0, b1): (f64, f64),
    op: impl Fn(f64, f64) -> f64,
) -> Option<(f64, f64)> {
    if ![a0, a1, b0, b1].iter().all(|x| x.is_finite()) {
        return None;
    }
    let c = [op(a0, b0), op(a0, b1), op(a1, b0), op(a1, b1)];
    ordered(
        c.iter().copied().fold(f64::INFINITY, f64::min),
        c.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    )
}

/// `Some((lo, hi))` unless a NaN or an inverted pair says the bound is
/// lost.
fn ordered(lo: f64, hi: f64) -> Option<(f64, f64)> {
    (lo <= hi).then_some((lo, hi))
}

/// An operand of a binary adaptor, for its radius: its value if it is a
/// number, and its radius function.
type Operand<F> = (Option<f64>, F);

/// A finite number `c` (an operand that is a constant), if any.
fn finite(c: Option<f64>) -> Option<f64> {
    c.filter(|c| c.is_finite())
}

fn sum_radius(
    level: f64,
    (ca, ra): Operand<impl Fn(f64) -> Option<f64>>,
    (cb, rb): Operand<impl Fn(f64) -> Option<f64>>,
) -> Option<f64> {
    if let Some(c) = finite(cb) {
        ra(preimage(level, level - c, |x| x + c)?)
    } else if let Some(c) = finite(ca) {
        rb(preimage(level, level - c, |x| c + x)?)
    } else {
        let (la, lb) = split(level, 0.5)?;
        Some(ra(la)?.max(rb(lb)?))
    }
}

fn difference_radius(
    level: f64,
    (_, ra): Operand<impl Fn(f64) -> Option<f64>>,
    (cb, _): Operand<impl Fn(f64) -> Option<f64>>,
) -> Option<f64> {
    let c = finite(cb)?;
    ra(preimage(level, level + c, |x| x - c)?)
}

fn product_radius(
    level: f64,
    (ca, ra): Operand<impl Fn(f64) -> Option<f64>>,
    (cb, rb): Operand<impl Fn(f64) -> Option<f64>>,
) -> Option<f64> {
    let positive = |c: Option<f64>| finite(c).filter(|&c| c > 0.0);
    if let Some(c) = positive(cb) {
        ra(preimage(level, level / c, |x| x * c)?)
    } else if let Some(c) = positive(ca) {
        rb(preimage(level, level / c, |x| c * x)?)
    } else {
        None
    }
}

fn quotient_radius(
    level: f64,
    (_, ra): Operand<impl Fn(f64) -> Option<f64>>,
    (cb, _): Operand<impl Fn(f64) -> Option<f64>>,
) -> Option<f64> {
    let c = finite(cb).filter(|&c| c > 0.0)?;
    ra(preimage(level, level * c, |x| x / c)?)
}

/// `p` clamped to `[min, max]` (either bound optional): lower bound first,
/// then upper, as braintools' `ClipProfile` does.
#[derive(Clone, Copy, Debug, PartialEq)]
#[must_use]
pub struct ProfileClip<P> {
    p: P,
    min: f64,
    max: f64,
}

impl<P> ProfileClip<P> {
    /// Clamp `p` to `[min, max]`; `None` leaves that side open.
    ///
    /// Errors: a NaN bound, or `min > max`.
    pub fn new(p: P, min: Option<f64>, max: Option<f64>) -> Result<Self, InitError> {
        let lo = min.unwrap_or(f64::NEG_INFINITY);
        let hi = max.unwrap_or(f64::INFINITY);
        if lo.is_nan() {
            return Err(InitError::invalid("min", lo, "must not be NaN"));
        }
        if hi.is_nan() {
            return Err(InitError::invalid("max", hi, "must not be NaN"));
        }
        if lo > hi {
            return Err(InitError::invalid("max", hi, "must be >= `min`"));
        }
        Ok(ProfileClip {
            p,
            min: lo,
            max: hi,
        })
    }

    /// The lower bound, if any.
    pub fn min(&self) -> Option<f64> {
        self.min.is_finite().then_some(self.min)
    }

    /// The upper bound, if any.
    pub fn max(&self) -> Option<f64> {
        self.max.is_finite().then_some(self.max)
    }
}

impl<P: Profile> Profile for ProfileClip<P> {
    /// Comparisons, so that a NaN of `p` stays NaN (as braintools'
    /// `jnp.clip` keeps it).
    #[inline]
    fn value_si(&self, d: f64) -> f64 {
        let v = self.p.value_si(d);
        if v < self.min {
            self.min
        } else if v > self.max {
            self.max
        } else {
            v
        }
    }

    /// `p`'s bounds clamped as the values are; without them, `[min, max]`
    /// (NaN aside, as always).
    fn value_bounds(&self) -> Option<(f64, f64)> {
        let clamp = |x: f64| x.max(self.min).min(self.max);
        Some(match self.p.value_bounds() {
            Some((lo, hi)) => (clamp(lo), clamp(hi)),
            None => (self.min, self.max),
        })
    }

    /// 0 if `max <= level` (every value is at most `max`, NaN aside);
    /// `None` if `min > level` (every value
    /// is at least `min`); otherwise `p`'s radius: where `p <= level`,
    /// clamping to `[min, max]` with `min <= level` keeps it there.
    fn radius_below(&self, level: f64) -> Option<f64> {
        if level.is_nan() || self.min > level {
            None
        } else if self.max <= level {
            Some(0.0)
        } else {
            self.p.radius_below(level)
        }
    }
}

crate::impl_profile_ops!([P] ProfileClip<P> where P: Profile);

/// `f` applied to the values of `p`: `d ↦ f(p(d))`.
///
/// Built by [`Profile::apply`] or the pipe operator `p | f`; chains
/// (`p | f | g`) apply left to right. Nothing is known of `f`, so the
/// result states no bounds and no radius.
#[derive(Clone, Copy)]
#[must_use]
pub struct ProfileApply<P, F> {
    p: P,
    f: F,
}

impl<P, F> ProfileApply<P, F> {
    /// `f` after `p`.
    pub fn new(p: P, f: F) -> Self {
        ProfileApply { p, f }
    }
}

impl<P: std::fmt::Debug, F> std::fmt::Debug for ProfileApply<P, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProfileApply")
            .field("p", &self.p)
            .finish_non_exhaustive()
    }
}

impl<P: Profile, F: Fn(f64) -> f64 + Send + Sync> Profile for ProfileApply<P, F> {
    #[inline]
    fn value_si(&self, d: f64) -> f64 {
        (self.f)(self.p.value_si(d))
    }
}

crate::impl_profile_ops!([P, F] ProfileApply<P, F> where P: Profile, F: Fn(f64) -> f64 + Send + Sync);

crate::impl_profile_ops!([] Box<dyn Profile>);

/// Give a profile type the algebra: `+ - * /` with any profile or `f64` on
/// the right, `f64` on the left (`0.7 * p`), and the pipe `p | f`.
///
/// `impl_profile_ops!([generics] Type where bounds)`, as
/// `init_core::impl_initializer_ops!`: the generics are the type's
/// parameters (identifiers only) and the `where` clause lists the bounds
/// under which `Type` is a [`Profile`]. Implement it for your own profile
/// types to give them the operators.
///
/// ```
/// use init_spatial::{impl_profile_ops, Profile};
/// use uom::si::{f64::Length, length::micrometer as um};
///
/// /// 1 within 10 µm, else 0.
/// struct Near;
/// impl Profile for Near {
///     fn value_si(&self, d: f64) -> f64 { if d <= 10e-6 { 1.0 } else { 0.0 } }
/// }
/// impl_profile_ops!([] Near);
///
/// let p = 0.5 * Near + 0.25;
/// assert_eq!(p.probability(Length::new::<um>(5.0)), 0.75);
/// ```
#[macro_export]
macro_rules! impl_profile_ops {
    ([$($g:ident),* $(,)?] $t:ty $(where $($w:tt)*)?) => {
        $crate::impl_profile_ops!(@rhs [$($g),*] $t, Add, add, ProfileSum, [$($($w)*)?]);
        $crate::impl_profile_ops!(@rhs [$($g),*] $t, Sub, sub, ProfileDifference, [$($($w)*)?]);
        $crate::impl_profile_ops!(@rhs [$($g),*] $t, Mul, mul, ProfileProduct, [$($($w)*)?]);
        $crate::impl_profile_ops!(@rhs [$($g),*] $t, Div, div, ProfileQuotient, [$($($w)*)?]);
        $crate::impl_profile_ops!(@lhs [$($g),*] $t, Add, add, ProfileSum, [$($($w)*)?]);
        $crate::impl_profile_ops!(@lhs [$($g),*] $t, Sub, sub, ProfileDifference, [$($($w)*)?]);
        $crate::impl_profile_ops!(@lhs [$($g),*] $t, Mul, mul, ProfileProduct, [$($($w)*)?]);
        $crate::impl_profile_ops!(@lhs [$($g),*] $t, Div, div, ProfileQuotient, [$($($w)*)?]);

        impl<$($g,)* __F> ::core::ops::BitOr<__F> for $t
        where
            __F: Fn(f64) -> f64 + Send + Sync,
            $($($w)*)?
        {
            type Output = $crate::algebra::ProfileApply<$t, __F>;
            #[inline]
            fn bitor(self, f: __F) -> Self::Output {
                $crate::algebra::ProfileApply::new(self, f)
            }
        }
    };
    (@rhs [$($g:ident),*] $t:ty, $tr:ident, $m:ident, $out:ident, [$($w:tt)*]) => {
        impl<$($g,)* __R> ::core::ops::$tr<__R> for $t
        where
            __R: $crate::IntoProfile,
            $($w)*
        {
            type Output = $crate::algebra::$out<$t, __R::Profile>;
            #[inline]
            fn $m(self, rhs: __R) -> Self::Output {
                $crate::algebra::$out::new(self, $crate::IntoProfile::into_profile(rhs))
            }
        }
    };
    (@lhs [$($g:ident),*] $t:ty, $tr:ident, $m:ident, $out:ident, [$($w:tt)*]) => {
        impl<$($g),*> ::core::ops::$tr<$t> for f64
        where
            $($w)*
        {
            type Output = $crate::algebra::$out<$crate::ConstantProfile, $t>;
            #[inline]
            fn $m(self, rhs: $t) -> Self::Output {
                $crate::algebra::$out::new($crate::IntoProfile::into_profile(self), rhs)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ConstantProfile;
    use crate::tests::um;
    use crate::{BoxedProfile, ExponentialProfile, GaussianProfile, LinearProfile};

    #[test]
    fn arithmetic_with_profiles_and_numbers_on_either_side() {
        let g = GaussianProfile::new(um(100.0)).unwrap();
        let l = LinearProfile::new(um(400.0)).unwrap();
        let d = um(100.0);
        let (gv, lv) = (g.probability(d), l.probability(d));
        assert_eq!((g + l).probability(d), gv + lv);
        assert_eq!((g - l).probability(d), gv - lv);
        assert_eq!((g * l).probability(d), gv * lv);
        assert_eq!((g / l).probability(d), gv / lv);
        assert_eq!((g + 1.0).probability(d), gv + 1.0);
        assert_eq!((1.0 - g).probability(d), 1.0 - gv);
        assert_eq!((0.7 * g).probability(d), 0.7 * gv);
        assert_eq!((2.0 / g).probability(d), 2.0 / gv);
        assert_eq!((g * 3.0 / l - 0.5).probability(d), gv * 3.0 / lv - 0.5);
    }

    #[test]
    fn compositions_apply_in_order_and_state_bounds() {
        let g = GaussianProfile::new(um(100.0)).unwrap();
        let p = (g + g * 2.0).clip(None, 2.5).unwrap() | (|x: f64| x + 1.0);
        assert_eq!(p.value(um(0.0)), 2.5 + 1.0);
        let q = (1.0 / g).apply(|x| -x);
        assert_eq!(q.value(um(0.0)), -1.0);
        assert_eq!((0.7 * g + 0.3).value_bounds(), Some((0.3, 1.0)));
        assert_eq!((g - 0.5).value_bounds(), Some((-0.5, 0.5)));
        assert_eq!((g * -2.0).value_bounds(), Some((-2.0, -0.0)));
        assert_eq!(
            (2.0 / g).value_bounds(),
            None,
            "the divisor's bounds hold 0"
        );
        assert_eq!((g / 4.0).value_bounds(), Some((0.0, 0.25)));
        assert_eq!(g.clip(0.1, 0.9).unwrap().value_bounds(), Some((0.1, 0.9)));
        assert_eq!((g | (|x: f64| x)).value_bounds(), None);
        assert_eq!(
            (g | (|x: f64| x)).clip(None, 0.5).unwrap().value_bounds(),
            Some((f64::NEG_INFINITY, 0.5))
        );
        // A NaN operand is not refused by the operator, but it leaves the
        // bounds unknown rather than wrong.
        assert_eq!((g * f64::NAN).value_bounds(), None);
    }

    #[test]
    fn clip_bounds() {
        let g = GaussianProfile::new(um(100.0)).unwrap();
        let c = g.clip(0.1, 0.9).unwrap();
        assert_eq!((c.min(), c.max()), (Some(0.1), Some(0.9)));
        assert_eq!(c.probability(um(0.0)), 0.9);
        assert_eq!(c.probability(um(1000.0)), 0.1);
        let lower = g.clip(0.2, None).unwrap();
        assert_eq!(lower.probability(um(0.0)), 1.0);
        assert_eq!(lower.probability(um(1000.0)), 0.2);
        assert_eq!(
            g.clip(None, None).unwrap().probability(um(50.0)),
            g.probability(um(50.0))
        );
        assert!(matches!(
            g.clip(0.9, 0.1),
            Err(InitError::InvalidParameter { name: "max", .. })
        ));
        assert!(matches!(
            g.clip(f64::NAN, None),
            Err(InitError::InvalidParameter { name: "min", .. })
        ));
    }

    #[test]
    fn pipe_chains_left_to_right() {
        let e = ExponentialProfile::new(um(200.0)).unwrap();
        let p = e | (|x: f64| x * 2.0) | (|x: f64| x - 1.0);
        let v = e.probability(um(50.0));
        assert_eq!(p.probability(um(50.0)), v * 2.0 - 1.0);
    }

    #[test]
    fn boxed_profiles_compose_and_list() {
        let g = GaussianProfile::new(um(100.0)).unwrap();
        let e = ExponentialProfile::new(um(200.0)).unwrap();
        let list: Vec<BoxedProfile> = vec![g.boxed(), (0.5 * e).boxed(), Box::new(g - e)];
        let d = um(120.0);
        let sum = list
            .into_iter()
            .fold(ConstantProfile::new(0.0).unwrap().boxed(), |acc, p| {
                (acc + p).boxed()
            });
        let expect =
            g.probability(d) + 0.5 * e.probability(d) + (g.probability(d) - e.probability(d));
        assert!((sum.probability(d) - expect).abs() < 1e-15);
        let scaled = 2.0 * g.boxed();
        assert_eq!(scaled.probability(d), 2.0 * g.probability(d));
    }

    #[test]
    fn radius_below_bounds_the_computed_values() {
        use crate::profile::tests::assert_radius_below_is_sound;
        use crate::{DoGProfile, StepProfile};
        let g = GaussianProfile::new(um(100.0)).unwrap();
        let gc = g.with_max_distance(um(150.0)).unwrap();
        let e = ExponentialProfile::new(um(200.0)).unwrap();
        let ec = e.with_max_distance(um(400.0)).unwrap();
        let l = LinearProfile::new(um(300.0)).unwrap();
        let step = StepProfile::new(um(50.0))
            .unwrap()
            .with_levels(0.9, -0.3)
            .unwrap();
        assert_radius_below_is_sound(&(0.7 * gc + 0.3 * ec));
        assert_radius_below_is_sound(&(0.7 * g + 0.3 * e));
        assert_radius_below_is_sound(&(gc * 3.0));
        assert_radius_below_is_sound(&(1e-300 * g));
        assert_radius_below_is_sound(&(gc / 0.25));
        assert_radius_below_is_sound(&(g + 0.0));
        assert_radius_below_is_sound(&(0.2 + l));
        assert_radius_below_is_sound(&(gc - 0.1));
        assert_radius_below_is_sound(&(ec + l + step));
        assert_radius_below_is_sound(&(step * 2.0 - 0.5));
        assert_radius_below_is_sound(&((0.5 * g + 0.5 * l) / 2.0));
        assert_radius_below_is_sound(&gc.clip(None, 0.4).unwrap());
        assert_radius_below_is_sound(&g.clip(0.05, 0.9).unwrap());
        assert_radius_below_is_sound(&step.clip(-0.1, None).unwrap());
        let dog = DoGProfile::new(um(50.0), um(150.0)).unwrap();
        assert_radius_below_is_sound(&(dog * 4.0).clip(None, 1.0).unwrap());
        assert_radius_below_is_sound(&(g * l));
        assert_radius_below_is_sound(&(g - l));
        assert_radius_below_is_sound(&(1.0 / l));
        assert_radius_below_is_sound(&(g | (|x: f64| 1.0 - x)));
        // Tight: 0.5·g at level 0.25 is g at 0.5, within a few ulps.
        let half = g.radius_below(0.5).unwrap();
        let r = (0.5 * g).radius_below(0.25).unwrap();
        assert!(r >= half && r / half - 1.0 < 1e-14, "{r} vs {half}");
        // A number: the constant's own rule carries through.
        assert_eq!((g + 0.0).radius_below(0.0), None);
        assert_eq!((gc + 0.0).radius_below(0.0), gc.radius_below(0.0));
        assert_eq!((gc - 1.0).radius_below(-0.5), gc.radius_below(0.5));
        // Sums of two cut-off profiles vanish beyond both cutoffs.
        assert_eq!(
            (0.7 * gc + 0.3 * ec).radius_below(0.0),
            ec.radius_below(0.0)
        );
        // What is not bounded says so.
        assert_eq!((gc * l).radius_below(0.0), None);
        assert_eq!((-1.0 * gc).radius_below(0.0), None);
        assert_eq!((0.0 * gc).radius_below(0.0), None);
        assert_eq!((gc - l).radius_below(0.0), None);
        assert_eq!((1.0 - gc).radius_below(0.5), None);
        assert_eq!((gc | (|x: f64| x)).radius_below(0.0), None);
        // Clip: an upper bound at or below the level holds everywhere, a
        // lower bound above it nowhere.
        assert_eq!(g.clip(None, 0.3).unwrap().radius_below(0.3), Some(0.0));
        assert_eq!(gc.clip(0.1, None).unwrap().radius_below(0.05), None);
        assert_eq!(
            gc.clip(0.0, 0.5).unwrap().radius_below(0.0),
            gc.radius_below(0.0)
        );
    }

    #[test]
    fn static_composition_is_a_plain_struct() {
        // No boxing, no indirection: the composite is as large as its parts.
        let g = GaussianProfile::new(um(100.0)).unwrap();
        let e = ExponentialProfile::new(um(200.0)).unwrap();
        let p = 0.7 * g + 0.3 * e;
        assert_eq!(
            std::mem::size_of_val(&p),
            2 * std::mem::size_of::<f64>() + std::mem::size_of_val(&g) + std::mem::size_of_val(&e)
        );
    }
}
