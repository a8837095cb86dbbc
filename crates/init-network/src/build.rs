//! The generation of a network (or of a part of it) into one CSR over the
//! global ids.
//!
//! 1. **Count**: every driver's partners are drawn and counted per source
//!    row, nothing stored; a rule that draws by target keeps the counts of
//!    each contiguous chunk of targets apart.
//! 2. **Size**: the row pointers are the counts' prefix sums; the memory
//!    the synapses will take is checked against the limit before anything
//!    large is allocated.
//! 3. **Fill**: the partners are drawn again (the same, being keyed by the
//!    driver) and written into their rows: chunk `c` of targets writes row
//!    `i`'s synapses after those of the chunks before it, so every row
//!    comes out in target order without a sort or a second copy of the
//!    synapses.
//! 4. **Values**: each synapse's weight and delay, in parallel over blocks
//!    of rows, drawn at the pair's element of the projection's dense matrix.

use std::ops::Range;
use std::sync::atomic::{AtomicU32, Ordering};

use init_core::{Context, Element, Initializer, Key, Positions, Seed, Value, alloc, vec_from_si};
use rayon::prelude::*;
use uom::si::f64::Length;

use crate::connectome::{Connectome, ProjectionInfo};
use crate::drive::{By, Drive, Scratch, Spec};
use crate::network::{Network, Resolved};
use crate::network_error::NetworkError;
use crate::part::Part;
use crate::population::Placed;
use crate::progress::{Bar, Progress};

/// Synapses per parallel task of the value pass.
const VALUES_PER_TASK: u64 = 1 << 14;

/// The most synapses the network may have: what its memory limit (or the
/// system's available memory) leaves after the row pointers and
/// positions, at [`Network::bytes_per_synapse`] each. A drive that keeps
/// its rows while counting stops at this many (so that an oversize network
/// is refused while counting, before its rows fill the memory).
pub(crate) fn synapse_budget<W: Value>(net: &Network<W>) -> u128 {
    let fixed: u128 = net
        .populations
        .iter()
        .map(|p| p.size() as u128 * p.layout().dims() as u128 * 8)
        .sum::<u128>()
        + 8 * (net.n as u128 + 1);
    let limit = match net.memory_limit {
        Some(l) => u128::from(l),
        None => alloc::available_memory().map_or(usize::MAX as u128, u128::from),
    };
    limit.saturating_sub(fixed) / u128::from(net.bytes_per_synapse().max(1))
}

/// Refuse a generation of `synapses` that would need more memory than the
/// network's limit (or, without one, than the system has available).
pub(crate) fn check_memory<W: Value>(net: &Network<W>, synapses: u128) -> Result<(), NetworkError> {
    // Row pointers, and the positions of every population with a layout.
    let positions: u128 = net
        .populations
        .iter()
        .map(|p| p.size() as u128 * p.layout().dims() as u128 * 8)
        .sum();
    let bytes =
        synapses * u128::from(net.bytes_per_synapse()) + 8 * (net.n as u128 + 1) + positions;
    let (limit, reason) = match net.memory_limit {
        Some(l) => (u128::from(l), "the network's memory limit"),
        None => match alloc::available_memory() {
            Some(a) => (u128::from(a), "the memory the system has available"),
            None => (usize::MAX as u128, "the address space"),
        },
    };
    if bytes > limit {
        return Err(NetworkError::TooLarge {
            what: "bytes of synapses",
            requested: bytes,
            limit,
            reason,
        });
    }
    Ok(())
}

/// One projection, ready to draw: its positions and context, keys and
/// initializers.
struct Ready<'n, W: Value> {
    r: &'n Resolved<W>,
    positions: Option<Positions<'n>>,
    ctx: Context<'n>,
    n_pre: usize,
    n_post: usize,
    /// Global id of the first source and target.
    pre0: usize,
    post0: usize,
    weight_key: Key,
    delay_key: Key,
    /// Synapse `m >= 1` of a repeated pair draws from `copy_key.child(m)`.
    weight_copy: Key,
    delay_copy: Key,
    key: Key,
}

