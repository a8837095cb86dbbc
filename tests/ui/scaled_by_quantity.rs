// Scaled takes a dimensionless factor, not a quantity.
use neuroinit::Scaled;
use neuroinit::prelude::*;

fn main() {
    let g = Normal::new(nS(0.5), nS(0.3)).unwrap();
    let _ = Scaled::new(g, um(2.0));
}
