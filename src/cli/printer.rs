//! All output goes through one `Printer`: results on stdout, talk on stderr.

use std::io::{self, IsTerminal, Write};

use super::args::ColorChoice;

/// Where relx writes, and how.
pub struct Printer {
    out: Box<dyn Write>,
    err: Box<dyn Write>,
    color: bool,
    quiet: bool,
}

impl Printer {
    /// The process's stdout and stderr.
    pub fn stdio(color: ColorChoice, quiet: bool) -> Printer {
        let color = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && io::stderr().is_terminal()
            }
        };
        Printer {
            out: Box::new(io::stdout().lock()),
            err: Box::new(io::stderr().lock()),
            color,
            quiet,
        }
    }

    /// Writes to stdout (the command's result).
    pub fn out(&mut self) -> &mut dyn Write {
        &mut self.out
    }

    /// A log line on stderr: `INFO: …`.
    pub fn info(&mut self, message: &str) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        writeln!(self.err, "INFO: {message}")
    }

    /// A line of another program's output (a build backend), passed through
    /// to stderr as it is.
    pub fn passthrough(&mut self, line: &str) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        writeln!(self.err, "{line}")
    }

    /// True with `--quiet`.
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// A warning on stderr.
    pub fn warn(&mut self, message: &str) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        let label = if self.color {
            "\x1b[33mwarning\x1b[0m"
        } else {
            "warning"
        };
        writeln!(self.err, "{label}: {message}")
    }

    /// An error, with an optional hint, on stderr.
    pub fn error(&mut self, message: &str, hint: Option<&str>) -> io::Result<()> {
        let (label, hint_label) = if self.color {
            ("\x1b[1;31merror\x1b[0m", "\x1b[1;36mhint\x1b[0m")
        } else {
            ("error", "hint")
        };
        writeln!(self.err, "{label}: {message}")?;
        if let Some(hint) = hint {
            writeln!(self.err, "{hint_label}: {hint}")?;
        }
        Ok(())
    }

    /// Flushes both streams.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()?;
        self.err.flush()
    }
}
