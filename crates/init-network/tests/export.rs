//! Export: scipy reads our `.npz` with `scipy.sparse.load_npz` and gets our
//! matrix exactly, in the layout its own `save_npz` writes; the dense
//! `.npy` equals the sparse matrix's dense form.

use std::path::{Path, PathBuf};

use init_core::Positions;
use init_core::ndarray::Array2;
use init_core::{Generate, slice_si};
use init_dist::{Normal, Uniform};
use init_network::{Csr, ExportError, Mask, SpatialConnector};
use init_spatial::GaussianProfile;
use init_testkit::run_python;
use uom::si::electrical_conductance::nanosiemens;
use uom::si::f64::{ElectricalConductance, Length, Time};
use uom::si::length::micrometer;
use uom::si::time::millisecond;

fn um(v: f64) -> Length {
    Length::new::<micrometer>(v)
}

fn ns(v: f64) -> ElectricalConductance {
    ElectricalConductance::new::<nanosiemens>(v)
}

fn ms(v: f64) -> Time {
    Time::new::<millisecond>(v)
}

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sparse_export");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A small matrix with delays: 300 pre × 250 post neurons.
fn matrix() -> Csr<ElectricalConductance> {
    let u = Uniform::new(um(0.0), um(300.0)).unwrap();
    let pre: Array2<Length> = u.generate((300, 2), 1).unwrap();
    let post: Array2<Length> = u.generate((250, 2), 2).unwrap();
    let pos = Positions::new(&pre, &post).unwrap();
    SpatialConnector::new(
        pos,
        GaussianProfile::new(um(40.0)).unwrap(),
        Normal::new(ns(1.0), ns(0.2)).unwrap(),
    )
    .with_mask(Mask::circular(um(100.0)).unwrap())
    .unwrap()
    .delays(Normal::new(ms(2.0), ms(0.5)).unwrap())
    .connect(3)
    .unwrap()
}

/// Python: load our file with `load_npz`, re-save it with scipy's own
/// `save_npz` (uncompressed), and compare the two archives member by
/// member (names, dtypes, shapes, values); print the matrix as JSON
/// (Python's float repr round-trips exactly).
const CHECK: &str = r#"
import json, sys
import numpy as np, scipy.sparse as sp
ours, theirs, dense = sys.argv[1], sys.argv[2], sys.argv[3]
m = sp.load_npz(ours)
sp.save_npz(theirs, m, compressed=False)
a, b = np.load(ours), np.load(theirs)
assert a.files == b.files, (a.files, b.files)
for k in a.files:
    assert a[k].dtype == b[k].dtype and a[k].shape == b[k].shape, (k, a[k].dtype, b[k].dtype, a[k].shape, b[k].shape)
    assert np.array_equal(a[k], b[k]), k
d = np.load(dense) if dense != "-" else None
print(json.dumps({
    "kind": type(m).__name__, "shape": list(m.shape), "nnz": int(m.nnz),
    "format": a["format"].item().decode(), "index_dtype": str(m.indices.dtype),
    "sorted": bool(m.has_sorted_indices), "members": a.files,
    "indptr": m.indptr.tolist(), "indices": m.indices.tolist(), "data": m.data.tolist(),
    "dense_equal": None if d is None else bool(d.dtype == np.float64 and np.array_equal(d, m.toarray())),
}))
"#;

fn python_view(npz: &Path, dense: Option<&Path>) -> serde_json::Value {
    let theirs = npz.with_extension("scipy.npz");
    let dense = dense.map_or("-".to_string(), |p| p.display().to_string());
    let code = format!(
        "import sys; sys.argv = ['check', {:?}, {:?}, {:?}]\n{CHECK}",
        npz.display().to_string(),
        theirs.display().to_string(),
        dense
    );
    serde_json::from_str(run_python(&code).trim()).unwrap()
}

fn assert_same(
    view: &serde_json::Value,
    csr_shape: (usize, usize),
    indptr: &[usize],
    indices: &[u32],
    data: &[f64],
) {
    assert_eq!(view["kind"], "csr_matrix");
    assert_eq!(view["format"], "csr");
    assert_eq!(view["index_dtype"], "int32");
    assert_eq!(view["sorted"], true);
    assert_eq!(
        view["members"],
        serde_json::json!(["indices", "indptr", "format", "shape", "data"])
    );
    assert_eq!(view["shape"], serde_json::json!([csr_shape.0, csr_shape.1]));
    assert_eq!(view["nnz"], indices.len());
    let py_indptr: Vec<usize> = serde_json::from_value(view["indptr"].clone()).unwrap();
    let py_indices: Vec<u32> = serde_json::from_value(view["indices"].clone()).unwrap();
    let py_data: Vec<f64> = serde_json::from_value(view["data"].clone()).unwrap();
    assert_eq!(py_indptr, indptr);
    assert_eq!(py_indices, indices);
    assert_eq!(py_data.len(), data.len());
    for (k, (a, b)) in py_data.iter().zip(data).enumerate() {
        assert_eq!(a.to_bits(), b.to_bits(), "value {k}: {a} vs {b}");
    }
}

#[test]
fn scipy_loads_the_npz_exactly_in_its_own_layout() {
    let csr = matrix();
    assert!(csr.nnz() > 1000, "{} synapses", csr.nnz());
    let npz = tmp("weights.npz");
    let dense = tmp("weights.npy");
    csr.write_npz(&npz, ns(1.0)).unwrap();
    csr.write_dense_npy(&dense, ns(1.0)).unwrap();
    let view = python_view(&npz, Some(dense.as_path()));
    let in_ns: Vec<f64> = slice_si(csr.weights()).iter().map(|w| w / 1e-9).collect();
    assert_same(&view, csr.shape(), csr.indptr(), csr.indices(), &in_ns);
    assert_eq!(view["dense_equal"], true);

    let delays = tmp("delays.npz");
    csr.write_delays_npz(&delays, ms(1.0)).unwrap();
    let view = python_view(&delays, None);
    let in_ms: Vec<f64> = slice_si(csr.delays().unwrap())
        .iter()
        .map(|d| d / 1e-3)
        .collect();
    assert_same(&view, csr.shape(), csr.indptr(), csr.indices(), &in_ms);
}

#[test]
fn empty_matrices_export_too_and_missing_delays_are_an_error() {
    let none: Array2<Length> = Array2::from_elem((0, 2), um(0.0));
    let some: Array2<Length> = Array2::from_elem((4, 2), um(0.0));
    let csr = SpatialConnector::new(
        Positions::new(&some, &none).unwrap(),
        GaussianProfile::new(um(40.0)).unwrap(),
        Normal::new(ns(1.0), ns(0.2)).unwrap(),
    )
    .connect(1)
    .unwrap();
    let npz = tmp("empty.npz");
    let dense = tmp("empty.npy");
    csr.write_npz(&npz, ns(1.0)).unwrap();
    csr.write_dense_npy(&dense, ns(1.0)).unwrap();
    let view = python_view(&npz, Some(dense.as_path()));
    assert_same(&view, (4, 0), &[0; 5], &[], &[]);
    assert_eq!(view["dense_equal"], true);
    assert!(matches!(
        csr.write_delays_npz(tmp("none.npz"), ms(1.0)),
        Err(ExportError::NoDelays)
    ));
    // An unwritable path is an I/O error naming the path.
    let bad = tmp("no-such-dir").join("x.npz");
    let err = csr.write_npz(&bad, ns(1.0)).unwrap_err();
    assert!(matches!(err, ExportError::Io { .. }));
    assert!(err.to_string().contains("x.npz"), "{err}");
}
