//! The release `relx publish` sends: its files read and hashed, the one
//! project and version they are, the release tag that names them, and the
//! GitHub Release to make.

use std::path::{Path, PathBuf};

use crate::build::archive;
use crate::error::Error;
use crate::pkg::filename;
use crate::pkg::metadata::email;
use crate::pkg::name::canonical_name;
use crate::publish::form::Dist;
use crate::publish::github::{self, Target};
use crate::publish::gitlab;
use crate::publish::Digests;
use crate::settings::changelog::{self as changelog_settings, Overrides};
use crate::settings::publish::{refuse_credentials, ApiUrl, PublishSettings};
use crate::settings::Workspace;
use crate::version::{Pep440, TagRules};

use crate::build::{RELEASE_NOTES, SHA256SUMS};

/// One file to upload.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Where it is.
    pub path: PathBuf,
    /// As the upload form describes it.
    pub dist: Dist,
    /// Its size in bytes.
    pub size: u64,
    /// `Name` from its metadata.
    pub name: String,
    /// `Version` from its metadata.
    pub version: Pep440,
}

impl Candidate {
    /// Reads the metadata of a file hashed already (it passed the check, so
    /// the metadata is there and valid).
    pub fn read(path: &Path, base: &Path, digests: Digests) -> Result<Candidate, Error> {
        let shown = path.strip_prefix(base).unwrap_or(path);
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bad = |why: String| Error::NotOneRelease(format!("{}: {why}", shown.display()));
        let kind = filename::kind_of(&file_name)
            .ok_or_else(|| bad("not an sdist or a wheel".to_string()))?;
        let contents = archive::read(path, kind).map_err(bad)?;
        let message = email::parse(&contents.metadata);
        let headers: Vec<(String, String)> = message
            .fields
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    String::from_utf8_lossy(&f.value).into_owned(),
                )
            })
            .collect();
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim().to_string())
        };
        let name = header("name").ok_or_else(|| bad("no Name in its metadata".to_string()))?;
        let version_text =
            header("version").ok_or_else(|| bad("no Version in its metadata".to_string()))?;
        let version = Pep440::parse(&version_text)
            .map_err(|_| bad(format!("Version {version_text} is not a PEP 440 version")))?;
        let (filetype, pyversion) = match kind {
            filename::Kind::Wheel => {
                let parsed = filename::parse(&file_name).map_err(bad)?;
                let python = parsed
                    .tags
                    .as_deref()
                    .and_then(|t| t.split('-').next())
                    .unwrap_or_default()
                    .to_string();
                ("bdist_wheel", python)
            }
            filename::Kind::Sdist => ("sdist", "source".to_string()),
        };
        let body = String::from_utf8_lossy(&message.body).into_owned();
        Ok(Candidate {
            path: path.to_path_buf(),
            dist: Dist {
                filename: file_name,
                filetype,
                pyversion,
                headers,
                body: Some(body).filter(|b| !b.is_empty()),
                sha256: digests.sha256,
                blake2_256: digests.blake2_256,
            },
            size: digests.size,
            name,
            version,
        })
    }
}

/// What will be published.
#[derive(Debug, Clone)]
pub struct Release {
    /// The project's name, as its metadata writes it.
    pub project: String,
    /// The version all the files carry.
    pub version: Pep440,
    /// The release tag.
    pub tag: String,
    /// The index's upload URL.
    pub upload_url: String,
    /// Its simple API's root.
    pub simple_url: String,
    /// The directory the files came from (SHA256SUMS and the release notes
    /// are there).
    pub dist_dir: PathBuf,
    /// The files, sdists first.
    pub files: Vec<Candidate>,
}

/// The GitHub Release to make.
#[derive(Debug, Clone)]
pub struct GithubPlan {
    /// Where and as whom.
    pub target: Target,
    /// What.
    pub release: github::Release,
}

/// The sdists and wheels in the dist directory, sdists first (as twine
/// orders them), each group by name.
pub fn dist_files(dir: &Path, shown: &Path) -> Result<Vec<PathBuf>, Error> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::NoDistFiles(shown.to_path_buf()))
        }
        Err(source) => {
            return Err(Error::Io {
                path: shown.to_path_buf(),
                source,
            })
        }
    };
    let mut files: Vec<(bool, String, PathBuf)> = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(kind) = filename::kind_of(&name) else {
            continue;
        };
        if entry.file_type().map(|t| t.is_file()).unwrap_or(false) {
            files.push((kind == filename::Kind::Wheel, name, entry.path()));
        }
    }
    if files.is_empty() {
        return Err(Error::NoDistFiles(shown.to_path_buf()));
    }
    files.sort();
    Ok(files.into_iter().map(|(_, _, p)| p).collect())
}

