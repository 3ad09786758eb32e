//! Versions: PEP 440 parsing and order, the three schemes' spellings, bump
//! arithmetic and tag names. Pure: no file, git or clock access.

mod bump;
mod number;
mod pep440;
mod scheme;
pub mod tag;

pub use bump::{bump, cz_bump, BumpOptions, Increment, IncrementMode};
pub use number::Number;
pub use pep440::{InvalidVersion, LocalPart, Pep440, Phase};
pub use scheme::{Scheme, Version};
pub use tag::{FoundVersion, TagRules};
