//! The Potjans–Diesmann microcircuit at scale 0.05 (747 k synapses) as a
//! SONATA circuit, loaded into a simulator:
//!
//! 1. libsonata reads the circuit config and every edge population: the
//!    per-projection counts equal ours.
//! 2. NEST 3.10 (PyPI `nest-simulator`, whose wheel has no HDF5, so its own
//!    `SonataNetwork` is unavailable) gets the network through a small
//!    loader that reads the SONATA files with h5py and calls
//!    `nest.Connect` with arrays, simulates 50 ms, and hands back every
//!    connection it holds (`GetConnections`): the multiset of (source,
//!    target, weight, delay) equals ours exactly, projection by
//!    projection (delays compared on NEST's 0.1 ms grid).
#![cfg(feature = "sonata")]

#[path = "../benches/support/pd14.rs"]
mod pd14;

use neuroinit::SonataOptions;
use neuroinit::units::pA;

const LOADER: &str = r#"
import csv, json, os, sys
import numpy as np, h5py, libsonata
base, out = sys.argv[1], sys.argv[2]

# 1. libsonata: counts per edge population.
cfg = libsonata.CircuitConfig.from_file(f"{base}/circuit_config.json")
counts = {name: cfg.edge_population(name).size for name in cfg.edge_populations}

# 2. NEST through h5py.
import nest
nest.set_verbosity("M_ERROR")
nest.ResetKernel()
nest.resolution = 0.1
nest.local_num_threads = 2
with open(f"{base}/network/node_types.csv") as f:
    types = {int(r["node_type_id"]): r for r in csv.DictReader(f, delimiter=" ")}
pops = {}
with h5py.File(f"{base}/network/nodes.h5", "r") as f:
    for name, g in f["nodes"].items():
        t = types[int(g["node_type_id"][0])]
        pops[name] = nest.Create(t["model_template"].split(":", 1)[1], len(g["node_type_id"]))
first = {name: nc.tolist()[0] for name, nc in pops.items()}
with h5py.File(f"{base}/network/edges.h5", "r") as f:
    for name, g in f["edges"].items():
        pre = g["source_node_id"].attrs["node_population"]
        post = g["target_node_id"].attrs["node_population"]
        s = g["source_node_id"][:].astype(np.int64) + first[pre]
        t = g["target_node_id"][:].astype(np.int64) + first[post]
        nest.Connect(s, t, "one_to_one", syn_spec={
            "synapse_model": "static_synapse",
            "weight": g["0/syn_weight"][:], "delay": g["0/delay"][:]})
nest.Simulate(50.0)
c = nest.GetConnections().get(["source", "target", "weight", "delay"])
np.savez(out, source=np.asarray(c["source"]), target=np.asarray(c["target"]),
         weight=np.asarray(c["weight"]), delay=np.asarray(c["delay"]),
         first=np.array([first[p] for p in sorted(first)], dtype=np.int64))
print(json.dumps(counts))
"#;

#[test]
fn pd14_in_libsonata_and_nest_equals_ours() {
    let scale = 0.05;
    let c = pd14::pd14(scale, true).unwrap().generate(5).unwrap();
    let dir = init_testkit::Scratch::new("pd14-sonata");
    let circuit = dir.join("circuit");
    let files = c
        .write_sonata(
            &circuit,
            &SonataOptions::new(pA(1.0), "pA").with_neuron_model("iaf_psc_exp"),
        )
        .unwrap();
    assert_eq!(files.edge_populations.len(), 55);

    let py = init_testkit::python_with(&["h5py", "libsonata", "nest-simulator"]);
    let script = dir.join("loader.py");
    std::fs::write(&script, LOADER).unwrap();
    let npz = dir.join("nest.npz");
    let o = std::process::Command::new(py)
        .arg(&script)
        .arg(&circuit)
        .arg(&npz)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "loader failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );

    // 1. libsonata's counts, projection by projection.
    let line = stdout.lines().last().unwrap();
    let counts: std::collections::HashMap<String, u64> = serde_json::from_str(line).unwrap();
    assert_eq!(counts.len(), 55);
    for p in c.projections() {
        let name = format!("{}_to_{}", pd14::NAMES[p.pre], pd14::NAMES[p.post]);
        assert_eq!(
            counts.get(&name).copied().unwrap_or(0),
            p.synapses,
            "{name}"
        );
        assert_eq!(p.synapses, pd14::synapses(p.post, p.pre, scale));
    }

    // 2. NEST's connections: the same multiset of (pre, post, weight, delay).
    let mut npz = ndarray_npy::NpzReader::new(std::fs::File::open(&npz).unwrap()).unwrap();
    let s: ndarray::Array1<i64> = npz.by_name("source").unwrap();
    let t: ndarray::Array1<i64> = npz.by_name("target").unwrap();
    let w: ndarray::Array1<f64> = npz.by_name("weight").unwrap();
    let d: ndarray::Array1<f64> = npz.by_name("delay").unwrap();
    assert_eq!(
        s.len(),
        c.synapses(),
        "NEST holds as many connections as we made"
    );
    // NEST's first id of each population (names sorted, as the loader
    // wrote them); ours are global ids in declaration order.
    let first: ndarray::Array1<i64> = npz.by_name("first").unwrap();
    let mut sorted: Vec<&str> = pd14::NAMES.to_vec();
    sorted.sort_unstable();
    let nest_first: std::collections::HashMap<&str, i64> =
        sorted.iter().copied().zip(first.iter().copied()).collect();
    let to_global = |id: i64| -> u32 {
        let (name, f) = nest_first
            .iter()
            .filter(|(_, f)| **f <= id)
            .max_by_key(|(_, f)| **f)
            .unwrap();
        (c.population(name).unwrap().ids().start as i64 + id - f) as u32
    };
    let step = |x: f64| (x * 10.0).round() as i64;
    let mut theirs: Vec<(u32, u32, u64, i64)> = (0..s.len())
        .map(|k| (to_global(s[k]), to_global(t[k]), w[k].to_bits(), step(d[k])))
        .collect();
    let mut ours: Vec<(u32, u32, u64, i64)> = c
        .iter()
        .map(|(i, j, wt, dl)| {
            (
                i as u32,
                j as u32,
                (wt.value / pA(1.0).value).to_bits(),
                step(dl.value / 1e-3),
            )
        })
        .collect();
    theirs.sort_unstable();
    ours.sort_unstable();
    assert!(theirs == ours, "NEST's connections differ from ours");
}
