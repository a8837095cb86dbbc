//! Building blocks of [`Profile::radius_below`](crate::Profile::radius_below)
//! that hold for *computed* values: each one rounds outward, so that a
//! radius it returns bounds what the profile really evaluates.
//!
//! They rest on one fact of IEEE arithmetic: a correctly rounded operation
//! is monotone in each operand (`x <= y` ⇒ `fl(x + c) <= fl(y + c)`, and
//! likewise `fl(c·x)`, `fl(x / c)` for `c > 0`). So if a part of a profile
//! is at most `l` and the rounded combination of `l` is at most `level`,
//! the rounded combination of the part is at most `level` too.

/// Some `x` (at or a few ulps below `guess`) with `op(x) <= level`, where
/// `op` is monotone non-decreasing on doubles (a rounded `x + c`, `x − c`,
/// `c·x` or `x / c` with `c > 0`): then every `y <= x` has
/// `op(y) <= level` as well. `None` if 16 steps down from `guess` do not
/// get there (a NaN, or `op` of an infinite constant), which is sound.
pub(crate) fn preimage(level: f64, guess: f64, op: impl Fn(f64) -> f64) -> Option<f64> {
    let mut x = guess;
    for _ in 0..16 {
        if x.is_nan() {
            return None;
        }
        if op(x) <= level {
            return Some(x);
        }
        x = x.next_down();
    }
    None
}

/// Levels `(la, lb)` with `fl(la + lb) <= level`, `la` about
/// `level · share`: a sum whose terms are at most `la` and `lb` is then at
/// most `level` (rounding is monotone in each term).
pub(crate) fn split(level: f64, share: f64) -> Option<(f64, f64)> {
    let la = level * share;
    let lb = preimage(level, level - la, |x| la + x)?;
    Some((la, lb))
}

/// A radius beyond which the computed `amplitude · g` is at most `level`,
/// for a computed `g` in `[0, 1]` with `radius(l)`: a radius beyond which
/// `g <= l`.
///
/// * `amplitude <= 0`: the product is `<= 0`, so any `level >= 0` holds
///   everywhere (0);
/// * `level >= amplitude`: `g <= 1` gives `fl(amplitude · g) <= amplitude`
///   everywhere (0);
/// * otherwise `radius(l)` for an `l` with `fl(amplitude · l) <= level`
///   ([`preimage`]).
pub(crate) fn scaled(
    amplitude: f64,
    level: f64,
    radius: impl Fn(f64) -> Option<f64>,
) -> Option<f64> {
    if !amplitude.is_finite() || level.is_nan() || level < 0.0 {
        return None;
    }
    if amplitude <= 0.0 || level >= amplitude {
        return Some(0.0);
    }
    radius(preimage(level, level / amplitude, |x| amplitude * x)?)
}

/// A radius beyond which the computed `t₁ + t₂` of two terms
/// `tₖ = fl(aₖ · gₖ)` (each `gₖ` a computed value in `[0, 1]` with radius
/// function `rₖ`, see [`scaled`]) is at most `level >= 0`.
///
/// `tₖ <= max(aₖ, 0)`, so a `level` at or above the rounded sum of the
/// positive amplitudes holds everywhere. Otherwise the level is split in
/// proportion to the positive amplitudes (a non-positive term gets level 0,
/// which it always meets) and the larger of the two radii is taken.
pub(crate) fn two_terms(
    level: f64,
    (a1, r1): (f64, impl Fn(f64) -> Option<f64>),
    (a2, r2): (f64, impl Fn(f64) -> Option<f64>),
) -> Option<f64> {
    if level.is_nan() || level < 0.0 || !a1.is_finite() || !a2.is_finite() {
        return None;
    }
    let (p1, p2) = (a1.max(0.0), a2.max(0.0));
    let total = p1 + p2;
    if total <= level {
        return Some(0.0);
    }
    let (l1, l2) = split(level, p1 / total)?;
    Some(scaled(a1, l1, r1)?.max(scaled(a2, l2, r2)?))
}