/// What one projection's rule draws, and for which drivers.
struct Plan<'d> {
    drive: Drive<'d>,
    /// The drivers to draw (local ids), ascending.
    drivers: Vec<u32>,
    /// Chunks of `drivers` (a drive by target: counted apart).
    chunks: Vec<Range<usize>>,
    /// A drive by source: its rows are drawn once, in waves taken in the
    /// grid's order (see [`crate::rows`]), kept from the counting pass and
    /// copied into place by the filling pass.
    waves: bool,
}

/// Counts of one projection: per source row (local), and for a drive by
/// target per chunk.
struct Counts {
    rows: Vec<u32>,
    by_chunk: Vec<Vec<u32>>,
    /// A drive in waves: row pointers and local targets, driver by driver.
    drawn: Option<(Vec<usize>, Vec<u32>)>,
}

pub(crate) fn generate<W: Value>(
    net: &Network<W>,
    seed: Seed,
    part: &Part,
) -> Result<Connectome<W>, NetworkError> {
    if let Part::Sources(r) | Part::Targets(crate::part::Targets::Range(r)) = part {
        if r.end > net.n || r.start > r.end {
            return Err(NetworkError::Part {
                part: r.start,
                parts: r.end,
                reason: "the range of neurons reaches past the network",
            });
        }
    }
    // Positions and row pointers come before any synapse is counted:
    // refuse a network whose neurons alone do not fit.
    check_memory(net, net.exact_synapses().unwrap_or(0))?;
    let placed: Vec<Placed> = net
        .populations
        .iter()
        .zip(&net.offsets)
        .map(|(p, &o)| Placed::new(p, o, Network::<W>::positions_key(seed, p.name())))
        .collect();
    let period: Option<Vec<Length>> = net
        .periodic
        .as_ref()
        .map(|v| v.iter().map(|&x| <Length as Value>::from_si(x)).collect());
    let drawn = draw(net, &placed, period.as_deref(), seed, part)?;
    Ok(Connectome {
        populations: placed,
        indptr: drawn.indptr,
        indices: drawn.indices,
        weights: vec_from_si(drawn.weights),
        delays: drawn.delays.map(vec_from_si),
        projections: drawn.projections,
        part: part.clone(),
    })
}

/// The arrays of a generated network.
struct Drawn {
    indptr: Vec<u64>,
    indices: Vec<u32>,
    weights: Vec<f64>,
    delays: Option<Vec<f64>>,
    projections: Vec<ProjectionInfo>,
}

