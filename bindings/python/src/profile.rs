//! Distance profiles for Python: the ten built-ins, their algebra, and
//! their values at arrays of distances.

use std::sync::Arc;

use neuroinit::ndarray::ArrayD;
use neuroinit::uom::si::f64::{Length, ReciprocalLength};
use neuroinit::{
    BimodalProfile, ConstantProfile, DoGProfile, ExponentialProfile, GaussianProfile, InitError,
    LinearProfile, LogisticProfile, MexicanHatProfile, PowerLawProfile, Profile, ProfileClip,
    ProfileDifference, ProfileProduct, ProfileQuotient, ProfileSum, SigmoidProfile, StepProfile,
    Value,
};
use numpy::{IntoPyArray, PyArrayDyn, PyReadonlyArrayDyn};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::value_error;

/// A profile shared by the initializers and expressions that use it.
pub(crate) type SharedProfile = Arc<dyn Profile>;

/// A distance profile; distances in metres.
#[pyclass(frozen, module = "neuroinit._neuroinit")]
pub(crate) struct DistanceProfile {
    inner: SharedProfile,
}

impl DistanceProfile {
    pub(crate) fn shared(&self) -> SharedProfile {
        self.inner.clone()
    }

    fn of(p: impl Profile + 'static) -> DistanceProfile {
        DistanceProfile { inner: Arc::new(p) }
    }
}

fn len(v: f64) -> Length {
    Length::from_si(v)
}

/// Apply an optional `with_*` setting.
fn maybe<P, T>(
    p: P,
    v: Option<T>,
    set: impl FnOnce(P, T) -> Result<P, InitError>,
) -> Result<P, InitError> {
    match v {
        Some(v) => set(p, v),
        None => Ok(p),
    }
}

#[pymethods]
impl DistanceProfile {
    /// The profile's values at `distances` (metres), same shape.
    fn values<'py>(
        &self,
        py: Python<'py>,
        distances: PyReadonlyArrayDyn<'py, f64>,
    ) -> Bound<'py, PyArrayDyn<f64>> {
        let d = distances.as_array().to_owned();
        let p = self.inner.clone();
        let out = py.detach(move || {
            let mut out = ArrayD::zeros(d.raw_dim());
            match (d.as_slice(), out.as_slice_mut()) {
                (Some(d), Some(o)) => p.values_si(d, o),
                _ => out.mapv_inplace(|x| p.value_si(x)),
            }
            out
        });
        out.into_pyarray(py)
    }

    /// `(lo, hi)` bounding every value, or `None`.
    fn value_bounds(&self) -> Option<(f64, f64)> {
        self.inner.value_bounds()
    }

    /// `self (op) other`, `op` one of `+ - * /`.
    fn binary(&self, op: &str, other: &DistanceProfile) -> PyResult<DistanceProfile> {
        combine(op, self.inner.clone(), other.inner.clone())
    }

    /// `self (op) c`, or `c (op) self` with `left`.
    #[pyo3(signature = (op, c, left=false))]
    fn with_number(&self, op: &str, c: f64, left: bool) -> PyResult<DistanceProfile> {
        if !c.is_finite() {
            return Err(PyValueError::new_err(format!(
                "a number in a profile expression must be finite, not {c}"
            )));
        }
        let k: SharedProfile = Arc::new(ConstantProfile::new(c).map_err(value_error)?);
        if left {
            combine(op, k, self.inner.clone())
        } else {
            combine(op, self.inner.clone(), k)
        }
    }

    /// Values clamped to `[min_val, max_val]` (either may be `None`).
    #[pyo3(signature = (min_val=None, max_val=None))]
    fn clip(&self, min_val: Option<f64>, max_val: Option<f64>) -> PyResult<DistanceProfile> {
        let c = ProfileClip::new(self.inner.clone(), min_val, max_val).map_err(value_error)?;
        Ok(DistanceProfile::of(c))
    }
}

fn combine(op: &str, a: SharedProfile, b: SharedProfile) -> PyResult<DistanceProfile> {
    Ok(match op {
        "+" => DistanceProfile::of(ProfileSum::new(a, b)),
        "-" => DistanceProfile::of(ProfileDifference::new(a, b)),
        "*" => DistanceProfile::of(ProfileProduct::new(a, b)),
        "/" => DistanceProfile::of(ProfileQuotient::new(a, b)),
        _ => return Err(PyValueError::new_err(format!("unknown operator {op:?}"))),
    })
}

macro_rules! profile_fn {
    ($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty $(= $default:expr)?),*) $build:block) => {
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(signature = ($($arg $(= $default)?),*))]
        fn $name($($arg: $ty),*) -> PyResult<DistanceProfile> {
            fn build($($arg: $ty),*) -> Result<impl Profile + 'static, InitError> $build
            Ok(DistanceProfile::of(build($($arg),*).map_err(value_error)?))
        }
    };
}

