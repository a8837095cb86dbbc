//! Initializers for Python: built at their quantity type, handed over
//! erased, generated with the GIL released.

use std::sync::Arc;

use neuroinit::ndarray::{Array, Array2, ArrayD, IxDyn};
use neuroinit::ops::{Difference, Negated, Product, Quotient, Sum};
use neuroinit::uom::si::f64::Length;
use neuroinit::{
    Beta, Clipped, Conditional, Constant, Context, DeltaOrthogonal, DistanceModulated, Exponential,
    Fan, Gamma, Generate, Identity, IndexAxis, InitError, LogNormal, Mixture, Nonlinearity, Normal,
    Orthogonal, Positions, Scaled, ScalingDistribution, TruncatedNormal, Uniform, Value,
    VarianceScaling, Weibull, WeightLayout, Zero,
};
use numpy::{IntoPyArray, PyArrayDyn, PyReadonlyArray1, PyReadonlyArray2, PyReadonlyArrayDyn};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::erased::{Erased, InUnit, Retype, erase, typed};
use crate::kind::{Kind, with_quantity};
use crate::profile::{DistanceProfile, SharedProfile};
use crate::{threads, value_error};

/// A floored or clipped `DistanceModulated` keeps its bounds inside (they
/// decide which elements need no draw), so `.clip` on one must reach it.
trait ModulatedClip: Send + Sync {
    fn clip(&self, min: Option<f64>, max: Option<f64>) -> Result<Init, InitError>;
}

type Modulated<Q> = DistanceModulated<Retype<Erased, Q>, SharedProfile>;

/// A `DistanceModulated` at its quantity type, with that type's kind.
struct ModulatedAt<Q> {
    dm: Modulated<Q>,
    kind: Kind,
}

impl<Q: Value + 'static> ModulatedClip for ModulatedAt<Q> {
    fn clip(&self, min: Option<f64>, max: Option<f64>) -> Result<Init, InitError> {
        let dm = self
            .dm
            .clone()
            .clip(min.map(Q::from_si), max.map(Q::from_si))?;
        Ok(Init::modulated::<Q>(dm, self.kind))
    }
}

/// An initializer: call `generate` for an array of SI values divided by
/// the unit asked for.
#[pyclass(frozen, module = "neuroinit._neuroinit")]
pub(crate) struct Init {
    inner: Erased,
    kind: Kind,
    modulated: Option<Arc<dyn ModulatedClip>>,
}

impl Init {
    fn new(inner: Erased, kind: Kind) -> Init {
        Init {
            inner,
            kind,
            modulated: None,
        }
    }

    fn modulated<Q: Value + 'static>(dm: Modulated<Q>, kind: Kind) -> Init {
        Init {
            inner: erase(dm.clone()),
            kind,
            modulated: Some(Arc::new(ModulatedAt { dm, kind })),
        }
    }
}

fn lengths_1d(a: &PyReadonlyArrayDyn<'_, f64>) -> ArrayD<Length> {
    a.as_array().mapv(Length::from_si)
}

fn lengths_2d(a: &PyReadonlyArray2<'_, f64>) -> Array2<Length> {
    a.as_array().mapv(Length::from_si)
}

/// What an element may read beside its coordinates, owned so that the
/// GIL can be released while generating.
#[derive(Default)]
struct Owned {
    distances: Option<ArrayD<Length>>,
    positions: Option<(Array2<Length>, Array2<Length>)>,
    period: Option<Vec<Length>>,
}

impl Owned {
    fn context(&self) -> Result<Context<'_>, InitError> {
        let mut ctx = Context::new();
        if let Some(d) = &self.distances {
            ctx = ctx.with_distances(d)?;
        }
        if let Some((p, q)) = &self.positions {
            let mut pos = Positions::new(p, q)?;
            if let Some(b) = &self.period {
                pos = pos.periodic(b)?;
            }
            ctx = ctx.with_geometry(pos);
        }
        Ok(ctx)
    }
}

