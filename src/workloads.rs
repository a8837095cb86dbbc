//! Reference workloads that compare neuroinit with other systems, defined
//! once here so that the example, the benches and a workloads program build
//! exactly the same thing.

use init_core::ndarray::Array2;
use init_core::{Generate, InitError, Positions};
use init_dist::{Normal, Uniform};
use init_spatial::{ConnectError, GaussianProfile, SpatialConnector};
use uom::si::f64::{ElectricalConductance, Length};

use crate::units::{nS, um};

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
/// `shared/anchors/nest_workloads.py`): the neurons at `positions`
/// connected to themselves, each pair with probability
/// Gaussian(σ = 50 µm) within a 150 µm mask, no autapses, weights
/// Normal(1 nS, 0.2 nS). At 0.01 neurons per µm² that is about 152
/// synapses per neuron away from the edges.
///
/// ```
/// use neuroinit::workloads::{sparse_spatial, sparse_spatial_positions};
///
/// let xy = sparse_spatial_positions(2000, 42)?;
/// let csr = sparse_spatial(&xy)?.connect(42)?;
/// assert_eq!(csr.shape(), (2000, 2000));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sparse_spatial(positions: &Array2<Length>) -> Result<SparseSpatial<'_>, ConnectError> {
    let p = Positions::new(positions, positions)?;
    Ok(SpatialConnector::new(
        p,
        GaussianProfile::new(um(50.0))?,
        Normal::new(nS(1.0), nS(0.2))?,
    )
    .mask_radius(um(150.0))?
    .autapses(false))
}
