//! Export of a [`Csr`] to the files Python reads: the `.npz` that
//! `scipy.sparse.save_npz` writes, and dense `.npy` for small sizes.
//!
//! The `.npz` holds, in `save_npz`'s order, `indices`, `indptr`, `format`
//! (the bytes `b'csr'`, a 0-d `|S3` array), `shape` (two `int64`) and
//! `data` (`float64`), uncompressed (`numpy.savez`, what
//! `save_npz(..., compressed=False)` writes; `load_npz` reads either).
//! Indices and row pointers share one integer type, as in scipy: `int32`
//! while the synapse count and both dimensions fit, `int64` otherwise.
//!
//! The arrays are streamed into the archive in chunks, converted on the
//! way (32-bit columns to scipy's signed type, weights to the caller's
//! unit), so an export needs no second copy of the matrix.

use std::io::Write;
use std::path::Path;

use init_core::{IntoValues, Value, slice_si};
use ndarray_npy::npy::header::{Header, Layout};
use ndarray_npy::{NpzWriter, WritableElement, WriteNpyError, WriteNpyExt};
use uom::si::f64::Time;
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use crate::csr::Csr;
use crate::error::ExportError;

/// Elements converted per write.
const CHUNK: usize = 1 << 15;

/// A 1-D `.npy` array whose elements are converted from `src` while they
/// are written.
pub(crate) struct Streamed<'a, S, T, F> {
    src: &'a [S],
    convert: F,
    out: std::marker::PhantomData<T>,
}

impl<'a, S: Copy, T: WritableElement, F: Fn(S) -> T> Streamed<'a, S, T, F> {
    pub(crate) fn new(src: &'a [S], convert: F) -> Self {
        Streamed {
            src,
            convert,
            out: std::marker::PhantomData,
        }
    }

    /// Bytes this array takes in the archive (header aside).
    pub(crate) fn data_bytes(&self) -> u64 {
        (self.src.len() * size_of::<T>()) as u64
    }
}

impl<S: Copy, T: WritableElement, F: Fn(S) -> T> WriteNpyExt for Streamed<'_, S, T, F> {
    fn write_npy<W: Write>(&self, mut writer: W) -> Result<(), WriteNpyError> {
        Header {
            type_descriptor: T::type_descriptor(),
            layout: Layout::Standard,
            shape: vec![self.src.len()],
        }
        .write(&mut writer)?;
        let mut buf: Vec<T> = Vec::with_capacity(CHUNK.min(self.src.len()));
        for chunk in self.src.chunks(CHUNK) {
            buf.clear();
            buf.extend(chunk.iter().map(|&x| (self.convert)(x)));
            T::write_slice(&buf, &mut writer)?;
        }
        writer.flush()?;
        Ok(())
    }
}

/// The source of every synapse (`int64`), expanded from CSR row pointers
/// chunk by chunk as it is written: an edge list's `pre` column costs no
/// memory, where a column built first would cost 4–8 bytes per synapse.
pub(crate) struct SourceIds<'a> {
    pub(crate) indptr: &'a [u64],
}

impl SourceIds<'_> {
    fn len(&self) -> u64 {
        self.indptr.last().copied().unwrap_or(0) - self.indptr.first().copied().unwrap_or(0)
    }

    /// Bytes this array takes in the archive (header aside).
    pub(crate) fn data_bytes(&self) -> u64 {
        self.len() * size_of::<i64>() as u64
    }
}

impl WriteNpyExt for SourceIds<'_> {
    fn write_npy<W: Write>(&self, mut writer: W) -> Result<(), WriteNpyError> {
        Header {
            type_descriptor: i64::type_descriptor(),
            layout: Layout::Standard,
            shape: vec![self.len() as usize],
        }
        .write(&mut writer)?;
        let mut buf: Vec<i64> = Vec::with_capacity(CHUNK);
        for (g, w) in self.indptr.windows(2).enumerate() {
            let mut left = w[1] - w[0];
            while left > 0 {
                let take = left.min((CHUNK - buf.len()) as u64);
                buf.extend(std::iter::repeat_n(g as i64, take as usize));
                left -= take;
                if buf.len() == CHUNK {
                    i64::write_slice(&buf, &mut writer)?;
                    buf.clear();
                }
            }
        }
        i64::write_slice(&buf, &mut writer)?;
        writer.flush()?;
        Ok(())
    }
}

/// The 0-d `|S3` array `b'csr'` (`numpy.array(b'csr')`).
struct FormatTag;

impl WriteNpyExt for FormatTag {
    fn write_npy<W: Write>(&self, mut writer: W) -> Result<(), WriteNpyError> {
        let descr = "'|S3'"
            .parse()
            .map_err(|e| WriteNpyError::FormatData(Box::new(e)))?;
        Header {
            type_descriptor: descr,
            layout: Layout::Standard,
            shape: vec![],
        }
        .write(&mut writer)?;
        writer.write_all(b"csr")?;
        writer.flush()?;
        Ok(())
    }
}

