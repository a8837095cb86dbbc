// The engine's buffer allocator is not part of the facade.
fn main() {
    let _ = neuroinit::alloc::zeroed(10);
}
