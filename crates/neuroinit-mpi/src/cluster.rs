//! The ranks of an MPI job: who owns what, agreement on errors, the
//! rank-local network, a gather for small networks, per-rank output.

use mpi::Count;
use mpi::datatype::PartitionMut;
use mpi::environment::Universe;
use mpi::topology::SimpleCommunicator;
use mpi::traits::*;
use neuroinit::uom::si::f64::Time;
use neuroinit::{Connectome, Network, Part, Scheme, Seed, Value};

/// The world of an MPI job, as neuroinit uses it. Collective: every method
/// must be called by every rank, in the same order.
pub struct Cluster {
    // Finalises MPI when dropped; the communicator is valid while it lives.
    _universe: Universe,
    world: SimpleCommunicator,
}

/// The part of a network one rank generated: the synapses onto the
/// neurons it owns (global ids, typed weights and delays), and which
/// neurons those are.
pub struct Local<W: Value> {
    /// The synapses (a [`Connectome`] of the whole network's size, holding
    /// only this rank's part).
    pub connectome: Connectome<W>,
    /// The rank's part.
    pub part: Part,
}

impl<W: Value> Local<W> {
    /// The neurons this rank owns (global ids, ascending).
    pub fn neurons(&self) -> Vec<usize> {
        let n = self.connectome.neurons();
        match &self.part {
            Part::All => (0..n).collect(),
            Part::Targets(t) => (0..n).filter(|&g| t.contains(g)).collect(),
            Part::Sources(r) => r.clone().collect(),
        }
    }
}

fn count(n: usize, what: &str) -> Result<Count, String> {
    Count::try_from(n).map_err(|_| {
        format!("{n} {what} exceed what one MPI message holds (2^31 − 1); write per-rank files instead of gathering")
    })
}

impl Cluster {
    /// Initialise MPI (once per process). `None` when it was initialised
    /// already.
    pub fn init() -> Option<Cluster> {
        let universe = mpi::initialize()?;
        let world = universe.world();
        Some(Cluster {
            _universe: universe,
            world,
        })
    }

    /// This rank, `0..size`.
    pub fn rank(&self) -> usize {
        self.world.rank() as usize
    }

    /// The number of ranks.
    pub fn size(&self) -> usize {
        self.world.size() as usize
    }

    /// Wait for every rank.
    pub fn barrier(&self) {
        self.world.barrier();
    }

    /// Every rank passes its own outcome; every rank gets `Ok` only if all
    /// succeeded, else the same error on every rank: the message of the
    /// lowest failing rank, naming it.
    pub fn agree<T>(&self, r: Result<T, String>) -> Result<T, String> {
        let mine = match &r {
            Ok(_) => Vec::new(),
            Err(m) => format!("rank {}: {m}", self.rank()).into_bytes(),
        };
        let lens = self.all_lengths(mine.len());
        if lens.iter().all(|&l| l == 0) {
            return r;
        }
        let bytes = self.all_gather_bytes(&mine, &lens);
        let first = lens.iter().position(|&l| l > 0).expect("one failed");
        let start: usize = lens[..first].iter().sum();
        let message = String::from_utf8_lossy(&bytes[start..start + lens[first]]).into_owned();
        Err(message)
    }

    fn all_lengths(&self, n: usize) -> Vec<usize> {
        let mut lens = vec![0u64; self.size()];
        self.world.all_gather_into(&(n as u64), &mut lens[..]);
        lens.into_iter().map(|l| l as usize).collect()
    }

    fn all_gather_bytes(&self, mine: &[u8], lens: &[usize]) -> Vec<u8> {
        let (counts, displs) = partition(lens);
        let mut buf = vec![0u8; lens.iter().sum()];
        let mut p = PartitionMut::new(&mut buf[..], counts, &displs[..]);
        self.world.all_gather_varcount_into(mine, &mut p);
        buf
    }

    /// Every rank's `mine`, on every rank, in rank order.
    pub fn all_gather_strings(&self, mine: &str) -> Vec<String> {
        let lens = self.all_lengths(mine.len());
        let bytes = self.all_gather_bytes(mine.as_bytes(), &lens);
        let mut at = 0;
        lens.iter()
            .map(|&l| {
                let s = String::from_utf8_lossy(&bytes[at..at + l]).into_owned();
                at += l;
                s
            })
            .collect()
    }

    /// This rank's part of `net` under `scheme` (the same computation on
    /// every rank; no message).
    pub fn part<W: Value>(&self, net: &Network<W>, scheme: Scheme) -> Result<Part, String> {
        net.part(self.rank(), self.size(), scheme)
            .map_err(|e| e.to_string())
    }

