//! Versioned documentation on a git branch, in mike's layout, so that
//! `mike` and `relx docs` can take turns on the same branch.
//!
//! Pure parts (values in, values out): [`versions`] (`versions.json`),
//! [`loose`] (mike's sort order), [`pyjson`] (Python's JSON text),
//! [`pages`] (the files each command writes: version folders, aliases,
//! redirect pages, the root redirect) and [`policy`] (which docs version a
//! release deploys to).
//!
//! Shell parts: [`branch`] (reading and committing into the branch with
//! git2, the remote check, `git push`), [`mkdocs`] (the configuration and
//! `mkdocs build`), [`site`] (reading a built site), [`store`] (the branch
//! in the object store, for the commands layer) and [`when`] (the
//! committer date).

pub mod branch;
pub mod loose;
pub mod mkdocs;
pub mod pages;
pub mod policy;
pub mod pyjson;
pub mod site;
pub mod store;
pub mod versions;
pub mod when;

pub use pages::{AliasType, Edit};
pub use policy::{Policy, Target};
pub use versions::{Problem, Versions};
