// A conductance initializer cannot fill an array of lengths.
use neuroinit::prelude::*;

fn main() {
    let g = Normal::new(nS(1.0), nS(0.2)).unwrap();
    let _: ndarray::Array1<Length> = g.generate(10, 0).unwrap();
}
