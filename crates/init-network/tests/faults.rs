//! Every file writer under faults: an unwritable directory, a target it
//! cannot replace, a filesystem that fills half way (a small tmpfs when
//! the tests run as root, and a file-size limit, `RLIMIT_FSIZE`, in a
//! child process). In every case the writer returns an error, no partial
//! file is left (no temporary either) and a file already at the target is
//! untouched.

use std::path::{Path, PathBuf};
use std::process::Command;

use init_core::Positions;
use init_core::ndarray::Array2;
use init_core::{Generate, Sign};
use init_dist::{Normal, Uniform};
use init_network::{
    Connectome, Csr, ExportError, Layout, Mask, Network, Population, Projection, Rule,
    SpatialConnector,
};
use init_spatial::GaussianProfile;
use uom::si::electrical_conductance::nanosiemens;
use uom::si::f64::{ElectricalConductance as G, Length, Time};
use uom::si::length::micrometer;
use uom::si::time::millisecond;

fn um(v: f64) -> Length {
    Length::new::<micrometer>(v)
}

fn ns(v: f64) -> G {
    G::new::<nanosiemens>(v)
}

fn ms(v: f64) -> Time {
    Time::new::<millisecond>(v)
}

/// A network of about 60 000 synapses with delays (about 1.2 MB as npz).
fn network() -> Connectome<G> {
    let square = Layout::uniform(&[um(0.0), um(0.0)], &[um(500.0), um(500.0)]).unwrap();
    Network::builder()
        .population(
            Population::new("E", 1000)
                .with_sign(Sign::Excitatory)
                .with_layout(square.clone()),
        )
        .population(
            Population::new("I", 250)
                .with_sign(Sign::Inhibitory)
                .with_layout(square),
        )
        .projection(
            Projection::new(
                "E",
                "E",
                Rule::fixed_indegree(50),
                Normal::new(ns(1.0), ns(0.2)).unwrap(),
            )
            .with_delays(ms(1.5)),
        )
        .projection(
            Projection::new(
                "I",
                "E",
                Rule::pairwise_bernoulli(0.04).unwrap(),
                Normal::new(ns(-4.0), ns(0.5)).unwrap(),
            )
            .with_delays(ms(0.8)),
        )
        .build()
        .unwrap()
        .generate(7)
        .unwrap()
}

/// A sparse matrix of about 10 000 synapses and its 300 × 250 dense form.
fn matrix() -> Csr<G> {
    let u = Uniform::new(um(0.0), um(300.0)).unwrap();
    let pre: Array2<Length> = u.generate((300, 2), 1).unwrap();
    let post: Array2<Length> = u.generate((250, 2), 2).unwrap();
    SpatialConnector::new(
        Positions::new(&pre, &post).unwrap(),
        GaussianProfile::new(um(60.0)).unwrap(),
        Normal::new(ns(1.0), ns(0.2)).unwrap(),
    )
    .with_mask(Mask::circular(um(150.0)).unwrap())
    .unwrap()
    .delays(Normal::new(ms(2.0), ms(0.5)).unwrap())
    .connect(3)
    .unwrap()
}

type Writer = Box<dyn Fn(&Path) -> Result<(), ExportError>>;

