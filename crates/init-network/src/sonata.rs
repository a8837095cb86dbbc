//! SONATA output (feature `sonata`): the network as simulators load it —
//! HDF5 node and edge files, CSV type tables, JSON configs.
//!
//! # Layout
//!
//! ```text
//! DIR/circuit_config.json          the files and populations (libsonata, bmtk, NEST)
//! DIR/simulation_config.json       run.dt, run.tstop, target_simulator NEST
//! DIR/network/nodes.h5             one node population per network population
//! DIR/network/node_types.csv       one node type per population
//! DIR/network/edges.h5             one edge population per projection with synapses
//! DIR/network/edge_types.csv       one edge type per projection, with its units
//! DIR/components/cell_models/<population>.json, synaptic_models/<model>.json   ("{}")
//! ```
//!
//! **One node population per network population**, not one population
//! with a node type per network population: SONATA's node ids are local
//! to a population, so a network population's neurons keep the ids
//! `0..size` that a model's scripts use; NEST's `SonataNetwork` returns
//! one `NodeCollection` per node population, named as ours (`ncs["L23E"]`,
//! as a PD14 script addresses them); and each projection becomes one edge
//! population between two named node populations, whose size is the
//! projection's synapse count and whose edge type records its rule and
//! units.
//!
//! What the readers need, and we write (libsonata, h5py, bmtk and NEST's
//! reader were each checked): the root attributes `magic` (uint32
//! 0x0A7A) and `version` (uint32 [0, 1]); `node_type_id`, `node_id`,
//! `node_group_id`, `node_group_index` and one group `0` with `x`, `y`, `z`
//! (µm) where the population has positions; `source_node_id` and
//! `target_node_id` with a scalar string attribute `node_population`,
//! `edge_type_id`, `edge_group_id`, `edge_group_index`, one group `0` with
//! `syn_weight` and `delay` (an attribute `units` on each); both indices
//! (`source_to_target`, `target_to_source`), each with `range_to_edge_id`
//! and the node table under both spellings in use, `node_id_to_ranges`
//! (libsonata) and `node_id_to_range` (bmtk), one dataset and a hard link.
//! No compression (libsonata's wheel has no deflate), no empty edge
//! population (NEST divides by the edge count), single-space CSVs (bmtk
//! splits on one space), and no `target_simulator` in the circuit config
//! (libsonata refuses "NEST" there).
//!
//! Edges are written in the network's order (by source, targets
//! ascending), streamed in blocks of rows: the writer holds a block of
//! edges and, for the target index, the edge ids of a block of targets —
//! at most an eighth of the largest projection — besides the network.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use hdf5::types::VarLenUnicode;
use hdf5::{Dataset, File, Group};
use init_core::Value;
use ndarray::{Array2, ArrayView1};
use uom::si::f64::{Length, Time};

use crate::connectome::Connectome;
use crate::error::ExportError;

/// Edges per written block.
const BLOCK: usize = 1 << 18;

/// How to write a network as SONATA: the units of weights and delays, and
/// the NEST models named in the type tables.
///
/// ```
/// use init_network::SonataOptions;
/// use uom::si::{electric_current::picoampere, f64::ElectricCurrent};
///
/// let o = SonataOptions::new(ElectricCurrent::new::<picoampere>(1.0), "pA")
///     .with_neuron_model("iaf_psc_exp");
/// assert_eq!(o.weight_unit_name(), "pA");
/// ```
#[derive(Clone, Debug)]
pub struct SonataOptions<W: Value> {
    weight_unit: W,
    weight_name: String,
    delay_unit: Time,
    delay_name: String,
    neuron_model: String,
    synapse_model: String,
    dt: Time,
    tstop: Time,
}

impl<W: Value> SonataOptions<W> {
    /// Weights written in `unit` (one of it, e.g. `nS(1.0)`), named
    /// `name` in the type tables; delays in ms; NEST's `iaf_psc_alpha`
    /// neurons and `static_synapse`s; a simulation config with
    /// dt = 0.1 ms and tstop = 1000 ms.
    pub fn new(unit: W, name: &str) -> Self {
        let ms = |v| Time::new::<uom::si::time::millisecond>(v);
        SonataOptions {
            weight_unit: unit,
            weight_name: name.to_string(),
            delay_unit: ms(1.0),
            delay_name: "ms".into(),
            neuron_model: "iaf_psc_alpha".into(),
            synapse_model: "static_synapse".into(),
            dt: ms(0.1),
            tstop: ms(1000.0),
        }
    }

