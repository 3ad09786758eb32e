//! `relx publish`: uploads to a real pypiserver (then `pip install` from
//! it), the form compared with what the real twine sends to a recording
//! server, trusted publishing and the GitHub Release against local
//! stand-ins that check every request, and bad input. No test prints a
//! token: the failing cases search every byte relx wrote for it.

mod bad_input;
mod devpi;
mod github;
mod gitlab;
mod index;
mod secrets;
mod twine;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::build::{hatchling_project, relx as relx_build, Tools};
use crate::support::{venv_bin, Run, TestRepo};

/// The token the tests' indexes accept.
pub const TOKEN: &str = "pypi-AgEIcHlwaS5vcmcCJDk0-test-secret";

/// A server from tests/servers, killed when dropped.
pub struct Server {
    child: Child,
    dir: tempfile::TempDir,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

impl Server {
    /// Starts `tests/servers/SCRIPT PORT_FILE LOG_FILE ARGS…` (or
    /// `PORT_FILE PACKAGES_DIR` for pypi.py) and waits for its port. The
    /// server's stderr is kept: if it exits before it is listening, this
    /// fails at once with its exit status and what it printed.
    pub fn start(script: &str, args: &[&str], env: &[(&str, &str)]) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let port_file = dir.path().join("port");
        let second = if script == "pypi.py" {
            let packages = dir.path().join("packages");
            std::fs::create_dir(&packages).expect("packages dir");
            packages
        } else if script == "devpi.py" {
            dir.path().join("devpi-data")
        } else {
            dir.path().join("log.jsonl")
        };
        let stderr_path = dir.path().join("stderr");
        let stderr = std::fs::File::create(&stderr_path).expect("stderr file");
        let mut cmd = Command::new(venv_bin("python"));
        cmd.arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/servers")
                .join(script),
        )
        .arg(&port_file)
        .arg(&second)
        .args(args)
        .stdout(Stdio::null())
        .stderr(stderr);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("the server starts");
        let printed = || std::fs::read_to_string(&stderr_path).unwrap_or_default();
        let started = Instant::now();
        let port = loop {
            if let Some(port) = std::fs::read_to_string(&port_file)
                .ok()
                .and_then(|p| p.trim().parse().ok())
            {
                break port;
            }
            if let Some(status) = child.try_wait().expect("the server's status") {
                panic!(
                    "{script} exited ({status}) before listening:\n{}",
                    printed()
                );
            }
            if started.elapsed() > Duration::from_secs(90) {
                let _ = child.kill();
                panic!("{script} did not start within 90 s:\n{}", printed());
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        Server { child, dir, port }
    }

    /// A real pypiserver accepting `__token__` with [`TOKEN`].
    pub fn pypiserver() -> Server {
        Server::start("pypi.py", &[], &[("PYPISERVER_PASSWORD", TOKEN)])
    }

    /// A real devpi-server with the index `alice/dev`, password [`TOKEN`].
    pub fn devpi() -> Server {
        Server::start("devpi.py", &[], &[("DEVPI_PASSWORD", TOKEN)])
    }

    /// The recording upload index (tests/servers/index.py).
    pub fn recorder(args: &[&str]) -> Server {
        Server::start("index.py", args, &[])
    }

    /// The GitHub stand-in (tests/servers/github.py).
    pub fn github(args: &[&str]) -> Server {
        Server::start("github.py", args, &[])
    }

    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// pypiserver's packages directory.
    pub fn packages(&self) -> PathBuf {
        self.dir.path().join("packages")
    }

    /// The recorded requests, one JSON value each.
    pub fn log(&self) -> Vec<serde_json::Value> {
        std::fs::read_to_string(self.dir.path().join("log.jsonl"))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    }

    /// Stops the server now.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A directory of built distributions and their file names.
type Built = (PathBuf, Vec<String>);

/// The distributions of `demo-pub` VERSION, built once per test run with
/// hatchling (without isolation) by `relx build`; `(dir, files)`.
fn built(version: &str) -> &'static Built {
    static BUILT: OnceLock<std::sync::Mutex<Vec<(String, &'static Built)>>> = OnceLock::new();
    let cache = BUILT.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, found)) = cache.iter().find(|(v, _)| v == version) {
        return found;
    }
    let repo = TestRepo::new();
    project(&repo, version);
    repo.tag(&format!("v{version}"));
    let tools = Tools::python();
    let run = relx_build(&repo, &tools, &["build", "--no-isolation"]);
    assert_eq!(run.code, 0, "{run:?}");
    let dist = repo.path().join("dist");
    let mut files: Vec<String> = std::fs::read_dir(&dist)
        .expect("dist")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".whl") || n.ends_with(".tar.gz"))
        .collect();
    // The order relx uploads them in: sdists first, as twine does.
    files.sort_by_key(|name| (name.ends_with(".whl"), name.clone()));
    let kept = Box::leak(Box::new(tempfile::tempdir().expect("temp dir")));
    for name in &files {
        std::fs::copy(dist.join(name), kept.path().join(name)).expect("copy");
    }
    let entry: &'static Built = Box::leak(Box::new((kept.path().to_path_buf(), files)));
    cache.push((version.to_string(), entry));
    entry
}

