//! `neuroinit.json`: what a build wrote, for `neuroinit info` and for
//! people — the description, the seed, the units, the populations with
//! their first global id, and each projection's synapse count.

use std::path::Path;

use neuroinit::{Connectome, Value};
use serde_json::{Value as Json, json};

pub(crate) const NAME: &str = "neuroinit.json";

/// The manifest of connectome `c`.
pub(crate) fn of<W: Value>(
    c: &Connectome<W>,
    format: &str,
    description: &Path,
    seed: u64,
    weight_unit: &str,
    seconds: (f64, f64),
) -> Json {
    let pops = c.populations();
    json!({
        "neuroinit": env!("CARGO_PKG_VERSION"),
        "format": format,
        "description": description.display().to_string(),
        "seed": seed,
        "weight_unit": weight_unit,
        "delay_unit": "ms",
        "neurons": c.neurons(),
        "synapses": c.synapses(),
        "populations": pops.iter().map(|p| json!({
            "name": p.name(),
            "size": p.ids().len(),
            "first_id": p.ids().start,
            "dims": p.positions().ncols(),
        })).collect::<Vec<_>>(),
        "projections": c.projections().iter().map(|p| json!({
            "name": p.name,
            "pre": pops[p.pre].name(),
            "post": pops[p.post].name(),
            "rule": p.rule,
            "synapses": p.synapses,
            "edge_population": format!("{}_to_{}", pops[p.pre].name(), pops[p.post].name()),
        })).collect::<Vec<_>>(),
        "seconds": { "generate": seconds.0, "write": seconds.1 },
    })
}
