//! `neuroinit build FILE --out DIR`: generate the network and write it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use init_description::{AnyNetwork, Description, Format, load};
use neuroinit::{Connectome, Network, Value};

use crate::{Failure, FormatArg, manifest};
use neuroinit::{ExportError, StagedDir};

pub(crate) struct Options {
    pub(crate) file: PathBuf,
    pub(crate) out: PathBuf,
    pub(crate) format: Option<FormatArg>,
    pub(crate) seed: Option<u64>,
    pub(crate) threads: Option<usize>,
    pub(crate) force: bool,
    /// How ranks share the neurons (read under mpirun only).
    #[cfg_attr(not(feature = "mpi"), allow(dead_code))]
    pub(crate) scheme: neuroinit::Scheme,
}

/// The thread count: `--threads`, else `NEUROINIT_THREADS`, else rayon's
/// default (all cores).
fn threads(o: &Options) -> Result<Option<usize>, Failure> {
    let t = match o.threads {
        Some(t) => Some(t),
        None => match std::env::var("NEUROINIT_THREADS") {
            Ok(v) => Some(v.trim().parse().map_err(|_| {
                Failure::BadInput(format!(
                    "NEUROINIT_THREADS={v:?} is not a number of threads"
                ))
            })?),
            Err(_) => None,
        },
    };
    if t == Some(0) {
        return Err(Failure::BadInput("--threads must be at least 1".into()));
    }
    Ok(t)
}

pub(crate) fn run(o: &Options) -> Result<(), Failure> {
    let d = load(&o.file).map_err(|e| Failure::BadInput(e.to_string()))?;
    let format = match (o.format, d.output().format) {
        (Some(FormatArg::Sonata), _) | (None, Some(Format::Sonata)) => FormatArg::Sonata,
        (Some(FormatArg::Npz), _) | (None, Some(Format::Npz)) => FormatArg::Npz,
        (None, None) if cfg!(feature = "sonata") => FormatArg::Sonata,
        (None, None) => FormatArg::Npz,
    };
    if format == FormatArg::Sonata && !cfg!(feature = "sonata") {
        return Err(Failure::BadInput(
            "this neuroinit was built without SONATA support: pass --format npz, or rebuild with \
             `--features sonata` (needs the HDF5 library: apt-get install libhdf5-dev)"
                .into(),
        ));
    }
    let seed = o.seed.or(d.seed()).unwrap_or(0);
    if let Some(t) = threads(o)? {
        rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build_global()
            .map_err(Failure::build)?;
    }
    #[cfg(feature = "mpi")]
    if neuroinit_mpi::launched_by_mpi() {
        if o.out.exists() && !o.force {
            return Err(Failure::BadInput(format!(
                "{} exists already; choose another --out or pass --force to replace it",
                o.out.display()
            )));
        }
        return match d.network() {
            AnyNetwork::Conductance(n) => crate::ranks::build(n, &d, o, format, seed),
            AnyNetwork::Current(n) => crate::ranks::build(n, &d, o, format, seed),
        };
    }
    let stage = StagedDir::new(&o.out, o.force).map_err(|e| match e {
        ExportError::Exists { .. } => Failure::BadInput(format!(
            "{e}; choose another --out or pass --force to replace it"
        )),
        _ => Failure::Build(format!(
            "cannot create the output beside {}: {e}",
            o.out.display()
        )),
    })?;
    match d.network() {
        AnyNetwork::Conductance(n) => typed(n, &d, o, format, seed, stage),
        AnyNetwork::Current(n) => typed(n, &d, o, format, seed, stage),
    }
}

