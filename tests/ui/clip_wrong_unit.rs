// Clipping a conductance initializer at a length.
use neuroinit::InitializerExt;
use neuroinit::prelude::*;

fn main() {
    let g = Normal::new(nS(0.5), nS(0.3)).unwrap();
    let _ = g.clip(um(0.2), None);
}