    /// Delays written in `unit` (default ms, NEST's and SONATA's unit).
    pub fn with_delay_unit(mut self, unit: Time, name: &str) -> Self {
        self.delay_unit = unit;
        self.delay_name = name.to_string();
        self
    }

    /// The NEST neuron model of every node type (default `iaf_psc_alpha`).
    pub fn with_neuron_model(mut self, model: &str) -> Self {
        self.neuron_model = model.to_string();
        self
    }

    /// The NEST synapse model of every edge type (default
    /// `static_synapse`).
    pub fn with_synapse_model(mut self, model: &str) -> Self {
        self.synapse_model = model.to_string();
        self
    }

    /// The simulation config's resolution and run time.
    pub fn with_run(mut self, dt: Time, tstop: Time) -> Self {
        self.dt = dt;
        self.tstop = tstop;
        self
    }

    /// The weight unit's name.
    pub fn weight_unit_name(&self) -> &str {
        &self.weight_name
    }
}

/// What [`Connectome::write_sonata`] wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct SonataFiles {
    /// The circuit config.
    pub circuit_config: PathBuf,
    /// Node population names, in id order.
    pub node_populations: Vec<String>,
    /// Edge population names and their synapse counts, one per projection
    /// with synapses.
    pub edge_populations: Vec<(String, u64)>,
    /// Bytes written in all.
    pub bytes: u64,
}

/// One SONATA edges file and the edge populations in it (what
/// [`Connectome::write_sonata_edges`] returns, and what
/// [`Connectome::write_sonata_circuit`] lists in the circuit config).
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeFile {
    /// The file's name in the circuit's `network/` directory.
    pub file: String,
    /// Its edge populations and their synapse counts.
    pub populations: Vec<(String, u64)>,
}

fn h5(path: &Path) -> impl Fn(hdf5::Error) -> ExportError + '_ {
    move |e| ExportError::Hdf5 {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A name that is safe as an HDF5 group, a CSV field and a file name.
fn check_name(what: &str, name: &str) -> Result<(), ExportError> {
    let bad = name.is_empty()
        || name == "."
        || name == ".."
        || name
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '/' | '\\' | '"' | '\''));
    if bad {
        return Err(ExportError::Name {
            what: what.to_string(),
            name: name.to_string(),
            reason: "SONATA names are HDF5 groups, CSV fields and file names: no blanks, \
                     quotes or slashes, not empty",
        });
    }
    Ok(())
}

impl<W: Value> Connectome<W> {
    /// Write the network as a SONATA circuit into the directory `dir`,
    /// atomically: everything is written into a temporary directory beside
    /// it, which is renamed to `dir` only when complete. `dir` must not
    /// exist (see [`Connectome::write_sonata_into`] to write into a
    /// directory you manage).
    ///
    /// ```no_run
    /// # fn f(c: &init_network::Connectome<uom::si::f64::ElectricCurrent>) -> Result<(), init_network::ExportError> {
    /// use uom::si::{electric_current::picoampere, f64::ElectricCurrent};
    /// let pa = ElectricCurrent::new::<picoampere>(1.0);
    /// c.write_sonata("pd14", &init_network::SonataOptions::new(pa, "pA"))?;
    /// // Python: libsonata.CircuitConfig.from_file("pd14/circuit_config.json")
    /// # Ok(()) }
    /// ```
    pub fn write_sonata(
        &self,
        dir: impl AsRef<Path>,
        options: &SonataOptions<W>,
    ) -> Result<SonataFiles, ExportError> {
        let dir = dir.as_ref();
        let stage = crate::atomic::StagedDir::new(dir, false)?;
        let mut files = self.write_sonata_into(stage.path(), options)?;
        stage.commit()?;
        files.circuit_config = dir.join("circuit_config.json");
        Ok(files)
    }