/// The four passes (see the module documentation).
fn draw<W: Value>(
    net: &Network<W>,
    placed: &[Placed],
    period: Option<&[Length]>,
    seed: Seed,
    part: &Part,
) -> Result<Drawn, NetworkError> {
    let ready: Vec<Ready<'_, W>> = net
        .projections
        .iter()
        .map(|r| prepare(r, placed, period, seed))
        .collect::<Result<_, _>>()?;
    let bar = Bar::new(Progress::Auto);
    let plans: Vec<Plan<'_>> = ready
        .iter()
        .map(|p| plan(p, placed, part))
        .collect::<Result<_, _>>()?;

    let clock = std::time::Instant::now();
    let lap = |what: &str| {
        if std::env::var_os("NEUROINIT_TIMING").is_some() {
            eprintln!("{what}: {:.3} s", clock.elapsed().as_secs_f64());
        }
    };
    lap("prepared");
    // 1. Count.
    bar.stage("counting", plans.iter().map(|p| p.drivers.len()).sum());
    // Drives that keep their rows may fill at most the memory that the
    // finished network may take; each one's budget is what the projections
    // before it left.
    let mut budget = synapse_budget(net);
    let mut counts: Vec<Counts> = Vec::with_capacity(ready.len());
    for (p, pl) in ready.iter().zip(&plans) {
        let c = count(p, pl, part, &bar, budget)?;
        budget = budget.saturating_sub(c.rows.iter().map(|&x| u128::from(x)).sum());
        counts.push(c);
    }

    lap("counted");
    // 2. Size.
    let total: u128 = counts
        .iter()
        .map(|c| c.rows.iter().map(|&x| u128::from(x)).sum::<u128>())
        .sum();
    check_memory(net, total)?;
    let mut indptr = vec![0u64; net.n + 1];
    for (p, c) in ready.iter().zip(&counts) {
        for (i, &k) in c.rows.iter().enumerate() {
            indptr[p.pre0 + i + 1] += u64::from(k);
        }
    }
    for g in 0..net.n {
        indptr[g + 1] += indptr[g];
    }
    let total = indptr[net.n] as usize;

    lap("sized");
    // 3. Fill.
    bar.stage("connecting", plans.iter().map(|p| p.drivers.len()).sum());
    let mut indices = alloc::zeroed_u32(total);
    {
        let shared = alloc::as_atomic_u32(&mut indices);
        // Each source row's next free slot, per projection in (pre, post)
        // order: a row's projections follow its target populations' order.
        let mut filled: Vec<u64> = indptr[..net.n].to_vec();
        for ((p, pl), c) in ready.iter().zip(&plans).zip(counts.iter_mut()) {
            let base = &filled[p.pre0..p.pre0 + p.n_pre];
            fill(p, pl, c, base, part, shared, &bar)?;
            for (i, &k) in c.rows.iter().enumerate() {
                filled[p.pre0 + i] += u64::from(k);
            }
        }
    }

    lap("filled");
    // 4. Values.
    let has_delays = net.has_delays();
    bar.stage("values", total * (1 + usize::from(has_delays)));
    let (weights, delays) = values(net, &ready, &indptr, &indices, has_delays, &bar)?;
    lap("values");
    let projections = ready
        .iter()
        .zip(&counts)
        .map(|(p, c)| ProjectionInfo {
            name: p.r.name.clone(),
            pre: p.r.pre,
            post: p.r.post,
            rule: p.r.spec.rule.name(),
            synapses: c.rows.iter().map(|&x| u64::from(x)).sum(),
        })
        .collect();
    Ok(Drawn {
        indptr,
        indices,
        weights,
        delays,
        projections,
    })
}

/// Positions, context and keys of one projection, and the checks of its
/// initializers against that context.
fn prepare<'n, W: Value>(
    r: &'n Resolved<W>,
    placed: &'n [Placed],
    period: Option<&[Length]>,
    seed: Seed,
) -> Result<Ready<'n, W>, NetworkError> {
    let (pre, post) = (&placed[r.pre], &placed[r.post]);
    let (n_pre, n_post) = (pre.ids().len(), post.ids().len());
    let init_err = |field: &'static str| {
        move |source| NetworkError::Init {
            projection: r.name.clone(),
            field,
            source,
        }
    };
    let positions = if pre.dims() > 0 && post.dims() > 0 {
        let p = Positions::new(pre.positions(), post.positions()).map_err(init_err("pre"))?;
        Some(match period {
            Some(l) => p.periodic(l).map_err(init_err("pre"))?,
            None => p,
        })
    } else {
        None
    };
    let shape = [n_pre, n_post];
    let ctx = match &positions {
        Some(p) => Context::new().with_geometry(p.clone()),
        None => Context::new(),
    }
    .with_shape(&shape);
    r.spec
        .weights
        .check(&shape, &ctx)
        .map_err(init_err("weights"))?;
    if let Some(d) = &r.spec.delays {
        d.check(&shape, &ctx).map_err(init_err("delays"))?;
    }
    let key = seed
        .key()
        .named("projection")
        .child(Key::slot_for(&[pre.name(), post.name()]));
    let weight_key = key.named("weight");
    let delay_key = key.named("delay");
    Ok(Ready {
        r,
        positions,
        ctx,
        n_pre,
        n_post,
        pre0: pre.ids().start,
        post0: post.ids().start,
        weight_key,
        delay_key,
        weight_copy: weight_key.named("copy"),
        delay_copy: delay_key.named("copy"),
        key: key.named("connect"),
    })
}