/// `demo-pub` at VERSION: a hatchling project without dependencies (so
/// pip installs it from the test index alone), tag format `v$version`.
pub fn project(repo: &TestRepo, version: &str) {
    hatchling_project(repo, version);
    let text = repo
        .read("pyproject.toml")
        .replace("name = \"Demo.Pkg\"", "name = \"demo-pub\"")
        .replace(
            "dependencies = [\"packaging>=20; python_version >= '3.8'\"]\n",
            "",
        );
    repo.write(
        "pyproject.toml",
        &format!(
            "{text}\n[tool.relx]\nversion_provider = \"pep621\"\ntag_format = \"v$version\"\n"
        ),
    );
    repo.write(
        "src/demo_pkg/__init__.py",
        "GREETING = \"hello from demo-pub\"\n",
    );
    repo.commit("chore: demo-pub");
}

/// A repository of `demo-pub` VERSION tagged `v…`, with its built files in
/// dist/ (SHA256SUMS too); returns the repository and the file names in
/// upload order (the sdist first).
pub fn released(version: &str) -> (TestRepo, Vec<String>) {
    let repo = TestRepo::new();
    project(&repo, version);
    repo.tag(&format!("v{version}"));
    let (dir, files) = built(version);
    let dist = repo.path().join("dist");
    std::fs::create_dir_all(&dist).expect("dist");
    for name in files {
        std::fs::copy(dir.join(name), dist.join(name)).expect("copy");
    }
    // What `sha256sum FILES` writes (coreutils' format), on every platform.
    let mut sums = String::new();
    for name in files {
        let bytes = std::fs::read(dist.join(name)).expect("read a built file");
        let hex: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        sums.push_str(&format!("{hex}  {name}\n"));
    }
    std::fs::write(dist.join("SHA256SUMS"), sums).expect("SHA256SUMS");
    (repo, files.clone())
}

/// `relx publish ARGS` in `repo` with the test venv's python3 on PATH and
/// HOME set to an empty directory (no ~/.pypirc) unless `env` sets it.
pub fn publish(repo: &TestRepo, args: &[&str], env: &[(&str, &str)]) -> Run {
    let tools = Tools::python();
    let home = repo.path().join(".home");
    std::fs::create_dir_all(&home).expect("home");
    let mut all: Vec<(String, String)> = tools.env();
    all.push(("HOME".into(), home.display().to_string()));
    all.extend(env.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let all: Vec<(&str, &str)> = all.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut full = vec!["publish"];
    full.extend_from_slice(args);
    repo.relx_env(&full, &all)
}

/// Asserts that nothing relx printed holds `secret`.
pub fn assert_never_printed(run: &Run, secret: &str) {
    assert!(
        !run.stdout.contains(secret) && !run.stderr.contains(secret),
        "the secret was printed: {run:?}"
    );
}

/// The `error:` lines of a run.
pub fn error_lines(run: &Run) -> Vec<&str> {
    run.stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect()
}

/// A stand-in's requests as `METHOD path`.
pub fn calls(server: &Server) -> Vec<String> {
    server
        .log()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["method"].as_str().unwrap_or(""),
                e["path"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// Adds CHANGELOG.md with `text`, commits it and moves the tag `tag` there.
pub fn with_changelog(repo: &TestRepo, tag: &str, text: &str) {
    repo.write("CHANGELOG.md", text);
    repo.commit("docs: changelog");
    repo.git(&["tag", "-f", tag]);
}

/// A server that exits before it listens fails the test at once with what
/// it printed, instead of a timeout without a reason.
#[test]
fn a_server_that_exits_at_once_is_reported_with_its_stderr() {
    let Err(failed) = std::panic::catch_unwind(|| Server::recorder(&["--no-such-option"])) else {
        panic!("the server started with an option it does not know");
    };
    let message = failed.downcast_ref::<String>().cloned().unwrap_or_default();
    assert!(
        message.starts_with("index.py exited (") && message.contains(") before listening:\n"),
        "{message}"
    );
    assert!(
        message.contains("unrecognized arguments: --no-such-option"),
        "{message}"
    );
}
