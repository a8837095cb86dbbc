//! Networks from a description (TOML, as the `neuroinit` command reads),
//! generated into arrays that become a `scipy.sparse.csr_array` without a
//! copy of the synapses.

use init_description::{AnyNetwork, Description};
use neuroinit::ndarray::Array1;
use neuroinit::uom::si::f64::Time;
use neuroinit::{Connectome, IntoValues, Value};
use numpy::{IntoPyArray, PyArray1};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::{threads, value_error};

/// A network read from a description.
#[pyclass(frozen, module = "neuroinit._neuroinit")]
pub(crate) struct Network {
    d: Description,
}

/// One generation's arrays, before they cross to Python.
struct Arrays {
    indptr: Index,
    indices: Index,
    weights: Array1<f64>,
    delays: Option<Array1<f64>>,
    neurons: usize,
    populations: Vec<(String, usize, usize)>,
    projections: Vec<(String, String, String, u64)>,
}

/// Index arrays as scipy keeps them: int32 where every value fits (so
/// scipy shares them rather than casting), else int64.
enum Index {
    I32(Vec<i32>),
    I64(Vec<i64>),
}

impl Index {
    fn into_py<'py>(self, py: Python<'py>) -> Bound<'py, PyAny> {
        match self {
            Index::I32(v) => v.into_pyarray(py).into_any(),
            Index::I64(v) => v.into_pyarray(py).into_any(),
        }
    }
}

fn arrays<W: Value>(c: Connectome<W>, weight_unit: f64, delay_unit: f64) -> Arrays {
    let neurons = c.neurons();
    let populations: Vec<(String, usize, usize)> = c
        .populations()
        .iter()
        .map(|p| (p.name().to_string(), p.ids().start, p.ids().len()))
        .collect();
    let projections = c
        .projections()
        .iter()
        .map(|p| {
            (
                populations[p.pre].0.clone(),
                populations[p.post].0.clone(),
                p.rule.to_string(),
                p.synapses,
            )
        })
        .collect();
    let (indptr, indices, weights, delays) = c.into_parts();
    let small = neurons <= i32::MAX as usize && weights.len() <= i32::MAX as usize;
    let (indptr, indices) = if small {
        // Column ids are < neurons <= i32::MAX: the same bits as i32, so
        // the u32 buffer is reused as is (bytemuck checks size and
        // alignment). The row pointers are n + 1 values: converted.
        (
            Index::I32(indptr.iter().map(|&p| p as i32).collect()),
            Index::I32(bytemuck::allocation::cast_vec::<u32, i32>(indices)),
        )
    } else {
        (
            Index::I64(bytemuck::allocation::cast_vec::<u64, i64>(indptr)),
            Index::I64(indices.into_iter().map(i64::from).collect()),
        )
    };
    let weights = Array1::from_vec(weights).into_values_in(W::from_si(weight_unit));
    let delays = delays.map(|d| Array1::from_vec(d).into_values_in(Time::from_si(delay_unit)));
    Arrays {
        indptr,
        indices,
        weights,
        delays,
        neurons,
        populations,
        projections,
    }
}

#[pymethods]
impl Network {
    /// Parse a description from `text`; `name` names it in messages.
    #[staticmethod]
    #[pyo3(signature = (text, name="<string>"))]
    fn parse(text: &str, name: &str) -> PyResult<Network> {
        Ok(Network {
            d: init_description::parse(text, name).map_err(value_error)?,
        })
    }

    /// Read a description file.
    #[staticmethod]
    fn load(path: std::path::PathBuf) -> PyResult<Network> {
        Ok(Network {
            d: init_description::load(path).map_err(value_error)?,
        })
    }

    /// The number of neurons.
    #[getter]
    fn neurons(&self) -> usize {
        self.d.network().neurons()
    }

    /// The seed the description names, if any.
    #[getter]
    fn seed(&self) -> Option<u64> {
        self.d.seed()
    }

    /// `(name, SI value of one)` of the weight unit.
    #[getter]
    fn weight_unit(&self) -> (String, f64) {
        let u = self.d.weight_unit();
        (u.name().to_string(), u.si())
    }

    /// `(name, SI value of one)` of the delay unit.
    #[getter]
    fn delay_unit(&self) -> (String, f64) {
        let u = self.d.delay_unit();
        (u.name().to_string(), u.si())
    }

    /// Generate with `seed`: a dict of the CSR arrays (row = pre),
    /// weights and delays in the description's units, the populations
    /// and the projections.
    #[pyo3(signature = (seed, threads=None))]
    fn generate<'py>(
        &self,
        py: Python<'py>,
        seed: u64,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let (w, d) = (self.d.weight_unit().si(), self.d.delay_unit().si());
        let net = self.d.network();
        let a = py
            .detach(|| {
                threads::run(threads, || match net {
                    AnyNetwork::Conductance(n) => n.generate(seed).map(|c| arrays(c, w, d)),
                    AnyNetwork::Current(n) => n.generate(seed).map(|c| arrays(c, w, d)),
                })
            })?
            .map_err(value_error)?;
        let out = PyDict::new(py);
        out.set_item("indptr", a.indptr.into_py(py))?;
        out.set_item("indices", a.indices.into_py(py))?;
        let weights: Bound<'py, PyArray1<f64>> = a.weights.into_pyarray(py);
        out.set_item("weights", weights)?;
        out.set_item("delays", a.delays.map(|d| d.into_pyarray(py)))?;
        out.set_item("neurons", a.neurons)?;
        out.set_item("populations", a.populations)?;
        out.set_item("projections", a.projections)?;
        Ok(out)
    }
}
