//! `relx init`: look at the project, then either say what relx reads from
//! an existing commitizen configuration (nothing to write), or plan a
//! commented `[tool.relx]` section (appended to pyproject.toml, the rest
//! byte for byte) or `.relx.toml`, translated from semantic-release or
//! bump-my-version when one of them is configured, else from what the
//! project shows. `--hook` adds a commit-msg hook running `relx check`.
//!
//! Everything is decided and checked in [`prepare`] before the first write,
//! as one [`InitPlan`], so a refusal (configured already, a hook in the
//! way, a read-only file, no yes) leaves every file as it was; [`apply`]
//! writes exactly that plan, through the journal in a repository.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::starter::{self, Entry};
use crate::config::{self, Format, Section};
use crate::error::Error;
use crate::files;
use crate::files::targets::FileEdit;
use crate::flags::{GlobalArgs, InitArgs};
use crate::git::Repo;
use crate::project;
use crate::project::format_of;
use crate::talk::Talk;

mod facts;

use facts::{facts, foreign_config, project_dir, read_toml};

/// The commit-msg hook `--hook` installs. `RELX` may name the binary.
pub const HOOK: &str = "#!/bin/sh\n\
# commit-msg hook installed by `relx init --hook`: the message must follow\n\
# Conventional Commits. Skip it once with `git commit --no-verify`.\n\
exec \"${RELX:-relx}\" check --commit-msg-file \"$1\"\n";

const INTRO: &str = "relx's settings, written by `relx init`. `relx config show` prints every\n\
setting in effect; docs/reference/configuration.md describes them all.";

/// A file `relx init` will write.
#[derive(Debug, Serialize)]
pub struct InitWrite {
    /// The path, its bytes before (empty for a new file) and after.
    pub edit: FileEdit,
    /// The path as the user would type it from where relx was started.
    pub shown: PathBuf,
    /// Whether the file exists (then it is replaced atomically).
    pub exists: bool,
    /// Whether the file is made executable (the hook).
    pub executable: bool,
}

/// Another tool's configuration that the new section takes over.
#[derive(Debug, Serialize)]
pub struct Foreign {
    /// The tool (`semantic-release`, `bump-my-version`).
    pub tool: String,
    /// Where it was read: file and section.
    pub source: String,
    /// What could not be carried over.
    pub skipped: Vec<String>,
}

/// What relx reads from a commitizen configuration, as it is.
#[derive(Debug, Serialize)]
pub struct CommitizenReport {
    /// The file (relative to the project) and its section.
    pub label: String,
    /// The keys the file sets, each with its value as TOML.
    pub values: Vec<(String, String)>,
    /// Keys relx does not use.
    pub unknown_keys: Vec<String>,
}

/// Everything `relx init` would do, decided before the first write.
#[derive(Serialize)]
pub struct InitPlan {
    /// The commitizen configuration relx reads instead of a new one.
    pub commitizen: Option<CommitizenReport>,
    /// The configuration taken over from another tool.
    pub foreign: Option<Foreign>,
    /// Every file written, in order (the configuration, then the hook).
    pub writes: Vec<InitWrite>,
    /// What stops the writes (the first one is the error).
    #[serde(skip)]
    pub problems: Vec<Error>,
    /// The repository, to write through its journal.
    #[serde(skip)]
    repo: Option<Repo>,
}