/// The drive of a projection for `part`, and the drivers it draws.
fn plan<'d, W: Value>(
    p: &'d Ready<'d, W>,
    placed: &[Placed],
    part: &Part,
) -> Result<Plan<'d>, NetworkError> {
    let spec = &p.r.spec;
    // A pairwise Bernoulli rule decides each pair on its own key, so either
    // side may drive it with the same result: the sources for the whole
    // network (each row is then written by one task, contiguously, where
    // a drive by target scatters every synapse into its source's row) and
    // for a range of sources; the targets for a set of targets (a rank's
    // part), which would otherwise evaluate every source.
    let prefer = match part {
        Part::Sources(_) | Part::All => Some(By::Source),
        Part::Targets(_) => None,
    };
    let targets = match part {
        Part::Targets(t) => Some(t.local(placed[p.r.post].ids())),
        _ => None,
    };
    let drive = Drive::new(
        Spec {
            name: &p.r.name,
            rule: &spec.rule,
            mask: spec.mask.as_ref(),
            positions: p.positions.as_ref(),
            n_pre: p.n_pre,
            n_post: p.n_post,
            skip_self: p.r.skip_self(),
            multapses: spec.multapses,
            clamp: spec.clamp_probability,
            key: p.key,
        },
        prefer,
        targets.as_deref(),
    )?;
    let (own, n) = match drive.by {
        By::Target => (placed[p.r.post].ids(), p.n_post),
        By::Source => (placed[p.r.pre].ids(), p.n_pre),
    };
    let drivers: Vec<u32> = match (part, drive.by) {
        (Part::Targets(_), By::Target) => targets.unwrap_or_default(),
        (Part::Sources(r), By::Source) => {
            let (lo, hi) = (r.start.max(own.start), r.end.min(own.end));
            (lo..hi.max(lo)).map(|g| (g - own.start) as u32).collect()
        }
        _ => (0..n as u32).collect(),
    };
    // Chunks: enough to keep every thread busy; a drive by target keeps
    // the counts of each chunk (a row of counts per source), so their
    // number is also bounded by memory.
    let threads = rayon::current_num_threads().max(1);
    let per_chunk_bytes = 4 * p.n_pre.max(1);
    let mut n_chunks = (8 * threads).min(drivers.len()).max(1);
    if drive.by == By::Target {
        n_chunks = n_chunks.min((256usize << 20) / per_chunk_bytes).max(1);
    }
    let size = drivers.len().div_ceil(n_chunks).max(1);
    let chunks = (0..drivers.len())
        .step_by(size)
        .map(|a| a..(a + size).min(drivers.len()))
        .collect();
    let waves = drive.by == By::Source;
    Ok(Plan {
        drive,
        drivers,
        chunks,
        waves,
    })
}

/// Whether the part holds the synapse from local source `i` to local
/// target `j` of projection `p`.
#[inline]
fn held<W: Value>(p: &Ready<'_, W>, part: &Part, i: usize, j: usize) -> bool {
    part.holds(p.pre0 + i, p.post0 + j)
}

/// The source and target of partner `k` of driver `q`.
#[inline]
fn pair(by: By, q: usize, k: u32) -> (usize, usize) {
    match by {
        By::Target => (k as usize, q),
        By::Source => (q, k as usize),
    }
}

/// The first error of a list of results, in order (so the same error,
/// whatever the thread count).
fn first_error<T>(results: Vec<Result<T, NetworkError>>) -> Result<Vec<T>, NetworkError> {
    results.into_iter().collect()
}

