//! Arithmetic on initializers: `a + b`, `a - b`, `a * b`, `a / b`, `-a`,
//! where either side may also be a constant (`f64` or a quantity).
//!
//! Units follow `uom`: a sum needs both sides of one quantity type; a product
//! or quotient has the type `uom` gives the product of the output types
//! (nS × dimensionless = nS; nS / nS = ratio; nS × µm is a new quantity).
//! Adding a length to a conductance does not compile.
//!
//! Every initializer type gets the operators through
//! [`impl_initializer_ops!`](crate::impl_initializer_ops), with a constant
//! on either side (`2.0 * init`, `ms(1.5) + delay`). Each side draws from
//! its own child key, so `a + a` adds two independent draws, as
//! `a(n) + a(n)` does in braintools.
//!
//! An operator cannot return an error, so a constant operand is checked
//! when the expression is generated: `init * f64::NAN` (or a division by
//! a constant 0) makes every generation call return the typed error that
//! `.scaled(f64::NAN)` returns at once.

use std::ops::{Div, Mul};

use crate::context::Context;
use crate::element::{Element, Run};
use crate::error::InitError;
use crate::initializer::Initializer;
use crate::seed::Key;
use crate::value::Value;

/// `Self + R` and `Self - R` are allowed: both produce the same quantity.
pub trait SameOutput<R: Initializer>: Initializer {}
impl<L: Initializer, R: Initializer<Output = L::Output>> SameOutput<R> for L {}

/// `Self * R` is allowed, and produces `Out` (as `uom` types the product).
pub trait CanMul<R: Initializer>: Initializer {
    /// The product's quantity type.
    type Out: Value;
}
impl<L: Initializer, R: Initializer> CanMul<R> for L
where
    L::Output: Mul<R::Output>,
    <L::Output as Mul<R::Output>>::Output: Value,
{
    type Out = <L::Output as Mul<R::Output>>::Output;
}

/// `Self / R` is allowed, and produces `Out` (as `uom` types the quotient).
pub trait CanDiv<R: Initializer>: Initializer {
    /// The quotient's quantity type.
    type Out: Value;
}
impl<L: Initializer, R: Initializer> CanDiv<R> for L
where
    L::Output: Div<R::Output>,
    <L::Output as Div<R::Output>>::Output: Value,
{
    type Out = <L::Output as Div<R::Output>>::Output;
}

