// The engine's fill loop is not part of the facade.
fn main() {
    let _ = neuroinit::fill_region::<f64>;
}
