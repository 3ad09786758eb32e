//! relx among the tools Python maintainers use: the binary wheel built by
//! maturin and installed with pip, the Taskfile run by the real go-task, the
//! GitHub workflows checked by actionlint, no OpenSSL in the binary, relx
//! releasing itself, and the docs site built by `mkdocs build --strict` with
//! a configuration reference generated from the code.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use crate::support::{relx_in, venv_bin, TestRepo};

/// The repository's top directory.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `[package].version` of Cargo.toml: where relx keeps its own version.
fn cargo_version() -> String {
    let text = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let doc: toml_edit::DocumentMut = text.parse().unwrap();
    doc["package"]["version"].as_str().unwrap().to_string()
}

/// `cz bump --get-next` with extra flags, in `dir`: the reference answer.
fn cz_next(dir: &Path, flags: &[&str]) -> String {
    let mut cmd = Command::new(venv_bin("cz"));
    cmd.args(["bump", "--get-next", "--yes"])
        .args(flags)
        .current_dir(dir);
    text(&run(&mut cmd))
}

fn commitizen_project() -> TestRepo {
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[tool.commitizen]\nversion = \"1.4.0\"\ntag_format = \"v$version\"\n",
    );
    repo.commit("chore: start");
    repo.tag("v1.4.0");
    repo.commit("feat(api): new endpoint");
    repo.commit("fix: off by one");
    repo
}

// --- The wheel ---------------------------------------------------------

/// Builds the wheel once per test run (`maturin build --release` reuses
/// target/release between runs) and returns its path.
fn wheel() -> &'static PathBuf {
    static WHEEL: OnceLock<PathBuf> = OnceLock::new();
    WHEEL.get_or_init(|| {
        let out_dir = root().join("target").join("wheels-test");
        let _ = std::fs::remove_dir_all(&out_dir);
        run(Command::new(venv_bin("maturin"))
            .args(["build", "--release", "--locked", "--out"])
            .arg(&out_dir)
            .current_dir(root())
            .env_remove("CARGO_TARGET_DIR"));
        let wheels: Vec<PathBuf> = std::fs::read_dir(&out_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "whl"))
            .collect();
        assert_eq!(wheels.len(), 1, "{wheels:?}");
        wheels[0].clone()
    })
}

#[test]
fn wheel_installs_relx_on_path_in_a_fresh_venv() {
    let wheel = wheel();
    let name = wheel.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with(&format!("relx-{}-py3-none-", cargo_version())),
        "{name}"
    );
    let venv = tempfile::tempdir().unwrap();
    run(Command::new(venv_bin("python"))
        .args(["-m", "venv"])
        .arg(venv.path()));
    let bin = venv
        .path()
        .join(if cfg!(windows) { "Scripts" } else { "bin" });
    // --no-index: the wheel needs nothing from the network.
    run(Command::new(bin.join("python"))
        .args(["-m", "pip", "install", "--no-index", "--quiet"])
        .arg(wheel));
    let relx = bin.join("relx");
    let version = run(Command::new(&relx).arg("--version"));
    assert_eq!(text(&version), format!("relx {}\n", cargo_version()));

    let repo = commitizen_project();
    let plan = run(Command::new(&relx)
        .args(["version", "--short"])
        .current_dir(repo.path())
        .env("NO_COLOR", "1"));
    assert_eq!(text(&plan), cz_next(repo.path(), &[]));
}

// --- The Taskfile ------------------------------------------------------

fn task(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(venv_bin("task"));
    cmd.args(args)
        .current_dir(dir)
        .env("RELX", env!("CARGO_BIN_EXE_relx"))
        .env("NO_COLOR", "1");
    run(&mut cmd)
}