macro_rules! binary {
    ($(#[$doc:meta])* $name:ident, $op:tt, $op_assign:tt, $out:ty, [$($bound:tt)*], $range:expr) => {
        binary!($(#[$doc])* $name, $op, $op_assign, $out, [$($bound)*], $range, |_| Ok(()));
    };
    ($(#[$doc:meta])* $name:ident, $op:tt, $op_assign:tt, $out:ty, [$($bound:tt)*], $range:expr, $refuse:expr) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
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

        impl<A, B: Initializer> Initializer for $name<A, B>
        where
            $($bound)*
        {
            type Output = $out;

            #[inline]
            fn sample(&self, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
                self.a.sample(el, ctx, key.child(0)) $op self.b.sample(el, ctx, key.child(1))
            }

            fn check(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
                self.a.check(shape, ctx)?;
                self.b.check(shape, ctx)?;
                let refuse: fn(Option<(f64, f64)>) -> Result<(), InitError> = $refuse;
                refuse(self.b.value_bounds())
            }

            fn value_bounds(&self) -> Option<(f64, f64)> {
                let range: fn((f64, f64), (f64, f64)) -> Option<(f64, f64)> = $range;
                range(self.a.value_bounds()?, self.b.value_bounds()?)
            }

            fn fill(&self, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
                // Two passes over a small stack buffer keep each side's own
                // (possibly vectorised) fill, with results identical to
                // `sample`.
                let (ka, kb) = (key.child(0), key.child(1));
                let mut tmp = [0.0f64; 256];
                let mut done = 0;
                while done < out.len() {
                    let n = (out.len() - done).min(tmp.len());
                    let (o, t) = (&mut out[done..done + n], &mut tmp[..n]);
                    let r = run.skip(done);
                    self.a.fill(r, ctx, ka, o);
                    self.b.fill(r, ctx, kb, t);
                    for (x, y) in o.iter_mut().zip(t.iter()) {
                        *x $op_assign *y;
                    }
                    done += n;
                }
            }
        }
    };
}

binary!(
    /// `a + b` (same output type on both sides).
    Sum, +, +=, A::Output, [A: SameOutput<B>],
    // Rounding is monotonic, so the rounded sum of the bounds bounds the
    // rounded sum of any values within them.
    |(a0, a1), (b0, b1)| finite_range(a0 + b0, a1 + b1)
);
binary!(
    /// `a - b` (same output type on both sides).
    Difference, -, -=, A::Output, [A: SameOutput<B>],
    |(a0, a1), (b0, b1)| finite_range(a0 - b1, a1 - b0)
);
binary!(
    /// `a * b`, typed as `uom` types the product of the outputs.
    Product, *, *=, <A as CanMul<B>>::Out, [A: CanMul<B>],
    // The extremes of a product over a box are at its corners, and
    // rounding is monotonic in each factor of fixed sign.
    |(a0, a1), (b0, b1)| {
        let c = [a0 * b0, a0 * b1, a1 * b0, a1 * b1];
        finite_range(
            c.iter().copied().fold(f64::INFINITY, f64::min),
            c.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        )
    }
);
binary!(
    /// `a / b`, typed as `uom` types the quotient of the outputs.
    Quotient, /, /=, <A as CanDiv<B>>::Out, [A: CanDiv<B>],
    // Not tracked: a divisor's bounds may contain 0.
    |_, _| None,
    // A divisor that is exactly 0 everywhere (`init / 0.0`) would give
    // infinite weights: refused, as `.scaled(inf)` is.
    |b: Option<(f64, f64)>| match b {
        Some((0.0, 0.0)) => Err(InitError::invalid(
            "divisor",
            0.0,
            "an initializer divided by a constant 0 has no finite values",
        )),
        _ => Ok(()),
    }
);

/// `Some((lo, hi))` when both are finite (an overflow to infinity, or a
/// NaN from `inf − inf`, gives up rather than claim a bound).
fn finite_range(lo: f64, hi: f64) -> Option<(f64, f64)> {
    (lo.is_finite() && hi.is_finite()).then_some((lo, hi))
}

/// `-a`.
#[derive(Clone, Copy, Debug)]
#[must_use]
pub struct Negated<A> {
    a: A,
}

impl<A> Negated<A> {
    /// Negate `a`.
    pub fn new(a: A) -> Self {
        Self { a }
    }
}

impl<A: Initializer> Initializer for Negated<A> {
    type Output = A::Output;
    #[inline]
    fn sample(&self, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
        -self.a.sample(el, ctx, key)
    }
    fn check(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        self.a.check(shape, ctx)
    }
    fn value_bounds(&self) -> Option<(f64, f64)> {
        self.a.value_bounds().map(|(lo, hi)| (-hi, -lo))
    }
    fn fill(&self, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
        self.a.fill(run, ctx, key, out);
        out.iter_mut().for_each(|x| *x = -*x);
    }
}

/// Give an initializer type the arithmetic operators.
///
/// `impl_initializer_ops!([generics] Type where bounds)`: the generics are
/// the type's parameters (identifiers only); the `where` clause (needed when
/// there are generics) lists the bounds under which `Type` is an
/// [`Initializer`], exactly as on its `impl Initializer`.
///
/// ```
/// use init_core::{impl_initializer_ops, Context, Element, Generate, Initializer, Key};
///
/// #[derive(Clone, Copy)]
/// struct Two;
/// impl Initializer for Two {
///     type Output = f64;
///     fn sample(&self, _: Element, _: &Context<'_>, _: Key) -> f64 { 2.0 }
/// }
/// impl_initializer_ops!([] Two);
///
/// let a = (Two * 3.0 + Two - 1.0).generate(2, 0).unwrap();
/// assert_eq!(a[1], 7.0);
/// assert_eq!((-(1.0 / Two)).generate(1, 0).unwrap()[0], -0.5);
/// ```
#[macro_export]
macro_rules! impl_initializer_ops {
    (@quantity_lhs [$($g:ident),*] $t:ty, $tr:ident, $m:ident, $node:ident, $can:ident, [$($w:tt)*]) => {
        impl<$($g,)* __D> ::core::ops::$tr<$t>
            for $crate::uom::si::Quantity<__D, $crate::uom::si::SI<f64>, f64>
        where
            __D: $crate::uom::si::Dimension + ?Sized + 'static,
            $t: $crate::Initializer,
            for<'__x> $crate::uom::si::Quantity<__D, $crate::uom::si::SI<f64>, f64>: $crate::ops::$can<$t>,
            $($w)*
        {
            type Output = $crate::ops::$node<$crate::uom::si::Quantity<__D, $crate::uom::si::SI<f64>, f64>, $t>;
            #[inline]
            fn $m(self, rhs: $t) -> Self::Output {
                $crate::ops::$node::new(self, rhs)
            }
        }
    };
    // A quantity times (or over) a dimensionless initializer: `nS(0.5) *
    // init`. Limited to dimensionless right sides, whose product type is
    // the quantity's own, so that the trait solver never searches the
    // quantity's operators recursively (a quantity times a quantity-valued
    // initializer is written the other way round, `init * nS(0.5)`).
    (@quantity_scales [$($g:ident),*] $t:ty, $tr:ident, $m:ident, $node:ident, [$($w:tt)*]) => {
        impl<$($g,)* __D> ::core::ops::$tr<$t>
            for $crate::uom::si::Quantity<__D, $crate::uom::si::SI<f64>, f64>
        where
            __D: $crate::uom::si::Dimension + ?Sized + 'static,
            for<'__x> $t: $crate::Initializer<Output = f64>,
            $($w)*
        {
            type Output = $crate::ops::$node<$crate::uom::si::Quantity<__D, $crate::uom::si::SI<f64>, f64>, $t>;
            #[inline]
            fn $m(self, rhs: $t) -> Self::Output {
                $crate::ops::$node::new(self, rhs)
            }
        }
    };
    ([$($g:ident),* $(,)?] $t:ty $(where $($w:tt)*)?) => {
        impl<$($g,)* __R> ::core::ops::Add<__R> for $t
        where
            __R: $crate::Initializer,
            $t: $crate::ops::SameOutput<__R>,
            $($($w)*)?
        {
            type Output = $crate::ops::Sum<$t, __R>;
            #[inline]
            fn add(self, rhs: __R) -> Self::Output {
                $crate::ops::Sum::new(self, rhs)
            }
        }

        impl<$($g,)* __R> ::core::ops::Sub<__R> for $t
        where
            __R: $crate::Initializer,
            $t: $crate::ops::SameOutput<__R>,
            $($($w)*)?
        {
            type Output = $crate::ops::Difference<$t, __R>;
            #[inline]
            fn sub(self, rhs: __R) -> Self::Output {
                $crate::ops::Difference::new(self, rhs)
            }
        }

        impl<$($g,)* __R> ::core::ops::Mul<__R> for $t
        where
            __R: $crate::Initializer,
            $t: $crate::ops::CanMul<__R>,
            $($($w)*)?
        {
            type Output = $crate::ops::Product<$t, __R>;
            #[inline]
            fn mul(self, rhs: __R) -> Self::Output {
                $crate::ops::Product::new(self, rhs)
            }
        }

        impl<$($g,)* __R> ::core::ops::Div<__R> for $t
        where
            __R: $crate::Initializer,
            $t: $crate::ops::CanDiv<__R>,
            $($($w)*)?
        {
            type Output = $crate::ops::Quotient<$t, __R>;
            #[inline]
            fn div(self, rhs: __R) -> Self::Output {
                $crate::ops::Quotient::new(self, rhs)
            }
        }

        impl<$($g),*> ::core::ops::Neg for $t
        where
            $($($w)*)?
        {
            type Output = $crate::ops::Negated<$t>;
            #[inline]
            fn neg(self) -> Self::Output {
                $crate::ops::Negated::new(self)
            }
        }

        impl<$($g),*> ::core::ops::Add<$t> for f64
        where
            $t: $crate::Initializer,
            // Higher-ranked so that a type whose output is not `f64` does
            // not make this a trivially false (and so rejected) bound.
            for<'__x> f64: $crate::ops::SameOutput<$t>,
            $($($w)*)?
        {
            type Output = $crate::ops::Sum<f64, $t>;
            #[inline]
            fn add(self, rhs: $t) -> Self::Output {
                $crate::ops::Sum::new(self, rhs)
            }
        }

        impl<$($g),*> ::core::ops::Sub<$t> for f64
        where
            $t: $crate::Initializer,
            // Higher-ranked so that a type whose output is not `f64` does
            // not make this a trivially false (and so rejected) bound.
            for<'__x> f64: $crate::ops::SameOutput<$t>,
            $($($w)*)?
        {
            type Output = $crate::ops::Difference<f64, $t>;
            #[inline]
            fn sub(self, rhs: $t) -> Self::Output {
                $crate::ops::Difference::new(self, rhs)
            }
        }

        $crate::impl_initializer_ops!(@quantity_lhs [$($g),*] $t, Add, add, Sum, SameOutput, [$($($w)*)?]);
        $crate::impl_initializer_ops!(@quantity_lhs [$($g),*] $t, Sub, sub, Difference, SameOutput, [$($($w)*)?]);
        $crate::impl_initializer_ops!(@quantity_scales [$($g),*] $t, Mul, mul, Product, [$($($w)*)?]);
        $crate::impl_initializer_ops!(@quantity_scales [$($g),*] $t, Div, div, Quotient, [$($($w)*)?]);

        impl<$($g),*> ::core::ops::Mul<$t> for f64
        where
            $t: $crate::Initializer,
            f64: $crate::ops::CanMul<$t>,
            $($($w)*)?
        {
            type Output = $crate::ops::Product<f64, $t>;
            #[inline]
            fn mul(self, rhs: $t) -> Self::Output {
                $crate::ops::Product::new(self, rhs)
            }
        }

        impl<$($g),*> ::core::ops::Div<$t> for f64
        where
            $t: $crate::Initializer,
            f64: $crate::ops::CanDiv<$t>,
            $($($w)*)?
        {
            type Output = $crate::ops::Quotient<f64, $t>;
            #[inline]
            fn div(self, rhs: $t) -> Self::Output {
                $crate::ops::Quotient::new(self, rhs)
            }
        }
    };
}

crate::impl_initializer_ops!([A, B] Sum<A, B> where A: SameOutput<B>, B: Initializer);
crate::impl_initializer_ops!([A, B] Difference<A, B> where A: SameOutput<B>, B: Initializer);
crate::impl_initializer_ops!([A, B] Product<A, B> where A: CanMul<B>, B: Initializer);
crate::impl_initializer_ops!([A, B] Quotient<A, B> where A: CanDiv<B>, B: Initializer);
crate::impl_initializer_ops!([A] Negated<A> where A: Initializer);
