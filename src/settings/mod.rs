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
mod workspace;

pub use crate::env::Env;
pub use crate::plan::Mode;
pub use crate::project::Workspace;
pub use docs::{CommitSettings, DocsSettings};
pub use publish::PublishSettings;
pub use rules::BUMP_MESSAGE;
pub use today::Today;
pub use version::{request, BumpSettings, Output, VersionSettings};
pub use workspace::{run_dir, take_lock};
