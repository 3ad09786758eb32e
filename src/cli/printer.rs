//! All output goes through one `Printer`: results on stdout, talk on stderr.
//!
//! The Printer decides what the user sees: colour (only on a terminal,
//! never with `NO_COLOR`, as `--color` says), how much talk (`-q`, `-v`),
//! and whether progress bars are drawn (only on a terminal). tracing's
//! events (`-v`, `RELX_LOG`) are written through the same stderr handle by
//! [`super::log`], and progress bars ([`super::progress`]) are hidden while
//! a line is written, so nothing interleaves.

use std::io::{self, IsTerminal, Write};
use std::sync::{Arc, Mutex};

use crate::flags::ColorChoice;

/// How much relx says on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// `-q`: errors only.
    Quiet,
    /// The default: `INFO:` lines and warnings.
    Normal,
    /// `-v`: relx's debug logs too.
    Debug,
    /// `-vv` and more: trace logs.
    Trace,
}

impl Verbosity {
    /// From `-q` and the number of `-v`.
    pub fn from_flags(quiet: bool, verbose: u8) -> Verbosity {
        match (quiet, verbose) {
            (true, _) => Verbosity::Quiet,
            (false, 0) => Verbosity::Normal,
            (false, 1) => Verbosity::Debug,
            (false, _) => Verbosity::Trace,
        }
    }
}

/// The stderr handle, shared with the log layer.
pub type Sink = Arc<Mutex<Box<dyn Write + Send>>>;

/// Where relx writes, and how.
pub struct Printer {
    out: Box<dyn Write>,
    err: Sink,
    color: bool,
    verbosity: Verbosity,
    terminal: bool,
    bars: Option<indicatif::MultiProgress>,
}

/// Whether `--color` and `NO_COLOR` allow colour on a stream that is (or is
/// not) a terminal. `--color always` wins over `NO_COLOR` (no-color.org lets
/// an explicit flag override it); an empty `NO_COLOR` counts as unset.
pub fn use_color(choice: ColorChoice, no_color: Option<&std::ffi::OsStr>, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => no_color.is_none_or(|v| v.is_empty()) && terminal,
    }
}

impl Printer {
    /// The process's stdout and stderr.
    /// `NO_COLOR` and `TERM` come from the run's environment.
    pub fn stdio(color: ColorChoice, quiet: bool, env: &crate::env::Env) -> Printer {
        let terminal = io::stderr().is_terminal();
        let no_color = env.get_os("NO_COLOR");
        Printer {
            out: Box::new(io::stdout().lock()),
            err: Arc::new(Mutex::new(Box::new(io::stderr()))),
            color: use_color(color, no_color, terminal),
            verbosity: Verbosity::from_flags(quiet, 0),
            terminal: terminal && env.get_os("TERM").is_none_or(|t| t != "dumb"),
            bars: None,
        }
    }

    /// A printer writing into the given streams (tests, captures). Neither
    /// is a terminal: no colour unless asked, no progress bars.
    pub fn to_writers(
        out: Box<dyn Write>,
        err: Box<dyn Write + Send>,
        color: bool,
        verbosity: Verbosity,
    ) -> Printer {
        Printer {
            out,
            err: Arc::new(Mutex::new(err)),
            color,
            verbosity,
            terminal: false,
            bars: None,
        }
    }

    /// Sets how much is said on stderr.
    pub fn set_verbosity(&mut self, verbosity: Verbosity) {
        self.verbosity = verbosity;
    }

    /// How much is said on stderr.
    pub fn verbosity(&self) -> Verbosity {
        self.verbosity
    }

    /// Whether stderr output is coloured.
    pub fn color(&self) -> bool {
        self.color
    }

    /// Whether stderr is an interactive terminal (progress bars are drawn
    /// only then).
    pub fn is_terminal(&self) -> bool {
        self.terminal
    }

    /// The stderr handle, for the log layer.
    pub fn sink(&self) -> Sink {
        Arc::clone(&self.err)
    }

    /// Writes to stdout (the command's result).
    pub fn out(&mut self) -> &mut dyn Write {
        &mut self.out
    }