    /// Generate this rank's part of `net`: the synapses onto the neurons
    /// it owns under `scheme`. No message is exchanged while generating;
    /// the ranks then agree on the outcome (an error on one is an error on
    /// all).
    pub fn generate<W: Value>(
        &self,
        net: &Network<W>,
        seed: impl Into<Seed>,
        scheme: Scheme,
    ) -> Result<Local<W>, String> {
        let seed = seed.into();
        let r = self.part(net, scheme).and_then(|part| {
            net.generate_part(seed, &part)
                .map(|connectome| Local { connectome, part })
                .map_err(|e| e.to_string())
        });
        self.agree(r)
    }

    /// The whole network on rank 0 (`None` on the others), for networks
    /// small enough to travel: every rank sends its rows, rank 0 merges
    /// them row by row (targets ascending), which gives the network one
    /// process generates, bit for bit.
    pub fn gather<W: Value>(&self, local: Local<W>) -> Result<Option<Connectome<W>>, String> {
        let c = &local.connectome;
        let n = c.neurons();
        // Per row, this rank's synapse count; then the targets, weights and
        // delays, row after row.
        let rows: Vec<u64> = c.indptr().windows(2).map(|w| w[1] - w[0]).collect();
        let weights: Vec<f64> = c.weights().iter().map(|w| w.si()).collect();
        let delays: Vec<f64> = c
            .delays()
            .map_or_else(Vec::new, |d| d.iter().map(|t| t.value).collect());
        let counts: Vec<u64> = c.projections().iter().map(|p| p.synapses).collect();
        let ok = count(c.synapses() * 8, "bytes of weights").map(|_| ());
        self.agree(ok)?;
        let root = self.world.process_at_rank(0);
        if self.rank() != 0 {
            root.gather_varcount_into(&rows[..]);
            root.gather_varcount_into(c.indices());
            root.gather_varcount_into(&weights[..]);
            root.gather_varcount_into(&delays[..]);
            root.gather_varcount_into(&counts[..]);
            return Ok(None);
        }
        let size = self.size();
        let gather = |mine: &[u64], each: &[usize]| -> Vec<u64> {
            let (counts, displs) = partition(each);
            let mut buf = vec![0u64; each.iter().sum()];
            let mut p = PartitionMut::new(&mut buf[..], counts, &displs[..]);
            root.gather_varcount_into_root(mine, &mut p);
            buf
        };
        let all_rows = gather(&rows, &vec![n; size]);
        let per_rank: Vec<usize> = (0..size)
            .map(|r| all_rows[r * n..(r + 1) * n].iter().sum::<u64>() as usize)
            .collect();
        let indices: Vec<u32> = {
            let (counts, displs) = partition(&per_rank);
            let mut buf = vec![0u32; per_rank.iter().sum()];
            let mut p = PartitionMut::new(&mut buf[..], counts, &displs[..]);
            root.gather_varcount_into_root(c.indices(), &mut p);
            buf
        };
        let gather_f = |mine: &[f64], each: &[usize]| -> Vec<f64> {
            let (counts, displs) = partition(each);
            let mut buf = vec![0f64; each.iter().sum()];
            let mut p = PartitionMut::new(&mut buf[..], counts, &displs[..]);
            root.gather_varcount_into_root(mine, &mut p);
            buf
        };
        let all_weights = gather_f(&weights, &per_rank);
        let has_delays = c.delays().is_some();
        let delay_sizes: Vec<usize> = if has_delays {
            per_rank.clone()
        } else {
            vec![0; size]
        };
        let all_delays = gather_f(&delays, &delay_sizes);
        let all_counts = gather(&counts, &vec![counts.len(); size]);

        // One connectome per rank, then the merge.
        let mut parts = Vec::with_capacity(size);
        let mut at = 0usize;
        for r in 0..size {
            let row = &all_rows[r * n..(r + 1) * n];
            let mut indptr = Vec::with_capacity(n + 1);
            indptr.push(0u64);
            for &k in row {
                indptr.push(indptr.last().copied().unwrap_or(0) + k);
            }
            let m = per_rank[r];
            let w: Vec<W> = all_weights[at..at + m]
                .iter()
                .map(|&x| W::from_si(x))
                .collect();
            let d: Option<Vec<Time>> = has_delays.then(|| {
                all_delays[at..at + m]
                    .iter()
                    .map(|&x| <Time as Value>::from_si(x))
                    .collect()
            });
            let k = counts.len();
            let pc = all_counts[r * k..(r + 1) * k].to_vec();
            parts.push(
                c.with_synapses(indptr, indices[at..at + m].to_vec(), w, d, pc)
                    .map_err(|e| e.to_string())?,
            );
            at += m;
        }
        Connectome::merge(&parts)
            .map(Some)
            .map_err(|e| e.to_string())
    }

