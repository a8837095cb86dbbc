//! `neuroinit check FILE`: validate and describe, without building.

use std::path::Path;

use init_description::{AnyNetwork, load};
use neuroinit::{Network, Scheme, Value};

use crate::Failure;

pub(crate) fn run(file: &Path) -> Result<(), Failure> {
    let d = load(file).map_err(|e| Failure::BadInput(e.to_string()))?;
    println!("{}: valid", file.display());
    if let Some(s) = d.seed() {
        println!("seed {s}");
    }
    println!(
        "weights in {}, delays in {}",
        d.weight_unit().name(),
        d.delay_unit().name()
    );
    match d.network() {
        AnyNetwork::Conductance(n) => describe(n, d.seed().unwrap_or(0)),
        AnyNetwork::Current(n) => describe(n, d.seed().unwrap_or(0)),
    }
}

fn describe<W: Value>(net: &Network<W>, seed: u64) -> Result<(), Failure> {
    println!(
        "\n{:<16} {:>10} {:>12} {:>6}",
        "population", "size", "sign", "dims"
    );
    for p in net.populations() {
        let sign = match p.sign() {
            Some(neuroinit::Sign::Excitatory) => "excitatory",
            Some(neuroinit::Sign::Inhibitory) => "inhibitory",
            None => "-",
        };
        println!(
            "{:<16} {:>10} {:>12} {:>6}",
            p.name(),
            p.size(),
            sign,
            p.layout().dims()
        );
    }
    println!("\n{:<28} rule", "projection");
    for p in net.projections() {
        println!("{:<28} {:?}", p.name(), p.rule());
    }
    let (synapses, how) = match net.exact_synapses() {
        Some(n) => (n as f64, "exact: every rule fixes its count".to_string()),
        None => {
            // Sample three blocks of targets (first, middle, last) of 32,
            // each generated alone, and scale.
            let parts = 32;
            let mut sum = 0usize;
            for k in [0, parts / 2, parts - 1] {
                let part = net.part(k, parts, Scheme::Blocks).map_err(Failure::build)?;
                sum += net
                    .generate_part(seed, &part)
                    .map_err(Failure::build)?
                    .synapses();
            }
            (
                sum as f64 / 3.0 * parts as f64,
                format!("estimated: 3 of {parts} blocks of targets generated"),
            )
        }
    };
    let bytes = synapses * net.bytes_per_synapse() as f64
        + 8.0 * (net.neurons() as f64 + 1.0)
        + net
            .populations()
            .iter()
            .map(|p| (p.size() * p.layout().dims() * 8) as f64)
            .sum::<f64>();
    println!(
        "\n{} neurons, {:.0} synapses ({how})",
        net.neurons(),
        synapses
    );
    println!(
        "memory: {:.2} GB ({} bytes per synapse{})",
        bytes / 1e9,
        net.bytes_per_synapse(),
        if net.has_delays() {
            ", with delays"
        } else {
            ""
        }
    );
    Ok(())
}
