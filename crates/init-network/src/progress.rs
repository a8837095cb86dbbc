//! The progress bar of long connection runs: on stderr, only when stderr is
//! a terminal, and only once a run has taken longer than [`SHOW_AFTER`].

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A run shorter than this never shows a bar.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// Whether a connector may show a progress bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Progress {
    /// On stderr when stderr is a terminal and the run takes over a second.
    #[default]
    Auto,
    /// Never.
    Off,
}

/// A bar that stays hidden until the run proves long; shared by the
/// threads of a run (`inc` takes `&self`).
pub(crate) struct Bar {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: AtomicBool,
}

impl Bar {
    /// A bar for one run (hidden for now, no stage yet).
    pub(crate) fn new(mode: Progress) -> Self {
        let enabled = mode == Progress::Auto && std::io::stderr().is_terminal();
        let bar = enabled.then(|| {
            let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template(
                "{msg:>10} [{elapsed_precise}] {wide_bar} {pos}/{len} (eta {eta})",
            ) {
                b.set_style(style);
            }
            b
        });
        Bar {
            bar,
            start: Instant::now(),
            shown: AtomicBool::new(false),
        }
    }

    /// Start a stage of `len` units of work named `what`.
    pub(crate) fn stage(&self, what: &'static str, len: usize) {
        if let Some(b) = &self.bar {
            b.set_message(what);
            b.set_length(len as u64);
            b.set_position(0);
            b.reset_eta();
        }
    }

    /// `n` more units of the stage done.
    pub(crate) fn inc(&self, n: usize) {
        if let Some(b) = &self.bar {
            b.inc(n as u64);
            if !self.shown.load(Ordering::Relaxed)
                && self.start.elapsed() >= SHOW_AFTER
                && !self.shown.swap(true, Ordering::Relaxed)
            {
                b.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
