// A Normal whose mean is a conductance and whose std is a length.
use neuroinit::prelude::*;

fn main() {
    let _ = Normal::new(nS(1.0), um(0.2));
}