/// Looks at the project and decides every write.
pub fn prepare(
    global: &GlobalArgs,
    args: &InitArgs,
    talk: &mut dyn Talk,
) -> Result<InitPlan, Error> {
    let cwd = std::env::current_dir().map_err(|source| Error::Io {
        path: PathBuf::from("."),
        source,
    })?;
    let dir = global.dir.as_ref().map_or(cwd.clone(), |d| cwd.join(d));
    let repo = Repo::discover(&dir).ok();
    let dir = project_dir(&dir, repo.as_ref())?;
    let pyproject = dir.join("pyproject.toml");
    let relx_toml = dir.join(".relx.toml");
    let existing = read_toml(&pyproject)?;
    let doc = existing.as_ref().map(|(_, d)| d);
    let shown = |path: &Path| path.strip_prefix(&cwd).unwrap_or(path).to_path_buf();

    let mut plan = InitPlan {
        commitizen: None,
        foreign: None,
        writes: Vec::new(),
        problems: Vec::new(),
        repo: None,
    };
    let configured = if doc
        .and_then(|d| d.get("tool"))
        .and_then(|t| t.get("relx"))
        .is_some()
    {
        Some((pyproject.clone(), "[tool.relx]"))
    } else if relx_toml.is_file() {
        Some((relx_toml.clone(), ".relx.toml"))
    } else {
        None
    };
    let root = repo.as_ref().map(Repo::workdir);
    match configured {
        Some((path, section)) if !args.hook => {
            return Err(Error::AlreadyConfigured {
                path,
                section: section.to_string(),
            })
        }
        Some((path, _)) => talk.info(&format!(
            "{}: relx is configured already; installing the hook only",
            path.display()
        )),
        None => {
            let loaded = project::load(&dir, root.as_deref(), None)?;
            let commitizen = loaded.origin.as_ref().is_some_and(|o| {
                matches!(o.section, Section::ToolCommitizen | Section::CommitizenKey)
            });
            if commitizen {
                plan.commitizen = Some(commitizen_report(&loaded, &dir)?);
            } else {
                let write = starter_write(&dir, existing.as_ref(), repo.as_ref(), &mut plan, talk)?;
                check_result(&write)?;
                plan.writes.push(InitWrite {
                    shown: shown(&write.edit.path),
                    ..write
                });
            }
        }
    }

    if args.hook {
        plan_hook(&mut plan, repo.as_ref(), &dir, &cwd, talk);
    }
    if plan.problems.is_empty() {
        for write in &plan.writes {
            if let Err(e) = refuse_read_only(write) {
                plan.problems.push(e);
            }
        }
    }
    plan.repo = repo;
    Ok(plan)
}

/// The starter configuration to write: relx's entries from what the
/// project has, merged with a foreign tool's translated settings.
fn starter_write(
    dir: &Path,
    existing: Option<&(String, toml_edit::DocumentMut)>,
    repo: Option<&Repo>,
    plan: &mut InitPlan,
    talk: &mut dyn Talk,
) -> Result<InitWrite, Error> {
    let doc = existing.map(|(_, d)| d);
    let facts = facts(dir, doc, repo)?;
    let mut entries: Vec<Entry> = starter::entries(&facts);
    if let Some((source, translation)) = foreign_config(dir, doc)? {
        talk.info(&format!(
            "found a {} configuration in {source}: relx takes over the keys marked \"from\" below",
            translation.tool
        ));
        for skipped in &translation.skipped {
            talk.warn(&format!("not carried over: {skipped}"));
        }
        plan.foreign = Some(Foreign {
            tool: translation.tool.to_string(),
            source,
            skipped: translation.skipped.clone(),
        });
        entries = starter::merge(entries, translation.entries);
    }
    let pyproject = dir.join("pyproject.toml");
    let relx_toml = dir.join(".relx.toml");
    Ok(match existing {
        Some((text, _)) => {
            let section = starter::render(&entries, Some("tool.relx"), INTRO);
            let new = format!("{text}{}", appended(text, &section));
            config_write(&pyproject, "[tool.relx]", text, new, true)
        }
        None => {
            let new = starter::render(&entries, None, INTRO);
            config_write(&relx_toml, ".relx.toml", "", new, false)
        }
    })
}

/// The commit-msg hook: planned, there already, or in the way.
fn plan_hook(
    plan: &mut InitPlan,
    repo: Option<&Repo>,
    dir: &Path,
    cwd: &Path,
    talk: &mut dyn Talk,
) {
    match repo {
        None => plan.problems.push(Error::NotARepository(dir.to_path_buf())),
        Some(repo) => {
            let path = repo.hooks_dir().join("commit-msg");
            match std::fs::read(&path) {
                Ok(bytes) if bytes == HOOK.as_bytes() => {
                    talk.info(&format!(
                        "{}: the hook is installed already",
                        path.display()
                    ));
                }
                Ok(_) => plan.problems.push(Error::WouldOverwrite(path)),
                Err(_) => plan.writes.push(InitWrite {
                    shown: path.strip_prefix(cwd).unwrap_or(&path).to_path_buf(),
                    edit: FileEdit {
                        path,
                        places: vec!["commit-msg hook".to_string()],
                        before: Vec::new(),
                        after: HOOK.as_bytes().to_vec(),
                    },
                    exists: false,
                    executable: true,
                }),
            }
        }
    }
}

fn config_write(path: &Path, place: &str, before: &str, after: String, exists: bool) -> InitWrite {
    InitWrite {
        edit: FileEdit {
            path: path.to_path_buf(),
            places: vec![place.to_string()],
            before: before.as_bytes().to_vec(),
            after: after.into_bytes(),
        },
        shown: PathBuf::new(),
        exists,
        executable: false,
    }
}

