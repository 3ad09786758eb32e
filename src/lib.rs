//! relx releases a Python project from its git history.
//!
//! The pure core decides; the shell reads and writes. Modules:
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

// Pure core: values in, values out.
pub mod changelog; // release notes: model, templates, merge into the file
pub mod commits; // Conventional Commits → increments, reasons for ignoring
pub mod config; // the configuration model and its parsing from text
pub mod pkg; // package metadata: core metadata, field syntax, file names
pub mod plan; // the plan every command prints and `--exec` carries out
pub mod pyre; // Python regex patterns (commitizen settings) on Rust's regex
pub mod pystr; // Python's whitespace and line-break rules
pub mod version; // PEP 440, schemes, bump arithmetic, tag names

// Shell: effects, each behind a small API.
pub mod apply; // carries out a bump plan through the journal
pub mod build; // distributions: backend, checks, checksums, rotation
pub mod docs; // versioned docs on a git branch, in mike's layout
pub mod env; // the process environment, read once
pub mod error; // every failure and its exit code
pub mod files; // version providers, format-preserving edits
pub mod git; // HEAD, tags, history walk (git2)
pub mod journal; // the journal of relx's own effects, the lock, signals, undo
pub mod project; // configuration lookup, the current version, version targets, the changelog file

// Commands: resolve → gather → plan → (render) → apply, one module each.
pub mod commands;
pub mod publish; // uploads to an index, the GitHub Release
pub mod talk; // what a command says while it works (the face speaks it)

// Settings: the command line, the configuration and the environment,
// resolved once.
pub mod flags; // each command's flags as data (clap's derive)
pub mod settings; // typed settings, resolved once below the face

// The face: parse, render, exit codes.
pub mod cli; // the command tree, rendering, progress, logs, exit codes
