//! # init-dist — base distributions
//!
//! Each distribution is an [`init_core::Initializer`] whose parameters and
//! output share one `uom` quantity type (or plain `f64`); shape parameters
//! (Gamma's `k`, Beta's `α`, `β`, Weibull's `k`) are plain numbers. Every
//! constructor validates its parameters as `SEMANTICS.md` states and
//! returns [`init_core::InitError::InvalidParameter`] naming the parameter.
//!
//! | type | parameters | sample |
//! |---|---|---|
//! | [`Constant`], [`Zero`] | value | the value; 0 |
//! | [`Uniform`] | low, high | `U[low, high)` |
//! | [`Normal`] | mean, std | `N(mean, std²)` |
//! | [`LogNormal`] | mean, std of the samples | `exp(N(mu, s²))` |
//! | [`Gamma`] | shape k, scale θ | `Gamma(k, θ)`, mean `kθ` |
//! | [`Exponential`] | scale β | `Exp` with mean `β` |
//! | [`TruncatedNormal`] | mean, std, optional low, high | `N(mean, std²)` on `[low, high]`, exact in the tails |
//! | [`Beta`] | α, β, low, high | `low + (high − low)·Beta(α, β)` |
//! | [`Weibull`] | shape k, scale λ | `λ·Weibull(k)` |
//!
//! For rate and deep-learning models (dimensionless weights):
//! [`VarianceScaling`] (Kaiming, Xavier, LeCun; fans by [`Fans`], 2-D
//! shapes `(in, out)` unless [`WeightLayout::OutIn`]) and [`Identity`],
//! built for one shape; [`Orthogonal`] and [`DeltaOrthogonal`] (QR by
//! faer, Haar), which generate whole arrays only.
//!
//! Samplers come from `rand_distr` where it has them (the truncated normal
//! is ours: `rand_distr` has none); each element draws from its own keyed
//! stream, so results do not depend on thread count.
// No unsafe code. `forbid` outside tests only: ndarray's `s!` macro, which
// tests use, expands to an `allow(unsafe_code)` that `forbid` rejects.
#![cfg_attr(not(test), forbid(unsafe_code))]
#![cfg_attr(test, deny(unsafe_code))]
#![warn(missing_docs)]

mod beta;
mod constant;
mod exponential;
mod fans;
mod gamma;
mod identity;
mod lognormal;
mod normal;
mod orthogonal;
mod qr;
mod truncated_normal;
mod uniform;
mod variance_scaling;
mod weibull;

pub use beta::Beta;
pub use constant::{Constant, Zero};
pub use exponential::Exponential;
pub use fans::{Fan, Fans, WeightLayout};
pub use gamma::Gamma;
pub use identity::Identity;
pub use lognormal::LogNormal;
pub use normal::Normal;
pub use orthogonal::{DeltaOrthogonal, Orthogonal};
pub use truncated_normal::TruncatedNormal;
pub use uniform::Uniform;
pub use variance_scaling::{Nonlinearity, ScalingDistribution, VarianceScaling};
pub use weibull::Weibull;

#[cfg(test)]
mod tests {
    //! Helpers shared by the distribution tests.
    use init_core::{Generate, Initializer, Value};
    use uom::si::electrical_conductance::nanosiemens;
    use uom::si::f64::ElectricalConductance;

    /// A conductance in nS.
    pub fn ns(v: f64) -> ElectricalConductance {
        ElectricalConductance::new::<nanosiemens>(v)
    }

    /// `n` draws of `init` with `seed`, as plain numbers in nS (in the SI
    /// value ×1e9 for conductances, unchanged for `f64`).
    pub fn draws<I>(init: &I, n: usize, seed: u64) -> Vec<f64>
    where
        I: Initializer<Output = ElectricalConductance>,
    {
        let a = init.generate(n, seed).expect("valid shape");
        a.iter().map(|v| v.si() * 1e9).collect()
    }

    /// `n` draws of a dimensionless `init` with `seed`, unchanged.
    pub fn draws_f64<I>(init: &I, n: usize, seed: u64) -> Vec<f64>
    where
        I: Initializer<Output = f64>,
    {
        init.generate(n, seed).expect("valid shape").to_vec()
    }

    /// Whether `r` is `Err(InvalidParameter)` naming `name`.
    pub fn names<T>(r: Result<T, init_core::InitError>, name: &str) -> bool {
        matches!(r, Err(init_core::InitError::InvalidParameter { name: n, .. }) if n == name)
    }
}
