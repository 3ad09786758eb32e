//! Running the project's PEP 517 build: `uv build` when uv is on PATH, else
//! `python3 -m build`, or the configured `build_command`. The frontend's
//! output is handed over line by line as it comes (relx streams it to
//! stderr) and its last lines are kept for the error when it fails. Shell:
//! runs processes.

use std::collections::VecDeque;
use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::error::Error;

/// How many lines of output a failure keeps.
pub const TAIL: usize = 20;

/// Whether the backend gets a fresh environment with its build requirements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// A fresh environment (the frontends' default; may download).
    Isolated,
    /// The current environment, which must hold the backend already.
    None,
}

/// Which frontend runs the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frontend {
    /// `uv build`, at this path.
    Uv(PathBuf),
    /// `python3 -m build` with this interpreter.
    PythonBuild(PathBuf),
    /// The configured `build_command`, run with `sh -c`.
    Command(String),
}

/// A command line ready to run.
#[derive(Debug, Clone)]
pub struct Invocation {
    /// The program.
    pub program: OsString,
    /// Its arguments.
    pub args: Vec<OsString>,
    /// How it is shown to the user.
    pub display: String,
    /// Extra environment.
    pub env: Vec<(String, OsString)>,
}

/// An executable called `name` on `path` (a PATH value).
pub fn find_on_path(name: &str, path: Option<&OsStr>) -> Option<PathBuf> {
    std::env::split_paths(path?)
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

/// python3 on `path`, else the bare name (the check renders
/// reStructuredText with it, and says so when it cannot run).
pub fn python3(path: Option<&OsStr>) -> OsString {
    find_on_path("python3", path)
        .map(OsString::from)
        .unwrap_or_else(|| "python3".into())
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// Chooses the frontend: the configured command, else uv, else `python3 -m
/// build` (checked to be importable).
pub fn choose(build_command: Option<&str>, path: Option<&OsStr>) -> Result<Frontend, Error> {
    if let Some(command) = build_command {
        return Ok(Frontend::Command(command.to_string()));
    }
    if let Some(uv) = find_on_path("uv", path) {
        return Ok(Frontend::Uv(uv));
    }
    let Some(python) = find_on_path("python3", path) else {
        return Err(Error::NoBuildFrontend(
            "neither uv nor python3 is on PATH: relx build needs one of them to run the build backend"
                .to_string(),
        ));
    };
    let has_build = Command::new(&python)
        .args(["-c", "import build"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !has_build {
        return Err(Error::NoBuildFrontend(format!(
            "uv is not on PATH and {} has no `build` module",
            python.display()
        )));
    }
    Ok(Frontend::PythonBuild(python))
}

/// The command line for `frontend`, writing into `out_dir`.
pub fn invocation(frontend: &Frontend, out_dir: &Path, isolation: Isolation) -> Invocation {
    let (program, mut args): (OsString, Vec<OsString>) = match frontend {
        Frontend::Uv(uv) => (
            uv.clone().into(),
            vec!["build".into(), "--out-dir".into(), out_dir.into()],
        ),
        Frontend::PythonBuild(python) => (
            python.clone().into(),
            vec![
                "-m".into(),
                "build".into(),
                "--outdir".into(),
                out_dir.into(),
            ],
        ),
        Frontend::Command(command) => {
            return Invocation {
                program: "sh".into(),
                args: vec!["-c".into(), command.into()],
                display: command.clone(),
                env: vec![("RELX_DIST_DIR".to_string(), out_dir.into())],
            }
        }
    };
    if isolation == Isolation::None {
        args.push(match frontend {
            Frontend::Uv(_) => "--no-build-isolation".into(),
            _ => "--no-isolation".into(),
        });
    }
    let name = match frontend {
        Frontend::Uv(_) => "uv build".to_string(),
        _ => "python3 -m build".to_string(),
    };
    let flags: Vec<String> = args
        .iter()
        .skip(if matches!(frontend, Frontend::Uv(_)) {
            1
        } else {
            2
        })
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    Invocation {
        program,
        args,
        display: format!("{name} {}", flags.join(" ")),
        env: Vec::new(),
    }
}

/// How a finished run ended.
#[derive(Debug)]
pub struct Outcome {
    /// The exit status.
    pub status: ExitStatus,
    /// The last lines of output (stdout and stderr interleaved).
    pub tail: Vec<String>,
}

fn pump(
    reader: impl Read + Send + 'static,
    tx: mpsc::Sender<String>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(reader);
        let mut line = Vec::new();
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let text = String::from_utf8_lossy(&line);
                    let text = text.trim_end_matches(['\n', '\r']).to_string();
                    if tx.send(text).is_err() {
                        break;
                    }
                }
            }
        }
    })
}

