//! Every setting relx reads, with commitizen's names and defaults.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The settings of one project. Field names are commitizen's where commitizen
/// has the setting; the relx-only ones say so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
#[schemars(title = "relx configuration")]
pub struct Config {
    /// Commit rules: `cz_conventional_commits` (default) or `cz_customize`.
    pub name: String,
    /// The current version, for the `commitizen` provider.
    pub version: Option<String>,
    /// Where the version is read from: `commitizen`, `pep621`, `poetry`,
    /// `uv`, `cargo`, `npm`, `composer`, `scm`.
    #[schemars(extend("enum" = ["commitizen", "pep621", "poetry", "uv", "cargo", "npm", "composer", "scm"]))]
    pub version_provider: Option<String>,
    /// `pep440` (default), `semver` or `semver2`.
    #[schemars(extend("enum" = ["pep440", "semver", "semver2"]))]
    pub version_scheme: Option<String>,
    /// Deprecated commitizen name of `version_scheme`.
    #[schemars(extend("enum" = ["pep440", "semver", "semver2"]))]
    pub version_type: Option<String>,
    /// Other files holding the version: `path` or `path:regex`.
    pub version_files: Vec<String>,
    /// How tags are named, e.g. `v$version`.
    pub tag_format: String,
    /// Older tag formats still recognised.
    pub legacy_tag_formats: Vec<String>,
    /// Tag formats to skip without a warning (`*` wildcards).
    pub ignored_tag_formats: Vec<String>,
    /// The bump commit's message (`$current_version`, `$new_version`).
    pub bump_message: Option<String>,
    /// Write the changelog on every bump.
    pub update_changelog_on_bump: bool,
    /// The changelog file.
    pub changelog_file: String,
    /// `markdown` or `restructuredtext` (default: from the file name).
    pub changelog_format: Option<String>,
    /// Only add the new release to an existing changelog.
    pub changelog_incremental: bool,
    /// First revision the changelog covers.
    pub changelog_start_rev: Option<String>,
    /// commitizen's switch for folding pre-releases into the final release.
    pub changelog_merge_prerelease: bool,
    /// Make annotated tags.
    pub annotated_tag: bool,
    /// The annotated tag's message.
    pub annotated_tag_message: Option<String>,
    /// Sign tags.
    pub gpg_sign: bool,
    /// Breaking changes bump the minor number while the major is 0.
    pub major_version_zero: bool,
    /// Commands run before the bump commit.
    pub pre_bump_hooks: Vec<String>,
    /// Commands run after the tag.
    pub post_bump_hooks: Vec<String>,
    /// First number of a new pre-release phase.
    pub prerelease_offset: u64,
    /// Text encoding of the project's files (commitizen's key). relx reads
    /// and writes UTF-8; a version file that is not UTF-8 stops a bump.
    pub encoding: String,
    /// Message prefixes `check` accepts as they are.
    pub allowed_prefixes: Vec<String>,
    /// Longest subject `check` accepts (0: no limit).
    pub message_length_limit: u64,
    /// Changelog template file.
    pub template: Option<String>,
    /// Extra values for the changelog template.
    pub extras: Map<String, Value>,
    /// `cz_customize` rules.
    pub customize: Option<Customize>,
    /// Changelog section order.
    pub change_type_order: Option<Vec<String>>,
    /// commitizen's retry of a failed bump commit. Read for compatibility:
    /// relx restores the repository after a failed commit (exit 6) instead.
    pub retry_after_failure: bool,
    /// Add `Signed-off-by` to commits (commitizen's key; read, not yet
    /// applied by `relx bump`).
    pub always_signoff: bool,
    /// relx: the bump pattern, without `cz_customize`.
    pub bump_pattern: Option<String>,
    /// relx: the bump map, without `cz_customize`.
    pub bump_map: Option<Map<String, Value>>,
    /// relx: the bump map under `major_version_zero`.
    pub bump_map_major_version_zero: Option<Map<String, Value>>,
    /// relx: branches whose default pre-release is `alpha`.
    pub devel_branches: Vec<String>,
    /// relx: branch (glob) → default pre-release phase, e.g. `{"release/*" = "rc"}`.
    pub branch_prereleases: Map<String, Value>,
    /// relx: the command that builds the distributions (run with `sh -c` in
    /// the project directory), instead of `uv build` / `python3 -m build`;
    /// it writes them into `$RELX_DIST_DIR` (or into the dist directory).
    pub build_command: Option<String>,
    /// relx: where `relx build` puts the distributions.
    pub dist_dir: String,
    /// relx: build in an isolated environment (`false`: with what is
    /// installed, `--no-build-isolation`).
    pub build_isolation: bool,
    /// Change type → changelog section title (overrides the commit rules').
    pub change_type_map: Option<Map<String, Value>>,
    /// relx: the hand-written heading a release renames ("Recent Changes").
    pub changelog_unreleased_heading: Option<String>,
    /// relx: with that heading, add generated entries under it.
    pub changelog_generate: bool,
    /// relx: pre-releases in the changelog: `keep`, `merge` or `skip`.
    pub changelog_prereleases: Option<String>,
    /// relx: one entry for a merge commit and the commit it brings.
    pub merge_duplicates: bool,
    /// relx: every conventional line of a squashed commit is an entry.
    pub split_squash: bool,
    /// relx: the docs version a release deploys to with `relx docs deploy`
    /// and no VERSION: `$major`, `$minor`, `$patch`, `$version`.
    pub docs_version_format: String,
    /// relx: aliases a docs deploy of the newest series takes (e.g. `["latest"]`).
    pub docs_aliases: Vec<String>,
    /// relx: what the docs root redirects to after such a deploy (e.g. `latest`).
    pub docs_default: Option<String>,
    /// relx: `skip` (default), or the docs version pre-releases deploy to (e.g. `dev`).
    pub docs_prerelease: String,
    /// relx: the index `relx publish` uploads to (its upload URL).
    pub repository_url: Option<String>,
    /// relx: the pattern a release tag must match for `relx publish`
    /// (`$major`, `$minor`, `$patch`, `$prerelease`, `$devrelease`,
    /// `$version`).
    pub release_tag_pattern: String,
    /// Keys this version of relx does not know (warned about).
    #[serde(flatten, skip_serializing)]
    #[schemars(skip)]
    pub unknown: Map<String, Value>,
}

