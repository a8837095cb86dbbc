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
//!
//! let init = Normal::new(nS(1.0), nS(0.2))?;
//! let w = init.generate((100, 100), 42)?;          // Array2<ElectricalConductance>
//! let s = w.summary().unwrap();
//! assert!((s.mean.get::<nanosiemens>() - 1.0).abs() < 0.01);
//! # Ok::<(), neuroinit::InitError>(())
//! ```
//!
//! # What is here
//!
//! The items are listed below as a user meets them; `docs/API.md` maps
//! every `braintools.init` name to its counterpart here, and
//! `docs/SEMANTICS.md` states what each one computes.
//!
//! * **Distributions**: [`Normal`], [`Uniform`], [`LogNormal`], [`Gamma`],
//!   [`Exponential`], [`TruncatedNormal`], [`Beta`], [`Weibull`],
//!   [`Constant`], [`Zero`]; for rate and deep-learning models
//!   [`VarianceScaling`] (Kaiming, Xavier, LeCun), [`Identity`],
//!   [`Orthogonal`], [`DeltaOrthogonal`].
//! * **Composition**: [`Mixture`], [`Conditional`], [`Select`], [`Scaled`],
//!   [`Clipped`], the adaptors of [`InitializerExt`] (`.clip`, `.scaled`,
//!   `.apply`, `.pipe`, `.boxed`), [`Transform`]s, and arithmetic
//!   (`a + b`, `init * 2.0`, `ms(1.5) + jitter`; the nodes are in
//!   [`ops`]); a dense [`Circuit`] of populations.
//! * **Distance profiles**: the ten built-ins ([`GaussianProfile`], ...),
//!   their algebra (`0.7 * g + 0.3 * e`, `.clip`, `.apply`, `p | f`) and
//!   [`DistanceModulated`].
//! * **Space**: [`Positions`] (optionally periodic), [`Context`],
//!   [`distance_matrix`].
//! * **Networks**: a [`Network`] of [`Population`]s (sizes, kinds,
//!   [`Layout`]s) and [`Projection`]s (a [`Rule`] with NEST's names, a
//!   [`Mask`], weights, delays such as [`DistanceDelay`]), generated whole
//!   or by [`Part`] into a [`Connectome`]; for one sparse matrix between
//!   two sets of positions, [`SpatialConnector`] and its [`Csr`].
//! * **Generation**: [`Generate`] (`generate`, `generate_at`,
//!   `generate_on`, `generate_with`, `generate_block`, `generate_into`),
//!   [`Seed`], [`QuantityStats`].
//! * **Your own initializers**: [`Initializer`], [`Element`], [`Run`],
//!   [`Key`], [`ElementRng`], [`Value`], [`impl_initializer_ops!`],
//!   [`Profile`], [`impl_profile_ops!`].
//! * **Units**: [`units`] (`nS(0.5)`, `um(100.0)`, `ms(1.5)`, `pA`, `mV`,
//!   `m_per_s`, ...) and the whole of [`uom`] and [`ndarray`], re-exported so
//!   that any unit can be named without a version-matched dependency.
//! * **Errors**: [`InitError`], [`ConnectError`], [`ExportError`].
//!
//! # Seeds and keys
//!
//! Every random number is a pure function of the seed, of *what* it
//! serves and of the coordinates it is drawn for, never of a thread, a
//! visiting order or a position in a list:
//!
//! * an element's stream is keyed by (seed, the node of the initializer
//!   expression that draws it, the element's global flat index, the
//!   draw's ordinal): the same for any number of threads, and a block
//!   generated alone equals that block of the whole;
//! * a node that holds a list keys each member by what it is: a
//!   [`Circuit`]'s rule for a population pair by the two populations'
//!   names, so reordering the rules changes no number; a mixture's
//!   components and an expression's operands by their slot in the node
//!   (the expression *is* the model);
//! * connectivity, weights and delays of a connector take independent
//!   families of draws from one seed.
//!
//! Two generation calls given the same seed draw the same numbers at the
//! same coordinates. **Two standalone connectors (or matrices) that should
//! be independent need different seeds**: derive them by name with
//! [`Seed::derive`] (`seed.derive("E->I")`).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// Distributions.
pub use init_dist::{
    Beta, Constant, Exponential, Gamma, LogNormal, Normal, TruncatedNormal, Uniform, Weibull, Zero,
};
// Initializers of rate and deep-learning models.
pub use init_dist::{
    DeltaOrthogonal, Fan, Fans, Identity, Nonlinearity, Orthogonal, ScalingDistribution,
    VarianceScaling, WeightLayout,
};
// Composition.
pub use init_compose::{
    Apply, Bounds, Clipped, Compose, Condition, Conditional, IndexAxis, InitializerExt,
    InitializerList, Mixture, OnIndex, OnMask, OnProperty, Scaled, Select, Transform, TransformExt,
};
pub use init_compose::{Circuit, CircuitBuilder, CircuitPopulation};
pub use init_core::Sign;
/// Arithmetic on initializers: the nodes `a + b`, `a - b`, `a * b`, `a / b`
/// and `-a` build, and the traits that type them.
pub use init_core::ops;
// Distance profiles.
pub use init_spatial::{
    BimodalProfile, DoGProfile, ExponentialProfile, GaussianProfile, LinearProfile,
    LogisticProfile, MexicanHatProfile, PowerLawProfile, SigmoidProfile, StepProfile,
};
pub use init_spatial::{
    BoxedProfile, ConstantProfile, DistanceModulated, IntoProfile, Profile, ProfileApply,
    ProfileClip, ProfileDifference, ProfileProduct, ProfileQuotient, ProfileSum, distance_matrix,
    impl_profile_ops,
};
// Space.
pub use init_core::{Context, Positions};
// Networks: populations and projections.
pub use init_network::{
    Connectome, Layout, Mask, Network, NetworkBuilder, NetworkError, Part, Placed, Population,
    Projection, ProjectionInfo, ProjectionView, Rule, Scheme, Targets, degree_histogram,
};
pub use init_spatial::DistanceDelay;
// Networks: one sparse matrix between two positioned sets.
pub use init_network::{
    ConnectError, ConnectorRule, Csr, ExportError, NoDelays, Progress, Side, SpatialConnector,
};
// Output directories written whole or not at all.
pub use init_network::StagedDir;
// Networks as SONATA circuits (feature `sonata`).
#[cfg(feature = "sonata")]
pub use init_network::{EdgeFile, SonataFiles, SonataOptions};
// Generation, and the engine's trait for initializers of your own.
pub use init_core::{
    ArrayValues, ArrayValuesMut, BoxedInitializer, Element, ElementRng, Generate, Initializer,
    IntoValues, Key, QuantityStats, Run, Seed, Summary, Value, impl_initializer_ops,
};
// Errors.
pub use init_core::InitError;

