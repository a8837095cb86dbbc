//! `mpirun -n K neuroinit build` writes the network one process writes:
//! for PD14 at scale 0.1 and the sparse cortex at 1e5 neurons, on 1 to 4
//! ranks, with both partition schemes, the ranks' SONATA edge files read
//! through libsonata hold exactly the single process's synapses (the
//! sorted (pre, post, weight, delay) of every projection, equal value for
//! value, and the exact counts). Also: more ranks than neurons (empty
//! ranks, still correct), and an unwritable output (every rank fails with
//! the same message, nothing left behind).
#![cfg(all(feature = "mpi", feature = "sonata"))]

#[path = "../../../benches/support/pd14.rs"]
mod pd14;

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_neuroinit");

fn scratch(name: &str) -> init_testkit::Scratch {
    init_testkit::Scratch::new(&format!("mpi-{name}"))
}

/// `mpirun -n ranks neuroinit args...`, one thread per rank, as root
/// where CI runs as root, oversubscribing the two cores.
fn mpirun(ranks: usize, args: &[&str], dir: &Path) -> Output {
    Command::new("mpirun")
        .args(["-n", &ranks.to_string(), BIN])
        .args(args)
        .current_dir(dir)
        .env("OMPI_ALLOW_RUN_AS_ROOT", "1")
        .env("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
        .env("OMPI_MCA_rmaps_base_oversubscribe", "1")
        .env("OMPI_MCA_btl", "self,vader")
        .env("OMPI_MCA_btl_vader_single_copy_mechanism", "none")
        .env("NEUROINIT_THREADS", "1")
        .output()
        .expect("mpirun runs (apt-get install openmpi-bin)")
}

fn single(args: &[&str], dir: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn ok(o: &Output) {
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// PD14 at `scale` as a description file (the sizes and counts of
/// `benches/support/pd14.rs`).
fn pd14_file(scale: f64) -> String {
    let n = pd14::sizes(scale);
    let mut s =
        String::from("[network]\nweight_unit = \"pA\"\nresolution = \"0.1 ms\"\nseed = 8\n");
    for (k, name) in pd14::NAMES.iter().enumerate() {
        let sign = if k % 2 == 0 {
            "excitatory"
        } else {
            "inhibitory"
        };
        let _ = write!(
            s,
            "\n[[population]]\nname = \"{name}\"\nsize = {}\nsign = \"{sign}\"\n",
            n[k]
        );
    }
    for (t, target) in pd14::NAMES.iter().enumerate() {
        for (sidx, source) in pd14::NAMES.iter().enumerate() {
            let k = pd14::synapses(t, sidx, scale);
            if k == 0 {
                continue;
            }
            let w = pd14::weight(t, sidx);
            let sd = (w * pd14::W_REL_STD).abs();
            let bound = if w > 0.0 {
                "low = \"0 pA\""
            } else {
                "high = \"0 pA\""
            };
            let d = pd14::delay(sidx);
            let _ = write!(
                s,
                "\n[[projection]]\npre = \"{source}\"\npost = \"{target}\"\nrule = \"fixed_total_number\"\nn = {k}\n\
                 weights = {{ type = \"truncated_normal\", mean = \"{w:?} pA\", std = \"{sd:?} pA\", {bound} }}\n\
                 delays = {{ type = \"truncated_normal\", mean = \"{d:?} ms\", std = \"{:?} ms\", low = \"0.05 ms\" }}\n",
                0.5 * d
            );
        }
    }
    s
}

/// Python: every circuit's edges, per projection, sorted, against the
/// first circuit's (the single process's).
const COMPARE: &str = r#"
import sys, re
import numpy as np, libsonata
def edges(base):
    cfg = libsonata.CircuitConfig.from_file(f"{base}/circuit_config.json")
    per = {}
    for name in cfg.edge_populations:
        ep = cfg.edge_population(name)
        sel = ep.select_all()
        proj = re.sub(r"_r[0-9]+$", "", name)
        cols = [ep.source_nodes(sel).astype(np.float64), ep.target_nodes(sel).astype(np.float64),
                ep.get_attribute("syn_weight", sel)]
        if "delay" in ep.attribute_names:
            cols.append(ep.get_attribute("delay", sel))
        per.setdefault(proj, []).append(np.column_stack(cols))
    out = {}
    for proj, parts in per.items():
        a = np.concatenate(parts)
        out[proj] = a[np.lexsort(a.T[::-1])]
    return out
ref = edges(sys.argv[1])
for base in sys.argv[2:]:
    got = edges(base)
    assert sorted(got) == sorted(ref), (base, sorted(got), sorted(ref))
    for proj in ref:
        assert got[proj].shape == ref[proj].shape, (base, proj, got[proj].shape, ref[proj].shape)
        assert np.array_equal(got[proj], ref[proj]), (base, proj)
print("OK", sum(len(a) for a in ref.values()), "synapses in", len(sys.argv) - 2, "circuits")
"#;

fn compare(dir: &Path, reference: &str, other: &str) {
    let py = init_testkit::python_with(&["h5py", "libsonata"]);
    std::fs::write(dir.join("compare.py"), COMPARE).unwrap();
    let o = Command::new(py)
        .arg(dir.join("compare.py"))
        .arg(dir.join(reference))
        .arg(dir.join(other))
        .output()
        .unwrap();
    ok(&o);
    assert!(String::from_utf8_lossy(&o.stdout).contains("OK"));
}

/// Build `file` in one process, then under mpirun on 1..=4 ranks with
/// `schemes`, and compare. Each rank count's output is compared and
/// removed before the next is built: together they take gigabytes.
fn same_on_every_rank_count(name: &str, file: &str, runs: &[(usize, &str)]) {
    let dir = scratch(name);
    std::fs::write(dir.join("net.toml"), file).unwrap();
    ok(&single(&["build", "net.toml", "--out", "single"], &dir));
    for &(ranks, scheme) in runs {
        let out = format!("mpi-{ranks}-{scheme}");
        ok(&mpirun(
            ranks,
            &["build", "net.toml", "--out", &out, "--scheme", scheme],
            &dir,
        ));
        // The rank files are the only edge files, and info agrees with them.
        let files = std::fs::read_dir(dir.join(&out).join("network"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with("edges")
            })
            .count();
        assert!(files <= ranks, "{files} edge files from {ranks} ranks");
        ok(&single(&["info", &out], &dir));
        compare(&dir, "single", &out);
        std::fs::remove_dir_all(dir.join(&out)).unwrap();
    }
}

#[test]
fn pd14_on_1_to_4_ranks_equals_one_process() {
    let runs: Vec<(usize, &str)> = (1..=4)
        .flat_map(|n| [(n, "blocks"), (n, "round-robin")])
        .collect();
    same_on_every_rank_count("pd14", &pd14_file(0.1), &runs);
}

#[test]
fn sparse_cortex_on_2_and_3_ranks_equals_one_process() {
    let file = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/networks/sparse_cortex.toml"
    ))
    .unwrap();
    let runs = [(2, "blocks"), (3, "round-robin"), (4, "blocks")];
    same_on_every_rank_count("cortex", &file, &runs);
}

#[test]
fn more_ranks_than_neurons_leaves_some_empty_and_is_still_right() {
    let file = "[network]\nweight_unit = \"nS\"\nseed = 2\n\n[[population]]\nname = \"A\"\nsize = 3\n\n\
                [[projection]]\npre = \"A\"\npost = \"A\"\nrule = \"all_to_all\"\nweights = { type = \"normal\", mean = \"1 nS\", std = \"0.1 nS\" }\n";
    same_on_every_rank_count("tiny", file, &[(4, "blocks"), (4, "round-robin")]);
}

#[test]
fn an_unwritable_output_fails_on_every_rank_with_one_message() {
    let dir = scratch("unwritable");
    std::fs::write(dir.join("net.toml"), pd14_file(0.02)).unwrap();
    std::fs::write(dir.join("plain"), b"").unwrap();
    let o = mpirun(3, &["build", "net.toml", "--out", "plain/out"], &dir);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(lines.len(), 3, "one error per rank:\n{err}");
    assert!(
        lines.iter().all(|l| *l == lines[0]),
        "the same message:\n{err}"
    );
    let mut left: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["net.toml", "plain"], "nothing left behind");
}
