// Adding a length-valued initializer to a conductance-valued one.
use neuroinit::prelude::*;

fn main() {
    let g = Normal::new(nS(1.0), nS(0.2)).unwrap();
    let d = Normal::new(um(100.0), um(10.0)).unwrap();
    let _ = g + d;
}
