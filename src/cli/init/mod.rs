//! `relx init`: look at the project, then either say what relx reads from
//! an existing commitizen configuration (nothing to write), or write a
//! commented `[tool.relx]` section (appended to pyproject.toml, the rest
//! byte for byte) or `.relx.toml`, translated from semantic-release or
//! bump-my-version when one of them is configured, else from what the
//! project shows. `--hook` adds a commit-msg hook running `relx check`.
//!
//! Everything is decided and checked before the first write, so a refusal
//! (configured already, a hook in the way, a read-only file, no yes) leaves
//! every file as it was.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use super::printer::Printer;
use crate::config::starter::{self, Entry};
use crate::config::{self, Format, Section};
use crate::error::Error;
use crate::files;
use crate::flags::{GlobalArgs, InitArgs};
use crate::git::Repo;
use crate::project;

mod facts;

use facts::{facts, foreign_config, project_dir, read_toml};

/// `--help` examples of `relx init`.
pub const EXAMPLES: &str = "\
Examples:
  relx init            # show what it would write, then ask
  relx init --yes      # write without asking (CI, scripts)
  relx init --yes --hook
  relx -C path/to/project init --yes";

/// The commit-msg hook `--hook` installs. `RELX` may name the binary.
pub const HOOK: &str = "#!/bin/sh\n\
# commit-msg hook installed by `relx init --hook`: the message must follow\n\
# Conventional Commits. Skip it once with `git commit --no-verify`.\n\
exec \"${RELX:-relx}\" check --commit-msg-file \"$1\"\n";

/// A file `relx init` will write.
struct Write1 {
    path: PathBuf,
    bytes: Vec<u8>,
    /// Whether the file exists (then it is replaced atomically).
    exists: bool,
    /// Its bytes before, to put back if a later write fails.
    original: Option<Vec<u8>>,
    executable: bool,
}

/// The hooks directory git uses: `core.hooksPath`, else `.git/hooks` (of
/// the main repository for a linked work tree).
fn hooks_dir(repo: &Repo) -> PathBuf {
    let git = repo.git2();
    let configured = git
        .config()
        .ok()
        .and_then(|c| c.get_path("core.hooksPath").ok());
    match configured {
        Some(path) if path.is_absolute() => path,
        Some(path) => repo.workdir().join(path),
        None => git.commondir().join("hooks"),
    }
}

fn stdout_error(e: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source: e,
    }
}

/// Says what relx reads from a commitizen configuration.
fn report_commitizen(loaded: &project::Loaded, dir: &Path, out: &mut Printer) -> Result<(), Error> {
    let origin = loaded
        .origin
        .as_ref()
        .expect("a commitizen configuration has a file");
    let shown = origin.path.strip_prefix(dir).unwrap_or(&origin.path);
    let text = std::fs::read_to_string(&origin.path).map_err(|source| Error::Io {
        path: origin.path.clone(),
        source,
    })?;
    let format = match origin.path.extension().and_then(|e| e.to_str()) {
        Some("json") => Format::Json,
        Some("yaml") | Some("yml") => Format::Yaml,
        _ => Format::Toml,
    };
    let keys = config::keys(&text, &origin.path, format, origin.section)?.unwrap_or_default();
    let entries = config::show::entries(&loaded.config, &keys);
    let w = out.out();
    writeln!(
        w,
        "relx reads the commitizen configuration in {} {} as it is; nothing to write.",
        shown.display(),
        origin.section.describe()
    )
    .map_err(stdout_error)?;
    for entry in entries
        .iter()
        .filter(|e| e.source == config::show::Source::File)
    {
        writeln!(
            w,
            "  {} = {}",
            entry.key,
            config::show::toml_value(&entry.value)
        )
        .map_err(stdout_error)?;
    }
    for key in &loaded.unknown_keys {
        writeln!(w, "  {key}: not used by relx").map_err(stdout_error)?;
    }
    Ok(())
}

