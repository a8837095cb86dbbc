// A distance-modulated conductance floored at a length.
use neuroinit::{DistanceModulated, GaussianProfile};
use neuroinit::prelude::*;

fn main() {
    let base = Normal::new(nS(1.0), nS(0.2)).unwrap();
    let dm = DistanceModulated::new(base, GaussianProfile::new(um(100.0)).unwrap());
    let _ = dm.with_min_weight(um(0.05));
}