fn count<W: Value>(
    p: &Ready<'_, W>,
    pl: &Plan<'_>,
    part: &Part,
    bar: &Bar,
    budget: u128,
) -> Result<Counts, NetworkError> {
    let by = pl.drive.by;
    let all = *part == Part::All || pl.drive.is_restricted();
    if pl.waves {
        let (per_row, cells) = pl.drive.workload();
        let locality = |i: usize| pl.drive.locality(pl.drivers[i] as usize);
        let cap = usize::try_from(budget).unwrap_or(usize::MAX);
        let (indptr, indices) = crate::rows::build_rows(
            pl.drivers.len(),
            crate::rows::Plan::new(per_row, cells),
            Some(&locality),
            bar,
            cap,
            || NetworkError::TooLarge {
                what: "synapses",
                requested: budget + 1,
                limit: budget,
                reason: "the memory limit, or the memory the system has available (counted while drawing, before the rest is)",
            },
            |i, s: &mut Scratch, out: &mut Vec<u32>| -> Result<(), NetworkError> {
                let q = pl.drivers[i] as usize;
                let start = out.len();
                pl.drive.partners(q, s, out)?;
                if !all {
                    let mut m = start;
                    for t in start..out.len() {
                        let k = out[t];
                        if held(p, part, q, k as usize) {
                            out[m] = k;
                            m += 1;
                        }
                    }
                    out.truncate(m);
                }
                Ok(())
            },
        )?;
        let mut rows = vec![0u32; p.n_pre];
        for (w, &q) in indptr.windows(2).zip(&pl.drivers) {
            rows[q as usize] = u32::try_from(w[1] - w[0]).map_err(|_| {
                NetworkError::at(
                    &p.r.name,
                    "rule",
                    format!("gives source {q} more than {} synapses", u32::MAX),
                )
            })?;
        }
        return Ok(Counts {
            rows,
            by_chunk: Vec::new(),
            drawn: Some((indptr, indices)),
        });
    }
    let per_chunk: Vec<Result<Vec<u32>, NetworkError>> = pl
        .chunks
        .par_iter()
        .map(|chunk| {
            let mut s = Scratch::default();
            let mut out = Vec::new();
            let mut rows = match by {
                By::Target => vec![0u32; p.n_pre],
                By::Source => vec![0u32; chunk.len()],
            };
            for (slot, &q) in pl.drivers[chunk.clone()].iter().enumerate() {
                out.clear();
                pl.drive.partners(q as usize, &mut s, &mut out)?;
                for &k in &out {
                    let (i, j) = pair(by, q as usize, k);
                    if all || held(p, part, i, j) {
                        let row = match by {
                            By::Target => i,
                            By::Source => slot,
                        };
                        rows[row] = rows[row].checked_add(1).ok_or_else(|| {
                            NetworkError::at(
                                &p.r.name,
                                "rule",
                                format!("gives source {i} more than {} synapses", u32::MAX),
                            )
                        })?;
                    }
                }
            }
            bar.inc(chunk.len());
            Ok(rows)
        })
        .collect();
    let per_chunk = first_error(per_chunk)?;
    Ok(match by {
        By::Target => {
            let mut rows = vec![0u32; p.n_pre];
            for c in &per_chunk {
                for (r, &k) in rows.iter_mut().zip(c) {
                    *r = r.checked_add(k).ok_or_else(|| {
                        NetworkError::at(
                            &p.r.name,
                            "rule",
                            "gives a source more than 2^32 synapses",
                        )
                    })?;
                }
            }
            Counts {
                rows,
                by_chunk: per_chunk,
                drawn: None,
            }
        }
        By::Source => {
            let mut rows = vec![0u32; p.n_pre];
            for (chunk, c) in pl.chunks.iter().zip(&per_chunk) {
                for (&q, &k) in pl.drivers[chunk.clone()].iter().zip(c) {
                    rows[q as usize] = k;
                }
            }
            Counts {
                rows,
                by_chunk: Vec::new(),
                drawn: None,
            }
        }
    })
}

