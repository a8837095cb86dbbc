//! The Potjans & Diesmann (2014) cortical microcircuit as neuroinit builds
//! it: 8 populations, 64 projections of fixed total numbers, weights and
//! delays from truncated normals — the model of the reference script
//! `benches/reference/nest_pd.py` (the PD14 implementation of NEST's
//! examples), shared by the `potjans_diesmann` example, the `pd14`
//! workload and the tests.
//!
//! Support code of the benches and examples (included as a module), not
//! part of the library's API.
#![allow(dead_code)]

use neuroinit::units::{ms, pA};
use neuroinit::uom::si::f64::ElectricCurrent;
use neuroinit::{Network, NetworkError, Population, Projection, Rule, Sign, TruncatedNormal};

/// The populations, layer by layer.
pub const NAMES: [&str; 8] = ["L23E", "L23I", "L4E", "L4I", "L5E", "L5I", "L6E", "L6I"];

/// Full-scale sizes.
pub const N_FULL: [f64; 8] = [
    20683.0, 5834.0, 21915.0, 5479.0, 4850.0, 1065.0, 14395.0, 2948.0,
];

/// Connection probabilities, `P[target][source]`.
pub const P: [[f64; 8]; 8] = [
    [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
    [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
    [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
    [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
    [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
    [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
    [
        0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252,
    ],
    [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
];

/// The excitatory weight, pA (a PSP of 0.15 mV), the relative inhibitory
/// weight and the relative standard deviation of every weight.
pub const W_EXC: f64 = 87.81;
/// Inhibitory weights are `G` times the excitatory one.
pub const G: f64 = -4.0;
/// Weights' standard deviation relative to their mean.
pub const W_REL_STD: f64 = 0.1;
/// Delays' means, ms, for excitatory and inhibitory sources; their
/// standard deviation is half the mean, and they are redrawn below 0.05 ms.
pub const D_EXC: f64 = 1.5;
/// See [`D_EXC`].
pub const D_INH: f64 = 0.75;
/// The lowest delay, ms (below it a delay is redrawn).
pub const D_MIN: f64 = 0.05;

/// Population sizes at `scale`: `round(N_full · scale)`, halves to even as
/// numpy rounds.
pub fn sizes(scale: f64) -> [usize; 8] {
    N_FULL.map(|n| (n * scale).round_ties_even() as usize)
}

/// Synapses of projection source → target at `scale`:
/// `round(K_full · scale²)` with `K_full = ln(1 − p)/ln(1 − 1/(N_t·N_s))`
/// from the full-scale sizes (so that counts compare with NEST's).
pub fn synapses(target: usize, source: usize, scale: f64) -> u64 {
    let (nt, ns) = (N_FULL[target], N_FULL[source]);
    let k_full = (1.0 - P[target][source]).ln() / (1.0 - 1.0 / (nt * ns)).ln();
    (k_full * scale * scale).round_ties_even() as u64
}

/// The mean weight (pA) of source → target.
pub fn weight(target: usize, source: usize) -> f64 {
    let w = if source % 2 == 0 { W_EXC } else { W_EXC * G };
    if (target, source) == (0, 2) {
        2.0 * w
    } else {
        w
    }
}

/// The mean delay (ms) from `source`.
pub fn delay(source: usize) -> f64 {
    if source % 2 == 0 { D_EXC } else { D_INH }
}

/// The weights of source → target: normal, truncated at 0 on the side of
/// their sign (NEST's redraw).
pub fn weights(
    target: usize,
    source: usize,
) -> Result<TruncatedNormal<ElectricCurrent>, neuroinit::InitError> {
    let w = weight(target, source);
    let sd = pA((w * W_REL_STD).abs());
    if w > 0.0 {
        TruncatedNormal::new(pA(w), sd, pA(0.0), None)
    } else {
        TruncatedNormal::new(pA(w), sd, None, pA(0.0))
    }
}

/// The PD14 network at `scale` (sizes × scale, synapse counts ×
/// scale²), without delay rounding; `resolution` rounds the delays as
/// NEST does at 0.1 ms.
pub fn pd14(scale: f64, resolution: bool) -> Result<Network<ElectricCurrent>, NetworkError> {
    let n = sizes(scale);
    let mut b = Network::builder();
    for (k, name) in NAMES.iter().enumerate() {
        let sign = if k % 2 == 0 {
            Sign::Excitatory
        } else {
            Sign::Inhibitory
        };
        b = b.population(Population::new(name, n[k]).with_sign(sign));
    }
    for (t, target) in NAMES.iter().enumerate() {
        for (s, source) in NAMES.iter().enumerate() {
            let k = synapses(t, s, scale);
            if k == 0 {
                continue;
            }
            let d = delay(s);
            let delays = TruncatedNormal::new(ms(d), ms(0.5 * d), ms(D_MIN), None)
                .map_err(|e| init(t, s, "delays", e))?;
            b = b.projection(
                Projection::new(
                    source,
                    target,
                    Rule::fixed_total_number(k),
                    weights(t, s).map_err(|e| init(t, s, "weights", e))?,
                )
                .with_delays(delays),
            );
        }
    }
    if resolution {
        b = b.resolution(ms(0.1));
    }
    b.build()
}

fn init(t: usize, s: usize, field: &'static str, source: neuroinit::InitError) -> NetworkError {
    NetworkError::Init {
        projection: format!("{} -> {}", NAMES[s], NAMES[t]),
        field,
        source,
    }
}
