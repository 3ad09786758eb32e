//! The commands layer: one module per command, each the same flow:
//! settings resolved (by `crate::settings`, once) → gather from the shell →
//! plan (pure, `crate::plan` and the core) → the face renders the plan →
//! apply (through the journal, under `--exec`). A command returns values
//! for the face to render and talks only through [`crate::talk::Talk`]; it
//! never prints, never parses arguments, and never calls another command:
//! what two commands share lives in the layer below (`project`, `git`,
//! `files`, `build`, `publish`, `docs`, `journal`).

pub mod build;
pub mod bump;
pub mod changelog;
pub mod check;
pub mod config;
pub mod current;
pub mod docs;
pub mod init;
pub mod publish;
pub mod recover;
pub mod version;
