//! A [`Connectome`]'s files for Python and simulators: the CSR `.npz`
//! that `scipy.sparse.load_npz` reads, with the delays beside the weights
//! over the same indices, and an edge list (`pre`, `post`, `weight`,
//! `delay` columns) for `nest.Connect(pre, post, ..)` or Brian2's
//! `connect(i=, j=)`.

use std::path::Path;

use init_core::{Value, slice_si};
use ndarray_npy::NpzWriter;
use uom::si::f64::Time;

use crate::connectome::Connectome;
use crate::error::ExportError;
use crate::export::{CsrArrays, SourceIds, Streamed, member, wide_indices, write_npz_arrays};

impl<W: Value> Connectome<W> {
    /// Write the network as the `.npz` of a scipy `csr_matrix` (row =
    /// source, global ids), the weights in the unit of `weight_unit`
    /// (`pA(1.0)` writes picoamperes) as `data`, and, when the network has
    /// delays, a `delays` array in ms over the same indices. Written to a
    /// temporary name and renamed: a failure leaves no partial file.
    ///
    /// ```no_run
    /// # fn f(c: &init_network::Connectome<f64>) -> Result<(), init_network::ExportError> {
    /// c.write_npz("network.npz", 1.0)?;
    /// // Python: m = scipy.sparse.load_npz("network.npz"); d = numpy.load("network.npz")["delays"]
    /// # Ok(()) }
    /// ```
    pub fn write_npz(&self, path: impl AsRef<Path>, weight_unit: W) -> Result<(), ExportError> {
        let n = self.neurons();
        let ms = Time::new::<uom::si::time::millisecond>(1.0).value;
        let arrays = CsrArrays {
            shape: (n, n),
            indptr: self.indptr(),
            indices: self.indices(),
            data: (slice_si(self.weights()), weight_unit.si()),
            extra: self.delays().map(|d| ("delays", slice_si(d), ms)),
        };
        write_npz_arrays(
            path.as_ref(),
            &arrays,
            wide_indices((n, n), self.synapses()),
        )
    }

    /// Write the synapses as an edge list: an `.npz` of four columns,
    /// `pre` and `post` (global ids, `int64`), `weight` (in the unit of
    /// `weight_unit`) and `delay` (ms; absent without delays), row by row.
    /// Written atomically, streamed (no copy of the network).
    pub fn write_edges_npz(
        &self,
        path: impl AsRef<Path>,
        weight_unit: W,
    ) -> Result<(), ExportError> {
        let path = path.as_ref();
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
            let p = SourceIds {
                indptr: self.indptr(),
            };
            npz.add_array_with_options("pre", &p, member(p.data_bytes()))
                .map_err(npz_err)?;
            let q = Streamed::new(self.indices(), i64::from);
            npz.add_array_with_options("post", &q, member(q.data_bytes()))
                .map_err(npz_err)?;
            let u = weight_unit.si();
            let wv = Streamed::new(slice_si(self.weights()), |x: f64| x / u);
            npz.add_array_with_options("weight", &wv, member(wv.data_bytes()))
                .map_err(npz_err)?;
            if let Some(d) = self.delays() {
                let dv = Streamed::new(slice_si(d), |x: f64| x * 1e3);
                npz.add_array_with_options("delay", &dv, member(dv.data_bytes()))
                    .map_err(npz_err)?;
            }
            npz.finish().map_err(npz_err)?;
            Ok(())
        })
    }

    /// The source of every synapse (global ids), expanded from the row
    /// pointers: 4 bytes per synapse, for writers that need a column.
    pub fn pre_ids(&self) -> Vec<u32> {
        let mut v = Vec::with_capacity(self.synapses());
        for g in 0..self.neurons() {
            let len = (self.indptr()[g + 1] - self.indptr()[g]) as usize;
            v.extend(std::iter::repeat_n(g as u32, len));
        }
        v
    }
}
