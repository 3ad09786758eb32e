//! `relx build`: real example projects built with hatchling, setuptools and
//! flit-core through `python3 -m build` and `uv build` (without isolation,
//! so nothing is downloaded), the checks compared with `twine check
//! --strict`, `SHA256SUMS` checked with `sha256sum -c`, and bad input.

mod backends;
mod bad_input;
mod notes;
mod rotation;
mod snapshot;
mod twine;

use std::path::Path;
use std::process::Command;

use crate::support::{venv_bin, Run, TestRepo};

/// A directory put first on PATH, holding the tools a test allows:
/// `python3` (the test venv's interpreter) and optionally `uv`. Directories
/// of the system PATH that hold a `uv` are left out, so a test that wants
/// `python3 -m build` gets it.
pub struct Tools {
    dir: tempfile::TempDir,
    uv: bool,
}

impl Tools {
    fn shim(python_flags: &str, uv: bool) -> Tools {
        let dir = tempfile::tempdir().expect("temp dir");
        let python = venv_bin("python3");
        let script = format!(
            "#!/bin/sh\nexec '{}' {python_flags} \"$@\"\n",
            python.display()
        );
        let shim = dir.path().join("python3");
        std::fs::write(&shim, script).expect("write shim");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mut perms = std::fs::metadata(&shim).expect("shim").permissions();
            perms.set_mode(0o755);
            std::fs::set_permissions(&shim, perms).expect("chmod shim");
            if uv {
                std::os::unix::fs::symlink(venv_bin("uv"), dir.path().join("uv")).expect("link uv");
            }
        }
        // Elsewhere the shim is a /bin/sh script no one can run: the tests
        // that use it are ignored there.
        Tools { dir, uv }
    }

    /// python3 (with build, the backends, readme_renderer, twine); no uv.
    pub fn python() -> Tools {
        Tools::shim("", false)
    }

    /// python3 and uv.
    pub fn with_uv() -> Tools {
        Tools::shim("", true)
    }

    /// A python3 that sees no installed packages (`-S`): no `build`, no
    /// `readme_renderer`; no uv.
    pub fn bare_python() -> Tools {
        Tools::shim("-S", false)
    }

    /// The PATH value.
    pub fn path(&self) -> String {
        let system = std::env::var_os("PATH").unwrap_or_default();
        let mut dirs = vec![self.dir.path().to_path_buf()];
        dirs.extend(std::env::split_paths(&system).filter(|d| !d.join("uv").exists()));
        std::env::join_paths(dirs)
            .expect("PATH joins")
            .to_string_lossy()
            .into_owned()
    }

    /// The environment for relx: PATH, and for uv the venv it builds in,
    /// offline, with a private cache.
    pub fn env(&self) -> Vec<(String, String)> {
        let mut env = vec![("PATH".to_string(), self.path())];
        if self.uv {
            let venv = venv_bin("python3");
            let venv = venv.parent().and_then(Path::parent).expect("venv dir");
            env.push(("VIRTUAL_ENV".into(), venv.display().to_string()));
            env.push(("UV_OFFLINE".into(), "1".into()));
            env.push((
                "UV_CACHE_DIR".into(),
                self.dir.path().join("uv-cache").display().to_string(),
            ));
            env.push(("UV_NO_CONFIG".into(), "1".into()));
        }
        env
    }
}

/// Runs relx in `repo` with `tools` on PATH.
pub fn relx(repo: &TestRepo, tools: &Tools, args: &[&str]) -> Run {
    let env = tools.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    repo.relx_env(args, &env)
}

/// A hatchling project, `Demo.Pkg` (so file names must be normalised), with
/// a Markdown README.
pub fn hatchling_project(repo: &TestRepo, version: &str) {
    repo.write(
        "pyproject.toml",
        &format!(
            r#"[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "Demo.Pkg"
version = "{version}"
description = "A demo package"
readme = "README.md"
requires-python = ">=3.8"
license = "MIT"
dependencies = ["packaging>=20; python_version >= '3.8'"]

[project.urls]
Homepage = "https://example.org/demo"

[tool.hatch.build.targets.wheel]
packages = ["src/demo_pkg"]
"#
        ),
    );
    repo.write("README.md", "# Demo\n\nA *demo* package.\n");
    repo.write("src/demo_pkg/__init__.py", "");
    repo.commit("feat: demo package");
}

/// A setuptools project with a reStructuredText README.
pub fn setuptools_project(repo: &TestRepo, version: &str, readme: &str) {
    repo.write(
        "pyproject.toml",
        &format!(
            r#"[build-system]
requires = ["setuptools"]
build-backend = "setuptools.build_meta"

[project]
name = "demo-setuptools"
version = "{version}"
description = "A demo package"
readme = {{file = "README.rst", content-type = "text/x-rst"}}

[tool.setuptools]
packages = ["demo_setuptools"]
"#
        ),
    );
    repo.write("README.rst", readme);
    repo.write("demo_setuptools/__init__.py", "");
    repo.commit("feat: demo package");
}

/// A flit-core project.
pub fn flit_project(repo: &TestRepo, version: &str) {
    repo.write(
        "pyproject.toml",
        &format!(
            r#"[build-system]
requires = ["flit_core >=3.4,<5"]
build-backend = "flit_core.buildapi"

[project]
name = "demo_flit"
version = "{version}"
description = "A demo package"
readme = "README.md"
requires-python = ">=3.8"
"#
        ),
    );
    repo.write("README.md", "# demo_flit\n");
    repo.write("demo_flit/__init__.py", "\"\"\"A demo package.\"\"\"\n");
    repo.commit("feat: demo package");
}

/// The names of the files in `dir`, sorted (none when it does not exist).
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// `twine check --strict FILE`: true when it passes.
pub fn twine_passes(file: &Path) -> bool {
    let out = Command::new(venv_bin("twine"))
        .args(["check", "--strict"])
        .arg(file)
        .env("NO_COLOR", "1")
        .output()
        .expect("twine runs");
    out.status.success()
}

/// The tracked files are as committed (builds may add untracked ones, such
/// as setuptools' egg-info).
pub fn assert_tracked_unchanged(repo: &TestRepo) {
    let status = repo.git(&["status", "--porcelain", "--untracked-files=no"]);
    assert_eq!(status, "", "tracked files changed");
}
