//! The one integration-test binary: a module per command, plus the helpers
//! that make real git repositories in temp dirs.

mod action;
mod build;
mod bump;
mod changelog;
mod changelog_rules;
mod check;
mod config;
mod current;
mod docs;
mod ecosystem;
mod house;
mod init;
#[cfg(unix)]
mod journal;
mod manners;
mod plan_output;
mod publish;
mod release_flow;
// The texts are Unix's: `/` in paths, permission bits in the changes.
#[cfg(unix)]
mod snapshots;
mod static_binary;
mod support;
mod version;

mod arithmetic;
mod compat;
mod layout;
mod messages;
mod oracle;
mod pep440;
mod properties;
mod references;
