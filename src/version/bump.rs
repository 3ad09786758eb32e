//! Bump arithmetic: current version + increment → next version, exactly as
//! commitizen 4.19.3's `BaseVersion.bump` computes it, with the two places
//! where relx deliberately refuses to go backwards (SPEC §2).
//!
//! commitizen builds the next version as a string (`f"{base}{pre}{dev}+{meta}"`)
//! and parses it again; relx does the same so that every normalisation
//! (`alpha0` → `a0`, `Build-5` → `build.5`) comes out identical.

use std::fmt;

use serde::Serialize;

use super::number::Number;
use super::pep440::{InvalidVersion, Phase};
use super::scheme::Version;

/// Which part of the release to increase. Ordered: `Patch < Minor < Major`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Increment {
    /// `x.y.Z`
    Patch,
    /// `x.Y.0`
    Minor,
    /// `X.0.0`
    Major,
}

impl Increment {
    /// Reads `major`, `minor`, `patch` in any case.
    pub fn from_name(name: &str) -> Option<Increment> {
        match name.to_ascii_uppercase().as_str() {
            "MAJOR" => Some(Increment::Major),
            "MINOR" => Some(Increment::Minor),
            "PATCH" => Some(Increment::Patch),
            _ => None,
        }
    }
}

impl fmt::Display for Increment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Increment::Major => "MAJOR",
            Increment::Minor => "MINOR",
            Increment::Patch => "PATCH",
        })
    }
}

/// commitizen's `--increment-mode`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IncrementMode {
    /// A pending pre-release absorbs increments it already covers.
    #[default]
    Linear,
    /// The increment is applied as given, pre-release or not.
    Exact,
}

/// Everything besides the current version that decides the next one:
/// the arguments of commitizen's `bump()`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BumpOptions {
    /// The increment found in the commits or forced; `None` for no bump.
    pub increment: Option<Increment>,
    /// Ask for this pre-release phase.
    pub prerelease: Option<Phase>,
    /// First number of a new pre-release phase.
    pub prerelease_offset: Number,
    /// Dev release number, taken literally.
    pub devrelease: Option<Number>,
    /// Bump only the local part (`1.0.0+0.1.0` → `1.0.0+0.2.0`).
    pub local_version: bool,
    /// Build metadata appended after `+`.
    pub build_metadata: Option<String>,
    /// commitizen's increment mode.
    pub mode: IncrementMode,
}

/// commitizen's `bump()`, quirks included (it may return a lower version).
pub fn cz_bump(current: &Version, opts: &BumpOptions) -> Result<Version, InvalidVersion> {
    let scheme = current.scheme;
    let pep = &current.pep;
    if opts.local_version {
        if let Some(label) = pep.local_label() {
            // commitizen: scheme(self.local).bump(increment), nothing else.
            let local = scheme.parse(&label)?;
            let local_opts = BumpOptions {
                increment: opts.increment,
                ..BumpOptions::default()
            };
            let bumped = cz_bump(&local, &local_opts)?;
            return scheme.parse(&format!("{}+{bumped}", current.public()));
        }
    }
    let base = increment_base_for(current, opts.increment, opts.mode);
    let current_base = padded_release(current);
    let pre = if base == current_base {
        generate_prerelease(current, opts.prerelease, &opts.prerelease_offset)
    } else {
        generate_prerelease(
            &scheme.parse(&base)?,
            opts.prerelease,
            &opts.prerelease_offset,
        )
    };
    let dev = opts
        .devrelease
        .as_ref()
        .map(|n| format!("dev{n}"))
        .unwrap_or_default();
    let meta = opts
        .build_metadata
        .as_ref()
        .map(|m| format!("+{m}"))
        .unwrap_or_default();
    scheme.parse(&format!("{base}{pre}{dev}{meta}"))
}

/// relx's `bump()`: commitizen's, except that it never drops an epoch and,
/// with `--devrelease` alone, continues a pending pre-release instead of
/// falling below it (SPEC §2). The caller still checks that the answer is
/// higher than `current` (other commitizen corners can go lower).
pub fn bump(current: &Version, opts: &BumpOptions) -> Result<Version, InvalidVersion> {
    // The epoch goes back first: only then does "not higher" mean what it
    // says (`3!1.1.3rc2` + PATCH dev 6 is `3!1.1.4.dev6`, already higher).
    let next = with_epoch_of(current, cz_bump(current, opts)?);
    if opts.devrelease.is_some() && opts.prerelease.is_none() && next <= *current {
        if let Some((phase, _)) = current.pep.pre {
            let continued = BumpOptions {
                prerelease: Some(phase),
                ..opts.clone()
            };
            return Ok(with_epoch_of(current, cz_bump(current, &continued)?));
        }
    }
    Ok(next)
}

/// `next` with `current`'s epoch when commitizen's arithmetic dropped it.
fn with_epoch_of(current: &Version, mut next: Version) -> Version {
    if !current.pep.epoch.is_zero() && next.pep.epoch.is_zero() {
        next.pep.epoch = current.pep.epoch.clone();
    }
    next
}

/// `_get_increment_base`: a pending pre-release absorbs the increment unless
/// the increment reaches past it.
fn increment_base_for(
    current: &Version,
    increment: Option<Increment>,
    mode: IncrementMode,
) -> String {
    let pep = &current.pep;
    let (minor, micro) = (pep.release_part(1), pep.release_part(2));
    let reaches_past = match increment {
        Some(Increment::Minor) => !micro.is_zero(),
        Some(Increment::Major) => !minor.is_zero() || !micro.is_zero(),
        _ => false,
    };
    if !pep.is_prerelease() || mode == IncrementMode::Exact || reaches_past {
        increment_base(current, increment)
    } else {
        format!("{}.{minor}.{micro}", pep.release_part(0))
    }
}

/// `increment_base`: the first three release numbers, increased. Any fourth
/// number is dropped, as commitizen does.
fn increment_base(current: &Version, increment: Option<Increment>) -> String {
    let pep = &current.pep;
    let (mut major, mut minor, mut patch) = (
        pep.release_part(0),
        pep.release_part(1),
        pep.release_part(2),
    );
    match increment {
        Some(Increment::Major) => {
            major = major.succ();
            minor = Number::zero();
            patch = Number::zero();
        }
        Some(Increment::Minor) => {
            minor = minor.succ();
            patch = Number::zero();
        }
        Some(Increment::Patch) => patch = patch.succ(),
        None => {}
    }
    format!("{major}.{minor}.{patch}")
}

/// The release padded to three numbers and joined (`1.2` → `1.2.0`).
fn padded_release(current: &Version) -> String {
    let mut parts: Vec<String> = current
        .pep
        .release
        .iter()
        .map(ToString::to_string)
        .collect();
    while parts.len() < 3 {
        parts.push("0".to_string());
    }
    parts.join(".")
}

/// `generate_prerelease`: never a lower phase than the current one; the same
/// phase continues its numbering; a new phase starts at the offset.
fn generate_prerelease(of: &Version, prerelease: Option<Phase>, offset: &Number) -> String {
    let Some(requested) = prerelease else {
        return String::new();
    };
    let mut name = requested.name();
    let mut number = offset.clone();
    if let Some((phase, n)) = &of.pep.pre {
        // commitizen compares the words as strings: max("alpha", "b") == "b".
        name = name.max(phase.letter());
        if name.starts_with(phase.letter()) {
            number = n.succ();
        }
    }
    format!("{name}{number}")
}

#[cfg(test)]
mod tests;
