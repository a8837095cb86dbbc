// Profiles are dimensionless: adding a length to one does not compile.
use neuroinit::GaussianProfile;
use neuroinit::prelude::*;

fn main() {
    let _ = GaussianProfile::new(um(100.0)).unwrap() + um(5.0);
}
