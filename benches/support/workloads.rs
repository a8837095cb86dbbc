//! The benchmark workloads of docs/PERFORMANCE.md, defined once here so
//! that the workloads program (`examples/workloads.rs`), the criterion
//! benches and the examples build exactly what the reference scripts in
//! `benches/reference/` build for braintools and NEST.
//!
//! Support code of the benches and examples (each includes this file as a
//! module), not part of the library's API.
#![allow(dead_code)]

use neuroinit::ndarray::Array2;
use neuroinit::units::{nS, um};
use neuroinit::uom::si::f64::{ElectricalConductance, Length};
use neuroinit::{
    Conditional, ConnectError, DistanceModulated, Gamma, GaussianProfile, Generate, InitError,
    Initializer, Layout, LogNormal, Mask, Mixture, Network, NetworkError, Normal, Population,
    Positions, Projection, Rule, SpatialConnector, TruncatedNormal, Uniform,
};

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

/// The connector of [`sparse_spatial`].
pub type SparseSpatial<'a> = SpatialConnector<'a, GaussianProfile, Normal<ElectricalConductance>>;

/// Side of the square of the sparse_spatial workload for `n` neurons:
/// `1000·sqrt(n / 10 000)` µm, so the density is 0.01 neurons per µm²
/// whatever `n`.
pub fn sparse_spatial_side(n: usize) -> Length {
    um(1000.0 * (n as f64 / 10_000.0).sqrt())
}

/// The sparse_spatial workload's positions: `n × 2`, uniform in the square
/// of [`sparse_spatial_side`], drawn with `seed + 1`.
pub fn sparse_spatial_positions(n: usize, seed: u64) -> Result<Array2<Length>, InitError> {
    let side = sparse_spatial_side(n);
    if n == 0 {
        return Ok(Array2::from_elem((0, 2), um(0.0)));
    }
    Uniform::new(um(0.0), side)?.generate((n, 2), seed.wrapping_add(1))
}

/// The sparse_spatial workload (the same as NEST's in
/// `benches/reference/nest_workloads.py`): the neurons at `positions`
/// connected to themselves, each pair with probability
/// Gaussian(σ = 50 µm) within a 150 µm mask, no autapses, weights
/// Normal(1 nS, 0.2 nS). At 0.01 neurons per µm² that is about 152
/// synapses per neuron away from the edges.
pub fn sparse_spatial(positions: &Array2<Length>) -> Result<SparseSpatial<'_>, ConnectError> {
    let p = Positions::new(positions, positions)?;
    Ok(SpatialConnector::new(
        p,
        GaussianProfile::new(um(50.0))?,
        Normal::new(nS(1.0), nS(0.2))?,
    )
    .with_mask(Mask::circular(um(150.0))?)?
    .allow_autapses(false))
}

/// The sparse cortex as a network (the model of
/// `examples/networks/sparse_cortex.toml`): `n` neurons uniform in the
/// square of [`sparse_spatial_side`], p = Gaussian(σ = 50 µm) within a
/// circular mask of 150 µm, no autapses, weights Normal(1 nS, 0.2 nS).
pub fn sparse_cortex_network(n: usize) -> Result<Network<ElectricalConductance>, NetworkError> {
    let side = sparse_spatial_side(n);
    let init = |e: InitError| NetworkError::Init {
        projection: "cortex -> cortex".into(),
        field: "rule",
        source: e,
    };
    Network::builder()
        .population(
            Population::new("cortex", n)
                .with_layout(Layout::uniform(&[um(0.0), um(0.0)], &[side, side]).map_err(init)?),
        )
        .projection(
            Projection::new(
                "cortex",
                "cortex",
                Rule::pairwise_bernoulli(GaussianProfile::new(um(50.0)).map_err(init)?)
                    .map_err(init)?,
                Normal::new(nS(1.0), nS(0.2)).map_err(init)?,
            )
            .with_mask(Mask::circular(um(150.0)).map_err(init)?)
            .allow_autapses(false),
        )
        .build()
}