/// `ndarray`, as neuroinit uses it (arrays in, arrays out).
pub use init_core::ndarray;
/// `uom`, as neuroinit uses it: every unit and quantity type.
pub use init_core::uom;

pub mod units;

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
/// // A number is one thing, a constant initializer: `.clip` is its clip.
/// let c = 0.5f64.clip(0.0, 1.0)?;
/// assert_eq!(c.generate(2, 0)?[1], 0.5);
/// # Ok::<(), InitError>(())
/// ```
pub mod prelude {
    pub use crate::units::*;
    pub use crate::{
        ArrayValues, BoxedInitializer, Context, Generate, InitError, Initializer, IntoValues,
        Positions, QuantityStats, Seed, Summary,
    };
    pub use crate::{
        Beta, Constant, Exponential, Gamma, LogNormal, Normal, TruncatedNormal, Uniform, Weibull,
        Zero,
    };
    pub use crate::{
        BimodalProfile, DoGProfile, ExponentialProfile, GaussianProfile, LinearProfile,
        LogisticProfile, MexicanHatProfile, PowerLawProfile, SigmoidProfile, StepProfile,
    };
    pub use crate::{BoxedProfile, ConstantProfile, DistanceModulated, Profile, distance_matrix};
    pub use crate::{
        Circuit, Clipped, Conditional, IndexAxis, InitializerExt, Mixture, Scaled, Select, Sign,
        Transform, TransformExt,
    };
    pub use crate::{ConnectError, Csr, ExportError, Progress, SpatialConnector};
    pub use crate::{
        Connectome, DistanceDelay, Layout, Mask, Network, NetworkError, Part, Population,
        Projection, Rule, Scheme,
    };
    pub use crate::{Fan, Identity, Nonlinearity, Orthogonal, VarianceScaling};
    pub use uom::si::electric_current::{nanoampere, picoampere};
    pub use uom::si::electric_potential::millivolt;
    pub use uom::si::electrical_conductance::{microsiemens, nanosiemens, picosiemens};
    pub use uom::si::f64::{
        ElectricCurrent, ElectricPotential, ElectricalConductance, Length, Ratio, ReciprocalLength,
        Time, Velocity,
    };
    pub use uom::si::length::{micrometer, millimeter};
    pub use uom::si::time::millisecond;
    pub use uom::si::velocity::meter_per_second;
}