/// scipy's index type for a matrix of this shape and synapse count.
pub(crate) fn wide_indices(shape: (usize, usize), nnz: usize) -> bool {
    let max = i32::MAX as usize;
    nnz > max || shape.0 > max || shape.1 > max
}

/// Options of one archive member: stored, with zip64 records when the
/// member may pass 4 GiB.
pub(crate) fn member(bytes: u64) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(bytes >= u64::from(u32::MAX) - 4096)
}

impl<W: Value> Csr<W> {
    /// Write the matrix as the `.npz` that `scipy.sparse.save_npz` writes
    /// for a `csr_matrix`, with the weights as plain numbers in the unit of
    /// `unit` (`nS(1.0)` writes nanosiemens). Read it in Python with
    /// `scipy.sparse.load_npz(path)`.
    ///
    /// ```no_run
    /// # fn f(csr: &init_network::Csr<uom::si::f64::ElectricalConductance>) -> Result<(), init_network::ExportError> {
    /// use uom::si::{electrical_conductance::nanosiemens as nS, f64::ElectricalConductance as G};
    /// csr.write_npz("weights.npz", G::new::<nS>(1.0))?;
    /// # Ok(()) }
    /// ```
    pub fn write_npz(&self, path: impl AsRef<Path>, unit: W) -> Result<(), ExportError> {
        let u = unit.si();
        let wide = wide_indices(self.shape(), self.nnz());
        write_csr_npz(self, path.as_ref(), slice_si(self.weights()), u, wide)
    }

    /// Write the delays as a `.npz` of the same layout as
    /// [`Csr::write_npz`] (same indices, the delays as data), in the unit
    /// of `unit` (`ms(1.0)` writes milliseconds).
    ///
    /// Errors: [`ExportError::NoDelays`] if the connector drew none.
    pub fn write_delays_npz(&self, path: impl AsRef<Path>, unit: Time) -> Result<(), ExportError> {
        let d = self.delays().ok_or(ExportError::NoDelays)?;
        let wide = wide_indices(self.shape(), self.nnz());
        write_csr_npz(self, path.as_ref(), slice_si(d), unit.value, wide)
    }

    /// Write the dense `n_pre × n_post` weight matrix ([`Csr::to_dense`]:
    /// zeros where there is no synapse) as a `.npy` of `float64` in the
    /// unit of `unit`. For small sizes: it builds the whole matrix.
    /// Written to a temporary name and renamed: a failure leaves no
    /// partial file.
    pub fn write_dense_npy(&self, path: impl AsRef<Path>, unit: W) -> Result<(), ExportError> {
        let (rows, cols) = self.shape();
        if rows
            .checked_mul(cols)
            .and_then(|n| n.checked_mul(8))
            .is_none_or(|b| b > isize::MAX as usize)
        {
            return Err(ExportError::TooLarge { rows, cols });
        }
        let path = path.as_ref();
        let dense = self.to_dense()?.into_values_in(unit);
        let io = |source| ExportError::Io {
            path: path.to_path_buf(),
            source,
        };
        crate::atomic::write_file(path, io, |w| {
            dense.write_npy(w).map_err(|source| ExportError::Npy {
                path: path.to_path_buf(),
                source,
            })
        })
    }
}

/// What goes into a CSR `.npz`: the matrix's layout and its values.
pub(crate) struct CsrArrays<'a, P> {
    pub(crate) shape: (usize, usize),
    pub(crate) indptr: &'a [P],
    pub(crate) indices: &'a [u32],
    /// `data`: the values in SI units, divided by `unit` on the way.
    pub(crate) data: (&'a [f64], f64),
    /// A second array of values over the same indices (`delays`), if any.
    pub(crate) extra: Option<(&'static str, &'a [f64], f64)>,
}

/// Write `arrays` as a scipy CSR archive, atomically (a temporary file
/// renamed on success), with `int64` indices when `wide` (which the
/// callers set from [`wide_indices`]; a test forces it on a small matrix).
pub(crate) fn write_npz_arrays<P: Copy + Into<u64>>(
    path: &Path,
    a: &CsrArrays<'_, P>,
    wide: bool,
) -> Result<(), ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let npz_err = |source| ExportError::Npz {
        path: path.to_path_buf(),
        source,
    };
    crate::atomic::write_file(path, io, |w| {
        let mut npz = NpzWriter::new_with_options(w, member(0));
        let dims = [a.shape.0 as i64, a.shape.1 as i64];
        let shape = Streamed::new(&dims, |x: i64| x);
        if wide {
            let indices = Streamed::new(a.indices, i64::from);
            let indptr = Streamed::new(a.indptr, |x: P| x.into() as i64);
            npz.add_array_with_options("indices", &indices, member(indices.data_bytes()))
                .map_err(npz_err)?;
            npz.add_array_with_options("indptr", &indptr, member(indptr.data_bytes()))
                .map_err(npz_err)?;
        } else {
            // Both fit in i32 (`wide_indices` is false), so the casts are exact.
            let indices = Streamed::new(a.indices, |x: u32| x as i32);
            let indptr = Streamed::new(a.indptr, |x: P| x.into() as i32);
            npz.add_array_with_options("indices", &indices, member(indices.data_bytes()))
                .map_err(npz_err)?;
            npz.add_array_with_options("indptr", &indptr, member(indptr.data_bytes()))
                .map_err(npz_err)?;
        }
        npz.add_array("format", &FormatTag).map_err(npz_err)?;
        npz.add_array("shape", &shape).map_err(npz_err)?;
        let (data, unit) = a.data;
        let values = Streamed::new(data, |x: f64| x / unit);
        npz.add_array_with_options("data", &values, member(values.data_bytes()))
            .map_err(npz_err)?;
        if let Some((name, extra, unit)) = a.extra {
            let values = Streamed::new(extra, |x: f64| x / unit);
            npz.add_array_with_options(name, &values, member(values.data_bytes()))
                .map_err(npz_err)?;
        }
        npz.finish().map_err(npz_err)?;
        Ok(())
    })
}

