//! # neuroinit
//!
//! Connection weights for biologically structured neural networks, in the
//! expressive style of `braintools.init` — distributions, mixtures,
//! conditionals, distance profiles — with three guarantees:
//!
//! 1. **Units checked by the compiler** (`uom`): a length where a
//!    conductance belongs does not compile.
//! 2. **Speed and scale**: parallel (rayon) generation of dense matrices
//!    and, for local connectivity, sparse matrices at a million neurons.
//! 3. **Determinism**: the same seed gives the same numbers on 1 or 64
//!    threads, and any block of a matrix generated alone equals that block
//!    of the whole.
//!
//! ```
//! use neuroinit::prelude::*;
//! use neuroinit::units::nS;
//!
//! let init = Normal::new(nS(1.0), nS(0.2))?;
//! let w = init.generate((100, 100), 42)?;          // Array2<ElectricalConductance>
//! let s = w.summary().unwrap();
//! assert!((s.mean.get::<nanosiemens>() - 1.0).abs() < 0.01);
//! # Ok::<(), neuroinit::InitError>(())
//! ```
#![warn(missing_docs)]

pub use init_compose::*;
pub use init_core::*;
pub use init_dist::*;
pub use init_network::*;
pub use init_spatial::*;

pub mod units;
pub mod workloads;

/// The user guide (`docs/GUIDE.md`): braintools' tutorial walked in Rust.
/// Every Rust block in it is a doctest.
pub mod guide {
    #![doc = include_str!("../docs/GUIDE.md")]
}

/// Everything a typical program needs, in one `use`.
///
/// It glob-imports beside ndarray's prelude without a clash (which is why
/// the index a `Conditional` reads is an `IndexAxis`, not an `Axis`):
///
/// ```
/// use ndarray::prelude::*;
/// use neuroinit::prelude::*;
///
/// let w = Normal::new(nS(1.0), nS(0.1))?.generate((3, 4), 1)?;
/// let per_row = w.si_view().sum_axis(Axis(1));
/// assert_eq!(per_row.len(), 3);
/// let layer = [true, true, false];
/// let w = Conditional::on_mask(IndexAxis::Pre, layer, Constant::new(nS(1.0))?, Zero::new())
///     .generate((3, 4), 1)?;
/// assert_eq!((w[[0, 0]], w[[2, 0]]), (nS(1.0), nS(0.0)));
/// # Ok::<(), InitError>(())
/// ```
pub mod prelude {
    pub use crate::units::*;
    pub use init_compose::{
        Circuit, Clipped, Conditional, IndexAxis, InitializerExt, Mixture, Scaled, Select, Sign,
        Transform, TransformExt,
    };
    pub use init_core::{
        ArrayValues, BoxedInitializer, Context, Generate, InitError, Initializer, Positions,
        QuantityStats, Seed, Summary,
    };
    pub use init_dist::*;
    pub use init_network::{ConnectError, Csr, ExportError, Rule, SpatialConnector};
    pub use init_spatial::{
        BimodalProfile, BoxedProfile, DistanceModulated, DoGProfile, ExponentialProfile,
        GaussianProfile, LinearProfile, LogisticProfile, MexicanHatProfile, PowerLawProfile,
        Profile, SigmoidProfile, StepProfile, distance_matrix,
    };
    pub use uom::si::electrical_conductance::{microsiemens, nanosiemens, picosiemens};
    pub use uom::si::f64::{ElectricalConductance, Length, Ratio, ReciprocalLength, Time};
    pub use uom::si::length::{micrometer, millimeter};
    pub use uom::si::time::millisecond;
}