/// What relx reads from a commitizen configuration.
fn commitizen_report(loaded: &project::Loaded, dir: &Path) -> Result<CommitizenReport, Error> {
    let origin = loaded
        .origin
        .as_ref()
        .expect("a commitizen configuration has a file");
    let shown = origin.path.strip_prefix(dir).unwrap_or(&origin.path);
    let text = std::fs::read_to_string(&origin.path).map_err(|source| Error::Io {
        path: origin.path.clone(),
        source,
    })?;
    let keys = config::keys(&text, &origin.path, format_of(&origin.path), origin.section)?
        .unwrap_or_default();
    let values = config::show::entries(&loaded.config, &keys)
        .iter()
        .filter(|e| e.source == config::show::Source::File)
        .map(|e| (e.key.clone(), config::show::toml_value(&e.value)))
        .collect();
    Ok(CommitizenReport {
        label: format!("{} {}", shown.display(), origin.section.describe()),
        values,
        unknown_keys: loaded.unknown_keys.clone(),
    })
}

/// The text appended to an existing file: a blank line, then the section,
/// with the file's own line ending.
fn appended(existing: &str, section: &str) -> String {
    let crlf = existing.contains("\r\n");
    let mut text = String::new();
    if !existing.is_empty() && !existing.ends_with('\n') {
        text.push('\n');
    }
    if !existing.trim().is_empty() {
        text.push('\n');
    }
    text.push_str(section);
    if crlf {
        text = text.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    text
}

/// The new configuration must parse and be what relx will find.
fn check_result(write: &InitWrite) -> Result<(), Error> {
    let path = &write.edit.path;
    let text = String::from_utf8_lossy(&write.edit.after);
    let section = if write.exists {
        Section::ToolRelx
    } else {
        Section::WholeFile
    };
    match config::parse(&text, path, Format::Toml, section) {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(Error::CannotWrite {
            path: path.clone(),
            reason: "a [tool.relx] table cannot be added to this file (is `tool` an inline table?)"
                .to_string(),
        }),
        Err(e) => Err(Error::CannotWrite {
            path: path.clone(),
            reason: format!("the result would not parse: {e}"),
        }),
    }
}

fn refuse_read_only(write: &InitWrite) -> Result<(), Error> {
    if write.exists {
        let path = &write.edit.path;
        let meta = std::fs::metadata(path).map_err(|e| Error::CannotWrite {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        if meta.permissions().readonly() {
            return Err(Error::CannotWrite {
                path: path.clone(),
                reason: "the file is read-only".to_string(),
            });
        }
    }
    Ok(())
}

/// Writes every file of the plan: in a repository through the journal,
/// under the writer lock (taken once the user said yes), so that a failure,
/// a signal or a kill undoes only relx's writes. Outside a repository there
/// is no hook, so at most the one configuration file is written.
pub fn apply(plan: &InitPlan) -> Result<(), Error> {
    let Some(repo) = &plan.repo else {
        return plan.writes.iter().try_for_each(put);
    };
    let lock = crate::journal::take_lock(repo, "relx init")?;
    let mut journal = crate::journal::Journal::begin(repo, lock, "relx init")?;
    let result = plan.writes.iter().try_for_each(|write| {
        journal.checkpoint()?;
        let path = &write.edit.path;
        let fail = |reason: String| Error::CannotWrite {
            path: path.clone(),
            reason,
        };
        if !write.exists && path.exists() {
            return Err(Error::WouldOverwrite(path.clone()));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(e.to_string()))?;
        }
        journal
            .write_file(path, &write.edit.after)
            .map_err(|e| match e {
                Error::FileWrite { reason, .. } => fail(reason),
                other => other,
            })?;
        make_executable(write).map_err(fail)
    });
    journal.close(repo, result)
}

#[cfg(unix)]
fn make_executable(write: &InitWrite) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    if write.executable {
        std::fs::set_permissions(&write.edit.path, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_executable(_: &InitWrite) -> Result<(), String> {
    Ok(())
}

/// One file outside a repository: replaced atomically, or created anew.
fn put(write: &InitWrite) -> Result<(), Error> {
    use std::io::Write;
    let path = &write.edit.path;
    let fail = |reason: String| Error::CannotWrite {
        path: path.clone(),
        reason,
    };
    if write.exists {
        return files::write::atomic_write(path, &write.edit.after).map_err(|e| fail(e.reason));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| fail(e.to_string()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| fail(e.to_string()))?;
    file.write_all(&write.edit.after)
        .map_err(|e| fail(e.to_string()))?;
    make_executable(write).map_err(fail)
}
