//! `neuroinit build` under `mpirun`: every rank generates the synapses
//! onto the neurons it owns (no message while generating) and writes its
//! own SONATA edges file; rank 0 writes the nodes, the configs listing
//! every rank's file and the manifest, and renames the staged output when
//! every rank succeeded. With `--format npz` the ranks' parts are gathered
//! to rank 0, which writes them as one process would (for networks small
//! enough to travel).

use std::time::Instant;

use init_description::Description;
use neuroinit::{Network, Value};
use neuroinit_mpi::Cluster;

use crate::build::{Options, dir_bytes, npz, write_manifest};
use crate::{Failure, FormatArg, manifest};

pub(crate) fn build<W: Value>(
    net: &Network<W>,
    d: &Description,
    o: &Options,
    format: FormatArg,
    seed: u64,
) -> Result<(), Failure> {
    let cluster =
        Cluster::init().ok_or_else(|| Failure::Build("MPI was initialised twice".into()))?;
    let r = build_on(&cluster, net, d, o, format, seed);
    if let Err(f) = r {
        // Every rank reports, in one write (lines from several ranks do
        // not interleave), and none exits before all have: mpirun aborts
        // the job when the first rank exits with an error, which would
        // cut the others' messages.
        let (code, m) = match f {
            Failure::BadInput(m) => (2, m),
            Failure::Build(m) => (1, m),
        };
        let line = format!("error: {m}\n");
        let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
        cluster.barrier();
        drop(cluster);
        std::process::exit(code);
    }
    Ok(())
}

fn build_on<W: Value>(
    cluster: &Cluster,
    net: &Network<W>,
    d: &Description,
    o: &Options,
    format: FormatArg,
    seed: u64,
) -> Result<(), Failure> {
    let (rank, size) = (cluster.rank(), cluster.size());
    let unit = W::from_si(d.weight_unit().si());
    let unit_name = d.weight_unit().name();
    if rank == 0 {
        eprintln!(
            "building {} ({} neurons, seed {seed}) on {size} ranks × {} threads, {:?} partition",
            o.file.display(),
            net.neurons(),
            rayon::current_num_threads(),
            o.scheme
        );
    }
    let t = Instant::now();
    let local = cluster
        .generate(net, seed, o.scheme)
        .map_err(Failure::Build)?;
    let generate_s = t.elapsed().as_secs_f64();
    // The whole network's counts, for the manifest and the summary.
    let mine: String = local
        .connectome
        .projections()
        .iter()
        .map(|p| format!("{} ", p.synapses))
        .collect();
    let all = cluster.all_gather_strings(&mine);
    let mut counts = vec![0u64; local.connectome.projections().len()];
    for s in &all {
        for (c, x) in counts.iter_mut().zip(s.split_whitespace()) {
            *c += x.parse::<u64>().unwrap_or(0);
        }
    }
    let t = Instant::now();
    let run = |name: &'static str, write_s: f64| manifest::Run {
        format: name,
        description: &o.file,
        seed,
        weight_unit: unit_name,
        seconds: (generate_s, write_s),
        ranks: size,
    };
    let bytes = match format {
        FormatArg::Sonata => sonata(
            cluster,
            &local,
            net,
            d,
            o,
            unit,
            &counts,
            &run("sonata", 0.0),
        )?,
        FormatArg::Npz => {
            let whole = cluster.gather(local).map_err(Failure::Build)?;
            let r = match whole {
                Some(c) => (|| {
                    let stage =
                        neuroinit::StagedDir::new(&o.out, o.force).map_err(Failure::build)?;
                    npz(&c, unit, stage.path())?;
                    write_manifest(stage.path(), &manifest::of(&c, &counts, &run("npz", 0.0)))?;
                    let bytes = dir_bytes(stage.path());
                    stage.commit().map_err(Failure::build)?;
                    Ok(bytes)
                })(),
                None => Ok(0),
            };
            let r = r.map_err(Failure::into_message);
            cluster.agree(r).map_err(Failure::Build)?
        }
    };
    let write_s = t.elapsed().as_secs_f64();
    if rank == 0 {
        println!(
            "{} synapses on {size} ranks: generated in {generate_s:.2} s, written in {write_s:.2} s ({:.0} MB) to {}",
            counts.iter().sum::<u64>(),
            bytes as f64 / 1e6,
            o.out.display()
        );
    }
    Ok(())
}

#[cfg(feature = "sonata")]
#[allow(clippy::too_many_arguments)]
fn sonata<W: Value>(
    cluster: &Cluster,
    local: &neuroinit_mpi::Local<W>,
    net: &Network<W>,
    d: &Description,
    o: &Options,
    unit: W,
    counts: &[u64],
    run: &manifest::Run<'_>,
) -> Result<u64, Failure> {
    let opts = crate::build::sonata_options(net, d, unit);
    let m = manifest::of(&local.connectome, counts, run);
    let files = cluster
        .write_sonata(local, &o.out, &opts, o.force, |stage| {
            write_manifest(stage, &m).map_err(Failure::into_message)
        })
        .map_err(Failure::Build)?;
    Ok(files.bytes)
}

#[cfg(not(feature = "sonata"))]
#[allow(clippy::too_many_arguments)]
fn sonata<W: Value>(
    _: &Cluster,
    _: &neuroinit_mpi::Local<W>,
    _: &Network<W>,
    _: &Description,
    _: &Options,
    _: W,
    _: &[u64],
    _: &manifest::Run<'_>,
) -> Result<u64, Failure> {
    unreachable!("refused before generating")
}
