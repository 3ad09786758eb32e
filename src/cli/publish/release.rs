//! The release `relx publish` sends: its files read and hashed, the one
//! project and version they are, the release tag that names them, and the
//! GitHub Release to make.

use std::path::{Path, PathBuf};

use crate::build::metadata::email;
use crate::build::{archive, filename};
use crate::cli::args::{PublishArgs, VersionArgs};
use crate::cli::build::notes::RELEASE_NOTES;
use crate::cli::build::SHA256SUMS;
use crate::cli::printer::Printer;
use crate::cli::settings::Workspace;
use crate::error::Error;
use crate::publish::form::Dist;
use crate::publish::github::{self, Target};
use crate::publish::token::Token;
use crate::version::{Pep440, TagRules};

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
    /// Reads the metadata and hashes the file (it passed the check, so the
    /// metadata is there and valid).
    pub fn read(path: &Path, base: &Path) -> Result<Candidate, Error> {
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
        let (sha256, blake2_256) = crate::publish::digests(path).map_err(|source| Error::Io {
            path: shown.to_path_buf(),
            source,
        })?;
        let size = std::fs::metadata(path)
            .map_err(|source| Error::Io {
                path: shown.to_path_buf(),
                source,
            })?
            .len();
        let body = String::from_utf8_lossy(&message.body).into_owned();
        Ok(Candidate {
            path: path.to_path_buf(),
            dist: Dist {
                filename: file_name,
                filetype,
                pyversion,
                headers,
                body: Some(body).filter(|b| !b.is_empty()),
                sha256,
                blake2_256,
            },
            size,
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
    let project = crate::project::canonical_name(&first.name);
    let mixed = files
        .iter()
        .any(|f| crate::project::canonical_name(&f.name) != project || f.version != first.version);
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
    workspace: &Workspace,
    args: &PublishArgs,
    version: &Pep440,
    files: &[Candidate],
) -> Result<String, Error> {
    let repo = workspace
        .repo
        .as_ref()
        .ok_or_else(|| Error::NotARepository(workspace.dir.clone()))?;
    let none = VersionArgs::default();
    let scheme = workspace.scheme(&none)?;
    let rules = workspace.tag_rules(scheme, &none)?;
    let pattern_text = args
        .tag_pattern
        .clone()
        .unwrap_or_else(|| workspace.config().release_tag_pattern.clone());
    let pattern =
        TagRules::new(scheme, &pattern_text, &[], &[]).map_err(|e| Error::InvalidSetting {
            path: workspace.config_path().map(Path::to_path_buf),
            message: format!("`release_tag_pattern`: {e}"),
        })?;
    let ci_tag = (std::env::var("GITHUB_REF_TYPE").ok().as_deref() == Some("tag"))
        .then(|| std::env::var("GITHUB_REF_NAME").ok())
        .flatten()
        .filter(|t| !t.is_empty());
    let tag = match args.tag.clone().or(ci_tag) {
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
    let tag_version = rules
        .version_of(&tag)
        .or_else(|_| pattern.version_of(&tag))
        .map(|v| v.pep)
        .or_else(|_| Pep440::parse(tag.trim_start_matches(['v', 'V'])));
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
                    "tag {tag} names no version (tag_format `{}`)",
                    rules.tag_format
                ),
                hint: None,
            })
        }
    }
    Ok(tag)
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The GitHub Release, when a token is set: repository, API, notes and
/// assets. Without a token there is none (said on stderr).
pub fn github_plan(
    workspace: &Workspace,
    args: &PublishArgs,
    release: &Release,
    out: &mut Printer,
) -> Result<Option<GithubPlan>, Error> {
    let Some(token) = env("GITHUB_TOKEN").or_else(|| env("GH_TOKEN")) else {
        out.info(
            "no GITHUB_TOKEN or GH_TOKEN: no GitHub Release (--no-github-release says so quietly)",
        )
        .ok();
        return Ok(None);
    };
    let origin = workspace.repo.as_ref().and_then(|r| {
        r.git2()
            .find_remote("origin")
            .ok()
            .and_then(|remote| remote.url().ok().map(|u| u.to_string()))
    });
    let repo = args
        .github_repo
        .clone()
        .or_else(|| env("GITHUB_REPOSITORY"))
        .or_else(|| origin.as_deref().and_then(github::repo_from_remote))
        .ok_or_else(|| Error::GithubRelease {
            message: "cannot tell the GitHub repository: no --github-repo, no GITHUB_REPOSITORY and no `origin` remote".to_string(),
            hint: Some("pass --github-repo OWNER/NAME, or --no-github-release".to_string()),
        })?;
    if repo.split('/').filter(|p| !p.is_empty()).count() != 2 {
        return Err(Error::GithubRelease {
            message: format!("{repo}: not a GitHub repository name (OWNER/NAME)"),
            hint: None,
        });
    }
    let api_url = args
        .github_api_url
        .clone()
        .or_else(|| env("GITHUB_API_URL"))
        .unwrap_or_else(|| "https://api.github.com".to_string());
    if !(api_url.starts_with("http://") || api_url.starts_with("https://")) {
        return Err(Error::GithubRelease {
            message: format!("{api_url}: not an http(s) URL"),
            hint: None,
        });
    }
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
        None => crate::cli::changelog::notes(workspace, &release.version.to_string())
            .ok()
            .flatten()
            .unwrap_or_default(),
    };
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
            token: Token::new(token),
        },
        release: github::Release {
            tag: release.tag.clone(),
            body,
            prerelease: release.version.is_prerelease(),
            assets,
        },
    }))
}