    /// Writes one or more lines on stderr, hiding progress bars meanwhile.
    fn talk(&self, text: &str) -> io::Result<()> {
        let write = || -> io::Result<()> {
            // A poisoned lock only means another thread panicked mid-line;
            // the stream itself is still usable.
            let mut err = self.err.lock().unwrap_or_else(|p| p.into_inner());
            err.write_all(text.as_bytes())?;
            err.flush()
        };
        match &self.bars {
            Some(bars) => bars.suspend(write),
            None => write(),
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    /// A log line on stderr: `INFO: …`.
    pub fn info(&mut self, message: &str) -> io::Result<()> {
        if self.verbosity < Verbosity::Normal {
            return Ok(());
        }
        self.talk(&format!("INFO: {message}\n"))
    }

    /// A line of another program's output (a build backend), passed through
    /// to stderr as it is.
    pub fn passthrough(&mut self, line: &str) -> io::Result<()> {
        if self.verbosity < Verbosity::Normal {
            return Ok(());
        }
        self.talk(&format!("{line}\n"))
    }

    /// A warning on stderr.
    pub fn warn(&mut self, message: &str) -> io::Result<()> {
        if self.verbosity < Verbosity::Normal {
            return Ok(());
        }
        let label = self.paint("33", "warning");
        self.talk(&format!("{label}: {message}\n"))
    }

    /// A warning that `--quiet` does not hide: something relx could not put
    /// back, which the user must know about.
    pub fn alert(&mut self, message: &str) -> io::Result<()> {
        let label = self.paint("33", "warning");
        self.talk(&format!("{label}: {message}\n"))
    }

    /// A question on stderr, without a line end (the answer is typed after it).
    pub fn ask(&mut self, question: &str) -> io::Result<()> {
        self.talk(question)
    }

    /// An error, with an optional hint, on stderr.
    pub fn error(&mut self, message: &str, hint: Option<&str>) -> io::Result<()> {
        let mut text = format!("{}: {message}\n", self.paint("1;31", "error"));
        if let Some(hint) = hint {
            text.push_str(&format!("{}: {hint}\n", self.paint("1;36", "hint")));
        }
        self.talk(&text)
    }

    /// A progress bar for `total` units (bytes, files) with a label; drawn
    /// on stderr only when it is a terminal and relx is not quiet, hidden
    /// (every call a no-op) otherwise.
    pub fn progress(&mut self, total: u64, label: &str) -> super::progress::Progress {
        if !self.terminal || self.verbosity < Verbosity::Normal {
            return super::progress::Progress::hidden();
        }
        let bars = self.bars.get_or_insert_with(|| {
            indicatif::MultiProgress::with_draw_target(indicatif::ProgressDrawTarget::stderr())
        });
        super::progress::Progress::drawn(bars, total, label)
    }

    /// Flushes both streams.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()?;
        self.err.lock().unwrap_or_else(|p| p.into_inner()).flush()
    }
}

impl crate::talk::Talk for Printer {
    fn info(&mut self, line: &str) {
        Printer::info(self, line).ok();
    }
    fn warn(&mut self, line: &str) {
        Printer::warn(self, line).ok();
    }
    fn alert(&mut self, line: &str) {
        Printer::alert(self, line).ok();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn color_follows_flag_no_color_and_terminal() {
        // (choice, NO_COLOR, terminal, expected) — the rules of no-color.org:
        // NO_COLOR set and non-empty disables colour; a flag may override it.
        let rows: [(ColorChoice, Option<&str>, bool, bool); 8] = [
            (ColorChoice::Auto, None, true, true),
            (ColorChoice::Auto, None, false, false),
            (ColorChoice::Auto, Some("1"), true, false),
            (ColorChoice::Auto, Some(""), true, true),
            (ColorChoice::Always, Some("1"), false, true),
            (ColorChoice::Always, None, false, true),
            (ColorChoice::Never, None, true, false),
            (ColorChoice::Never, Some("1"), true, false),
        ];
        for (choice, no_color, terminal, want) in rows {
            assert_eq!(
                use_color(choice, no_color.map(OsStr::new), terminal),
                want,
                "{choice:?} NO_COLOR={no_color:?} terminal={terminal}"
            );
        }
    }

    #[test]
    fn verbosity_from_flags() {
        assert_eq!(Verbosity::from_flags(true, 0), Verbosity::Quiet);
        assert_eq!(Verbosity::from_flags(false, 0), Verbosity::Normal);
        assert_eq!(Verbosity::from_flags(false, 1), Verbosity::Debug);
        assert_eq!(Verbosity::from_flags(false, 3), Verbosity::Trace);
    }

    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn quiet_keeps_errors_only_and_bars_stay_hidden_off_a_terminal() {
        let err = Shared::default();
        let mut p = Printer::to_writers(
            Box::new(io::sink()),
            Box::new(err.clone()),
            false,
            Verbosity::Quiet,
        );
        p.info("hello").unwrap();
        p.warn("careful").unwrap();
        p.error("broken", Some("fix it")).unwrap();
        let bar = p.progress(10, "upload");
        assert!(bar.is_hidden());
        let text = String::from_utf8(err.0.lock().unwrap().clone()).unwrap();
        assert_eq!(text, "error: broken\nhint: fix it\n");
    }
}