#[test]
fn task_list_shows_every_release_step_with_its_description() {
    let listed = text(&task(root(), &["--list"]));
    for name in [
        "version", "bump", "build", "publish", "release", "docs", "test", "binary", "static",
        "wheels", "sdist", "crate", "attach",
    ] {
        let line = listed
            .lines()
            .find(|l| l.starts_with(&format!("* {name}:")))
            .unwrap_or_else(|| panic!("task {name} missing:\n{listed}"));
        assert!(line.len() > name.len() + 20, "no description: {line}");
    }
    // Quoted desc lines: a colon inside would otherwise break the YAML.
    let yaml = std::fs::read_to_string(root().join("Taskfile.yml")).unwrap();
    for line in yaml.lines().filter(|l| l.trim_start().starts_with("desc:")) {
        assert!(
            line.trim_start()["desc:".len()..].trim().starts_with('"'),
            "{line}"
        );
    }
}

#[test]
fn task_version_passes_cli_args_to_relx() {
    let repo = commitizen_project();
    std::fs::copy(
        root().join("Taskfile.yml"),
        repo.path().join("Taskfile.yml"),
    )
    .unwrap();
    let short = task(repo.path(), &["--silent", "version", "--", "--short"]);
    assert_eq!(text(&short), cz_next(repo.path(), &[]));
    let beta = task(
        repo.path(),
        &["--silent", "version", "--", "--short", "beta", "10"],
    );
    assert_eq!(
        text(&beta),
        cz_next(repo.path(), &["--prerelease", "beta", "--devrelease", "10"])
    );
}

// --- Workflows and the binary -----------------------------------------

#[test]
fn workflows_pass_actionlint() {
    let out = Command::new(venv_bin("actionlint"))
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "actionlint:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for file in ["ci.yml", "release.yml"] {
        let yaml = std::fs::read_to_string(root().join(".github/workflows").join(file)).unwrap();
        assert!(yaml.contains("task "), "{file} does not call the Taskfile");
        assert!(
            !yaml.contains("actions/checkout@v4"),
            "{file}: Node 20 checkout"
        );
    }
    let release = std::fs::read_to_string(root().join(".github/workflows/release.yml")).unwrap();
    for needle in [
        "id-token: write",
        "task wheels",
        "task binary",
        "task sdist",
        "task publish",
        "task attach",
        "aarch64-unknown-linux-musl",
        "tags: [\"v*\"]",
    ] {
        assert!(release.contains(needle), "release.yml lacks {needle}");
    }
    // Every release step is a task: the only actions are GitHub's own
    // (checkout, Python, artifacts), no vendor's build or upload action.
    for line in release.lines().filter(|l| l.contains("uses:")) {
        assert!(line.contains("uses: actions/"), "release.yml: {line}");
    }
}