/// Asks on the terminal; `Ok(false)` when the answer is not yes.
fn confirm(path: &Path, out: &mut Printer) -> Result<bool, Error> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::NotConfirmed {
            path: path.to_path_buf(),
            reason: "stdin is not a terminal, so relx cannot ask".to_string(),
        });
    }
    out.ask(&format!("Write this to {}? [y/N] ", path.display()))
        .ok();
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|source| Error::Io {
            path: "<stdin>".into(),
            source,
        })?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
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

const INTRO: &str = "relx's settings, written by `relx init`. `relx config show` prints every\n\
setting in effect; docs/reference/configuration.md describes them all.";

/// `relx init`.
pub fn run(global: &GlobalArgs, args: &InitArgs, out: &mut Printer) -> Result<(), Error> {
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

    let mut writes: Vec<Write1> = Vec::new();
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
        Some((path, _)) => {
            out.info(&format!(
                "{}: relx is configured already; installing the hook only",
                path.display()
            ))
            .ok();
        }
        None => {
            let loaded = project::load(&dir, root.as_deref(), None)?;
            let commitizen = loaded.origin.as_ref().is_some_and(|o| {
                matches!(o.section, Section::ToolCommitizen | Section::CommitizenKey)
            });
            if commitizen {
                report_commitizen(&loaded, &dir, out)?;
            } else {
                let facts = facts(&dir, doc, repo.as_ref())?;
                let mut entries: Vec<Entry> = starter::entries(&facts);
                if let Some((source, translation)) = foreign_config(&dir, doc)? {
                    out.info(&format!(
                        "found a {} configuration in {source}: relx takes over the keys marked \"from\" below",
                        translation.tool
                    ))
                    .ok();
                    for skipped in &translation.skipped {
                        out.warn(&format!("not carried over: {skipped}")).ok();
                    }
                    entries = starter::merge(entries, translation.entries);
                }
                let write = match &existing {
                    Some((text, _)) => {
                        let section = starter::render(&entries, Some("tool.relx"), INTRO);
                        let new = format!("{text}{}", appended(text, &section));
                        Write1 {
                            path: pyproject.clone(),
                            bytes: new.into_bytes(),
                            exists: true,
                            original: Some(text.clone().into_bytes()),
                            executable: false,
                        }
                    }
                    None => Write1 {
                        path: relx_toml.clone(),
                        bytes: starter::render(&entries, None, INTRO).into_bytes(),
                        exists: false,
                        original: None,
                        executable: false,
                    },
                };
                check_result(&write)?;
                writes.push(write);
            }
        }
    }

    if args.hook {
        let repo = repo
            .as_ref()
            .ok_or_else(|| Error::NotARepository(dir.clone()))?;
        let path = hooks_dir(repo).join("commit-msg");
        match std::fs::read(&path) {
            Ok(bytes) if bytes == HOOK.as_bytes() => {
                out.info(&format!(
                    "{}: the hook is installed already",
                    path.display()
                ))
                .ok();
            }
            Ok(_) => return Err(Error::WouldOverwrite(path)),
            Err(_) => writes.push(Write1 {
                path,
                bytes: HOOK.as_bytes().to_vec(),
                exists: false,
                original: None,
                executable: true,
            }),
        }
    }
    if writes.is_empty() {
        return Ok(());
    }
    for write in &writes {
        refuse_read_only(write)?;
    }
    if let Some(config) = writes.iter().find(|w| !w.executable) {
        let shown = match &existing {
            Some((text, _)) if config.exists => &config.bytes[text.len()..],
            _ => &config.bytes[..],
        };
        let start = shown
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .unwrap_or(shown.len());
        out.out().write_all(&shown[start..]).map_err(stdout_error)?;
        out.out().flush().map_err(stdout_error)?;
    }
    if !args.yes && !confirm(shown(&cwd, &writes[0].path), out)? {
        out.info("nothing written").ok();
        return Ok(());
    }
    write_all(repo.as_ref(), &writes)?;
    for write in &writes {
        out.info(&format!("wrote {}", shown(&cwd, &write.path).display()))
            .ok();
    }
    Ok(())
}

