//! neuroinit on MPI: the same network, bit for bit, on any number of ranks,
//! with no message exchanged while generating.
//!
//! Every synapse of a neuroinit network is a pure function of the seed and
//! of what it connects, so a rank that owns a set of neurons can generate
//! exactly the synapses onto them (or from them) on its own
//! ([`Network::generate_part`](neuroinit::Network::generate_part)), and the
//! union over ranks is the network one process builds. Ranks agree only on
//! the partition, which every rank computes alike from the description:
//! [`Scheme::Blocks`](neuroinit::Scheme) (contiguous targets balanced by
//! expected synapses) or [`Scheme::RoundRobin`](neuroinit::Scheme) (neuron
//! `g` on rank `g % n`, as NEST distributes neurons).
//!
//! The partition itself needs no MPI: `network.part(k, n, scheme)` and
//! `generate_part` build part `k` of `n` from any launcher (a job array, a
//! loop). This crate adds, with the feature `mpi` (the `mpi` crate on the
//! system's MPI library):
//!
//! - [`Cluster`]: the world communicator, each rank's part, and agreement
//!   on errors (every rank learns that one failed, and why);
//! - [`Cluster::generate`]: the rank-local network (global ids, typed
//!   weights and delays, the rank's neurons);
//! - [`Cluster::gather`]: the whole network on rank 0, for small networks;
//! - [`Cluster::write_sonata`] (with the feature `sonata` too): every rank
//!   writes its own SONATA edges file, rank 0 the nodes and a config that
//!   lists every rank's file — written into a staging directory and
//!   renamed only when all ranks succeeded.
//!
//! The `neuroinit` command uses it when launched by `mpirun` (built with
//! `--features mpi`).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "mpi")]
mod cluster;

#[cfg(feature = "mpi")]
pub use cluster::{Cluster, Local};

/// Whether this process was started by an MPI launcher (`mpirun`,
/// `mpiexec`, `srun`): the variables OpenMPI, MPICH (Hydra), PMIx and
/// Slurm set for every rank.
///
/// ```
/// // A plain test process is not an MPI rank (unless the tests run under mpirun).
/// let _ = neuroinit_mpi::launched_by_mpi();
/// ```
pub fn launched_by_mpi() -> bool {
    [
        "OMPI_COMM_WORLD_SIZE",
        "PMI_SIZE",
        "PMIX_RANK",
        "MPI_LOCALNRANKS",
    ]
    .iter()
    .any(|v| std::env::var_os(v).is_some())
}