#[pymethods]
impl Init {
    /// The dimension of the values (`"conductance"`, `"1"`, ...).
    #[getter]
    fn kind(&self) -> &'static str {
        match self.kind {
            Kind::Dimensionless => "1",
            Kind::Conductance => "conductance",
            Kind::Current => "current",
            Kind::Potential => "potential",
            Kind::Length => "length",
            Kind::Time => "time",
            Kind::Velocity => "velocity",
            Kind::PerLength => "per_length",
        }
    }

    /// `(lo, hi)` in SI bounding every value, or `None`.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        self.inner.value_bounds()
    }

    /// An array of `shape` drawn with `seed`, in the unit whose SI value is
    /// `unit_si`. Distances and positions are in metres. (No neuron
    /// indices: a Conditional is decided in Python and arrives as a mask.)
    #[pyo3(signature = (shape, seed, unit_si=1.0, *, distances=None, pre_positions=None,
        post_positions=None, period=None, threads=None))]
    #[allow(clippy::too_many_arguments)]
    fn generate<'py>(
        &self,
        py: Python<'py>,
        shape: Vec<usize>,
        seed: u64,
        unit_si: f64,
        distances: Option<PyReadonlyArrayDyn<'py, f64>>,
        pre_positions: Option<PyReadonlyArray2<'py, f64>>,
        post_positions: Option<PyReadonlyArray2<'py, f64>>,
        period: Option<Vec<f64>>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyArrayDyn<f64>>> {
        if !(unit_si.is_finite() && unit_si > 0.0) {
            return Err(PyValueError::new_err(format!(
                "unit_si = {unit_si}: a unit's size in SI is finite and > 0"
            )));
        }
        let owned = Owned {
            distances: distances.as_ref().map(lengths_1d),
            positions: match (&pre_positions, &post_positions) {
                (Some(p), Some(q)) => Some((lengths_2d(p), lengths_2d(q))),
                (None, None) => None,
                _ => {
                    return Err(PyValueError::new_err(
                        "pre_positions and post_positions come together",
                    ));
                }
            },
            period: period.map(|b| b.into_iter().map(Length::from_si).collect()),
        };
        let inner = self.inner.clone();
        let out = py.detach(move || {
            threads::run(threads, move || -> Result<ArrayD<f64>, InitError> {
                let ctx = owned.context()?;
                let in_unit = InUnit {
                    inner: &inner,
                    unit_si,
                };
                in_unit.generate_with(IxDyn(&shape), seed, &ctx)
            })
        })?;
        Ok(out.map_err(value_error)?.into_pyarray(py))
    }

    /// `min <= x <= max` elementwise (SI; either may be `None`). On a
    /// `DistanceModulated` the bounds stay inside it, as in the Rust API.
    #[pyo3(signature = (min=None, max=None))]
    fn clip(&self, min: Option<f64>, max: Option<f64>) -> PyResult<Init> {
        if let Some(m) = &self.modulated {
            return m.clip(min, max).map_err(value_error);
        }
        with_quantity!(self.kind, Q => {
            let c = Clipped::new(typed::<Q>(&self.inner), min.map(Q::from_si), max.map(Q::from_si))
                .map_err(value_error)?;
            Ok(Init::new(erase(c), self.kind))
        })
    }

    /// `self * factor` (a finite number).
    fn scaled(&self, factor: f64) -> PyResult<Init> {
        let s = Scaled::new(self.inner.clone(), factor).map_err(value_error)?;
        Ok(Init::new(erase(s), self.kind))
    }

    /// `self (op) other` for op in `+ - * /`; `kind` is the result's
    /// dimension (the Python side works it out).
    fn binary(&self, op: &str, other: &Init, kind: &str) -> PyResult<Init> {
        let (a, b) = (self.inner.clone(), other.inner.clone());
        let e = match op {
            "+" => erase(Sum::new(a, b)),
            "-" => erase(Difference::new(a, b)),
            "*" => erase(Product::new(a, b)),
            "/" => erase(Quotient::new(a, b)),
            _ => return Err(PyValueError::new_err(format!("unknown operator {op:?}"))),
        };
        Ok(Init::new(e, Kind::parse(kind)?))
    }

    /// `-self`.
    fn negated(&self) -> Init {
        Init::new(erase(Negated::new(self.inner.clone())), self.kind)
    }
}

macro_rules! typed_constructor {
    ($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) => |$($q:ident),*| $build:expr) => {
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = (kind, $($arg),*))]
        fn $name(kind: &str, $($arg: $ty),*) -> PyResult<Init> {
            let k = Kind::parse(kind)?;
            with_quantity!(k, Q => {
                $(let $q = |v: f64| Q::from_si(v);)*
                let built = $build.map_err(value_error)?;
                Ok(Init::new(erase(built), k))
            })
        }
    };
}

typed_constructor!(
    /// Normal(mean, std), SI.
    fn normal(mean: f64, std: f64) => |q| Normal::new(q(mean), q(std)));
