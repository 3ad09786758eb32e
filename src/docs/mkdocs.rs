//! MkDocs: reading the few settings of `mkdocs.yml` that mike reads
//! (`remote_branch`, `remote_name`, `use_directory_urls`, the `mike`
//! plugin's `alias_type` and `deploy_prefix`), and running `mkdocs build`
//! into a temporary folder with `MIKE_DOCS_VERSION` set, as `mike deploy`
//! does.
//!
//! When `mkdocs.yml` does not list the `mike` plugin, mike writes a
//! temporary copy of the configuration with the plugin added, beside the
//! original. relx does the same with a small file beside `mkdocs.yml` that
//! inherits it (`INHERIT: mkdocs.yml`) and lists the plugins with `mike`
//! first; mkdocs reads the rest from the original, tags and all. The file
//! is removed when the build ends, whatever happens.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_norway::{Mapping, Value};

use crate::env::Env;
use crate::error::Error;

/// mike's names for the configuration file, in lookup order.
pub const CONFIG_FILES: [&str; 2] = ["mkdocs.yml", "mkdocs.yaml"];

/// The settings relx reads from `mkdocs.yml` (after `INHERIT`).
#[derive(Debug, Clone)]
pub struct Mkdocs {
    /// The configuration file.
    pub file: PathBuf,
    /// `remote_branch` (mkdocs' default: `gh-pages`).
    pub remote_branch: String,
    /// `remote_name` (mkdocs' default: `origin`).
    pub remote_name: String,
    /// `use_directory_urls` (default true).
    pub use_directory_urls: bool,
    /// The `mike` plugin's `alias_type`, when set.
    pub alias_type: Option<String>,
    /// The `mike` plugin's `deploy_prefix`, when set.
    pub deploy_prefix: Option<String>,
    /// The `mike` plugin's `redirect_template`, when set.
    pub redirect_template: Option<String>,
    /// The `plugins` setting, if any.
    plugins: Option<Value>,
}

fn mkdocs_error(message: String, hint: &str) -> Error {
    Error::DocsMkdocs {
        message,
        hint: Some(hint.to_string()),
    }
}

/// The configuration file for a run in `dirs` (first found), or the
/// explicit `--config-file`.
pub fn find(dirs: &[PathBuf], explicit: Option<&Path>) -> Result<Option<PathBuf>, Error> {
    if let Some(path) = explicit {
        let path = dirs.first().map_or(path.to_path_buf(), |d| d.join(path));
        if !path.is_file() {
            return Err(mkdocs_error(
                format!("--config-file: {} does not exist", path.display()),
                "pass the path of mkdocs.yml",
            ));
        }
        return Ok(Some(path));
    }
    for dir in dirs {
        for name in CONFIG_FILES {
            let path = dir.join(name);
            if path.is_file() {
                return Ok(Some(path));
            }
        }
    }
    Ok(None)
}

/// mkdocs' `INHERIT` merge: mappings merge key by key, the child wins.
fn merge(parent: Value, child: Value) -> Value {
    match (parent, child) {
        (Value::Mapping(mut parent), Value::Mapping(child)) => {
            for (key, value) in child {
                let merged = match parent.remove(&key) {
                    Some(old) => merge(old, value),
                    None => value,
                };
                parent.insert(key, merged);
            }
            Value::Mapping(parent)
        }
        (_, child) => child,
    }
}

fn read_yaml(path: &Path, depth: usize, env: &Env) -> Result<Value, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut value: Value = serde_norway::from_str(&text).map_err(|e| {
        mkdocs_error(
            format!("{}: {e}", path.display()),
            "fix the YAML syntax (mkdocs build reports the same)",
        )
    })?;
    if value.is_null() {
        value = Value::Mapping(Mapping::new());
    }
    let inherit = value
        .as_mapping_mut()
        .and_then(|m| m.remove("INHERIT"))
        .map(|v| env_value(&v, env));
    if let Some(Some(Value::String(parent))) = inherit {
        if depth > 16 {
            return Err(mkdocs_error(
                format!("{}: INHERIT goes more than 16 files deep", path.display()),
                "check the INHERIT chain for a loop",
            ));
        }
        let parent_path = path.parent().unwrap_or(Path::new(".")).join(parent);
        let parent = read_yaml(&parent_path, depth + 1, env)?;
        value = merge(parent, value);
    }
    Ok(value)
}

