//! The progress bar of long connection runs: on stderr, only when stderr is
//! a terminal, and only once a run has taken longer than [`SHOW_AFTER`].

use std::io::IsTerminal;
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

/// A bar that stays hidden until the run proves long.
pub(crate) struct Bar {
    bar: Option<ProgressBar>,
    start: Instant,
    shown: bool,
}

impl Bar {
    /// A bar over `len` units of `what` (hidden for now).
    pub(crate) fn new(mode: Progress, len: usize, what: &'static str) -> Self {
        let enabled = mode == Progress::Auto && std::io::stderr().is_terminal();
        let bar = enabled.then(|| {
            let b = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden());
            if let Ok(style) = ProgressStyle::with_template(
                "{msg} [{elapsed_precise}] {wide_bar} {pos}/{len} (eta {eta})",
            ) {
                b.set_style(style);
            }
            b.set_message(what);
            b
        });
        Bar {
            bar,
            start: Instant::now(),
            shown: false,
        }
    }

    /// `n` more units done.
    pub(crate) fn inc(&mut self, n: usize) {
        if let Some(b) = &self.bar {
            b.inc(n as u64);
            if !self.shown && self.start.elapsed() >= SHOW_AFTER {
                b.set_draw_target(ProgressDrawTarget::stderr());
                self.shown = true;
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
