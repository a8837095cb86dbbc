// Adding a length initializer to a conductance mixture.
use neuroinit::{InitializerExt, Mixture};
use neuroinit::prelude::*;

fn main() {
    let g = Normal::new(nS(0.3), nS(0.05)).unwrap();
    let m = Mixture::equal_weights(vec![g.boxed(), g.boxed()]).unwrap();
    let d = Normal::new(um(100.0), um(10.0)).unwrap();
    let _ = m + d;
}
