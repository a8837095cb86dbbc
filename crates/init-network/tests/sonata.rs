//! SONATA output read back by independent readers: h5py (every dataset,
//! attribute and both indices, checked against the network in memory),
//! libsonata (the circuit config, every edge's source, target, weight and
//! delay, every position, afferent and efferent queries) and bmtk (the
//! circuit opens; counts and `get_target` per edge population).
//!
//! The expected values go to Python as `.npy` files written by
//! ndarray-npy, not through our own SONATA code.
#![cfg(feature = "sonata")]

use std::path::Path;

use init_compose::InitializerExt;
use init_core::Sign;
use init_dist::{Normal, TruncatedNormal};
use init_network::{
    Connectome, ExportError, Layout, Mask, Network, Population, Projection, Rule, SonataOptions,
};
use init_spatial::{DistanceDelay, GaussianProfile};
use ndarray::{Array1, Array2};
use ndarray_npy::write_npy;
use uom::si::electrical_conductance::nanosiemens;
use uom::si::f64::{ElectricalConductance as G, Length, Time, Velocity};
use uom::si::length::micrometer;
use uom::si::time::millisecond;
use uom::si::velocity::meter_per_second;

fn ns(v: f64) -> G {
    G::new::<nanosiemens>(v)
}
fn um(v: f64) -> Length {
    Length::new::<micrometer>(v)
}
fn ms(v: f64) -> Time {
    Time::new::<millisecond>(v)
}

fn scratch(name: &str) -> init_testkit::Scratch {
    init_testkit::Scratch::new(&format!("sonata-{name}"))
}

/// Three populations (two placed in a plane, one without positions), five
/// projections of different rules, one of them empty; delays everywhere.
fn network() -> Connectome<G> {
    let square = Layout::uniform(&[um(0.0), um(0.0)], &[um(300.0), um(300.0)]).unwrap();
    let delay = || DistanceDelay::new(ms(0.5), Velocity::new::<meter_per_second>(0.3)).unwrap();
    let fixed = || TruncatedNormal::new(ms(1.5), ms(0.5), ms(0.1), None).unwrap();
    Network::builder()
        .population(
            Population::new("E", 400)
                .with_sign(Sign::Excitatory)
                .with_layout(square.clone()),
        )
        .population(
            Population::new("I", 100)
                .with_sign(Sign::Inhibitory)
                .with_layout(square),
        )
        .population(Population::new("X", 30))
        .projection(
            Projection::new(
                "E",
                "E",
                Rule::pairwise_bernoulli(GaussianProfile::new(um(60.0)).unwrap()).unwrap(),
                Normal::new(ns(0.5), ns(0.1)).unwrap(),
            )
            .with_mask(Mask::circular(um(150.0)).unwrap())
            .with_delays(delay())
            .allow_autapses(false),
        )
        .projection(
            Projection::new(
                "E",
                "I",
                Rule::fixed_indegree(25),
                Normal::new(ns(0.8), ns(0.1)).unwrap(),
            )
            .with_delays(delay()),
        )
        .projection(
            Projection::new(
                "I",
                "E",
                Rule::fixed_total_number(3000),
                Normal::new(ns(-2.0), ns(0.3))
                    .unwrap()
                    .clip(None, ns(0.0))
                    .unwrap(),
            )
            .with_delays(delay()),
        )
        .projection(Projection::new("I", "X", Rule::all_to_all(), ns(1.0)).with_delays(fixed()))
        .projection(
            Projection::new("X", "I", Rule::pairwise_bernoulli(0.0).unwrap(), ns(1.0))
                .with_delays(fixed()),
        )
        .resolution(ms(0.1))
        .build()
        .unwrap()
        .generate(11)
        .unwrap()
}

