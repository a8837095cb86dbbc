// A mixture whose components are a conductance and a length.
use neuroinit::{InitializerExt, Mixture};
use neuroinit::prelude::*;

fn main() {
    let g = Normal::new(nS(0.3), nS(0.05)).unwrap();
    let d = Normal::new(um(100.0), um(10.0)).unwrap();
    let _ = Mixture::new(vec![g.boxed(), d.boxed()], &[0.5, 0.5]);
}