/// Write the projection's targets into their rows: `base[i]` is where
/// source `i`'s synapses of this projection start.
fn fill<W: Value>(
    p: &Ready<'_, W>,
    pl: &Plan<'_>,
    c: &mut Counts,
    base: &[u64],
    part: &Part,
    out: &[AtomicU32],
    bar: &Bar,
) -> Result<(), NetworkError> {
    // Rows drawn in the counting pass: each into its slot, then freed.
    if let Some((indptr, indices)) = c.drawn.take() {
        pl.drivers
            .par_iter()
            .enumerate()
            .with_min_len(1024)
            .for_each(|(i, &q)| {
                let at = base[q as usize] as usize;
                for (t, &j) in indices[indptr[i]..indptr[i + 1]].iter().enumerate() {
                    out[at + t].store((p.post0 + j as usize) as u32, Ordering::Relaxed);
                }
            });
        bar.inc(pl.drivers.len());
        return Ok(());
    }
    let by = pl.drive.by;
    let all = *part == Part::All || pl.drive.is_restricted();
    // Where each chunk starts writing in each row: the row's base plus the
    // counts of the chunks before it (by target); a row's own base (by
    // source, a row per driver).
    let starts: Vec<Vec<u64>> = match by {
        By::Target => {
            let mut acc = base.to_vec();
            c.by_chunk
                .iter()
                .map(|counts| {
                    let start = acc.clone();
                    for (a, &k) in acc.iter_mut().zip(counts) {
                        *a += u64::from(k);
                    }
                    start
                })
                .collect()
        }
        By::Source => Vec::new(),
    };
    let results: Vec<Result<(), NetworkError>> = pl
        .chunks
        .par_iter()
        .enumerate()
        .map(|(ci, chunk)| {
            let mut s = Scratch::default();
            let mut partners = Vec::new();
            let mut next = match by {
                By::Target => starts[ci].clone(),
                By::Source => Vec::new(),
            };
            for &q in &pl.drivers[chunk.clone()] {
                partners.clear();
                pl.drive.partners(q as usize, &mut s, &mut partners)?;
                let mut at = base.get(q as usize).copied().unwrap_or(0);
                for &k in &partners {
                    let (i, j) = pair(by, q as usize, k);
                    if !(all || held(p, part, i, j)) {
                        continue;
                    }
                    let slot = match by {
                        By::Target => {
                            let s = next[i];
                            next[i] += 1;
                            s
                        }
                        By::Source => {
                            let s = at;
                            at += 1;
                            s
                        }
                    };
                    out[slot as usize].store((p.post0 + j) as u32, Ordering::Relaxed);
                }
            }
            bar.inc(chunk.len());
            Ok(())
        })
        .collect();
    first_error(results).map(|_| ())
}

/// A delay as NEST takes it on `Connect`: rounded to the nearest multiple
/// of `dt` (halves up), at least one step; an error for a negative or NaN
/// delay. `dt` is given with its inverse, as NEST multiplies by its steps
/// per millisecond.
#[inline(always)]
fn rounded(d: f64, dt: Option<(f64, f64)>) -> Option<f64> {
    // One comparison pair rejects NaN, negatives and +∞.
    if !(0.0..f64::INFINITY).contains(&d) {
        return None;
    }
    Some(match dt {
        None => d,
        Some((dt, per_dt)) => {
            // d >= 0, so the truncating cast is the floor (saturating past
            // 2^63 steps); a signed cast is one instruction on x86-64, an
            // unsigned one several.
            let steps = ((d * per_dt + 0.5) as i64).max(1);
            steps as f64 * dt
        }
    })
}