    /// Write the SONATA files into the existing directory `dir` (not
    /// atomic by itself: the caller stages and renames `dir`).
    pub fn write_sonata_into(
        &self,
        dir: &Path,
        options: &SonataOptions<W>,
    ) -> Result<SonataFiles, ExportError> {
        let edges = self.write_sonata_edges(&dir.join("network/edges.h5"), "", options)?;
        self.write_sonata_circuit(dir, options, &[edges])
    }

    /// Write this connectome's synapses (the whole network, or a part of
    /// it) as one SONATA edges file at `path`: one edge population per
    /// projection with synapses, named `{pre}_to_{post}{suffix}` (a rank's
    /// file takes a suffix such as `_r3`, so that every population of a
    /// circuit has its own name, as libsonata requires). No file is
    /// written when there are no synapses.
    pub fn write_sonata_edges(
        &self,
        path: &Path,
        suffix: &str,
        options: &SonataOptions<W>,
    ) -> Result<EdgeFile, ExportError> {
        self.check_sonata_names(options)?;
        if !suffix.is_empty() {
            check_name("edge population suffix", suffix)?;
        }
        let names = self.edge_population_names();
        let edges: Vec<(usize, String)> = self
            .projections()
            .iter()
            .enumerate()
            .filter(|(_, p)| p.synapses > 0)
            .map(|(k, _)| (k, format!("{}{suffix}", names[k])))
            .collect();
        if !edges.is_empty() {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir).map_err(io(dir))?;
            }
            crate::atomic::write_at(path, io(path), |tmp| {
                self.write_edges(tmp, path, &edges, options)
            })?;
        }
        Ok(EdgeFile {
            file: path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            populations: edges
                .iter()
                .map(|(k, n)| (n.clone(), self.projections()[*k].synapses))
                .collect(),
        })
    }

    /// Write everything of a SONATA circuit but its edges into `dir`: the
    /// nodes, both type tables, the components and the two configs, which
    /// list `edge_files` (files in `dir/network`, written by
    /// [`Connectome::write_sonata_edges`], one per rank when the network
    /// was generated in parts). Files without populations are not listed.
    pub fn write_sonata_circuit(
        &self,
        dir: &Path,
        options: &SonataOptions<W>,
        edge_files: &[EdgeFile],
    ) -> Result<SonataFiles, ExportError> {
        self.check_sonata_names(options)?;
        let net = dir.join("network");
        let cells = dir.join("components/cell_models");
        let synapses = dir.join("components/synaptic_models");
        for d in [&net, &cells, &synapses] {
            fs::create_dir_all(d).map_err(io(d))?;
        }
        for p in self.populations() {
            let f = cells.join(format!("{}.json", p.name()));
            write_text(&f, "{}\n")?;
        }
        let f = synapses.join(format!("{}.json", options.synapse_model));
        write_text(&f, "{}\n")?;
        let nodes = net.join("nodes.h5");
        crate::atomic::write_at(&nodes, io(&nodes), |tmp| self.write_nodes(tmp, &nodes))?;
        write_text(&net.join("node_types.csv"), &self.node_types(options))?;
        write_text(&net.join("edge_types.csv"), &self.edge_types(options))?;
        let listed: Vec<&EdgeFile> = edge_files
            .iter()
            .filter(|e| !e.populations.is_empty())
            .collect();
        let circuit = dir.join("circuit_config.json");
        write_text(&circuit, &self.circuit_config(&listed))?;
        write_text(
            &dir.join("simulation_config.json"),
            &format!(
                "{{\n  \"manifest\": {{\"$BASE_DIR\": \".\", \"$OUTPUT_DIR\": \"$BASE_DIR/output\"}},\n  \
                 \"run\": {{\"tstop\": {}, \"dt\": {}}},\n  \"target_simulator\": \"NEST\",\n  \
                 \"network\": \"$BASE_DIR/circuit_config.json\",\n  \"output\": {{\"output_dir\": \"$OUTPUT_DIR\"}}\n}}\n",
                options.tstop.value * 1e3,
                options.dt.value * 1e3
            ),
        )?;
        Ok(SonataFiles {
            circuit_config: circuit,
            node_populations: self
                .populations()
                .iter()
                .map(|p| p.name().to_string())
                .collect(),
            edge_populations: listed
                .iter()
                .flat_map(|e| e.populations.iter().cloned())
                .collect(),
            bytes: dir_bytes(dir),
        })
    }

    fn check_sonata_names(&self, options: &SonataOptions<W>) -> Result<(), ExportError> {
        check_name("neuron model", &options.neuron_model)?;
        check_name("synapse model", &options.synapse_model)?;
        check_name("weight unit", &options.weight_name)?;
        check_name("delay unit", &options.delay_name)?;
        for p in self.populations() {
            check_name("population", p.name())?;
        }
        Ok(())
    }

    /// `pre_to_post`, one per projection, in projection order.
    fn edge_population_names(&self) -> Vec<String> {
        let pops = self.populations();
        self.projections()
            .iter()
            .map(|p| format!("{}_to_{}", pops[p.pre].name(), pops[p.post].name()))
            .collect()
    }

    /// The nodes file, written at `tmp`; errors name `path`.
    fn write_nodes(&self, tmp: &Path, path: &Path) -> Result<(), ExportError> {
        let e = h5(path);
        let file = File::create(tmp).map_err(&e)?;
        root_attributes(&file).map_err(&e)?;
        let nodes = file.create_group("nodes").map_err(&e)?;
        let um = Length::new::<uom::si::length::micrometer>(1.0).value;
        for (k, p) in self.populations().iter().enumerate() {
            let g = nodes.create_group(p.name()).map_err(&e)?;
            let n = p.ids().len();
            let ids: Vec<u64> = (0..n as u64).collect();
            let write = |name: &str, v: &[u64]| -> hdf5::Result<()> {
                g.new_dataset::<u64>()
                    .shape(v.len())
                    .create(name)?
                    .write(ArrayView1::from(v))
            };
            write("node_type_id", &vec![k as u64 + 1; n]).map_err(&e)?;
            write("node_id", &ids).map_err(&e)?;
            write("node_group_id", &vec![0; n]).map_err(&e)?;
            write("node_group_index", &ids).map_err(&e)?;
            let group = g.create_group("0").map_err(&e)?;
            let xyz = p.positions();
            for (axis, name) in ["x", "y", "z"].iter().enumerate().take(xyz.ncols()) {
                let col: Vec<f64> = xyz.column(axis).iter().map(|q| q.value / um).collect();
                let ds = group
                    .new_dataset::<f64>()
                    .shape(n)
                    .create(*name)
                    .map_err(&e)?;
                ds.write(ArrayView1::from(&col[..])).map_err(&e)?;
                units(&ds, "um").map_err(&e)?;
            }
        }
        file.close().map_err(&e)
    }

    /// The edges file, written at `tmp`; errors name `path`.
    fn write_edges(
        &self,
        tmp: &Path,
        path: &Path,
        edges: &[(usize, String)],
        options: &SonataOptions<W>,
    ) -> Result<(), ExportError> {
        let e = h5(path);
        let file = File::create(tmp).map_err(&e)?;
        root_attributes(&file).map_err(&e)?;
        let root = file.create_group("edges").map_err(&e)?;
        for (k, name) in edges {
            let g = root.create_group(name).map_err(&e)?;
            self.write_edge_population(&g, *k, options).map_err(&e)?;
        }
        file.close().map_err(&e)
    }

    /// One projection's edges, streamed in blocks, and its two indices.
    fn write_edge_population(
        &self,
        g: &Group,
        k: usize,
        options: &SonataOptions<W>,
    ) -> hdf5::Result<()> {
        let info = &self.projections()[k];
        let pops = self.populations();
        let (pre, post) = (&pops[info.pre], &pops[info.post]);
        let (s0, t0) = (pre.ids().start, post.ids().start);
        let view = self.view(k);
        let m = info.synapses as usize;
        let ds = |name: &str, g: &Group| -> hdf5::Result<Dataset> {
            g.new_dataset::<u64>().shape(m).create(name)
        };
        let src = ds("source_node_id", g)?;
        population_attribute(&src, pre.name())?;
        let tgt = ds("target_node_id", g)?;
        population_attribute(&tgt, post.name())?;
        let etype = g.new_dataset::<u32>().shape(m).create("edge_type_id")?;
        let egroup = g.new_dataset::<u32>().shape(m).create("edge_group_id")?;
        let eindex = ds("edge_group_index", g)?;
        let group0 = g.create_group("0")?;
        let weight = group0.new_dataset::<f64>().shape(m).create("syn_weight")?;
        units(&weight, &options.weight_name)?;
        let delay = match self.delays() {
            Some(_) => {
                let d = group0.new_dataset::<f64>().shape(m).create("delay")?;
                units(&d, &options.delay_name)?;
                Some(d)
            }
            None => None,
        };

        let wu = options.weight_unit.si();
        let du = options.delay_unit.value;
        let (mut bs, mut bt, mut bw, mut bd) = (
            Vec::with_capacity(BLOCK),
            Vec::with_capacity(BLOCK),
            Vec::with_capacity(BLOCK),
            Vec::with_capacity(BLOCK),
        );
        let mut written = 0usize;
        let flush = |bs: &mut Vec<u64>,
                     bt: &mut Vec<u64>,
                     bw: &mut Vec<f64>,
                     bd: &mut Vec<f64>,
                     at: usize|
         -> hdf5::Result<usize> {
            let n = bs.len();
            if n == 0 {
                return Ok(at);
            }
            let r = at..at + n;
            src.write_slice(ArrayView1::from(&bs[..]), r.clone())?;
            tgt.write_slice(ArrayView1::from(&bt[..]), r.clone())?;
            let ids: Vec<u64> = (at as u64..(at + n) as u64).collect();
            eindex.write_slice(ArrayView1::from(&ids[..]), r.clone())?;
            etype.write_slice(ArrayView1::from(&vec![k as u32 + 1; n][..]), r.clone())?;
            egroup.write_slice(ArrayView1::from(&vec![0u32; n][..]), r.clone())?;
            weight.write_slice(ArrayView1::from(&bw[..]), r.clone())?;
            if let Some(d) = &delay {
                d.write_slice(ArrayView1::from(&bd[..]), r)?;
            }
            bs.clear();
            bt.clear();
            bw.clear();
            bd.clear();
            Ok(at + n)
        };
        // Source index: one range per source with edges.
        let mut s_ranges: Vec<[u64; 2]> = Vec::new();
        let mut s_nodes = vec![[0u64; 2]; pre.ids().len()];
        let mut e = 0u64;
        for (g_row, seg) in view.segments() {
            let local = g_row - s0;
            let len = seg.len() as u64;
            let r = s_ranges.len() as u64;
            s_nodes[local] = if len > 0 { [r, r + 1] } else { [r, r] };
            if len > 0 {
                s_ranges.push([e, e + len]);
            }
            e += len;
            for t in seg {
                bs.push(local as u64);
                bt.push(u64::from(self.indices()[t]) - t0 as u64);
                bw.push(self.weights()[t].si() / wu);
                if let Some(d) = self.delays() {
                    bd.push(d[t].value / du);
                }
                if bs.len() == BLOCK {
                    written = flush(&mut bs, &mut bt, &mut bw, &mut bd, written)?;
                }
            }
        }
        written = flush(&mut bs, &mut bt, &mut bw, &mut bd, written)?;
        debug_assert_eq!(written, m);
        let idx = g.create_group("indices")?;
        let s2t = idx.create_group("source_to_target")?;
        write_pairs(&s2t, "range_to_edge_id", &s_ranges)?;
        write_pairs(&s2t, "node_id_to_ranges", &s_nodes)?;
        s2t.link_hard("node_id_to_ranges", "node_id_to_range")?;
        drop((s_ranges, s_nodes));
        let t2s = idx.create_group("target_to_source")?;
        self.target_index(&t2s, k)?;
        Ok(())
    }

    /// The target index of projection `k`: for each target, the runs of
    /// consecutive edge ids that end on it, built a block of targets at a
    /// time (each block's edge ids at most an eighth of the projection's).
    fn target_index(&self, g: &Group, k: usize) -> hdf5::Result<()> {
        let info = &self.projections()[k];
        let post = &self.populations()[info.post];
        let t0 = post.ids().start as u32;
        let n_t = post.ids().len();
        let view = self.view(k);
        let targets = || {
            view.segments().flat_map(move |(_, seg)| {
                self.indices()[seg].iter().map(move |&j| (j - t0) as usize)
            })
        };
        // Edges per target, and the number of runs (consecutive edge ids
        // on one target merge into one range).
        let mut count = vec![0u64; n_t];
        let mut runs = 0u64;
        let mut last = usize::MAX;
        for t in targets() {
            count[t] += 1;
            runs += u64::from(t != last);
            last = t;
        }
        let ranges = g
            .new_dataset::<u64>()
            .shape((runs as usize, 2))
            .create("range_to_edge_id")?;
        let nodes = g
            .new_dataset::<u64>()
            .shape((n_t, 2))
            .create("node_id_to_ranges")?;
        g.link_hard("node_id_to_ranges", "node_id_to_range")?;
        // Targets in blocks of at most a sixteenth of the projection's edges
        // (their ids, 8 bytes each, and their ranges, 16 each at most):
        // 1.5 bytes per edge of the projection held while writing.
        let m = info.synapses;
        let cap = (m / 16).max(1 << 20);
        let (mut lo, mut r) = (0usize, 0u64);
        while lo < n_t {
            // Targets lo..hi hold at most `cap` edges (or one target more).
            let mut hi = lo;
            let mut edges = 0u64;
            while hi < n_t && (hi == lo || edges + count[hi] <= cap) {
                edges += count[hi];
                hi += 1;
            }
            let mut start = vec![0u64; hi - lo + 1];
            for t in lo..hi {
                start[t - lo + 1] = start[t - lo] + count[t];
            }
            let mut fill = start.clone();
            let mut ids = vec![0u64; edges as usize];
            for (eid, t) in targets().enumerate() {
                if (lo..hi).contains(&t) {
                    let f = &mut fill[t - lo];
                    ids[*f as usize] = eid as u64;
                    *f += 1;
                }
            }
            // Ranges flat, two numbers each, moved into the array written.
            let mut block_ranges: Vec<u64> = Vec::new();
            let mut block_nodes: Vec<u64> = Vec::with_capacity(2 * (hi - lo));
            for t in lo..hi {
                let first = r + block_ranges.len() as u64 / 2;
                let mine = &ids[start[t - lo] as usize..start[t - lo + 1] as usize];
                let mut i = 0;
                while i < mine.len() {
                    let mut j = i + 1;
                    while j < mine.len() && mine[j] == mine[j - 1] + 1 {
                        j += 1;
                    }
                    block_ranges.extend([mine[i], mine[j - 1] + 1]);
                    i = j;
                }
                block_nodes.extend([first, r + block_ranges.len() as u64 / 2]);
            }
            drop(ids);
            let n = block_ranges.len() / 2;
            if n > 0 {
                let a = Array2::from_shape_vec((n, 2), block_ranges).expect("two columns");
                ranges.write_slice(&a, (r as usize..r as usize + n, ..))?;
            }
            let a = Array2::from_shape_vec((hi - lo, 2), block_nodes).expect("two columns");
            nodes.write_slice(&a, (lo..hi, ..))?;
            r += n as u64;
            lo = hi;
        }
        debug_assert_eq!(r, runs);
        Ok(())
    }

    fn node_types(&self, o: &SonataOptions<W>) -> String {
        let mut s =
            String::from("node_type_id model_type model_template dynamics_params pop_name sign\n");
        for (k, p) in self.populations().iter().enumerate() {
            let sign = match p.population().sign() {
                Some(init_core::Sign::Excitatory) => "excitatory",
                Some(init_core::Sign::Inhibitory) => "inhibitory",
                None => "NONE",
            };
            s += &format!(
                "{} point_neuron nest:{} {}.json {} {sign}\n",
                k + 1,
                o.neuron_model,
                p.name(),
                p.name()
            );
        }
        s
    }

    fn edge_types(&self, o: &SonataOptions<W>) -> String {
        let pops = self.populations();
        let mut s = String::from(
            "edge_type_id model_template dynamics_params weight_unit delay_unit rule pre post\n",
        );
        for (k, p) in self.projections().iter().enumerate() {
            s += &format!(
                "{} {} {}.json {} {} {} {} {}\n",
                k + 1,
                o.synapse_model,
                o.synapse_model,
                o.weight_name,
                o.delay_name,
                p.rule,
                pops[p.pre].name(),
                pops[p.post].name()
            );
        }
        s
    }

    fn circuit_config(&self, edge_files: &[&EdgeFile]) -> String {
        let nodes: Vec<String> = self
            .populations()
            .iter()
            .map(|p| format!("\"{}\": {{\"type\": \"point_neuron\"}}", p.name()))
            .collect();
        let entries: Vec<String> = edge_files
            .iter()
            .map(|e| {
                let pops: Vec<String> = e
                    .populations
                    .iter()
                    .map(|(n, _)| format!("\"{n}\": {{\"type\": \"chemical\"}}"))
                    .collect();
                format!(
                    "      {{\"edges_file\": \"$NETWORK_DIR/{}\", \"edge_types_file\": \"$NETWORK_DIR/edge_types.csv\",\n       \
                     \"populations\": {{{}}}}}",
                    e.file,
                    pops.join(", ")
                )
            })
            .collect();
        let edges = if entries.is_empty() {
            String::new()
        } else {
            entries.join(",\n") + "\n"
        };
        format!(
            "{{\n  \"manifest\": {{\"$BASE_DIR\": \".\", \"$NETWORK_DIR\": \"$BASE_DIR/network\", \
             \"$COMPONENTS_DIR\": \"$BASE_DIR/components\"}},\n  \"components\": {{\"point_neuron_models_dir\": \
             \"$COMPONENTS_DIR/cell_models\", \"synaptic_models_dir\": \"$COMPONENTS_DIR/synaptic_models\"}},\n  \
             \"networks\": {{\n    \"nodes\": [\n      {{\"nodes_file\": \"$NETWORK_DIR/nodes.h5\", \"node_types_file\": \
             \"$NETWORK_DIR/node_types.csv\",\n       \"populations\": {{{}}}}}\n    ],\n    \"edges\": [\n{}    ]\n  }}\n}}\n",
            nodes.join(", "),
            edges
        )
    }
}