fn typed<W: Value>(
    net: &Network<W>,
    d: &Description,
    o: &Options,
    format: FormatArg,
    seed: u64,
    stage: StagedDir,
) -> Result<(), Failure> {
    let unit = W::from_si(d.weight_unit().si());
    let unit_name = d.weight_unit().name();
    eprintln!(
        "building {} ({} neurons, seed {seed}, {} threads)",
        o.file.display(),
        net.neurons(),
        rayon::current_num_threads()
    );
    let t = Instant::now();
    let c = net.generate(seed).map_err(Failure::build)?;
    let generate_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let name = match format {
        FormatArg::Sonata => {
            sonata(&c, net, d, unit, stage.path())?;
            "sonata"
        }
        FormatArg::Npz => {
            npz(&c, unit, stage.path())?;
            "npz"
        }
    };
    let write_s = t.elapsed().as_secs_f64();
    let counts: Vec<u64> = c.projections().iter().map(|p| p.synapses).collect();
    let run = manifest::Run {
        format: name,
        description: &o.file,
        seed,
        weight_unit: unit_name,
        seconds: (generate_s, write_s),
        ranks: 1,
    };
    write_manifest(stage.path(), &manifest::of(&c, &counts, &run))?;
    let bytes = dir_bytes(stage.path());
    stage.commit().map_err(|e| {
        Failure::Build(format!(
            "cannot move the output to {}: {e}",
            o.out.display()
        ))
    })?;
    println!("{}", c.summary_table(unit, unit_name));
    println!(
        "{} synapses: generated in {generate_s:.2} s, written in {write_s:.2} s ({:.0} MB, {name}) to {}",
        c.synapses(),
        bytes as f64 / 1e6,
        o.out.display()
    );
    Ok(())
}

#[cfg(feature = "sonata")]
fn sonata<W: Value>(
    c: &Connectome<W>,
    net: &Network<W>,
    d: &Description,
    unit: W,
    dir: &Path,
) -> Result<(), Failure> {
    c.write_sonata_into(dir, &sonata_options(net, d, unit))
        .map_err(Failure::build)?;
    Ok(())
}

/// The SONATA options a description asks for.
#[cfg(feature = "sonata")]
pub(crate) fn sonata_options<W: Value>(
    net: &Network<W>,
    d: &Description,
    unit: W,
) -> neuroinit::SonataOptions<W> {
    use neuroinit::uom::si::f64::Time;
    let ms = |v| Time::new::<neuroinit::uom::si::time::millisecond>(v);
    neuroinit::SonataOptions::new(unit, d.weight_unit().name())
        .with_delay_unit(
            <Time as Value>::from_si(d.delay_unit().si()),
            d.delay_unit().name(),
        )
        .with_neuron_model(&d.output().neuron_model)
        .with_synapse_model(&d.output().synapse_model)
        .with_run(net.resolution().unwrap_or(ms(0.1)), ms(1000.0))
}

#[cfg(not(feature = "sonata"))]
fn sonata<W: Value>(
    _: &Connectome<W>,
    _: &Network<W>,
    _: &Description,
    _: W,
    _: &Path,
) -> Result<(), Failure> {
    unreachable!("refused before generating")
}

/// `network.npz` (scipy.sparse CSR, weights in the file's unit, `delays`
/// in ms), `edges.npz` (pre, post, weight, delay columns) and
/// `positions.npz` (one N × D array per placed population, µm).
pub(crate) fn npz<W: Value>(c: &Connectome<W>, unit: W, dir: &Path) -> Result<(), Failure> {
    c.write_npz(dir.join("network.npz"), unit)
        .map_err(Failure::build)?;
    c.write_edges_npz(dir.join("edges.npz"), unit)
        .map_err(Failure::build)?;
    let path = dir.join("positions.npz");
    let file = std::fs::File::create(&path)
        .map_err(|e| Failure::Build(format!("cannot write {}: {e}", path.display())))?;
    let mut w = ndarray_npy::NpzWriter::new(file);
    let um = neuroinit::units::um(1.0).value;
    for p in c.populations() {
        if p.positions().ncols() > 0 {
            let a = p.positions().mapv(|x| x.value / um);
            w.add_array(p.name(), &a).map_err(Failure::build)?;
        }
    }
    w.finish().map_err(Failure::build)?;
    Ok(())
}

/// Write `neuroinit.json` into `dir`.
pub(crate) fn write_manifest(dir: &Path, m: &serde_json::Value) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(m).map_err(Failure::build)?;
    let path = dir.join(manifest::NAME);
    std::fs::write(&path, text + "\n")
        .map_err(|e| Failure::Build(format!("cannot write {}: {e}", path.display())))
}

pub(crate) fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
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
