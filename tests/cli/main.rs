//! The one integration-test binary: a module per command, plus the helpers
//! that make real git repositories in temp dirs.

mod bump;
mod changelog;
mod changelog_rules;
mod check;
mod support;
mod version;
