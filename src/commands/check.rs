//! `relx check`: the messages gathered (`--message`, `--commit-msg-file`,
//! `--rev-range`, or standard input) and linted with commitizen's verdicts
//! and exit codes, the version's places compared (`--consistency`), or
//! distribution files checked (`--dist`); the result goes back to the face
//! as a [`Checked`] value.

pub mod consistency;

use std::io::{IsTerminal, Read};

use serde::Serialize;

use crate::build::backend;
use crate::build::check::{self as dist_check, Report};
use crate::commits::lint::{self, Lint, Verdict};
use crate::commits::Commit;
use crate::error::Error;
use crate::flags::{CheckArgs, GlobalArgs};
use crate::settings::{run_dir, Env, Workspace};
use crate::talk::Talk;

/// What a check found when it passed (a failure is an [`Error`]).
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Checked {
    /// Every message matches the commit rules.
    Messages,
    /// The version agrees everywhere: the places looked at, one line each.
    Consistency {
        /// `file: version` and `current tag: …` lines.
        checked: Vec<String>,
    },
    /// The distribution files' report (it may hold failures).
    Dist {
        /// One report per file.
        report: Report,
    },
}

/// `relx check`: the sources checked, one of them only.
pub fn run(
    global: &GlobalArgs,
    args: &CheckArgs,
    env: Env,
    talk: &mut dyn Talk,
) -> Result<Checked, Error> {
    if let Some(files) = &args.dist {
        return dist(global, files, &env);
    }
    let sources = [
        args.message.is_some(),
        args.commit_msg_file.is_some(),
        args.rev_range.is_some(),
        args.consistency,
    ];
    let given = sources.iter().filter(|s| **s).count();
    if given > 1 {
        return Err(Error::Usage(
            "Only one of --rev-range, --message, --commit-msg-file and --consistency is permitted by check command!".into(),
        ));
    }
    if given == 0 && std::io::stdin().is_terminal() {
        return Err(Error::Usage(
            "check needs --message, --commit-msg-file, --rev-range, --consistency, or a message on standard input".into(),
        ));
    }
    let workspace = Workspace::open(global, args.rev_range.is_none() && !args.consistency)?;
    if args.consistency {
        let checked = consistency::run(&workspace, talk)?;
        return Ok(Checked::Consistency { checked });
    }
    let lint = rules(&workspace, args)?;
    let candidates = candidates(&workspace, args)?;
    if candidates.is_empty() {
        return Err(Error::NoCommitsIn(format!(
            "No commit found with range: '{}'",
            args.rev_range.as_deref().unwrap_or_default()
        )));
    }
    verdicts(&lint, &candidates)?;
    Ok(Checked::Messages)
}

/// `--dist FILES…`: each file (relative to `-C` or the current directory)
/// checked as `relx build --check-only` does.
fn dist(global: &GlobalArgs, files: &[std::path::PathBuf], env: &Env) -> Result<Checked, Error> {
    let base = run_dir(global)?;
    let python = backend::python3(env.get_os("PATH"));
    let renderer = dist_check::Python::new(&python);
    let mut report = Report::default();
    for file in files {
        let mut one = dist_check::check_file(&base.join(file), &renderer);
        one.path = file.clone();
        report.files.push(one);
    }
    Ok(Checked::Dist { report })
}

/// The first too-long message, else every message that fails, as one error.
fn verdicts(lint: &Lint, candidates: &[Candidate]) -> Result<(), Error> {
    let mut failures = Vec::new();
    for c in candidates {
        let at = if c.sha.is_empty() {
            "commit message".to_string()
        } else {
            format!("commit {}", &c.sha[..c.sha.len().min(7)])
        };
        match lint.check(&c.message) {
            Verdict::Valid => {}
            Verdict::TooLong(length, limit) => {
                return Err(Error::MessageTooLong(format!(
                    "{at} {}: first line is {length} characters, longer than the limit of {limit} (message_length_limit)",
                    quoted(&c.message)
                )));
            }
            Verdict::Empty => failures.push(format!("{at}: the message is empty")),
            Verdict::NoMatch => failures.push(format!(
                "{at} {}: does not match the commit rules",
                quoted(&c.message)
            )),
        }
    }
    if !failures.is_empty() {
        failures.push(format!("pattern: {}", lint.schema_text));
        return Err(Error::InvalidCommitMessage(failures.join("\n")));
    }
    Ok(())
}

fn quoted(message: &str) -> String {
    let first = message.split('\n').next().unwrap_or_default();
    format!("\"{first}\"")
}

/// The lint rules of the project, with the command line's overrides.
fn rules(workspace: &Workspace, args: &CheckArgs) -> Result<Lint, Error> {
    let config = workspace.config();
    let schema = match config.name.as_str() {
        "cz_conventional_commits" => lint::conventional_schema(),
        "cz_customize" => config
            .customize
            .as_ref()
            .ok_or(Error::MissingCustomize)?
            .schema_pattern
            .clone()
            .unwrap_or_default(),
        other => return Err(Error::UnknownRules(other.to_string())),
    };
    let allow_abort = args.allow_abort
        || config
            .unknown
            .get("allow_abort")
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
    Lint::new(
        &schema,
        config.allowed_prefixes.clone(),
        args.message_length_limit
            .unwrap_or(config.message_length_limit),
        allow_abort,
    )
    .map_err(|e| Error::InvalidSetting {
        path: workspace.config_path().map(std::path::Path::to_path_buf),
        message: format!("`schema_pattern`: {e}"),
    })
}

/// A message to check: the commit it comes from (empty for a message given
/// directly) and its text as commitizen builds it.
struct Candidate {
    sha: String,
    message: String,
}

fn candidates(workspace: &Workspace, args: &CheckArgs) -> Result<Vec<Candidate>, Error> {
    let direct = |text: &str| Candidate {
        sha: String::new(),
        message: crate::pystr::strip(&lint::without_comments(text)).to_string(),
    };
    if let Some(message) = &args.message {
        return Ok(vec![direct(message)]);
    }
    if let Some(file) = &args.commit_msg_file {
        let path = workspace.dir.join(file);
        let text = crate::project::changelog::read_text(&path)?.ok_or_else(|| Error::Io {
            path: path.clone(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        })?;
        return Ok(vec![direct(&text)]);
    }
    if let Some(range) = &args.rev_range {
        let repo = workspace
            .repo
            .as_ref()
            .ok_or_else(|| Error::NotARepository(workspace.dir.clone()))?;
        let (start, end) = match range.split_once("..") {
            Some((a, b)) => (
                Some(a).filter(|s| !s.is_empty()),
                Some(b).filter(|s| !s.is_empty()),
            ),
            None => (None, Some(range.as_str())),
        };
        return Ok(repo
            .topo_history(start, end)?
            .into_iter()
            .map(|c| {
                let r = &c.raw;
                let commit = Commit::from_log_fields(
                    &c.sha, &r.parents, &r.subject, &r.author, &r.email, &r.body,
                );
                Candidate {
                    message: commit.message(),
                    sha: c.sha,
                }
            })
            .collect());
    }
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|source| Error::Io {
            path: "<stdin>".into(),
            source,
        })?;
    Ok(vec![direct(&text)])
}