profile_fn!(
    /// GaussianProfile(sigma, max_distance=None).
    fn gaussian_profile(sigma: f64, max_distance: Option<f64> = None) {
        maybe(GaussianProfile::new(len(sigma))?, max_distance, |p, m| p.with_max_distance(len(m)))
    }
);
profile_fn!(
    /// ExponentialProfile(decay_constant, max_distance=None).
    fn exponential_profile(decay_constant: f64, max_distance: Option<f64> = None) {
        maybe(ExponentialProfile::new(len(decay_constant))?, max_distance, |p, m| {
            p.with_max_distance(len(m))
        })
    }
);
profile_fn!(
    /// PowerLawProfile(exponent, min_distance=None, max_distance=None).
    fn power_law_profile(exponent: f64, min_distance: Option<f64> = None, max_distance: Option<f64> = None) {
        let p = maybe(PowerLawProfile::new(exponent)?, min_distance, |p, m| {
            p.with_min_distance(len(m))
        })?;
        maybe(p, max_distance, |p, m| p.with_max_distance(len(m)))
    }
);
profile_fn!(
    /// LinearProfile(max_distance).
    fn linear_profile(max_distance: f64) {
        LinearProfile::new(len(max_distance))
    }
);
profile_fn!(
    /// StepProfile(threshold, inside_prob=1.0, outside_prob=0.0, max_distance=None).
    fn step_profile(threshold: f64, inside_prob: f64 = 1.0, outside_prob: f64 = 0.0, max_distance: Option<f64> = None) {
        let p = StepProfile::new(len(threshold))?.with_levels(inside_prob, outside_prob)?;
        maybe(p, max_distance, |p, m| p.with_max_distance(len(m)))
    }
);
profile_fn!(
    /// SigmoidProfile(midpoint, slope per metre, max_distance=None).
    fn sigmoid_profile(midpoint: f64, slope: f64, max_distance: Option<f64> = None) {
        let p = SigmoidProfile::new(len(midpoint))?.with_slope(ReciprocalLength::from_si(slope))?;
        maybe(p, max_distance, |p, m| p.with_max_distance(len(m)))
    }
);
profile_fn!(
    /// LogisticProfile(growth_rate per metre, midpoint, max_distance=None).
    fn logistic_profile(growth_rate: f64, midpoint: f64, max_distance: Option<f64> = None) {
        let p = LogisticProfile::new(ReciprocalLength::from_si(growth_rate), len(midpoint))?;
        maybe(p, max_distance, |p, m| p.with_max_distance(len(m)))
    }
);
profile_fn!(
    /// DoGProfile(sigma_center, sigma_surround, amplitude_center=1.0,
    /// amplitude_surround=0.5, max_distance=None).
    fn dog_profile(sigma_center: f64, sigma_surround: f64, amplitude_center: f64 = 1.0,
        amplitude_surround: f64 = 0.5, max_distance: Option<f64> = None) {
        let p = DoGProfile::new(len(sigma_center), len(sigma_surround))?
            .with_amplitudes(amplitude_center, amplitude_surround)?;
        maybe(p, max_distance, |p, m| p.with_max_distance(len(m)))
    }
);
profile_fn!(
    /// BimodalProfile(sigma1, sigma2, center1=0, center2=0, amplitude1=1,
    /// amplitude2=1, max_distance=None).
    fn bimodal_profile(sigma1: f64, sigma2: f64, center1: f64 = 0.0, center2: f64 = 0.0,
        amplitude1: f64 = 1.0, amplitude2: f64 = 1.0, max_distance: Option<f64> = None) {
        let p = BimodalProfile::new(len(sigma1), len(sigma2))?
            .with_centers(len(center1), len(center2))?
            .with_amplitudes(amplitude1, amplitude2)?;
        maybe(p, max_distance, |p, m| p.with_max_distance(len(m)))
    }
);
profile_fn!(
    /// MexicanHatProfile(sigma, amplitude=1.0, max_distance=None).
    fn mexican_hat_profile(sigma: f64, amplitude: f64 = 1.0, max_distance: Option<f64> = None) {
        let p = MexicanHatProfile::new(len(sigma))?.with_amplitude(amplitude)?;
        maybe(p, max_distance, |p, m| p.with_max_distance(len(m)))
    }
);

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    for f in [
        wrap_pyfunction!(gaussian_profile, m)?,
        wrap_pyfunction!(exponential_profile, m)?,
        wrap_pyfunction!(power_law_profile, m)?,
        wrap_pyfunction!(linear_profile, m)?,
        wrap_pyfunction!(step_profile, m)?,
        wrap_pyfunction!(sigmoid_profile, m)?,
        wrap_pyfunction!(logistic_profile, m)?,
        wrap_pyfunction!(dog_profile, m)?,
        wrap_pyfunction!(bimodal_profile, m)?,
        wrap_pyfunction!(mexican_hat_profile, m)?,
    ] {
        m.add_function(f)?;
    }
    Ok(())
}
