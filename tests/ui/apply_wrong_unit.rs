// A transform that adds a length to a conductance sample.
use neuroinit::InitializerExt;
use neuroinit::prelude::*;

fn main() {
    let g = Normal::new(nS(0.5), nS(0.3)).unwrap();
    let _ = g.apply(|x| x + um(1.0));
}