/// The archive of a [`Csr`] (see [`write_npz_arrays`]).
fn write_csr_npz<W: Value>(
    csr: &Csr<W>,
    path: &Path,
    data: &[f64],
    unit: f64,
    wide: bool,
) -> Result<(), ExportError> {
    let indptr: Vec<u64> = csr.indptr().iter().map(|&x| x as u64).collect();
    write_npz_arrays(
        path,
        &CsrArrays {
            shape: csr.shape(),
            indptr: &indptr,
            indices: csr.indices(),
            data: (data, unit),
            extra: None,
        },
        wide,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Mask, SpatialConnector};
    use init_core::ndarray::Array2;
    use init_core::{Generate, Positions};
    use init_dist::{Normal, Uniform};
    use init_spatial::GaussianProfile;
    use uom::si::electrical_conductance::nanosiemens;
    use uom::si::f64::{ElectricalConductance, Length};
    use uom::si::length::micrometer;

    #[test]
    fn index_width_follows_scipy() {
        let max = i32::MAX as usize;
        assert!(!wide_indices((1000, 1000), 10_000));
        assert!(!wide_indices((max, max), max));
        assert!(wide_indices((max + 1, 10), 0));
        assert!(wide_indices((10, max + 1), 0));
        assert!(wide_indices((10, 10), max + 1));
    }

    /// The `int64` layout (used past 2³¹ − 1 synapses or neurons, too
    /// large to write in a test) forced on a small matrix: numpy sees
    /// `int64` members and scipy's `load_npz` reads the same matrix.
    #[test]
    fn scipy_reads_int64_indices() {
        let um = |v| Length::new::<micrometer>(v);
        let ns = |v| ElectricalConductance::new::<nanosiemens>(v);
        let u = Uniform::new(um(0.0), um(200.0)).unwrap();
        let pre: Array2<Length> = u.generate((120, 2), 1).unwrap();
        let post: Array2<Length> = u.generate((90, 2), 2).unwrap();
        let csr = SpatialConnector::new(
            Positions::new(&pre, &post).unwrap(),
            GaussianProfile::new(um(40.0)).unwrap(),
            Normal::new(ns(1.0), ns(0.2)).unwrap(),
        )
        .with_mask(Mask::circular(um(100.0)).unwrap())
        .unwrap()
        .connect(3)
        .unwrap();
        assert!(csr.nnz() > 500, "{} synapses", csr.nnz());
        let dir = std::env::temp_dir().join(format!("neuroinit-wide-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("wide.npz");
        write_csr_npz(&csr, &path, slice_si(csr.weights()), 1e-9, true).unwrap();
        let code = format!(
            r#"
import json, numpy as np, scipy.sparse as sp
path = {:?}
a = np.load(path)
m = sp.load_npz(path)
print(json.dumps({{
    "dtypes": [str(a["indices"].dtype), str(a["indptr"].dtype), str(a["shape"].dtype)],
    "shape": list(m.shape), "indptr": m.indptr.tolist(),
    "indices": m.indices.tolist(), "data": m.data.tolist(),
}}))
"#,
            path.display().to_string()
        );
        let v: serde_json::Value =
            serde_json::from_str(init_testkit::run_python(&code).trim()).unwrap();
        assert_eq!(v["dtypes"], serde_json::json!(["int64", "int64", "int64"]));
        assert_eq!(v["shape"], serde_json::json!([120, 90]));
        let indptr: Vec<usize> = serde_json::from_value(v["indptr"].clone()).unwrap();
        let indices: Vec<u32> = serde_json::from_value(v["indices"].clone()).unwrap();
        let data: Vec<f64> = serde_json::from_value(v["data"].clone()).unwrap();
        assert_eq!(indptr, csr.indptr());
        assert_eq!(indices, csr.indices());
        let ours: Vec<f64> = slice_si(csr.weights()).iter().map(|w| w / 1e-9).collect();
        assert_eq!(data.len(), ours.len());
        for (k, (a, b)) in data.iter().zip(&ours).enumerate() {
            assert_eq!(a.to_bits(), b.to_bits(), "value {k}");
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
