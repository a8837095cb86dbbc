//! Quickstart: a 1000 × 1000 conductance matrix from a normal distribution,
//! its statistics, and the determinism guarantee in action.
//!
//! Run: `cargo run --release --example quickstart`

use neuroinit::prelude::*;

fn main() -> Result<(), InitError> {
    let init = Normal::new(nS(0.5), nS(0.1))?;
    let w = init.generate((1000, 1000), 42)?;
    let s = w.summary().expect("non-empty");
    println!("Normal(0.5 nS, 0.1 nS), 1000 × 1000:");
    println!("  Mean: {:.3} nS", s.mean.get::<nanosiemens>());
    println!("  Std: {:.3} nS", s.std.get::<nanosiemens>());
    println!(
        "  Range: [{:.2}, {:.2}] nS",
        s.min.get::<nanosiemens>(),
        s.max.get::<nanosiemens>()
    );

    // Rows 200..300 generated alone equal the same rows of the whole matrix.
    let block = init.generate_block((1000, 1000), &[200..300, 0..1000], 42, &Context::new())?;
    let same = block == w.slice(ndarray::s![200..300, ..]);
    println!("  Rows 200..300 generated alone equal the whole's: {same}");
    Ok(())
}
