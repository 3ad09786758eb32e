//! Progress bars for long steps (uploads, builds), drawn with indicatif on
//! stderr only when it is a terminal; elsewhere every call is a no-op and the
//! command prints its plain summary lines instead.
//!
//! Get one from [`super::Printer::progress`], which decides whether it is
//! drawn and keeps log lines from tearing through it:
//!
//! ```no_run
//! # fn demo(out: &mut relx::cli::Printer) {
//! let bar = out.progress(4096, "relx-1.0.0.tar.gz");
//! bar.inc(1024);
//! bar.finish();
//! # }
//! ```

use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

/// One bar; hidden when stderr is not a terminal.
#[derive(Debug, Clone)]
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar that draws nothing.
    pub fn hidden() -> Progress {
        Progress {
            bar: ProgressBar::hidden(),
        }
    }

    /// A bar drawn among `bars` (on stderr).
    pub(super) fn drawn(bars: &MultiProgress, total: u64, label: &str) -> Progress {
        let style = ProgressStyle::with_template(
            "{prefix:>12} [{bar:30}] {bytes:>10}/{total_bytes:<10} {bytes_per_sec:>12} {eta:>4}",
        )
        .expect("the template is valid")
        .progress_chars("=> ");
        let bar = bars.add(ProgressBar::new(total).with_style(style));
        bar.set_prefix(label.to_string());
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar }
    }

    /// Whether nothing is drawn.
    pub fn is_hidden(&self) -> bool {
        self.bar.is_hidden()
    }

    /// Advances by `delta` units.
    pub fn inc(&self, delta: u64) {
        self.bar.inc(delta);
    }

    /// Sets the position (after a retry starts over, for example).
    pub fn set_position(&self, position: u64) {
        self.bar.set_position(position);
    }

    /// Units done so far.
    pub fn position(&self) -> u64 {
        self.bar.position()
    }

    /// Removes the bar from the screen; the caller prints its summary line.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_bar_counts_but_draws_nothing() {
        let bar = Progress::hidden();
        assert!(bar.is_hidden());
        bar.inc(5);
        bar.finish();
    }
}