/// The one project and version the files are; anything else is an error
/// that lists them.
pub fn one_release(files: &[Candidate]) -> Result<(String, Pep440), Error> {
    let first = &files[0];
    let project = canonical_name(&first.name);
    let mixed = files
        .iter()
        .any(|f| canonical_name(&f.name) != project || f.version != first.version);
    if mixed {
        let list: Vec<String> = files
            .iter()
            .map(|f| format!("{} ({} {})", f.dist.filename, f.name, f.version))
            .collect();
        return Err(Error::NotOneRelease(format!(
            "the files are not one release of one project: {}",
            list.join(", ")
        )));
    }
    Ok((first.name.clone(), first.version.clone()))
}

/// The release tag: `--tag`, else the tag a GitHub Actions tag build runs
/// for, else the tag of the files' version. It must exist, name the files'
/// version and match the release tag pattern.
pub fn release_tag(
    settings: &PublishSettings,
    version: &Pep440,
    files: &[Candidate],
) -> Result<String, Error> {
    let workspace = &settings.workspace;
    let repo = workspace
        .repo
        .as_ref()
        .ok_or_else(|| Error::NotARepository(workspace.dir.clone()))?;
    let rules = workspace.tag_rules(None, None)?;
    let scheme = rules.scheme;
    let pattern_text = settings
        .tag_pattern
        .clone()
        .unwrap_or_else(|| workspace.config().release_tag_pattern.clone());
    let pattern =
        TagRules::new(scheme, &pattern_text, &[], &[]).map_err(|e| Error::InvalidSetting {
            path: workspace.config_path().map(Path::to_path_buf),
            message: format!("`release_tag_pattern`: {e}"),
        })?;
    let tag = match settings.tag.clone() {
        Some(tag) => tag,
        None => {
            let as_scheme = scheme.parse(&version.to_string()).map_err(|_| {
                Error::NotOneRelease(format!(
                    "version {version} cannot be written in the {} scheme",
                    scheme.name()
                ))
            })?;
            let candidates = rules.candidate_tags(&as_scheme);
            let mut found = None;
            for name in &candidates {
                if repo.find_tag(name)?.is_some() {
                    found = Some(name.clone());
                    break;
                }
            }
            found.ok_or_else(|| Error::ReleaseTag {
                message: format!(
                    "no release tag for version {version}: tag {} does not exist",
                    candidates[0]
                ),
                hint: Some(
                    "make the release first (relx bump --exec), or name the tag with --tag"
                        .to_string(),
                ),
            })?
        }
    };
    if repo.find_tag(&tag)?.is_none() {
        return Err(Error::ReleaseTag {
            message: format!("tag {tag} does not exist in this repository"),
            hint: Some("fetch the tags (git fetch --tags), or make the release first".to_string()),
        });
    }
    if !pattern.is_version_tag(&tag) {
        return Err(Error::TagPattern {
            tag,
            pattern: pattern_text,
        });
    }
    // The pattern matched, so one of the two reads the tag's version.
    let tag_version = rules
        .version_of(&tag)
        .or_else(|_| pattern.version_of(&tag))
        .map(|v| v.pep);
    match tag_version {
        Ok(v) if v == *version => {}
        Ok(v) => {
            return Err(Error::ReleaseTag {
                message: format!(
                    "tag {tag} is version {v}, but the files are version {version} ({})",
                    files
                        .iter()
                        .map(|f| f.dist.filename.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                hint: Some(
                    "build the files from the tag (git checkout TAG, relx build)".to_string(),
                ),
            })
        }
        Err(_) => {
            return Err(Error::ReleaseTag {
                message: format!(
                    "tag {tag} names no version (tag_format `{}`, release tag pattern `{pattern_text}`)",
                    rules.tag_format
                ),
                hint: None,
            })
        }
    }
    Ok(tag)
}

/// The release notes: `RELEASE_NOTES.*` in the dist directory (written by
/// `relx build`), else the version's changelog section; and that file.
fn notes(workspace: &Workspace, release: &Release) -> Result<(String, Option<PathBuf>), Error> {
    let notes_file = std::fs::read_dir(&release.dist_dir)
        .ok()
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_stem().and_then(|s| s.to_str()) == Some(RELEASE_NOTES) && p.is_file());
    let body = match &notes_file {
        Some(path) => std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?,
        None => changelog_settings::resolve(workspace, &Overrides::default())
            .and_then(|(settings, path)| {
                crate::project::changelog::notes((&settings, &path), &release.version.to_string())
            })
            .ok()
            .flatten()
            .unwrap_or_default(),
    };
    Ok((body, notes_file))
}

/// The `origin` remote's URL.
fn origin(workspace: &Workspace) -> Option<String> {
    workspace.repo.as_ref().and_then(|r| r.remote_url("origin"))
}

/// A forge's API URL (`what` says where it came from): refused with
/// credentials inside, as the index's, and it must be http(s).
fn http_url(api: &ApiUrl, forge: &str, hint: &str) -> Result<String, Error> {
    let url = api.url.clone();
    refuse_credentials(&url, api.what, hint)?;
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(url)
    } else {
        Err(Error::ForgeRelease {
            message: format!("{forge}: {url}: not an http(s) URL"),
            hint: None,
        })
    }
}