/// A path as the user would type it from where relx was started.
fn shown<'a>(cwd: &Path, path: &'a Path) -> &'a Path {
    path.strip_prefix(cwd).unwrap_or(path)
}

/// Writes every file: in a repository through the journal, under the
/// writer lock (taken once the user said yes), so that a failure, a signal
/// or a kill undoes only relx's writes; elsewhere each file atomically, the
/// earlier ones put back if a later one fails.
fn write_all(repo: Option<&Repo>, writes: &[Write1]) -> Result<(), Error> {
    let Some(repo) = repo else {
        for (i, write) in writes.iter().enumerate() {
            if let Err(e) = put(write) {
                undo(&writes[..i]);
                return Err(e);
            }
        }
        return Ok(());
    };
    let lock = crate::journal::take_lock(repo, "relx init")?;
    let mut journal = crate::journal::Journal::begin(repo, lock, "relx init")?;
    let result = writes.iter().try_for_each(|write| {
        journal.checkpoint()?;
        let fail = |reason: String| Error::CannotWrite {
            path: write.path.clone(),
            reason,
        };
        if !write.exists && write.path.exists() {
            return Err(Error::WouldOverwrite(write.path.clone()));
        }
        if let Some(parent) = write.path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| fail(e.to_string()))?;
        }
        journal
            .write_file(&write.path, &write.bytes)
            .map_err(|e| match e {
                Error::FileWrite { reason, .. } => fail(reason),
                other => other,
            })?;
        #[cfg(unix)]
        if write.executable {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&write.path, std::fs::Permissions::from_mode(0o755))
                .map_err(|e| fail(e.to_string()))?;
        }
        Ok(())
    });
    journal.close(repo, result)
}

/// Puts back what earlier writes changed, after a later one failed.
fn undo(done: &[Write1]) {
    for write in done.iter().rev() {
        if write.exists {
            if let Some(original) = &write.original {
                let _ = files::write::atomic_write(&write.path, original);
            }
        } else {
            let _ = std::fs::remove_file(&write.path);
        }
    }
}

/// The new configuration must parse and be what relx will find.
fn check_result(write: &Write1) -> Result<(), Error> {
    let text = String::from_utf8_lossy(&write.bytes);
    let section = if write.exists {
        Section::ToolRelx
    } else {
        Section::WholeFile
    };
    match config::parse(&text, &write.path, Format::Toml, section) {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(Error::CannotWrite {
            path: write.path.clone(),
            reason: "a [tool.relx] table cannot be added to this file (is `tool` an inline table?)"
                .to_string(),
        }),
        Err(e) => Err(Error::CannotWrite {
            path: write.path.clone(),
            reason: format!("the result would not parse: {e}"),
        }),
    }
}

fn refuse_read_only(write: &Write1) -> Result<(), Error> {
    if write.exists {
        let meta = std::fs::metadata(&write.path).map_err(|e| Error::CannotWrite {
            path: write.path.clone(),
            reason: e.to_string(),
        })?;
        if meta.permissions().readonly() {
            return Err(Error::CannotWrite {
                path: write.path.clone(),
                reason: "the file is read-only".to_string(),
            });
        }
    }
    Ok(())
}

fn put(write: &Write1) -> Result<(), Error> {
    let fail = |reason: String| Error::CannotWrite {
        path: write.path.clone(),
        reason,
    };
    if write.exists {
        return files::write::atomic_write(&write.path, &write.bytes).map_err(|e| fail(e.reason));
    }
    if let Some(parent) = write.path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| fail(e.to_string()))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&write.path)
        .map_err(|e| fail(e.to_string()))?;
    file.write_all(&write.bytes)
        .map_err(|e| fail(e.to_string()))?;
    #[cfg(unix)]
    if write.executable {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&write.path, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| fail(e.to_string()))?;
    }
    Ok(())
}
