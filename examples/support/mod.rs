//! Shared by the tutorial examples: command-line options and plotting.
//!
//! Each example includes this with `#[path = "support/mod.rs"] mod support;`.
#![allow(dead_code)] // each example uses a different part

pub mod plot;

use std::error::Error;
use std::path::PathBuf;

/// Command-line options common to the examples.
pub struct Args {
    /// Folder the figures (and data files) go to (`--out`, default
    /// `target/figures`).
    pub out: PathBuf,
    /// `--neurons N`, when given.
    pub neurons: Option<usize>,
    /// `--scale F`: sample sizes multiplied by F (tests run the examples
    /// small); default 1.
    pub scale: f64,
    /// `--seed S`, default 42.
    pub seed: u64,
    /// `--no-write`: skip large data files (timing runs).
    pub write: bool,
}

impl Args {
    /// Parse `std::env::args`, creating the output folder.
    pub fn parse() -> Result<Args, Box<dyn Error>> {
        let mut a = Args {
            out: PathBuf::from("target/figures"),
            neurons: None,
            scale: 1.0,
            seed: 42,
            write: true,
        };
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--out" => a.out = PathBuf::from(value()?),
                "--neurons" => a.neurons = Some(value()?.parse()?),
                "--scale" => a.scale = value()?.parse()?,
                "--seed" => a.seed = value()?.parse()?,
                "--no-write" => a.write = false,
                "-h" | "--help" => {
                    println!("options: --out DIR  --neurons N  --scale F  --seed S  --no-write");
                    std::process::exit(0);
                }
                other => return Err(format!("unknown option {other}").into()),
            }
        }
        if !(a.scale > 0.0 && a.scale.is_finite()) {
            return Err(format!("--scale must be > 0, got {}", a.scale).into());
        }
        std::fs::create_dir_all(&a.out)?;
        Ok(a)
    }

    /// A sample size of the tutorial, scaled by `--scale` (at least 10).
    pub fn n(&self, tutorial: usize) -> usize {
        ((tutorial as f64 * self.scale).round() as usize).max(10)
    }

    /// A path in the output folder.
    pub fn path(&self, file: &str) -> PathBuf {
        self.out.join(file)
    }
}
