//! `neuroinit`: build, check and inspect networks described in TOML files.
//!
//! ```text
//! neuroinit check examples/networks/pd14.toml
//! neuroinit build examples/networks/pd14.toml --out pd14 [--format sonata|npz] [--seed S] [--threads T] [--force]
//! neuroinit info pd14
//! ```
//!
//! Exit codes: 0 success, 1 the build failed (the network is too large,
//! a file could not be written, ...), 2 bad input (the description file,
//! the command line, an existing output without `--force`).
#![forbid(unsafe_code)]

mod build;
mod check;
mod info;
mod manifest;
#[cfg(feature = "mpi")]
mod ranks;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Build, check and inspect networks described in TOML files.
#[derive(Parser)]
#[command(name = "neuroinit", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the network FILE describes and write it into the directory
    /// --out (written whole or not at all).
    Build {
        /// The description file.
        file: PathBuf,
        /// The output directory (must not exist, unless --force).
        #[arg(long)]
        out: PathBuf,
        /// Output format (default: the file's [output] format, else sonata
        /// when built with SONATA support, else npz).
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// Seed (default: the file's [network] seed, else 0).
        #[arg(long)]
        seed: Option<u64>,
        /// Worker threads (default: all cores, or NEUROINIT_THREADS).
        #[arg(long)]
        threads: Option<usize>,
        /// Replace an existing output directory.
        #[arg(long)]
        force: bool,
        /// Under mpirun: how neurons are dealt to ranks (contiguous blocks
        /// balanced by expected synapses, or NEST's round-robin).
        #[arg(long, value_enum, default_value = "blocks")]
        scheme: SchemeArg,
    },
    /// Validate FILE and print its populations, projections, expected
    /// synapse count and memory estimate, without building it.
    Check {
        /// The description file.
        file: PathBuf,
    },
    /// Read back a directory `build` wrote: counts and a summary per
    /// projection, checked against the build's manifest.
    Info {
        /// The output directory.
        dir: PathBuf,
    },
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FormatArg {
    /// SONATA (HDF5 nodes and edges, CSV types, JSON configs).
    Sonata,
    /// NumPy: scipy.sparse CSR with delays, and an edge list.
    Npz,
}

/// Partition schemes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum SchemeArg {
    /// Contiguous blocks of targets with about equal expected synapses.
    Blocks,
    /// Neuron g on rank g % n, as NEST deals neurons.
    RoundRobin,
}

/// A failure and its exit code.
pub(crate) enum Failure {
    /// Exit code 2: the input is wrong.
    BadInput(String),
    /// Exit code 1: the build or the output failed.
    Build(String),
}

impl Failure {
    pub(crate) fn build(e: impl std::fmt::Display) -> Failure {
        Failure::Build(e.to_string())
    }

    /// The message, whatever the kind (for the ranks' agreement).
    #[cfg(feature = "mpi")]
    pub(crate) fn into_message(self) -> String {
        match self {
            Failure::BadInput(m) | Failure::Build(m) => m,
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // Help and version are successes; usage errors are bad input.
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Build {
            file,
            out,
            format,
            seed,
            threads,
            force,
            scheme,
        } => build::run(&build::Options {
            file,
            out,
            format,
            seed,
            threads,
            force,
            scheme: match scheme {
                SchemeArg::Blocks => neuroinit::Scheme::Blocks,
                SchemeArg::RoundRobin => neuroinit::Scheme::RoundRobin,
            },
        }),
        Command::Check { file } => check::run(&file),
        Command::Info { dir } => info::run(&dir),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::BadInput(m)) => report(2, &m),
        Err(Failure::Build(m)) => report(1, &m),
    }
}

/// The error on stderr in one write (so that it reaches a pipe whole),
/// and its exit code.
fn report(code: u8, m: &str) -> ExitCode {
    let line = format!("error: {m}\n");
    let _ = std::io::Write::write_all(&mut std::io::stderr(), line.as_bytes());
    ExitCode::from(code)
}
