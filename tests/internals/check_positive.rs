// The constructors' shared checks are not part of the facade.
fn main() {
    let _ = neuroinit::check::positive("x", 1.0);
}
