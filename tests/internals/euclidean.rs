// The distance kernel is internal; distances come from `Positions`.
fn main() {
    let _ = neuroinit::euclidean(&[0.0], &[1.0], None);
}
