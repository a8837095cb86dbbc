//! The `neuroinit` command run as a user runs it: exit codes, output
//! directories written whole or not at all, refusing to overwrite, and the
//! same files for any thread count.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_neuroinit");

/// A small network: two placed populations, a distance-dependent
/// projection with distance delays, a fixed in-degree one.
const SMALL: &str = r#"
[network]
weight_unit = "nS"
resolution = "0.1 ms"
seed = 3

[[population]]
name = "E"
size = 2000
sign = "excitatory"
layout = { type = "uniform", lower = ["0 um", "0 um"], upper = ["500 um", "500 um"] }

[[population]]
name = "I"
size = 500
sign = "inhibitory"
layout = { type = "uniform", lower = ["0 um", "0 um"], upper = ["500 um", "500 um"] }

[[projection]]
pre = "E"
post = "E"
rule = "pairwise_bernoulli"
p = { type = "gaussian", sigma = "40 um", max_distance = "160 um" }
weights = { type = "lognormal", mean = "0.5 nS", std = "0.2 nS" }
delays = { type = "distance", d0 = "0.3 ms", velocity = "0.5 m/s" }
autapses = false

[[projection]]
pre = "I"
post = "E"
rule = "fixed_indegree"
indegree = 20
weights = { type = "normal", mean = "2 nS", std = "0.3 nS", clip = { min = "0 nS" }, negate = true }
delays = "1 ms"
"#;

fn scratch(name: &str) -> init_testkit::Scratch {
    init_testkit::Scratch::new(&format!("cli-{name}"))
}

fn run(args: &[&str], dir: &Path) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Everything in `dir`, names only, sorted (hidden staging included).
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn check_validates_and_describes_every_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    for (file, says) in [
        ("pd14.toml", "298880968 synapses (exact"),
        ("sparse_cortex.toml", "synapses (estimated"),
        ("sparse_microcircuit.toml", "synapses (estimated"),
    ] {
        let o = run(&["check", &format!("examples/networks/{file}")], &root);
        assert_eq!(code(&o), 0, "{}", text(&o));
        let t = text(&o);
        assert!(
            t.contains("valid") && t.contains(says) && t.contains("memory:"),
            "{t}"
        );
    }
}

#[test]
fn bad_input_exits_2_with_the_position() {
    let dir = scratch("bad");
    std::fs::write(
        dir.join("bad.toml"),
        SMALL.replace("\"40 um\"", "\"40 nS\""),
    )
    .unwrap();
    let o = run(&["check", "bad.toml"], &dir);
    assert_eq!(code(&o), 2);
    assert!(
        text(&o).contains("bad.toml:23:34: `sigma` must be a length"),
        "{}",
        text(&o)
    );
    let o = run(&["build", "bad.toml", "--out", "x"], &dir);
    assert_eq!(code(&o), 2);
    assert!(!dir.join("x").exists());
    // A missing file, an unknown option, no subcommand.
    assert_eq!(code(&run(&["check", "missing.toml"], &dir)), 2);
    assert_eq!(
        code(&run(
            &["build", "bad.toml", "--out", "x", "--frobnicate"],
            &dir
        )),
        2
    );
    assert_eq!(code(&run(&[], &dir)), 2);
    assert_eq!(code(&run(&["--help"], &dir)), 0);
    assert_eq!(listing(&dir), ["bad.toml"], "nothing written");
}

