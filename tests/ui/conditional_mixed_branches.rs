// A conditional whose branches produce a conductance and a length.
use neuroinit::Conditional;
use neuroinit::prelude::*;

fn main() {
    let g = Normal::new(nS(0.8), nS(0.2)).unwrap();
    let d = Normal::new(um(100.0), um(10.0)).unwrap();
    let _ = Conditional::on_pre(|i| i < 800, g, d);
}