fn pairs(v: &[[u64; 2]]) -> Array2<u64> {
    Array2::from_shape_vec((v.len(), 2), v.iter().flatten().copied().collect())
        .expect("two columns")
}

fn write_pairs(g: &Group, name: &str, v: &[[u64; 2]]) -> hdf5::Result<()> {
    g.new_dataset::<u64>()
        .shape((v.len(), 2))
        .create(name)?
        .write(&pairs(v))
}

fn root_attributes(file: &File) -> hdf5::Result<()> {
    file.new_attr::<u32>()
        .create("magic")?
        .write_scalar(&0x0A7A_u32)?;
    file.new_attr::<u32>()
        .shape(2)
        .create("version")?
        .write(ArrayView1::from(&[0u32, 1][..]))
}

fn vlen(s: &str) -> VarLenUnicode {
    s.parse().expect("checked names have no NUL")
}

fn population_attribute(ds: &Dataset, name: &str) -> hdf5::Result<()> {
    ds.new_attr::<VarLenUnicode>()
        .create("node_population")?
        .write_scalar(&vlen(name))
}

fn units(ds: &Dataset, unit: &str) -> hdf5::Result<()> {
    ds.new_attr::<VarLenUnicode>()
        .create("units")?
        .write_scalar(&vlen(unit))
}

/// A text file, whole or not at all (see [`crate::atomic`]).
fn write_text(path: &Path, text: &str) -> Result<(), ExportError> {
    crate::atomic::write_file(path, io(path), |w| {
        w.write_all(text.as_bytes()).map_err(io(path))
    })
}

fn dir_bytes(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_bytes(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}