#[test]
fn build_writes_npz_and_info_reads_it_back() {
    let dir = scratch("npz");
    std::fs::write(dir.join("small.toml"), SMALL).unwrap();
    let o = run(
        &["build", "small.toml", "--out", "out", "--format", "npz"],
        &dir,
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert_eq!(
        listing(&dir.join("out")),
        [
            "edges.npz",
            "network.npz",
            "neuroinit.json",
            "positions.npz"
        ]
    );
    assert_eq!(listing(&dir), ["out", "small.toml"], "no staging left");
    let o = run(&["info", "out"], &dir);
    assert_eq!(code(&o), 0, "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("counts agree with the manifest"), "{t}");
    assert!(t.contains("I -> E") && t.contains("40000"), "{t}");
    // info refuses what is not an output.
    assert_eq!(code(&run(&["info", "."], &dir)), 2);
}

#[test]
fn an_existing_output_is_refused_unless_forced() {
    let dir = scratch("force");
    std::fs::write(dir.join("small.toml"), SMALL).unwrap();
    std::fs::create_dir(dir.join("out")).unwrap();
    std::fs::write(dir.join("out/mine.txt"), b"keep").unwrap();
    let o = run(
        &["build", "small.toml", "--out", "out", "--format", "npz"],
        &dir,
    );
    assert_eq!(code(&o), 2);
    assert!(text(&o).contains("--force"), "{}", text(&o));
    assert_eq!(std::fs::read(dir.join("out/mine.txt")).unwrap(), b"keep");
    let o = run(
        &[
            "build",
            "small.toml",
            "--out",
            "out",
            "--format",
            "npz",
            "--force",
        ],
        &dir,
    );
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(!dir.join("out/mine.txt").exists());
    assert!(dir.join("out/network.npz").exists());
    assert_eq!(listing(&dir), ["out", "small.toml"]);
}

#[test]
fn one_or_two_threads_write_the_same_files() {
    let dir = scratch("threads");
    std::fs::write(dir.join("small.toml"), SMALL).unwrap();
    for t in ["1", "2"] {
        let o = run(
            &[
                "build",
                "small.toml",
                "--out",
                t,
                "--format",
                "npz",
                "--threads",
                t,
            ],
            &dir,
        );
        assert_eq!(code(&o), 0, "{}", text(&o));
    }
    for f in ["network.npz", "edges.npz", "positions.npz"] {
        assert!(
            std::fs::read(dir.join("1").join(f)).unwrap()
                == std::fs::read(dir.join("2").join(f)).unwrap(),
            "{f} differs between 1 and 2 threads"
        );
    }
}

#[test]
fn an_unwritable_output_fails_with_nothing_left() {
    let dir = scratch("unwritable");
    std::fs::write(dir.join("small.toml"), SMALL).unwrap();
    // The output's parent is a file: nothing can be created there.
    std::fs::write(dir.join("plain"), b"").unwrap();
    let o = run(
        &[
            "build",
            "small.toml",
            "--out",
            "plain/out",
            "--format",
            "npz",
        ],
        &dir,
    );
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert_eq!(listing(&dir), ["plain", "small.toml"]);
}

/// A filesystem that fills half way through the output: a file-size limit
/// (`ulimit -f`, with SIGXFSZ ignored so that the write fails with EFBIG
/// instead of killing the process) below the size of `edges.npz`.
#[test]
fn a_full_disk_half_way_fails_with_nothing_left() {
    let dir = scratch("full");
    std::fs::write(dir.join("small.toml"), SMALL).unwrap();
    // 1024 blocks of 512 bytes: network.npz (about 0.5 MB) fits, edges.npz
    // (about 1 MB) does not.
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 1024; exec {BIN} build small.toml --out out --format npz"
        ))
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(code(&o), 1, "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("edges.npz") || t.contains("File too large"),
        "{t}"
    );
    assert_eq!(listing(&dir), ["small.toml"], "no output, no staging");
}

#[cfg(feature = "sonata")]
#[test]
fn build_writes_sonata_and_info_reads_it_back() {
    let dir = scratch("sonata");
    std::fs::write(dir.join("small.toml"), SMALL).unwrap();
    let o = run(&["build", "small.toml", "--out", "out"], &dir);
    assert_eq!(code(&o), 0, "{}", text(&o));
    for f in [
        "circuit_config.json",
        "simulation_config.json",
        "neuroinit.json",
        "network/nodes.h5",
        "network/edges.h5",
        "network/node_types.csv",
        "network/edge_types.csv",
    ] {
        assert!(dir.join("out").join(f).exists(), "{f}");
    }
    let o = run(&["info", "out"], &dir);
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(
        text(&o).contains("counts agree with the manifest"),
        "{}",
        text(&o)
    );
}