/// Every writer of a single file, by name.
fn writers() -> Vec<(&'static str, Writer)> {
    let (c, m) = (std::rc::Rc::new(network()), std::rc::Rc::new(matrix()));
    let mut v: Vec<(&'static str, Writer)> = Vec::new();
    let c1 = c.clone();
    v.push(("network npz", Box::new(move |p| c1.write_npz(p, ns(1.0)))));
    let c2 = c.clone();
    v.push((
        "edge list npz",
        Box::new(move |p| c2.write_edges_npz(p, ns(1.0))),
    ));
    let m1 = m.clone();
    v.push(("csr npz", Box::new(move |p| m1.write_npz(p, ns(1.0)))));
    let m2 = m.clone();
    v.push((
        "csr delays npz",
        Box::new(move |p| m2.write_delays_npz(p, ms(1.0))),
    ));
    v.push((
        "dense npy",
        Box::new(move |p| m.write_dense_npy(p, ns(1.0))),
    ));
    #[cfg(feature = "sonata")]
    {
        let c3 = c.clone();
        v.push((
            "sonata edges h5",
            Box::new(move |p| {
                c3.write_sonata_edges(p, "", &init_network::SonataOptions::new(ns(1.0), "nS"))
                    .map(|_| ())
            }),
        ));
    }
    v
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("faults")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn every_writer_succeeds_and_replaces_atomically() {
    let dir = scratch("ok");
    for (name, write) in writers() {
        let target = dir.join("out");
        std::fs::write(&target, b"old").unwrap();
        write(&target).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(std::fs::metadata(&target).unwrap().len() > 1000, "{name}");
        assert_eq!(listing(&dir), ["out"], "{name}: a temporary was left");
    }
}

#[test]
fn an_unwritable_directory_is_an_error_with_nothing_left() {
    let dir = scratch("unwritable");
    // The parent of the target is a file: nothing can be created there.
    std::fs::write(dir.join("plain"), b"keep").unwrap();
    for (name, write) in writers() {
        let err = write(&dir.join("plain/out")).expect_err(name);
        assert!(err.to_string().contains("plain"), "{name}: {err}");
        assert_eq!(listing(&dir), ["plain"], "{name}");
        assert_eq!(std::fs::read(dir.join("plain")).unwrap(), b"keep");
    }
}

/// Everything is written, then the rename fails (the target is a
/// directory, which a file cannot replace): the temporary is removed and
/// the directory keeps its contents.
#[test]
fn a_failure_at_the_last_step_leaves_the_target_as_it_was() {
    let dir = scratch("rename");
    let target = dir.join("out");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("mine"), b"keep").unwrap();
    for (name, write) in writers() {
        write(&target).expect_err(name);
        assert_eq!(listing(&dir), ["out"], "{name}: a temporary was left");
        assert_eq!(listing(&target), ["mine"], "{name}");
        assert_eq!(std::fs::read(target.join("mine")).unwrap(), b"keep");
    }
}

/// A tmpfs of 64 KiB, mounted for the test (root only) and unmounted
/// when dropped.
struct SmallFs(PathBuf);

impl SmallFs {
    fn mount(dir: &Path) -> Option<SmallFs> {
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| SmallFs(dir.to_path_buf()))
    }
}

impl Drop for SmallFs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// A real full filesystem (ENOSPC) half way through every writer.
#[test]
fn a_full_filesystem_half_way_leaves_the_old_file() {
    let base = scratch("tmpfs");
    let mnt = base.join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let Some(_fs) = SmallFs::mount(&mnt) else {
        // Not root, or no mount in this container: the file-size limit
        // test below covers the fault.
        println!("tmpfs not mountable here; covered by RLIMIT_FSIZE");
        return;
    };
    let writers = writers();
    for (name, write) in &writers {
        let target = mnt.join("out");
        std::fs::write(&target, b"old").unwrap();
        let err = write(&target).expect_err(name);
        println!("{name}: {err}");
        assert_eq!(std::fs::read(&target).unwrap(), b"old", "{name}");
        assert_eq!(listing(&mnt), ["out"], "{name}: a partial file was left");
    }
    println!("{} writers failed cleanly on a full tmpfs", writers.len());
}

/// The writers under a file-size limit of 64 KiB (`ulimit -f 128`, with
/// SIGXFSZ ignored so that the write fails with EFBIG instead of killing
/// the process), each in a child process running
/// [`child_writes_under_a_file_size_limit`].
#[test]
fn a_file_size_limit_half_way_leaves_the_old_file() {
    let dir = scratch("fsize");
    let exe = std::env::current_exe().unwrap();
    let names: Vec<&str> = writers().iter().map(|(n, _)| *n).collect();
    for (k, name) in names.iter().enumerate() {
        let target = dir.join(format!("out{k}"));
        std::fs::write(&target, b"old").unwrap();
        let out = Command::new("sh")
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 128; exec \"$0\" \"$@\"")
            .arg(&exe)
            .args([
                "--ignored",
                "--exact",
                "child_writes_under_a_file_size_limit",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("NEUROINIT_FAULT_WRITER", name)
            .env("NEUROINIT_FAULT_TARGET", &target)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{name}: {text}");
        assert!(text.contains("failed as expected"), "{name}: {text}");
        assert_eq!(std::fs::read(&target).unwrap(), b"old", "{name}");
    }
    let expected: Vec<String> = (0..names.len()).map(|k| format!("out{k}")).collect();
    assert_eq!(listing(&dir), expected, "a partial file was left");
}

/// Run by [`a_file_size_limit_half_way_leaves_the_old_file`] in a child
/// process (ignored otherwise): the named writer must fail.
#[test]
#[ignore = "a child of a_file_size_limit_half_way_leaves_the_old_file"]
fn child_writes_under_a_file_size_limit() {
    let name = std::env::var("NEUROINIT_FAULT_WRITER").expect("run by the parent test");
    let target = PathBuf::from(std::env::var_os("NEUROINIT_FAULT_TARGET").unwrap());
    let writers = writers();
    let (_, write) = writers.iter().find(|(n, _)| *n == name).unwrap();
    match write(&target) {
        Err(e) => println!("{name}: failed as expected: {e}"),
        Ok(()) => panic!("{name} wrote past the file-size limit"),
    }
}
