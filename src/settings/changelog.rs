//! The changelog's settings: its file, format, commit rules, pre-release
//! policy, template and extras, from the configuration and the flags of
//! `relx changelog` (the other commands take the configuration's).

use std::path::PathBuf;

use serde_json::{Map, Value};

use super::{Env, Mode, Today, Workspace};
use crate::changelog::{self, tree, Format, Prereleases, Rules, Settings, Templates};
use crate::error::Error;
use crate::flags::{ChangelogArgs, GlobalArgs};

/// `relx changelog`'s flags, configuration and environment, resolved once.
pub struct ChangelogSettings {
    /// Where relx runs, with the configuration and the repository.
    pub workspace: Workspace,
    /// The changelog's settings (file, format, rules, template).
    pub changelog: Settings,
    /// The changelog file's path.
    pub path: PathBuf,
    /// `--dry-run` prints, otherwise the file is written.
    pub mode: Mode,
    /// Today, for the unreleased version's heading.
    pub today: Today,
    /// The versions asked for (`1.2.0`, `1.0.0..1.2.0`).
    pub rev_range: Option<String>,
    /// `--unreleased`.
    pub unreleased: bool,
    /// `--incremental` (given explicitly).
    pub incremental: bool,
    /// `--file-name` was given (a range is then written, not printed).
    pub file_name_given: bool,
    /// `--notes VERSION`.
    pub notes: Option<String>,
    /// `--unreleased-version`.
    pub unreleased_version: Option<String>,
    /// `--start-rev`, else `changelog_start_rev`.
    pub start_rev: Option<String>,
}

impl ChangelogSettings {
    /// Resolves `relx changelog`'s flags against the configuration: the
    /// workspace (a repository is required), the changelog settings with
    /// the flags' overrides, the mode and today's date.
    pub fn resolve(global: &GlobalArgs, args: &ChangelogArgs, env: Env) -> Result<Self, Error> {
        let ChangelogArgs {
            rev_range,
            dry_run,
            unreleased,
            incremental,
            file_name,
            notes,
            unreleased_version,
            merge_prerelease,
            start_rev,
            template,
            extras,
        } = args;
        let today = Today::from_env(&env);
        let workspace = Workspace::open(global, false)?;
        workspace.repo()?;
        let overrides = Overrides {
            file_name: file_name.clone(),
            merge_prerelease: *merge_prerelease,
            template: template.clone(),
            extras: extras.clone(),
        };
        let (changelog, path) = resolve(&workspace, &overrides)?;
        let start_rev = start_rev
            .clone()
            .or_else(|| workspace.config().changelog_start_rev.clone());
        Ok(ChangelogSettings {
            changelog,
            path,
            mode: Mode::dry_run_if(*dry_run),
            today,
            rev_range: rev_range.clone(),
            unreleased: *unreleased,
            incremental: *incremental,
            file_name_given: file_name.is_some(),
            notes: notes.clone(),
            unreleased_version: unreleased_version.clone(),
            start_rev,
            workspace,
        })
    }
}

/// What `relx changelog`'s flags may change; `Overrides::default()` is the
/// configuration as it is (what `bump --changelog`, `build` and `publish`
/// read).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--file-name`.
    pub file_name: Option<PathBuf>,
    /// `--merge-prerelease`.
    pub merge_prerelease: bool,
    /// `--template`.
    pub template: Option<String>,
    /// `--extra key=value`.
    pub extras: Vec<String>,
}

