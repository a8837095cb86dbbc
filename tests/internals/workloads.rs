// The benchmark workloads are support code of the benches, not API.
fn main() {
    let _ = neuroinit::workloads::normal_fill();
}