/// The smallest of `guess` and a few larger values (outward by a relative
/// 1e-12, doubling) at which `ok` holds; `None` if none does (sound).
///
/// For a computed quantity that is monotone in the distance, checking it
/// at the radius itself bounds it at every larger distance, with no error
/// analysis of how the guess was computed.
pub(crate) fn nudge_up(guess: f64, ok: impl Fn(f64) -> bool) -> Option<f64> {
    if !guess.is_finite() {
        return None;
    }
    let mut pad = (guess.abs() * 1e-12).max(f64::MIN_POSITIVE);
    let mut r = guess;
    for _ in 0..48 {
        if ok(r) {
            return Some(r);
        }
        r = guess + pad;
        pad *= 2.0;
        if !r.is_finite() {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::tests::assert_radius_below_is_sound;
    use crate::{
        BimodalProfile, BoxedProfile, DoGProfile, ExponentialProfile, GaussianProfile,
        LinearProfile, LogisticProfile, MexicanHatProfile, PowerLawProfile, Profile,
        SigmoidProfile, StepProfile,
    };

    #[test]
    fn preimage_meets_the_level_after_rounding() {
        for (level, c) in [(0.3, 0.7), (1e-300, 3.0), (0.1, 1e-300), (5e-324, 0.9)] {
            let x = preimage(level, level / c, |x| c * x).unwrap();
            assert!(c * x <= level, "level {level}, c {c}: {x}");
            // Outward by a few ulps at most: tight, not merely sound.
            assert!(x >= (level / c).next_down().next_down().next_down());
        }
        assert_eq!(preimage(0.5, f64::NAN, |x| x), None);
        assert_eq!(preimage(0.5, 0.0, |x| x + f64::INFINITY), None);
    }

    #[test]
    fn split_levels_sum_to_at_most_the_level() {
        for level in [0.0, 1e-310, 0.3, 0.7, 1.0, 123.456] {
            for share in [0.0, 0.25, 0.5, 1.0 / 3.0, 1.0] {
                let (a, b) = split(level, share).unwrap();
                assert!(a + b <= level, "{level} {share}: {a} + {b}");
                assert!(a + b >= level * (1.0 - 1e-15), "{level} {share}: loose");
            }
        }
    }

    /// A profile whose radii are `p`'s shrunk by a relative 1e-6: unsound.
    struct Shrunk<P>(P);
    impl<P: Profile> Profile for Shrunk<P> {
        fn value_si(&self, d: f64) -> f64 {
            self.0.value_si(d)
        }
        fn radius_below(&self, level: f64) -> Option<f64> {
            self.0.radius_below(level).map(|r| r * (1.0 - 1e-6))
        }
    }

    /// The shared soundness check fails for every family once its radii
    /// are a millionth too small: it samples close enough to the radius to
    /// tell, so its passing the real bounds means something.
    #[test]
    fn the_soundness_check_catches_radii_a_millionth_too_small() {
        let um = crate::tests::um;
        let families: Vec<(&str, BoxedProfile)> = vec![
            ("gaussian", GaussianProfile::new(um(100.0)).unwrap().boxed()),
            (
                "exponential",
                ExponentialProfile::new(um(100.0)).unwrap().boxed(),
            ),
            ("power law", PowerLawProfile::new(2.0).unwrap().boxed()),
            ("linear", LinearProfile::new(um(100.0)).unwrap().boxed()),
            ("step", StepProfile::new(um(100.0)).unwrap().boxed()),
            ("sigmoid", SigmoidProfile::new(um(100.0)).unwrap().boxed()),
            (
                "logistic",
                LogisticProfile::new(1.0 / um(10.0), um(100.0))
                    .unwrap()
                    .boxed(),
            ),
            // Where a bound neglects a term (the surround, a second peak)
            // it is loose; these parameters make the neglected term
            // vanish, to see the bound itself.
            ("dog", DoGProfile::new(um(100.0), um(10.0)).unwrap().boxed()),
            (
                "bimodal",
                BimodalProfile::new(um(30.0), um(50.0))
                    .unwrap()
                    .with_centers(um(100.0), um(0.0))
                    .unwrap()
                    .with_amplitudes(0.8, 0.0)
                    .unwrap()
                    .boxed(),
            ),
            (
                "mexican hat",
                MexicanHatProfile::new(um(100.0)).unwrap().boxed(),
            ),
            (
                "algebra",
                (0.5 * GaussianProfile::new(um(100.0)).unwrap() + 0.1).boxed(),
            ),
        ];
        for (name, p) in families {
            assert_radius_below_is_sound(&p);
            let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                assert_radius_below_is_sound(&Shrunk(&p))
            }));
            assert!(caught.is_err(), "{name}: shrunk radii passed the check");
        }
    }

    #[test]
    fn nudge_up_returns_the_first_passing_radius() {
        assert_eq!(nudge_up(2.0, |r| r >= 2.0), Some(2.0));
        let r = nudge_up(2.0, |r| r > 2.0).unwrap();
        assert!(r > 2.0 && r < 2.0 * (1.0 + 1e-11));
        assert_eq!(nudge_up(2.0, |_| false), None);
        assert_eq!(nudge_up(f64::INFINITY, |_| true), None);
    }
}