/// The expected arrays of every edge population and every position, as
/// `.npy` files under `dir/expected`.
fn expected(c: &Connectome<G>, dir: &Path) -> Vec<String> {
    let out = dir.join("expected");
    std::fs::create_dir_all(&out).unwrap();
    let pops = c.populations();
    let mut names = Vec::new();
    for (k, p) in c.projections().iter().enumerate() {
        if p.synapses == 0 {
            continue;
        }
        let name = format!("{}_to_{}", pops[p.pre].name(), pops[p.post].name());
        let v = c.view(k);
        let (mut s, mut t, mut w, mut d) = (vec![], vec![], vec![], vec![]);
        for (i, j, wt, dl) in v.iter() {
            s.push(i as u64);
            t.push(j as u64);
            w.push(wt.value / ns(1.0).value);
            d.push(dl.value / ms(1.0).value);
        }
        write_npy(out.join(format!("{name}.src.npy")), &Array1::from(s)).unwrap();
        write_npy(out.join(format!("{name}.tgt.npy")), &Array1::from(t)).unwrap();
        write_npy(out.join(format!("{name}.w.npy")), &Array1::from(w)).unwrap();
        write_npy(out.join(format!("{name}.d.npy")), &Array1::from(d)).unwrap();
        names.push(name);
    }
    for p in pops {
        let xy = p.positions();
        let a = Array2::from_shape_fn(xy.dim(), |(i, j)| xy[[i, j]].value / um(1.0).value);
        write_npy(out.join(format!("{}.pos.npy", p.name())), &a).unwrap();
    }
    names
}

const READERS: &str = r#"
import json, os, sys
import numpy as np, h5py, libsonata
base, exp = sys.argv[1], sys.argv[2]
epops = json.loads(sys.argv[3])
checks = 0
def E(name): return np.load(os.path.join(exp, name))

# --- h5py: every dataset and attribute, and the two indices by brute force.
with h5py.File(f"{base}/network/nodes.h5", "r") as f:
    assert f.attrs["magic"] == 0x0A7A and list(f.attrs["version"]) == [0, 1]
    assert f.attrs["version"].dtype == np.uint32
    for k, pop in enumerate(["E", "I", "X"]):
        g = f["nodes"][pop]
        pos = E(f"{pop}.pos.npy")
        n = pos.shape[0]
        assert (g["node_type_id"][:] == k + 1).all() and g["node_type_id"].shape == (n,)
        assert (g["node_id"][:] == np.arange(n)).all()
        assert (g["node_group_id"][:] == 0).all() and (g["node_group_index"][:] == np.arange(n)).all()
        for a, axis in enumerate("xyz"[: pos.shape[1]]):
            assert np.array_equal(g["0"][axis][:], pos[:, a]), (pop, axis)
            checks += n
with h5py.File(f"{base}/network/edges.h5", "r") as f:
    assert f.attrs["magic"] == 0x0A7A
    assert sorted(f["edges"].keys()) == sorted(epops), (list(f["edges"].keys()), epops)
    for name in epops:
        g = f["edges"][name]
        src, tgt = E(f"{name}.src.npy"), E(f"{name}.tgt.npy")
        pre, post = name.split("_to_")
        assert g["source_node_id"].attrs["node_population"] == pre
        assert g["target_node_id"].attrs["node_population"] == post
        assert g["source_node_id"].attrs["node_population"].__class__ is str
        assert np.array_equal(g["source_node_id"][:], src) and np.array_equal(g["target_node_id"][:], tgt)
        assert np.array_equal(g["0/syn_weight"][:], E(f"{name}.w.npy"))
        assert np.array_equal(g["0/delay"][:], E(f"{name}.d.npy"))
        assert g["0/syn_weight"].attrs["units"] == "nS" and g["0/delay"].attrs["units"] == "ms"
        m = len(src)
        assert (g["edge_group_id"][:] == 0).all() and (g["edge_group_index"][:] == np.arange(m)).all()
        for index, ids in (("source_to_target", src), ("target_to_source", tgt)):
            ig = g["indices"][index]
            # node_id_to_range is a hard link to node_id_to_ranges.
            assert ig["node_id_to_range"].id == ig["node_id_to_ranges"].id
            n2r, r2e = ig["node_id_to_ranges"][:], ig["range_to_edge_id"][:]
            assert n2r.dtype == np.uint64 and r2e.dtype == np.uint64
            for node in range(n2r.shape[0]):
                a, b = n2r[node]
                got = [e for r in range(a, b) for e in range(*r2e[r])]
                want = list(np.flatnonzero(ids == node))
                assert got == want, (name, index, node)
                checks += 1
        checks += 4 * m

# --- libsonata: through the circuit config, as a simulator opens it.
cfg = libsonata.CircuitConfig.from_file(f"{base}/circuit_config.json")
assert sorted(cfg.node_populations) == ["E", "I", "X"]
assert sorted(cfg.edge_populations) == sorted(epops)
for pop in ["E", "I"]:
    nodes = cfg.node_population(pop)
    pos = E(f"{pop}.pos.npy")
    sel = nodes.select_all()
    assert nodes.size == pos.shape[0]
    for a, axis in enumerate("xy"):
        assert np.array_equal(nodes.get_attribute(axis, sel), pos[:, a])