/// commitizen's `[tool.commitizen.customize]` table (the parts relx uses).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Customize {
    /// Regex searched on every message line.
    pub bump_pattern: Option<String>,
    /// Captured text → increment, first match wins.
    pub bump_map: Option<Map<String, Value>>,
    /// The same under `major_version_zero`.
    pub bump_map_major_version_zero: Option<Map<String, Value>>,
    /// Changelog section order.
    pub change_type_order: Option<Vec<String>>,
    /// Regex parsing a message for the changelog.
    pub commit_parser: Option<String>,
    /// Regex selecting changelog commits.
    pub changelog_pattern: Option<String>,
    /// Change type → section title.
    pub change_type_map: Option<Map<String, Value>>,
    /// Regex `check` validates against.
    pub schema_pattern: Option<String>,
    /// Keys relx does not use.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Default for Config {
    /// commitizen 4.19.3's `DEFAULT_SETTINGS`, plus relx's own defaults.
    fn default() -> Config {
        Config {
            name: "cz_conventional_commits".to_string(),
            version: None,
            version_provider: None,
            version_scheme: None,
            version_type: None,
            version_files: Vec::new(),
            tag_format: "$version".to_string(),
            legacy_tag_formats: Vec::new(),
            ignored_tag_formats: Vec::new(),
            bump_message: None,
            update_changelog_on_bump: false,
            changelog_file: "CHANGELOG.md".to_string(),
            changelog_format: None,
            changelog_incremental: false,
            changelog_start_rev: None,
            changelog_merge_prerelease: false,
            annotated_tag: false,
            annotated_tag_message: None,
            gpg_sign: false,
            major_version_zero: false,
            pre_bump_hooks: Vec::new(),
            post_bump_hooks: Vec::new(),
            prerelease_offset: 0,
            encoding: "utf-8".to_string(),
            allowed_prefixes: [
                "Merge",
                "Revert",
                "Pull request",
                "fixup!",
                "squash!",
                "amend!",
            ]
            .map(String::from)
            .to_vec(),
            message_length_limit: 0,
            template: None,
            extras: Map::new(),
            customize: None,
            change_type_order: None,
            retry_after_failure: false,
            always_signoff: false,
            bump_pattern: None,
            bump_map: None,
            bump_map_major_version_zero: None,
            devel_branches: ["develop", "devel", "dev"].map(String::from).to_vec(),
            branch_prereleases: Map::new(),
            build_command: None,
            dist_dir: "dist".to_string(),
            build_isolation: true,
            change_type_map: None,
            changelog_unreleased_heading: None,
            changelog_generate: true,
            changelog_prereleases: None,
            merge_duplicates: false,
            split_squash: false,
            docs_version_format: "$major.$minor".to_string(),
            docs_aliases: Vec::new(),
            docs_default: None,
            docs_prerelease: "skip".to_string(),
            repository_url: None,
            release_tag_pattern: "v$major.$minor.$patch".to_string(),
            unknown: Map::new(),
        }
    }
}
