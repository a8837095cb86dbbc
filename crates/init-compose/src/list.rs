//! Lists of initializers of one output type: the components of a
//! [`Mixture`](crate::Mixture) and the branches of a [`Select`](crate::Select).
//!
//! A list is either a `Vec` of initializers (usually
//! [`BoxedInitializer`](init_core::BoxedInitializer)s, for a heterogeneous
//! list built at run time) or a tuple of up to eight initializers (static
//! dispatch, each member inlined). Every member must have the same
//! [`Initializer::Output`], so a list mixing nS and µm does not compile.

use init_core::{Context, Element, InitError, Initializer, Key, Run, Value};

/// A list of initializers that all produce the same quantity.
///
/// Implemented for `Vec<I>` (e.g. `Vec<BoxedInitializer<Q>>`) and for tuples
/// `(A,)` to `(A, B, C, D, E, F, G, H)` whose members share `A::Output`.
pub trait InitializerList: Send + Sync {
    /// The quantity every member produces.
    type Output: Value;

    /// Number of members.
    fn len(&self) -> usize;

    /// Whether the list is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Member `i`'s value at `el`, drawn with `key`. For `i >= self.len()`
    /// (a caller's bug) the value is NaN, never a panic.
    fn sample_member(&self, i: usize, el: Element, ctx: &Context<'_>, key: Key) -> f64;

    /// Member `i` fills the consecutive run `out` (see
    /// [`Initializer::fill`]).
    fn fill_member(&self, i: usize, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]);

    /// Member `i` samples only the elements `run.element(k)` for the set
    /// bits `k` of `picked`, into `out[k]` (`out.len() <= 64`).
    ///
    /// One call per member and block, rather than one dynamic dispatch per
    /// element: for a `Vec` of boxed initializers the indirect call inside
    /// the loop always goes to the same place, which the branch predictor
    /// learns.
    fn sample_member_at(
        &self,
        i: usize,
        picked: u64,
        run: Run,
        ctx: &Context<'_>,
        key: Key,
        out: &mut [f64],
    );

    /// Forward [`Initializer::check`] to every member.
    fn check_all(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError>;

    /// Member `i`'s [`Initializer::value_bounds`] (`None` past the end).
    fn member_bounds(&self, i: usize) -> Option<(f64, f64)>;

    /// The smallest range holding the bounds of every member `i` with
    /// `used(i)`; `None` if one of them has none (or none is used).
    fn bounds_of(&self, used: impl Fn(usize) -> bool) -> Option<(f64, f64)>
    where
        Self: Sized,
    {
        let mut hull: Option<(f64, f64)> = None;
        for i in (0..self.len()).filter(|&i| used(i)) {
            let (lo, hi) = self.member_bounds(i)?;
            hull = Some(hull.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
        }
        hull
    }
}

/// `out[k] = init.sample(run.element(k))` for the set bits `k` of
/// `picked`.
#[inline(always)]
fn sample_at<I: Initializer + ?Sized>(
    init: &I,
    mut picked: u64,
    run: Run,
    ctx: &Context<'_>,
    key: Key,
    out: &mut [f64],
) {
    while picked != 0 {
        let k = picked.trailing_zeros() as usize;
        picked &= picked - 1;
        out[k] = init.sample(run.element(k), ctx, key);
    }
}

impl<I: Initializer> InitializerList for Vec<I> {
    type Output = I::Output;

    fn len(&self) -> usize {
        <[I]>::len(self)
    }

    #[inline]
    fn sample_member(&self, i: usize, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
        self.get(i).map_or(f64::NAN, |m| m.sample(el, ctx, key))
    }

    fn fill_member(&self, i: usize, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
        match self.get(i) {
            Some(m) => m.fill(run, ctx, key, out),
            None => out.fill(f64::NAN),
        }
    }

    fn sample_member_at(
        &self,
        i: usize,
        picked: u64,
        run: Run,
        ctx: &Context<'_>,
        key: Key,
        out: &mut [f64],
    ) {
        match self.get(i) {
            Some(m) => sample_at(m, picked, run, ctx, key, out),
            None => sample_at(&f64::NAN, picked, run, ctx, key, out),
        }
    }

    fn check_all(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
        self.iter().try_for_each(|m| m.check(shape, ctx))
    }

    fn member_bounds(&self, i: usize) -> Option<(f64, f64)> {
        self.get(i)?.value_bounds()
    }
}

macro_rules! tuple_list {
    ($n:expr; $A:ident $(, $T:ident)*; $($idx:tt),+) => {
        impl<$A: Initializer $(, $T: Initializer<Output = $A::Output>)*> InitializerList
            for ($A, $($T,)*)
        {
            type Output = $A::Output;

            fn len(&self) -> usize {
                $n
            }

            #[inline]
            fn sample_member(&self, i: usize, el: Element, ctx: &Context<'_>, key: Key) -> f64 {
                match i {
                    $($idx => self.$idx.sample(el, ctx, key),)+
                    // `i >= len`: NaN makes the caller's bug visible.
                    _ => f64::NAN,
                }
            }

            fn fill_member(&self, i: usize, run: Run, ctx: &Context<'_>, key: Key, out: &mut [f64]) {
                match i {
                    $($idx => self.$idx.fill(run, ctx, key, out),)+
                    _ => out.fill(f64::NAN),
                }
            }

            fn sample_member_at(
                &self,
                i: usize,
                picked: u64,
                run: Run,
                ctx: &Context<'_>,
                key: Key,
                out: &mut [f64],
            ) {
                match i {
                    $($idx => sample_at(&self.$idx, picked, run, ctx, key, out),)+
                    _ => sample_at(&f64::NAN, picked, run, ctx, key, out),
                }
            }

            fn check_all(&self, shape: &[usize], ctx: &Context<'_>) -> Result<(), InitError> {
                $(self.$idx.check(shape, ctx)?;)+
                Ok(())
            }

            fn member_bounds(&self, i: usize) -> Option<(f64, f64)> {
                match i {
                    $($idx => self.$idx.value_bounds(),)+
                    _ => None,
                }
            }
        }
    };
}

tuple_list!(1; A; 0);
tuple_list!(2; A, B; 0, 1);
tuple_list!(3; A, B, C; 0, 1, 2);
tuple_list!(4; A, B, C, D; 0, 1, 2, 3);
tuple_list!(5; A, B, C, D, E; 0, 1, 2, 3, 4);
tuple_list!(6; A, B, C, D, E, F; 0, 1, 2, 3, 4, 5);
tuple_list!(7; A, B, C, D, E, F, G; 0, 1, 2, 3, 4, 5, 6);
tuple_list!(8; A, B, C, D, E, F, G, H; 0, 1, 2, 3, 4, 5, 6, 7);