#[test]
fn no_openssl_in_any_targets_dependency_tree() {
    let out = Command::new("bash")
        .arg(root().join(".ci/no-openssl"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

// --- relx releases itself ---------------------------------------------

#[test]
fn relx_plans_its_own_release() {
    let version = cargo_version();
    let pyproject = std::fs::read_to_string(root().join("pyproject.toml")).unwrap();
    let doc: toml_edit::DocumentMut = pyproject.parse().unwrap();
    assert_eq!(doc["project"]["version"].as_str(), Some(version.as_str()));

    // Whatever the history holds right now: a plan, no commits, or commits
    // that bump nothing.
    // A CI checkout may be a detached HEAD: name a branch the way CI does.
    let ci = [("GITHUB_REF_NAME", "main")];
    let plain = relx_in(root(), &["version"], &ci);
    if is_shallow() {
        // A shallow clone cannot show the whole history: relx says so.
        assert_eq!(plain.code, 23, "{plain:?}");
        assert!(plain.stderr.contains("shallow clone"), "{plain:?}");
    } else {
        assert!([0, 3, 21].contains(&plain.code), "{plain:?}");
    }
    if plain.code == 0 {
        assert!(
            plain
                .stdout
                .starts_with(&format!("bump: version {version} → ")),
            "{plain:?}"
        );
    }
    // A forced patch always plans: the current version is Cargo.toml's.
    let forced = relx_in(root(), &["version", "patch", "--json"], &ci);
    assert_eq!(forced.code, 0, "{forced:?}");
    let plan: serde_json::Value = serde_json::from_str(&forced.stdout).unwrap();
    assert_eq!(plan["current_version"], version.as_str());
    let next = plan["next_version"].as_str().unwrap();
    assert_eq!(plan["next_tag"], format!("v{next}").as_str());
    // The bump would write the version everywhere it lives.
    let bump = relx_in(root(), &["bump", "patch", "--allow-dirty", "--json"], &ci);
    let report: serde_json::Value = serde_json::from_str(&bump.stdout).unwrap_or_default();
    let files: Vec<String> = report["files"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|f| f["path"].as_str())
                .map(|p| {
                    Path::new(p)
                        .file_name()
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect()
        })
        .unwrap_or_default();
    for file in ["Cargo.toml", "Cargo.lock", "pyproject.toml"] {
        assert!(
            files.contains(&file.to_string()),
            "{file} not in {files:?}: {bump:?}"
        );
    }
}

/// True when the project's own checkout is a shallow clone.
fn is_shallow() -> bool {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "--is-shallow-repository"])
        .current_dir(root())
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim() == "true"
}

/// relx writes its own changelog: `relx changelog --dry-run` on the project's
/// repository renders the history since the last release, and the committed
/// CHANGELOG.md has relx's layout.
#[test]
fn relx_writes_its_own_changelog() {
    let ci = [("GITHUB_REF_NAME", "main")];
    let run = relx_in(root(), &["changelog", "--dry-run"], &ci);
    if is_shallow() {
        assert_eq!(run.code, 23, "{run:?}");
        return;
    }
    assert_eq!(run.code, 0, "{run:?}");
    let first = run.stdout.lines().next().unwrap_or_default();
    assert!(
        first == "## Unreleased" || first.starts_with("## v"),
        "{run:?}"
    );
    assert!(run.stdout.contains("### Feat"), "{}", run.stdout);
    let committed = std::fs::read_to_string(root().join("CHANGELOG.md")).unwrap();
    assert!(
        committed.contains("- version engine, commit rules, config and relx version"),
        "{committed}"
    );
    let doc: toml_edit::DocumentMut = std::fs::read_to_string(root().join("pyproject.toml"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        doc["tool"]["relx"]["update_changelog_on_bump"].as_bool(),
        Some(true)
    );
}

// --- The docs site -----------------------------------------------------

/// Compares a generated file with the committed one; `RELX_BLESS=1`
/// rewrites it instead.
fn check_generated(path: &str, generated: &str) {
    let full = root().join(path);
    if std::env::var_os("RELX_BLESS").is_some() {
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(&full, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&full).unwrap_or_default();
    assert!(
        committed == generated,
        "{path} is stale: regenerate it with `task reference` (or RELX_BLESS=1 cargo test generated_reference)"
    );
}

#[test]
fn generated_reference_pages_are_current() {
    let dir = tempfile::tempdir().unwrap();
    let markdown = relx_in(dir.path(), &["config", "schema", "--markdown"], &[]);
    assert_eq!(markdown.code, 0, "{markdown:?}");
    check_generated("docs/reference/configuration.md", &markdown.stdout);
    let schema = relx_in(dir.path(), &["config", "schema"], &[]);
    assert_eq!(schema.code, 0, "{schema:?}");
    check_generated("docs/reference/relx.schema.json", &schema.stdout);
}

#[test]
fn docs_site_builds_strictly() {
    let site = tempfile::tempdir().unwrap();
    let out = Command::new(venv_bin("mkdocs"))
        .args(["build", "--strict", "--site-dir"])
        .arg(site.path())
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "mkdocs build --strict:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site
        .path()
        .join("reference/configuration/index.html")
        .is_file());
    assert!(site.path().join("reference/relx.schema.json").is_file());
}