/// The GitHub Release, when `GITHUB_TOKEN` or `GH_TOKEN` is set:
/// repository, API, notes and assets.
pub fn github_plan(
    settings: &PublishSettings,
    release: &Release,
) -> Result<Option<GithubPlan>, Error> {
    let workspace = &settings.workspace;
    let Some(github) = &settings.github else {
        return Ok(None);
    };
    let repo = github
        .repo
        .clone()
        .or_else(|| origin(workspace).as_deref().and_then(github::repo_from_remote))
        .ok_or_else(|| Error::ForgeRelease {
            message: "cannot tell the GitHub repository: no --github-repo, no GITHUB_REPOSITORY and no `origin` remote".to_string(),
            hint: Some("pass --github-repo OWNER/NAME, or --no-github-release".to_string()),
        })?;
    if repo.split('/').filter(|p| !p.is_empty()).count() != 2 {
        return Err(Error::ForgeRelease {
            message: format!("{repo}: not a GitHub repository name (OWNER/NAME)"),
            hint: None,
        });
    }
    let api_url = http_url(
        &github.api,
        "GitHub",
        "put the token in GITHUB_TOKEN (or GH_TOKEN) and the API URL without it",
    )?;
    let (body, notes_file) = notes(workspace, release)?;
    let mut assets: Vec<PathBuf> = release.files.iter().map(|f| f.path.clone()).collect();
    let sums = release.dist_dir.join(SHA256SUMS);
    if sums.is_file() {
        assets.push(sums);
    }
    assets.extend(notes_file);
    Ok(Some(GithubPlan {
        target: Target {
            api_url,
            repo,
            token: github.token.clone(),
        },
        release: github::Release {
            tag: release.tag.clone(),
            body,
            prerelease: release.version.is_prerelease(),
            assets,
        },
    }))
}

/// The GitLab release to make.
#[derive(Debug, Clone)]
pub struct GitlabPlan {
    /// Where and as whom.
    pub target: gitlab::Target,
    /// The tag.
    pub tag: String,
    /// The release notes.
    pub body: String,
}

/// The GitLab release, when `GITLAB_TOKEN` (sent as `PRIVATE-TOKEN`) or
/// `CI_JOB_TOKEN` (as `JOB-TOKEN`) is set: project, API and notes. Its links
/// are the files' URLs on the index, known after the upload.
pub fn gitlab_plan(
    settings: &PublishSettings,
    release: &Release,
) -> Result<Option<GitlabPlan>, Error> {
    let workspace = &settings.workspace;
    let Some(gitlab) = &settings.gitlab else {
        return Ok(None);
    };
    let project = gitlab
        .project
        .clone()
        .or_else(|| origin(workspace).as_deref().and_then(gitlab::project_from_remote))
        .ok_or_else(|| Error::ForgeRelease {
            message: "cannot tell the GitLab project: no --gitlab-project, no CI_PROJECT_ID and no `origin` remote".to_string(),
            hint: Some("pass --gitlab-project ID, or --no-gitlab-release".to_string()),
        })?;
    let api_url = http_url(
        &gitlab.api,
        "GitLab",
        "put the token in GITLAB_TOKEN (or CI_JOB_TOKEN) and the API URL without it",
    )?;
    let (body, _) = notes(workspace, release)?;
    Ok(Some(GitlabPlan {
        target: gitlab::Target {
            api_url,
            project,
            token: gitlab.token.clone(),
            header: gitlab.header,
        },
        tag: release.tag.clone(),
        body,
    }))
}