for name in epops:
    ep = cfg.edge_population(name)
    src, tgt = E(f"{name}.src.npy"), E(f"{name}.tgt.npy")
    sel = ep.select_all()
    assert ep.size == len(src)
    assert np.array_equal(ep.source_nodes(sel), src) and np.array_equal(ep.target_nodes(sel), tgt)
    assert np.array_equal(ep.get_attribute("syn_weight", sel), E(f"{name}.w.npy"))
    assert np.array_equal(ep.get_attribute("delay", sel), E(f"{name}.d.npy"))
    assert (ep.source, ep.target) == tuple(name.split("_to_"))
    for node in sorted(set(tgt.tolist()))[:20]:
        aff = ep.afferent_edges([node]).flatten()
        assert list(aff) == list(np.flatnonzero(tgt == node)), (name, node)
    for node in sorted(set(src.tolist()))[:20]:
        eff = ep.efferent_edges([node]).flatten()
        assert list(eff) == list(np.flatnonzero(src == node)), (name, node)
    checks += 4 * len(src)

# --- bmtk: its SONATA reader opens the circuit.
from bmtk.utils.sonata import File
net = File(data_files=[f"{base}/network/nodes.h5", f"{base}/network/edges.h5"],
           data_type_files=[f"{base}/network/node_types.csv", f"{base}/network/edge_types.csv"])
for pop in ["E", "I", "X"]:
    df = net.nodes[pop].to_dataframe()
    assert len(df) == E(f"{pop}.pos.npy").shape[0]
    assert set(df["model_template"]) == {"nest:iaf_psc_alpha"}
for name in epops:
    ep = net.edges[name]
    src, tgt = E(f"{name}.src.npy"), E(f"{name}.tgt.npy")
    assert len(ep) == len(src), (name, len(ep), len(src))
    for node in sorted(set(tgt.tolist()))[:5]:
        got = sorted(e.source_node_id for e in ep.get_target(node))
        assert got == sorted(src[tgt == node].tolist()), (name, node)
    e0 = next(iter(ep))
    assert e0["model_template"] == "static_synapse"
print("OK", checks)
"#;

#[test]
fn libsonata_h5py_and_bmtk_read_every_edge_and_position() {
    let c = network();
    assert_eq!(
        c.projections().iter().filter(|p| p.synapses == 0).count(),
        1,
        "one projection is empty and must be left out"
    );
    let dir = scratch("readers");
    let out = dir.join("circuit");
    let files = c
        .write_sonata(&out, &SonataOptions::new(ns(1.0), "nS"))
        .unwrap();
    assert_eq!(files.node_populations, ["E", "I", "X"]);
    let epops = expected(&c, &dir);
    assert_eq!(
        files
            .edge_populations
            .iter()
            .map(|(n, _)| n.clone())
            .collect::<Vec<_>>(),
        epops
    );
    let py = init_testkit::python_with(&["h5py", "libsonata", "bmtk", "pandas"]);
    let script = dir.join("readers.py");
    std::fs::write(&script, READERS).unwrap();
    let o = std::process::Command::new(py)
        .arg(&script)
        .arg(&out)
        .arg(dir.join("expected"))
        .arg(serde_json::to_string(&epops).unwrap())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success() && stdout.contains("OK"),
        "readers failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    eprintln!("{stdout}");
}

#[test]
fn an_existing_output_is_refused_and_left_alone() {
    let c = network();
    let dir = scratch("exists");
    let out = dir.join("circuit");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("keep"), b"mine").unwrap();
    let e = c
        .write_sonata(&out, &SonataOptions::new(ns(1.0), "nS"))
        .unwrap_err();
    assert!(matches!(e, ExportError::Exists { .. }), "{e}");
    assert_eq!(std::fs::read(out.join("keep")).unwrap(), b"mine");
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        1,
        "no temporary left"
    );
}

#[test]
fn a_failed_write_leaves_nothing_behind() {
    let c = network();
    let dir = scratch("fails");
    // A name SONATA cannot hold fails after the temporary directory exists.
    let e = c
        .write_sonata(dir.join("circuit"), &SonataOptions::new(ns(1.0), "n S"))
        .unwrap_err();
    assert!(matches!(e, ExportError::Name { .. }), "{e}");
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "no output, no temporary"
    );
}
