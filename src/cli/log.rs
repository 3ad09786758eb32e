//! Debug logs through `tracing`, written by the [`Printer`]'s stderr handle.
//!
//! What is shown: `RELX_LOG` when set (tracing's env-filter syntax, e.g.
//! `RELX_LOG=debug` or `RELX_LOG=relx::git=trace`), else the `-q`/`-v`
//! level: nothing with `-q`, warnings by default, relx's debug events with
//! `-v`, trace with `-vv`, and every crate's trace events with `-vvv`.
//! Each event is one line: `DEBUG relx::project: message key=value`.

use std::fmt::Write as _;
use std::io::Write as _;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::EnvFilter;

use super::printer::{Printer, Sink, Verbosity};

/// The environment variable holding a log filter.
pub const ENV: &str = "RELX_LOG";

/// The filter for a verbosity when `RELX_LOG` is not set.
pub fn default_filter(verbosity: Verbosity, verbose: u8) -> &'static str {
    match verbosity {
        Verbosity::Quiet => "off",
        Verbosity::Normal => "warn",
        Verbosity::Debug => "warn,relx=debug",
        Verbosity::Trace if verbose >= 3 => "trace",
        Verbosity::Trace => "warn,relx=trace",
    }
}

/// Chooses the filter: `RELX_LOG` (when it parses) or the default for the
/// verbosity. A `RELX_LOG` that does not parse is reported, then ignored.
pub fn filter(env: Option<&str>, verbosity: Verbosity, verbose: u8) -> (EnvFilter, Option<String>) {
    let fallback = || EnvFilter::new(default_filter(verbosity, verbose));
    match env.map(str::trim).filter(|s| !s.is_empty()) {
        None => (fallback(), None),
        Some(spec) => match EnvFilter::builder().parse(spec) {
            Ok(filter) => (filter, None),
            Err(e) => (
                fallback(),
                Some(format!(
                    "{ENV}: '{spec}' is not a log filter ({e}); ignored"
                )),
            ),
        },
    }
}

/// Installs the log layer for this process (once; later calls do nothing).
pub fn install(out: &mut Printer, verbose: u8, env: &crate::env::Env) {
    let env = env.get(ENV);
    let (filter, problem) = filter(env.as_deref(), out.verbosity(), verbose);
    if let Some(problem) = problem {
        out.warn(&problem).ok();
    }
    let layer = PrinterLayer {
        sink: out.sink(),
        color: out.color(),
    };
    tracing_subscriber::registry()
        .with(layer.with_filter(filter))
        .try_init()
        .ok();
}

/// Writes each event as one line into the Printer's stderr handle.
pub struct PrinterLayer {
    /// The stderr handle.
    pub sink: Sink,
    /// Colour the level.
    pub color: bool,
}

struct Fields {
    message: String,
    rest: String,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            write!(self.rest, " {}={value:?}", field.name()).ok();
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            write!(self.message, "{value:?}").ok();
        } else {
            write!(self.rest, " {}={value:?}", field.name()).ok();
        }
    }
}

/// The text of one event, as written.
pub fn format_event(
    level: Level,
    target: &str,
    message: &str,
    fields: &str,
    color: bool,
) -> String {
    let name = match level {
        Level::ERROR => "ERROR",
        Level::WARN => "WARN",
        Level::INFO => "INFO",
        Level::DEBUG => "DEBUG",
        Level::TRACE => "TRACE",
    };
    let name = if color {
        let code = match level {
            Level::ERROR => "31",
            Level::WARN => "33",
            Level::INFO => "32",
            Level::DEBUG => "34",
            Level::TRACE => "35",
        };
        format!("\x1b[{code}m{name}\x1b[0m")
    } else {
        name.to_string()
    };
    format!("{name} {target}: {message}{fields}\n")
}

impl<S: Subscriber> Layer<S> for PrinterLayer {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut fields = Fields {
            message: String::new(),
            rest: String::new(),
        };
        event.record(&mut fields);
        let meta = event.metadata();
        let line = format_event(
            *meta.level(),
            meta.target(),
            &fields.message,
            &fields.rest,
            self.color,
        );
        let mut sink = self.sink.lock().unwrap_or_else(|p| p.into_inner());
        sink.write_all(line.as_bytes()).ok();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_map_to_filters() {
        assert_eq!(default_filter(Verbosity::Quiet, 0), "off");
        assert_eq!(default_filter(Verbosity::Normal, 0), "warn");
        assert_eq!(default_filter(Verbosity::Debug, 1), "warn,relx=debug");
        assert_eq!(default_filter(Verbosity::Trace, 2), "warn,relx=trace");
        assert_eq!(default_filter(Verbosity::Trace, 3), "trace");
    }

    #[test]
    fn relx_log_wins_and_a_bad_one_is_reported() {
        let (f, problem) = filter(Some("relx::git=trace"), Verbosity::Normal, 0);
        assert!(problem.is_none());
        assert_eq!(f.to_string(), "relx::git=trace");
        let (f, problem) = filter(Some("relx=notalevel"), Verbosity::Debug, 1);
        assert_eq!(f.to_string(), "relx=debug,warn");
        let problem = problem.expect("reported");
        assert!(
            problem.starts_with("RELX_LOG: 'relx=notalevel' is not a log filter"),
            "{problem}"
        );
    }

    #[test]
    fn event_line() {
        assert_eq!(
            format_event(
                Level::DEBUG,
                "relx::project",
                "config",
                " path=\"x\"",
                false
            ),
            "DEBUG relx::project: config path=\"x\"\n"
        );
        assert!(format_event(Level::DEBUG, "t", "m", "", true).starts_with("\x1b[34mDEBUG"));
    }
}