/// A value with `!ENV` resolved as the `pyyaml_env_tag` package does:
/// `!ENV NAME` or `!ENV [NAME, OTHER, default]`.
fn env_value(value: &Value, env: &Env) -> Option<Value> {
    let Value::Tagged(tagged) = value else {
        return Some(value.clone());
    };
    if tagged.tag != "!ENV" && tagged.tag != "ENV" {
        return Some(tagged.value.clone());
    }
    let names: Vec<Value> = match &tagged.value {
        Value::Sequence(items) => items.clone(),
        other => vec![other.clone()],
    };
    let (last, vars) = names.split_last()?;
    for name in vars.iter().chain(std::iter::once(last)) {
        if let Some(name) = name.as_str() {
            if let Some(found) = env.get(name) {
                return serde_norway::from_str(&found)
                    .ok()
                    .or(Some(Value::String(found)));
            }
        }
    }
    if names.len() > 1 {
        return Some(last.clone());
    }
    Some(Value::Null)
}

fn string(map: &Mapping, key: &str, env: &Env) -> Option<String> {
    match map.get(key).and_then(|v| env_value(v, env))? {
        Value::String(s) => Some(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn boolean(map: &Mapping, key: &str, env: &Env) -> Option<bool> {
    match map.get(key).and_then(|v| env_value(v, env))? {
        Value::Bool(b) => Some(b),
        // PyYAML reads YAML 1.1 booleans.
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "yes" | "on" | "true" => Some(true),
            "no" | "off" | "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The `mike` entry of `plugins`: `Some(config)` when listed.
fn mike_entry(plugins: &Value) -> Option<Mapping> {
    match plugins {
        Value::Sequence(items) => items.iter().find_map(|item| match item {
            Value::String(s) if s == "mike" => Some(Mapping::new()),
            Value::Mapping(m) => m
                .get("mike")
                .map(|c| c.as_mapping().cloned().unwrap_or_default()),
            _ => None,
        }),
        Value::Mapping(m) => m
            .get("mike")
            .map(|c| c.as_mapping().cloned().unwrap_or_default()),
        _ => None,
    }
}

impl Mkdocs {
    /// Reads the configuration file (following `INHERIT`); `!ENV` tags
    /// read `env`.
    pub fn load(file: &Path, env: &Env) -> Result<Mkdocs, Error> {
        let value = read_yaml(file, 0, env)?;
        let empty = Mapping::new();
        let map = value.as_mapping().unwrap_or(&empty);
        let plugins = map.get("plugins").cloned();
        let mike = plugins.as_ref().and_then(mike_entry).unwrap_or_default();
        Ok(Mkdocs {
            file: file.to_path_buf(),
            remote_branch: string(map, "remote_branch", env).unwrap_or_else(|| "gh-pages".into()),
            remote_name: string(map, "remote_name", env).unwrap_or_else(|| "origin".into()),
            use_directory_urls: boolean(map, "use_directory_urls", env).unwrap_or(true),
            alias_type: string(&mike, "alias_type", env),
            deploy_prefix: string(&mike, "deploy_prefix", env),
            redirect_template: string(&mike, "redirect_template", env),
            plugins,
        })
    }

    /// True when `plugins` lists `mike`.
    pub fn lists_mike(&self) -> bool {
        self.plugins.as_ref().and_then(mike_entry).is_some()
    }

    /// The plugin list of the temporary configuration: `mike` first, then
    /// the configured plugins (`search` when none are configured), as
    /// mike's `inject_plugin`.
    fn plugins_with_mike(&self) -> Value {
        let mut list = vec![Value::String("mike".into())];
        match &self.plugins {
            None | Some(Value::Null) => list.push(Value::String("search".into())),
            Some(Value::Sequence(items)) => list.extend(items.iter().cloned()),
            Some(Value::Mapping(map)) => {
                for (name, config) in map {
                    let mut one = Mapping::new();
                    one.insert(name.clone(), config.clone());
                    list.push(Value::Mapping(one));
                }
            }
            Some(other) => list.push(other.clone()),
        }
        Value::Sequence(list)
    }
}

/// How to run mkdocs: `mkdocs` on PATH, else `python3 -m mkdocs`.
#[derive(Debug, Clone)]
pub struct Launcher {
    program: PathBuf,
    args: Vec<String>,
    /// The version mkdocs reports, e.g. `1.6.1`.
    pub version: String,
}

fn on_path(name: &str, env: &Env) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = env.get_os("PATH")?;
    std::env::split_paths(path)
        .map(|dir| dir.join(name))
        .find(|p| {
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

impl Launcher {
    /// Finds mkdocs on `env`'s `PATH`; an error when neither way works.
    pub fn find(env: &Env) -> Result<Launcher, Error> {
        let mut candidates = Vec::new();
        if let Some(mkdocs) = on_path("mkdocs", env) {
            candidates.push((mkdocs, Vec::new()));
        }
        if let Some(python) = on_path("python3", env) {
            candidates.push((python, vec!["-m".to_string(), "mkdocs".to_string()]));
        }
        for (program, args) in candidates {
            let Ok(out) = Command::new(&program)
                .args(&args)
                .arg("--version")
                .stdin(Stdio::null())
                .output()
            else {
                continue;
            };
            if !out.status.success() {
                continue;
            }
            // "mkdocs, version 1.6.1 from /…/mkdocs (Python 3.11)"
            let text = String::from_utf8_lossy(&out.stdout);
            let version = text
                .split_once("version ")
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .unwrap_or("unknown")
                .to_string();
            return Ok(Launcher {
                program,
                args,
                version,
            });
        }
        Err(mkdocs_error(
            "mkdocs is not installed: neither `mkdocs` on PATH nor `python3 -m mkdocs` runs"
                .to_string(),
            "install it where relx runs (pip install mkdocs mike), or deploy a built site with --site-dir",
        ))
    }

    /// Runs `mkdocs build --clean` into a new temporary folder, with
    /// `MIKE_DOCS_VERSION` set and the mike plugin added when the
    /// configuration does not list it. mkdocs' own output goes to stderr.
    pub fn build(
        &self,
        config: &Mkdocs,
        version: &str,
        quiet: bool,
    ) -> Result<tempfile::TempDir, Error> {
        let dir = config.file.parent().unwrap_or(Path::new(".")).to_path_buf();
        let site = tempfile::Builder::new()
            .prefix("relx-site-")
            .tempdir()
            .map_err(|source| Error::Io {
                path: std::env::temp_dir(),
                source,
            })?;
        let injected = if config.lists_mike() {
            None
        } else {
            Some(write_injected(config, &dir)?)
        };
        let config_path = injected
            .as_ref()
            .map_or(config.file.clone(), |f| f.path().to_path_buf());
        let mut command = Command::new(&self.program);
        command
            .args(&self.args)
            .arg("build")
            .arg("--clean")
            .arg("--config-file")
            .arg(&config_path)
            .arg("--site-dir")
            .arg(site.path())
            .current_dir(&dir)
            .env("MIKE_DOCS_VERSION", version)
            .stdin(Stdio::null())
            .stdout(Stdio::from(std::io::stderr()));
        if quiet {
            command.arg("--quiet");
        }
        let status = command.status().map_err(|e| {
            mkdocs_error(
                format!("cannot run {}: {e}", self.program.display()),
                "check the mkdocs installation",
            )
        })?;
        drop(injected);
        if !status.success() {
            return Err(Error::DocsBuild {
                file: config.file.clone(),
                status: status.code().map_or("killed by a signal".to_string(), |c| {
                    format!("exit status {c}")
                }),
            });
        }
        Ok(site)
    }
}

/// The temporary configuration beside `mkdocs.yml`: inherits it and lists
/// the plugins with `mike` first. Removed when dropped.
fn write_injected(config: &Mkdocs, dir: &Path) -> Result<tempfile::NamedTempFile, Error> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    let name = config
        .file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("mkdocs.yml");
    let mut doc = Mapping::new();
    doc.insert("INHERIT".into(), Value::String(name.to_string()));
    doc.insert("plugins".into(), config.plugins_with_mike());
    let text = serde_norway::to_string(&doc).expect("a YAML mapping of strings serialises");
    let mut file = tempfile::Builder::new()
        .prefix(".relx-mkdocs-")
        .suffix(".yml")
        .tempfile_in(dir)
        .map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)?;
    file.flush().map_err(io)?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Mkdocs {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mkdocs.yml");
        std::fs::write(&path, text).unwrap();
        Mkdocs::load(&path, &Env::default()).unwrap()
    }

    #[test]
    fn defaults_are_mkdocs() {
        let c = load("site_name: x\n");
        assert_eq!(c.remote_branch, "gh-pages");
        assert_eq!(c.remote_name, "origin");
        assert!(c.use_directory_urls && !c.lists_mike());
        assert_eq!(
            c.plugins_with_mike(),
            serde_norway::from_str::<Value>("[mike, search]").unwrap()
        );
    }

    #[test]
    fn reads_mike_plugin_and_tags() {
        let c = load(
            "site_name: x\nremote_branch: docs\nuse_directory_urls: no\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\nplugins:\n  - search\n  - mike:\n      alias_type: redirect\n      deploy_prefix: v\n",
        );
        assert_eq!(c.remote_branch, "docs");
        assert!(!c.use_directory_urls);
        assert!(c.lists_mike());
        assert_eq!(c.alias_type.as_deref(), Some("redirect"));
        assert_eq!(c.deploy_prefix.as_deref(), Some("v"));
    }

    #[test]
    fn mapping_plugins_become_a_list_with_mike_first() {
        let c = load("plugins:\n  search:\n    lang: en\n");
        assert_eq!(
            c.plugins_with_mike(),
            serde_norway::from_str::<Value>("[mike, {search: {lang: en}}]").unwrap()
        );
    }
}
