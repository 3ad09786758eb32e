//! Settings: the parsed command line (`crate::flags`), the loaded
//! configuration and the environment (read once), resolved once into typed
//! parts that each command reads and never re-derives: the scheme and tag
//! rules, the bump rules and channels, the request, the
//! mode, today's date. uv's `*Settings::resolve` and ripgrep's low → high
//! args are the models. Each resolver destructures its flags whole, so a
//! flag added to `crate::flags` fails to compile until it is resolved.

pub mod build;
pub mod changelog;
mod docs;
pub mod publish;
mod rules;
mod today;
mod version;

pub use crate::env::Env;
pub use crate::project::{run_dir, take_lock, Workspace};
pub use docs::{CommitSettings, DocsSettings};
pub use publish::PublishSettings;
pub use rules::BUMP_MESSAGE;
pub use today::Today;
pub use version::{request, BumpSettings, Output, VersionSettings};

/// Whether a writing command only shows its plan or carries it out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Show the plan; write nothing (relx's default).
    DryRun,
    /// Carry the plan out (`--exec`).
    Exec,
}

impl Mode {
    /// `--exec` given → `Exec`.
    pub fn exec_if(exec: bool) -> Mode {
        if exec {
            Mode::Exec
        } else {
            Mode::DryRun
        }
    }

    /// `--dry-run` given → `DryRun` (for the commands that write by default).
    pub fn dry_run_if(dry_run: bool) -> Mode {
        Mode::exec_if(!dry_run)
    }

    /// True under `--exec`.
    pub fn is_exec(self) -> bool {
        self == Mode::Exec
    }
}