/// The projection of each source population's rows, in target order.
fn rows_projections<W: Value>(net: &Network<W>, ready: &[Ready<'_, W>]) -> Vec<Vec<usize>> {
    let mut by_pre = vec![Vec::new(); net.populations.len()];
    for (k, p) in ready.iter().enumerate() {
        by_pre[p.r.pre].push(k);
    }
    by_pre
}

type ValueBuffers = (Vec<f64>, Option<Vec<f64>>);
/// A block of rows and its weight and delay slices.
type ValueTask<'a> = (Range<usize>, &'a mut [f64], Option<&'a mut [f64]>);

fn values<W: Value>(
    net: &Network<W>,
    ready: &[Ready<'_, W>],
    indptr: &[u64],
    indices: &[u32],
    has_delays: bool,
    bar: &Bar,
) -> Result<ValueBuffers, NetworkError> {
    let total = indices.len();
    let mut weights = alloc::zeroed(total);
    let mut delays = has_delays.then(|| alloc::zeroed(total));
    let by_pre = rows_projections(net, ready);
    let pop_of = |g: usize| net.offsets.partition_point(|&o| o <= g) - 1;
    // Blocks of rows of about VALUES_PER_TASK synapses, with their slices.
    let mut tasks: Vec<ValueTask<'_>> = Vec::new();
    {
        let mut w_rest = weights.as_mut_slice();
        let mut d_rest = delays.as_deref_mut();
        let mut g0 = 0;
        while g0 < net.n {
            let mut g1 = g0 + 1;
            while g1 < net.n && indptr[g1] - indptr[g0] < VALUES_PER_TASK {
                g1 += 1;
            }
            let len = (indptr[g1] - indptr[g0]) as usize;
            let (w, wt) = w_rest.split_at_mut(len);
            w_rest = wt;
            let d = match d_rest.take() {
                Some(rest) => {
                    let (d, dt) = rest.split_at_mut(len);
                    d_rest = Some(dt);
                    Some(d)
                }
                None => None,
            };
            tasks.push((g0..g1, w, d));
            g0 = g1;
        }
    }
    let results: Vec<Result<(), NetworkError>> = tasks
        .into_par_iter()
        .map(|(rows, w, mut d)| {
            let base = indptr[rows.start] as usize;
            let mut cols: Vec<u32> = Vec::new();
            let dt = net.resolution.map(|dt| (dt, 1.0 / dt));
            for g in rows {
                let projections = &by_pre[pop_of(g)];
                let mut t = indptr[g] as usize;
                let end = indptr[g + 1] as usize;
                for &k in projections {
                    let p = &ready[k];
                    let cols_end = (p.post0 + p.n_post) as u32;
                    let seg_end = t + indices[t..end].partition_point(|&j| j < cols_end);
                    let i = g - p.pre0;
                    cols.clear();
                    cols.extend(indices[t..seg_end].iter().map(|&j| j - p.post0 as u32));
                    let (w, d) = (&mut w[t - base..seg_end - base], d.as_deref_mut());
                    let spec = &p.r.spec;
                    spec.weights
                        .sample_row(i, &cols, p.n_post, &p.ctx, p.weight_key, w);
                    let mut d = d.map(|d| &mut d[t - base..seg_end - base]);
                    if let (Some(d), Some(init)) = (d.as_deref_mut(), &spec.delays) {
                        init.sample_row(i, &cols, p.n_post, &p.ctx, p.delay_key, d);
                    }
                    // A repeated pair (a multapse) draws its m-th copy from
                    // the copy key's child m: an independent value, not
                    // the first copy's again.
                    let mut copy = 0u64;
                    for s in 1..cols.len() {
                        copy = if cols[s] == cols[s - 1] { copy + 1 } else { 0 };
                        if copy > 0 {
                            let el = Element::in_matrix(i, cols[s] as usize, p.n_post);
                            w[s] = spec.weights.sample(el, &p.ctx, p.weight_copy.child(copy));
                            if let (Some(d), Some(init)) = (d.as_deref_mut(), &spec.delays) {
                                d[s] = init.sample(el, &p.ctx, p.delay_copy.child(copy));
                            }
                        }
                    }
                    if let Some(d) = d {
                        let mut bad = None;
                        for (s, x) in d.iter_mut().enumerate() {
                            match rounded(*x, dt) {
                                Some(r) => *x = r,
                                None => {
                                    bad.get_or_insert(s);
                                }
                            }
                        }
                        if let Some(s) = bad {
                            return Err(NetworkError::BadDelay {
                                projection: p.r.name.clone(),
                                value: d[s] * 1e3,
                                pre: i,
                                post: cols[s] as usize,
                            });
                        }
                    }
                    t = seg_end;
                }
            }
            bar.inc(w.len() * (1 + usize::from(d.is_some())));
            Ok(())
        })
        .collect();
    first_error(results)?;
    Ok((weights, delays))
}

#[cfg(test)]
mod tests {
    use super::rounded;

    #[test]
    fn delays_round_to_the_nearest_step_at_least_one() {
        let dt = 0.1e-3;
        for (d, want) in [
            (0.0, 1.0),
            (0.04e-3, 1.0),
            (0.05e-3, 1.0),
            (0.149e-3, 1.0),
            (0.151e-3, 2.0),
            (1.5e-3, 15.0),
            (2.26e-3, 23.0),
        ] {
            let r = rounded(d, Some((dt, 1.0 / dt))).unwrap();
            assert_eq!(r, want * dt, "{d}");
            assert!(r > 0.0 && (r / dt).round() * dt == r);
        }
        assert_eq!(rounded(-1e-9, Some((dt, 1.0 / dt))), None);
        assert_eq!(rounded(f64::NAN, None), None);
        assert_eq!(rounded(f64::INFINITY, None), None);
        assert_eq!(rounded(3e-3, None), Some(3e-3));
    }
}