typed_constructor!(
    /// Uniform(low, high), SI.
    fn uniform(low: f64, high: f64) => |q| Uniform::new(q(low), q(high)));
typed_constructor!(
    /// LogNormal with the samples' mean and std, SI.
    fn lognormal(mean: f64, std: f64) => |q| LogNormal::new(q(mean), q(std)));
typed_constructor!(
    /// Gamma(shape, scale), scale SI.
    fn gamma(shape: f64, scale: f64) => |q| Gamma::new(shape, q(scale)));
typed_constructor!(
    /// Exponential(scale), SI.
    fn exponential(scale: f64) => |q| Exponential::new(q(scale)));
typed_constructor!(
    /// Weibull(shape, scale), scale SI.
    fn weibull(shape: f64, scale: f64) => |q| Weibull::new(shape, q(scale)));
typed_constructor!(
    /// Beta(alpha, beta) on [low, high], SI.
    fn beta(alpha: f64, beta: f64, low: f64, high: f64) => |q| Beta::new(alpha, beta, q(low), q(high)));
typed_constructor!(
    /// TruncatedNormal(mean, std, low, high), SI; `None` for an open side.
    fn truncated_normal(mean: f64, std: f64, low: Option<f64>, high: Option<f64>) =>
        |q| TruncatedNormal::new(q(mean), q(std), low.map(q), high.map(q)));
typed_constructor!(
    /// Constant(value), SI.
    fn constant(value: f64) => |q| Constant::new(q(value)));

/// Zero of dimension `kind`.
#[pyfunction]
fn zero(kind: &str) -> PyResult<Init> {
    let k = Kind::parse(kind)?;
    with_quantity!(k, Q => Ok(Init::new(erase(Zero::<Q>::new()), k)))
}

/// A mixture of `components` (one dimension) with `weights`.
#[pyfunction]
fn mixture(components: Vec<PyRef<'_, Init>>, weights: Vec<f64>) -> PyResult<Init> {
    let kind = components
        .first()
        .map(|c| c.kind)
        .ok_or_else(|| PyValueError::new_err("distributions: a mixture needs at least one"))?;
    if components.iter().any(|c| c.kind != kind) {
        return Err(PyValueError::new_err(
            "distributions: the components of a mixture have one dimension",
        ));
    }
    let list: Vec<Erased> = components.iter().map(|c| c.inner.clone()).collect();
    let m = Mixture::new(list, &weights).map_err(value_error)?;
    Ok(Init::new(erase(m), kind))
}

/// `if_true` where `mask[neuron index]` holds, else `if_false`; the index
/// is read on `axis` (`"flat"`, `"pre"`, `"post"`).
#[pyfunction]
fn conditional(
    axis: &str,
    mask: PyReadonlyArray1<'_, bool>,
    if_true: &Init,
    if_false: &Init,
) -> PyResult<Init> {
    if if_true.kind != if_false.kind {
        return Err(PyValueError::new_err(
            "false_dist: true_dist and false_dist have one dimension",
        ));
    }
    let axis = match axis {
        "flat" => IndexAxis::Flat,
        "pre" => IndexAxis::Pre,
        "post" => IndexAxis::Post,
        _ => return Err(PyValueError::new_err(format!("unknown axis {axis:?}"))),
    };
    // One memcpy from a contiguous array (the usual case), else element by element.
    let mask: Arc<[bool]> = match mask.as_slice() {
        Ok(s) => Arc::from(s),
        Err(_) => mask.as_array().iter().copied().collect(),
    };
    let c = Conditional::on_mask(axis, mask, if_true.inner.clone(), if_false.inner.clone());
    Ok(Init::new(erase(c), if_true.kind))
}

/// `base` modulated by `profile`, floored at `min_weight` (SI) if given.
#[pyfunction]
#[pyo3(signature = (base, profile, min_weight=None))]
fn distance_modulated(
    base: &Init,
    profile: &DistanceProfile,
    min_weight: Option<f64>,
) -> PyResult<Init> {
    with_quantity!(base.kind, Q => {
        let mut dm: Modulated<Q> = DistanceModulated::new(typed::<Q>(&base.inner), profile.shared());
        if let Some(w) = min_weight {
            dm = dm.with_min_weight(Q::from_si(w)).map_err(value_error)?;
        }
        Ok(Init::modulated::<Q>(dm, base.kind))
    })
}