/// The changelog settings of a project, with the command line's overrides,
/// and the changelog file's path.
pub fn resolve(workspace: &Workspace, overrides: &Overrides) -> Result<(Settings, PathBuf), Error> {
    let config = workspace.config();
    let tag_rules = workspace.tag_rules(None, None)?;
    let file = overrides
        .file_name
        .clone()
        .unwrap_or_else(|| PathBuf::from(&config.changelog_file));
    let name = file.to_string_lossy().to_string();
    let format = config
        .changelog_format
        .as_deref()
        .and_then(Format::from_name)
        .or_else(|| Format::from_file_name(&name))
        .ok_or_else(|| {
            Error::UnknownChangelogFormat(config.changelog_format.clone().unwrap_or("None".into()))
        })?;
    let prereleases = match &config.changelog_prereleases {
        _ if overrides.merge_prerelease => Prereleases::Merge,
        Some(name) => Prereleases::from_name(name).ok_or_else(|| {
            invalid(
                workspace,
                format!("`changelog_prereleases`: '{name}' is not keep, merge or skip"),
            )
        })?,
        None if config.changelog_merge_prerelease => Prereleases::Merge,
        None => Prereleases::Keep,
    };
    let template = overrides
        .template
        .clone()
        .or_else(|| config.template.clone())
        .unwrap_or_else(|| format.template_name().to_string());
    let mut templates = Templates::default();
    let candidates = [
        workspace.dir.join(&template),
        workspace.loaded.dir.join(&template),
    ];
    match candidates.iter().find(|p| p.is_file()) {
        Some(path) => {
            let text = crate::project::changelog::read_text(path)?.unwrap_or_default();
            templates.files.insert(template.clone(), text);
        }
        None if changelog::builtin(&template).is_some() => {}
        None => {
            return Err(invalid(
                workspace,
                format!("`template`: no such file '{template}'"),
            ));
        }
    }
    let mut extras = config.extras.clone();
    for pair in &overrides.extras {
        let (key, value) = pair
            .split_once('=')
            .filter(|(k, _)| !k.is_empty())
            .ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "Option --extra expect a key=value format, got '{pair}'"
                ))
            })?;
        extras.insert(
            key.to_string(),
            Value::from(value.trim_matches(['\'', '"'])),
        );
    }
    let settings = Settings {
        file: file.clone(),
        format,
        rules: rules(workspace)?,
        tag_rules,
        prereleases,
        template,
        templates,
        extras,
        unreleased_heading: config
            .changelog_unreleased_heading
            .clone()
            .filter(|h| !h.trim().is_empty()),
        generate: config.changelog_generate,
    };
    Ok((settings, workspace.loaded.dir.join(file)))
}

fn invalid(workspace: &Workspace, message: String) -> Error {
    workspace.invalid(message)
}

fn pairs(map: &Map<String, Value>) -> Vec<(String, String)> {
    map.iter()
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().map_or_else(|| v.to_string(), str::to_string),
            )
        })
        .collect()
}

/// The commit rules' changelog parts: commitizen's `cz_conventional_commits`
/// or a `cz_customize` table, with the top-level overrides.
fn rules(workspace: &Workspace) -> Result<Rules, Error> {
    let config = workspace.config();
    let default_order: Vec<String> = tree::CHANGE_TYPE_ORDER
        .iter()
        .map(|s| s.to_string())
        .collect();
    let (pattern, parser, map, order) = match config.name.as_str() {
        "cz_conventional_commits" => (
            tree::CHANGELOG_PATTERN.to_string(),
            tree::COMMIT_PARSER.to_string(),
            tree::CHANGE_TYPE_MAP
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            default_order,
        ),
        "cz_customize" => {
            let custom = config.customize.clone().ok_or(Error::MissingCustomize)?;
            let nonempty = |s: Option<String>| s.filter(|s| !s.is_empty());
            (
                nonempty(custom.changelog_pattern).unwrap_or_else(|| ".*".to_string()),
                nonempty(custom.commit_parser).unwrap_or_else(|| "(?P<message>.*)".to_string()),
                custom
                    .change_type_map
                    .as_ref()
                    .map(pairs)
                    .unwrap_or_default(),
                custom
                    .change_type_order
                    .filter(|o| !o.is_empty())
                    .unwrap_or(default_order),
            )
        }
        "cz_jira" => (
            ".*".to_string(),
            "(?P<message>.*)".to_string(),
            Vec::new(),
            default_order,
        ),
        other => return Err(Error::UnknownRules(other.to_string())),
    };
    let map = match &config.change_type_map {
        Some(m) if !m.is_empty() => pairs(m),
        _ => map,
    };
    let order = config
        .change_type_order
        .clone()
        .filter(|o| !o.is_empty())
        .unwrap_or(order);
    let mut seen = std::collections::HashSet::new();
    if !order.iter().all(|t| seen.insert(t)) {
        return Err(invalid(
            workspace,
            format!("`change_type_order`: Change types contain duplicated types ({order:?})"),
        ));
    }
    let mut rules = Rules::new(&pattern, &parser, map, order).map_err(|e| {
        invalid(
            workspace,
            format!("`commit_parser` / `changelog_pattern`: {e}"),
        )
    })?;
    rules.merge_duplicates = config.merge_duplicates;
    rules.split_squash = config.split_squash;
    Ok(rules)
}
