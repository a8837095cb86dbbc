//! The benchmark workloads, defined once for the workloads program and the
//! criterion benches (which include this file with `#[path]`), exactly as
//! issue 5 states them, so that both measure the same thing as the
//! reference scripts in `shared/anchors`.
#![allow(dead_code)] // each includer uses a different part

use init_compose::{Conditional, InitializerExt, Mixture};
use ndarray::Array2;
use neuroinit::prelude::*;

/// Default sizes.
pub const NORMAL_FILL_N: usize = 10_000_000;
/// Default sizes.
pub const DM_DENSE_N: usize = 5000;
/// Default sizes.
pub const MIXTURE3_N: usize = 10_000_000;
/// Default sizes.
pub const CONDITIONAL_EI_N: usize = 10_000_000;
/// Default sizes.
pub const SPARSE_SPATIAL_N: usize = 100_000;

/// normal_fill: Normal(0.5 nS, 0.1 nS).
pub fn normal_fill() -> Result<Normal<ElectricalConductance>, InitError> {
    Normal::new(nS(0.5), nS(0.1))
}

/// dm_dense: Normal(1 nS, 0.2 nS) × Gaussian(σ = 100 µm), clipped below at
/// 0.05 nS.
pub fn dm_dense() -> Result<impl Initializer<Output = ElectricalConductance>, InitError> {
    DistanceModulated::new(
        Normal::new(nS(1.0), nS(0.2))?,
        GaussianProfile::new(um(100.0))?,
    )
    .clip(Some(nS(0.05)), None)
}

/// dm_dense's positions: `n` pre and `n` post positions uniform in
/// [0, 1000]² µm (drawn with seeds derived from `seed`).
pub fn dm_dense_positions(
    n: usize,
    seed: u64,
) -> Result<(Array2<Length>, Array2<Length>), InitError> {
    let u = Uniform::new(um(0.0), um(1000.0))?;
    Ok((
        u.generate((n, 2), seed.wrapping_add(1))?,
        u.generate((n, 2), seed.wrapping_add(2))?,
    ))
}

/// mixture3's components: Normal, LogNormal and Gamma, all in nS.
pub type Mixture3 = Mixture<(
    Normal<ElectricalConductance>,
    LogNormal<ElectricalConductance>,
    Gamma<ElectricalConductance>,
)>;

/// mixture3: Normal(0.5, 0.1) nS 50 %, LogNormal(0.8, 0.3) nS 30 %,
/// Gamma(shape 3, scale 0.2 nS) 20 %.
pub fn mixture3() -> Result<Mixture3, InitError> {
    Mixture::new(
        (
            Normal::new(nS(0.5), nS(0.1))?,
            LogNormal::new(nS(0.8), nS(0.3))?,
            Gamma::new(3.0, nS(0.2))?,
        ),
        &[0.5, 0.3, 0.2],
    )
}

/// conditional_ei of `n` elements: the first 80 % TruncatedNormal(0.8, 0.2,
/// [0.2, 2.0]) nS, the rest TruncatedNormal(2.5, 0.5, [1, 5]) nS.
pub fn conditional_ei(
    n: usize,
) -> Result<impl Initializer<Output = ElectricalConductance>, InitError> {
    let n_exc = (0.8 * n as f64) as usize;
    Ok(Conditional::on_pre(
        move |i| i < n_exc,
        TruncatedNormal::new(nS(0.8), nS(0.2), nS(0.2), nS(2.0))?,
        TruncatedNormal::new(nS(2.5), nS(0.5), nS(1.0), nS(5.0))?,
    ))
}