/// Runs `invocation` in `dir`, calling `on_line` for every line it prints;
/// when `interrupted` turns true (Ctrl-C), the backend is killed if it has
/// not ended by itself.
///
/// stdout and stderr share one pipe (through `sh`, which hands the program
/// its stderr as a copy of stdout), so lines arrive in the order they were
/// written; Python is asked not to buffer, so they arrive as they are
/// written.
pub fn run(
    invocation: &Invocation,
    dir: &Path,
    interrupted: &AtomicBool,
    mut on_line: impl FnMut(&str),
) -> Result<Outcome, Error> {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("exec \"$0\" \"$@\" 2>&1")
        .arg(&invocation.program)
        .args(&invocation.args)
        .current_dir(dir)
        .env("PYTHONUNBUFFERED", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in &invocation.env {
        command.env(key, value);
    }
    let mut child = command
        .spawn()
        .map_err(|e| Error::NoBuildFrontend(format!("cannot run `{}`: {e}", invocation.display)))?;
    let (tx, rx) = mpsc::channel();
    // stderr stays a pipe too: only sh itself could write there.
    let readers = [
        child.stdout.take().map(|s| pump(s, tx.clone())),
        child.stderr.take().map(|s| pump(s, tx)),
    ];
    let mut tail: VecDeque<String> = VecDeque::with_capacity(TAIL);
    let mut killed = false;
    let mut ended_at: Option<Instant> = None;
    loop {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(line) => {
                on_line(&line);
                if tail.len() == TAIL {
                    tail.pop_front();
                }
                tail.push_back(line);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
        if interrupted.load(Ordering::SeqCst) {
            if !killed {
                // The terminal sent the backend the same signal; this is
                // for one that ignores it.
                if let Ok(None) = child.try_wait() {
                    let _ = child.kill();
                }
                killed = true;
            }
            // A process the backend started may still hold the output
            // open; relx does not wait for it long.
            if matches!(child.try_wait(), Ok(Some(_))) {
                let since = *ended_at.get_or_insert_with(Instant::now);
                if since.elapsed() > Duration::from_secs(2) {
                    break;
                }
            }
        }
    }
    if !killed {
        for reader in readers.into_iter().flatten() {
            let _ = reader.join();
        }
    }
    let status = child.wait().map_err(|e| Error::BuildFailed {
        command: invocation.display.clone(),
        status: format!("cannot wait for it: {e}"),
        last_line: None,
        tail: None,
    })?;
    Ok(Outcome {
        status,
        tail: tail.into_iter().collect(),
    })
}

/// How a process ended, in words.
pub fn describe(status: &ExitStatus) -> String {
    match status.code() {
        Some(code) => format!("exit status {code}"),
        None => {
            #[cfg(unix)]
            {
                use std::os::unix::process::ExitStatusExt;
                if let Some(signal) = status.signal() {
                    return format!("killed by signal {signal}");
                }
            }
            "ended without an exit status".to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines() {
        let out = Path::new("/p/dist/.tmp");
        let uv = invocation(&Frontend::Uv("/bin/uv".into()), out, Isolation::None);
        assert_eq!(
            uv.display,
            "uv build --out-dir /p/dist/.tmp --no-build-isolation"
        );
        let py = invocation(
            &Frontend::PythonBuild("/usr/bin/python3".into()),
            out,
            Isolation::Isolated,
        );
        assert_eq!(py.display, "python3 -m build --outdir /p/dist/.tmp");
        let cmd = invocation(
            &Frontend::Command("hatch build".into()),
            out,
            Isolation::None,
        );
        assert_eq!(cmd.program, "sh");
        assert_eq!(cmd.display, "hatch build");
    }
}
