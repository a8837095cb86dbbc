//! `neuroinit.json`: what a build wrote, for `neuroinit info` and for
//! people — the description, the seed, the units, the populations with
//! their first global id, and each projection's synapse count.

use std::path::Path;

use neuroinit::{Connectome, Value};
use serde_json::{Value as Json, json};

pub(crate) const NAME: &str = "neuroinit.json";

/// What a build records beside the connectome: its format, description,
/// seed, weight unit, seconds (generate, write), and the ranks it ran on.
pub(crate) struct Run<'a> {
    pub(crate) format: &'a str,
    pub(crate) description: &'a Path,
    pub(crate) seed: u64,
    pub(crate) weight_unit: &'a str,
    pub(crate) seconds: (f64, f64),
    pub(crate) ranks: usize,
}

/// The manifest of connectome `c` (the whole network, or one rank's part
/// of it: `counts` are the whole network's synapses per projection).
pub(crate) fn of<W: Value>(c: &Connectome<W>, counts: &[u64], run: &Run<'_>) -> Json {
    let pops = c.populations();
    json!({
        "neuroinit": env!("CARGO_PKG_VERSION"),
        "format": run.format,
        "description": run.description.display().to_string(),
        "seed": run.seed,
        "weight_unit": run.weight_unit,
        "delay_unit": "ms",
        "ranks": run.ranks,
        "neurons": c.neurons(),
        "synapses": counts.iter().sum::<u64>(),
        "populations": pops.iter().map(|p| json!({
            "name": p.name(),
            "size": p.ids().len(),
            "first_id": p.ids().start,
            "dims": p.positions().ncols(),
        })).collect::<Vec<_>>(),
        "projections": c.projections().iter().zip(counts).map(|(p, n)| json!({
            "name": p.name,
            "pre": pops[p.pre].name(),
            "post": pops[p.post].name(),
            "rule": p.rule,
            "synapses": n,
            "edge_population": format!("{}_to_{}", pops[p.pre].name(), pops[p.post].name()),
        })).collect::<Vec<_>>(),
        "seconds": { "generate": run.seconds.0, "write": run.seconds.1 },
    })
}