    /// Write the network as a SONATA circuit at `dir`: every rank its own
    /// edges file (`network/edges_r{rank}.h5`, populations suffixed
    /// `_r{rank}` so that each has its own name), rank 0 the nodes, the
    /// type tables and a config listing every rank's file, then
    /// `finish(staging_dir)` (a manifest, say). Everything goes into a
    /// staging directory that rank 0 renames to `dir` only when every
    /// rank succeeded; on any failure every rank returns the same error
    /// and nothing is left at `dir`. With `replace`, an existing `dir` is
    /// replaced; otherwise it is refused before anything is generated
    /// into it.
    #[cfg(feature = "sonata")]
    pub fn write_sonata<W: Value>(
        &self,
        local: &Local<W>,
        dir: &std::path::Path,
        options: &neuroinit::SonataOptions<W>,
        replace: bool,
        finish: impl FnOnce(&std::path::Path) -> Result<(), String>,
    ) -> Result<neuroinit::SonataFiles, String> {
        use neuroinit::{EdgeFile, StagedDir};
        // Rank 0 stages; every rank learns where.
        let stage = if self.rank() == 0 {
            Some(StagedDir::new(dir, replace).map_err(|e| e.to_string()))
        } else {
            None
        };
        let path = match &stage {
            Some(Ok(s)) => s.path().display().to_string(),
            _ => String::new(),
        };
        let staged = match stage {
            Some(Err(e)) => Err(e),
            Some(Ok(s)) => Ok(Some(s)),
            None => Ok(None),
        };
        let staged = self.agree(staged)?;
        let path = std::path::PathBuf::from(self.all_gather_strings(&path).swap_remove(0));
        // Every rank writes its edges.
        let file = format!("edges_r{}.h5", self.rank());
        let mine = local
            .connectome
            .write_sonata_edges(
                &path.join("network").join(&file),
                &format!("_r{}", self.rank()),
                options,
            )
            .map_err(|e| e.to_string());
        let mine = self.agree(mine)?;
        let listed: String = mine
            .populations
            .iter()
            .map(|(n, c)| format!("{n}\t{c}\n"))
            .collect();
        let all = self.all_gather_strings(&listed);
        let files: Vec<EdgeFile> = all
            .iter()
            .enumerate()
            .map(|(r, s)| EdgeFile {
                file: format!("edges_r{r}.h5"),
                populations: s
                    .lines()
                    .filter_map(|l| {
                        let (n, c) = l.split_once('\t')?;
                        Some((n.to_string(), c.parse().ok()?))
                    })
                    .collect(),
            })
            .collect();
        // Rank 0: the rest of the circuit, the caller's files, the rename.
        let done = match staged {
            Some(stage) => local
                .connectome
                .write_sonata_circuit(&path, options, &files)
                .map_err(|e| e.to_string())
                .and_then(|f| finish(&path).map(|()| f))
                .and_then(|f| stage.commit().map(|()| Some(f)).map_err(|e| e.to_string())),
            None => Ok(None),
        };
        let done = self.agree(done)?;
        let text = done
            .as_ref()
            .map(|f| f.circuit_config.display().to_string())
            .unwrap_or_default();
        let _ = self.all_gather_strings(&text);
        let populations = files
            .iter()
            .flat_map(|f| f.populations.iter().cloned())
            .collect();
        Ok(neuroinit::SonataFiles {
            circuit_config: dir.join("circuit_config.json"),
            node_populations: local
                .connectome
                .populations()
                .iter()
                .map(|p| p.name().to_string())
                .collect(),
            edge_populations: populations,
            bytes: done.map_or(0, |f| f.bytes),
        })
    }
}

/// MPI's counts and displacements for blocks of `lens` elements laid end
/// to end (a var-count gather's receive partition).
fn partition(lens: &[usize]) -> (Vec<Count>, Vec<Count>) {
    let counts: Vec<Count> = lens.iter().map(|&l| l as Count).collect();
    let displs = counts
        .iter()
        .scan(0, |a, &c| {
            let d = *a;
            *a += c;
            Some(d)
        })
        .collect();
    (counts, displs)
}