fn fan(mode: &str) -> PyResult<Fan> {
    Ok(match mode {
        "fan_in" => Fan::In,
        "fan_out" => Fan::Out,
        "fan_avg" => Fan::Avg,
        _ => {
            return Err(PyValueError::new_err(format!(
                "mode = {mode:?}: one of 'fan_in', 'fan_out', 'fan_avg'"
            )));
        }
    })
}

fn scaling_distribution(d: &str) -> PyResult<ScalingDistribution> {
    Ok(match d {
        "uniform" => ScalingDistribution::Uniform,
        "normal" => ScalingDistribution::Normal,
        "truncated_normal" => ScalingDistribution::TruncatedNormal,
        _ => {
            return Err(PyValueError::new_err(format!(
                "distribution = {d:?}: one of 'uniform', 'normal', 'truncated_normal'"
            )));
        }
    })
}

fn layout(out_in: bool) -> WeightLayout {
    if out_in {
        WeightLayout::OutIn
    } else {
        WeightLayout::InOut
    }
}

/// VarianceScaling(scale, mode, distribution).
#[pyfunction]
#[pyo3(signature = (scale, mode, distribution, out_in=false))]
fn variance_scaling(scale: f64, mode: &str, distribution: &str, out_in: bool) -> PyResult<Init> {
    let v = VarianceScaling::new(scale, fan(mode)?, scaling_distribution(distribution)?)
        .map_err(value_error)?
        .with_layout(layout(out_in));
    Ok(Init::new(erase(v), Kind::Dimensionless))
}

/// Kaiming (He) initialization with the gain of `nonlinearity`.
#[pyfunction]
#[pyo3(signature = (distribution, nonlinearity, negative_slope, mode, out_in=false))]
fn kaiming(
    distribution: &str,
    nonlinearity: &str,
    negative_slope: f64,
    mode: &str,
    out_in: bool,
) -> PyResult<Init> {
    let nl = match nonlinearity {
        "relu" => Nonlinearity::Relu,
        "leaky_relu" => Nonlinearity::LeakyRelu { negative_slope },
        _ => {
            return Err(PyValueError::new_err(format!(
                "nonlinearity = {nonlinearity:?}: one of 'relu', 'leaky_relu'"
            )));
        }
    };
    let v = match scaling_distribution(distribution)? {
        ScalingDistribution::Uniform => VarianceScaling::kaiming_uniform(nl, fan(mode)?),
        _ => VarianceScaling::kaiming_normal(nl, fan(mode)?),
    }
    .map_err(value_error)?
    .with_layout(layout(out_in));
    Ok(Init::new(erase(v), Kind::Dimensionless))
}

/// Identity(scale).
#[pyfunction]
fn identity(scale: f64) -> PyResult<Init> {
    let i = Identity::new(scale).map_err(value_error)?;
    Ok(Init::new(erase(i), Kind::Dimensionless))
}

/// An orthogonal (or, with `delta`, delta-orthogonal) array of `shape`.
#[pyfunction]
#[pyo3(signature = (shape, seed, scale, delta=false, threads=None))]
fn orthogonal<'py>(
    py: Python<'py>,
    shape: Vec<usize>,
    seed: u64,
    scale: f64,
    delta: bool,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyArrayDyn<f64>>> {
    let a: Result<Array<f64, IxDyn>, InitError> = py.detach(|| {
        threads::run(threads, || {
            if delta {
                DeltaOrthogonal::new(scale)?.generate(IxDyn(&shape), seed)
            } else {
                Orthogonal::new(scale)?.generate(IxDyn(&shape), seed)
            }
        })
    })?;
    Ok(a.map_err(value_error)?.into_pyarray(py))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    for f in [
        wrap_pyfunction!(normal, m)?,
        wrap_pyfunction!(uniform, m)?,
        wrap_pyfunction!(lognormal, m)?,
        wrap_pyfunction!(gamma, m)?,
        wrap_pyfunction!(exponential, m)?,
        wrap_pyfunction!(weibull, m)?,
        wrap_pyfunction!(beta, m)?,
        wrap_pyfunction!(truncated_normal, m)?,
        wrap_pyfunction!(constant, m)?,
        wrap_pyfunction!(zero, m)?,
        wrap_pyfunction!(mixture, m)?,
        wrap_pyfunction!(conditional, m)?,
        wrap_pyfunction!(distance_modulated, m)?,
        wrap_pyfunction!(variance_scaling, m)?,
        wrap_pyfunction!(kaiming, m)?,
        wrap_pyfunction!(identity, m)?,
        wrap_pyfunction!(orthogonal, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}
