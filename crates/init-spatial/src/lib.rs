//! # init-spatial — distance profiles and distance-modulated weights
//!
//! * [`Profile`]: a dimensionless function of distance, read as a
//!   connection probability or a weight scaling. Ten built-ins with
//!   braintools' parameters and defaults: [`GaussianProfile`], [`ExponentialProfile`],
//!   [`PowerLawProfile`], [`LinearProfile`], [`StepProfile`], [`SigmoidProfile`], [`LogisticProfile`], [`DoGProfile`],
//!   [`BimodalProfile`], [`MexicanHatProfile`].
//! * [`algebra`]: `p + q`, `p - q`, `p * q`, `p / q` (either side may be
//!   an `f64`), `p.clip(min, max)`, `p.apply(f)` and the pipe `p | f`;
//!   static adaptors, or [`BoxedProfile`] for lists.
//! * [`distance_matrix`]: the dense pre × post distance matrix from
//!   [`init_core::Positions`] (optionally periodic), in parallel.
//! * [`DistanceModulated`]: `base · profile(d)` with an optional
//!   `min_weight` floor, an [`init_core::Initializer`] that takes its
//!   distances from the generation context and never stores N × N of them.
//!
//! Lengths are `uom` [`Length`](uom::si::f64::Length) quantities, rates per
//! unit length are [`ReciprocalLength`](uom::si::f64::ReciprocalLength);
//! internally everything is `f64` in SI units (metres).
// No unsafe code. `forbid` outside tests only: ndarray's `s!` macro, which
// tests use, expands to an `allow(unsafe_code)` that `forbid` rejects.
#![cfg_attr(not(test), forbid(unsafe_code))]
#![cfg_attr(test, deny(unsafe_code))]
#![warn(missing_docs)]

pub mod algebra;
mod delay;
mod distance;
mod modulated;
mod profile;
mod profiles;
mod radius;

pub use algebra::{
    ProfileApply, ProfileClip, ProfileDifference, ProfileProduct, ProfileQuotient, ProfileSum,
};
pub use delay::DistanceDelay;
pub use distance::distance_matrix;
pub use modulated::DistanceModulated;
pub use profile::{BoxedProfile, ConstantProfile, IntoProfile, Profile};
pub use profiles::{
    BimodalProfile, DoGProfile, ExponentialProfile, GaussianProfile, LinearProfile,
    LogisticProfile, MexicanHatProfile, PowerLawProfile, SigmoidProfile, StepProfile,
};

#[cfg(test)]
mod tests {
    //! Helpers shared by the unit tests.
    use uom::si::f64::Length;
    use uom::si::length::micrometer;

    /// A length in µm.
    pub fn um(v: f64) -> Length {
        Length::new::<micrometer>(v)
    }
}
