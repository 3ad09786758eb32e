//! SIGINT, SIGTERM and SIGHUP while relx writes: the signal is noted, not
//! obeyed at once. The running child (a hook, git, gpg) is waited for, then
//! the writing command undoes its effects through the journal and exits
//! with 128 + the signal's number (130, 143, 129), as a shell would report.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Once;

static RECEIVED: AtomicUsize = AtomicUsize::new(0);
static ANY: AtomicBool = AtomicBool::new(false);
static WATCH: Once = Once::new();

/// SIGINT's number, for messages and exit codes where no signal is known.
pub const SIGINT: i32 = 2;

/// From now on the three signals are noted instead of ending the process.
/// Only writing commands call this: a read-only command stays killable.
pub fn watch() {
    WATCH.call_once(|| {
        #[cfg(unix)]
        let signals = [
            signal_hook::consts::SIGINT,
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
        ];
        #[cfg(not(unix))]
        let signals = [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM];
        for signal in signals {
            let number = usize::try_from(signal).unwrap_or_default();
            let registered = signal_hook::flag::register_usize(signal, &RECEIVED, number)
                .and_then(|_| signal_hook::flag::register(signal, &ANY));
            if let Err(e) = registered {
                tracing::warn!("cannot watch signal {signal}: {e}");
            }
        }
    });
}

/// The signal received since [`watch`], if any.
pub fn received() -> Option<i32> {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => None,
        n => i32::try_from(n).ok(),
    }
}

/// True once a signal was received: for loops that poll a child.
pub fn flag() -> &'static AtomicBool {
    &ANY
}

/// The signal's usual name.
pub fn name(signal: i32) -> &'static str {
    match signal {
        1 => "SIGHUP",
        2 => "SIGINT",
        15 => "SIGTERM",
        _ => "a signal",
    }
}
