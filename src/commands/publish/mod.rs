//! `relx publish`: checks the release (files, version, tag, credentials)
//! and reads what the index has already, all before the first byte is sent,
//! into one [`PublishPlan`]; [`apply`] then uploads each file the index does
//! not have yet and creates or finishes the GitHub or GitLab release. The
//! dry run renders the plan and stops.

mod release;
mod send;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::build::backend;
use crate::build::check::{self, Report};
use crate::error::Error;
use crate::flags::{GlobalArgs, PublishArgs};
use crate::publish::http::Client;
use crate::publish::token::Credentials;
use crate::publish::{self as transport, LookupError, Outcome, UploadError};
use crate::settings::publish::{Login, Source};
use crate::settings::{Env, Mode, PublishSettings};
use crate::talk::Talk;

use release::{Candidate, GithubPlan, GitlabPlan, Release};
pub use send::{apply, Applied, Watch};

/// One file of the plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedFile {
    /// Its name.
    pub file: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its sha256.
    pub sha256: String,
    /// The index lists it already with the same sha256.
    pub on_index: bool,
}

/// The GitHub Release that would be sent.
#[derive(Debug, Clone, Serialize)]
pub struct GithubRequest {
    /// `OWNER/NAME`.
    pub repository: String,
    /// The tag, also the release's name.
    pub tag: String,
    /// The release's name.
    pub name: String,
    /// The release notes.
    pub body: String,
    /// The files attached, by name.
    pub assets: Vec<String>,
}

/// The GitLab release that would be sent (its links are the files' URLs
/// on the index, read back after the upload).
#[derive(Debug, Clone, Serialize)]
pub struct GitlabRequest {
    /// The project, id or path.
    pub project: String,
    /// The tag, also the release's name.
    pub tag: String,
    /// The release's name.
    pub name: String,
    /// The release notes.
    pub body: String,
}

/// Everything `relx publish` would do, decided before the first byte is
/// sent.
#[derive(Serialize)]
pub struct PublishPlan {
    /// The project's name, as its metadata writes it.
    pub project: String,
    /// The version all the files carry.
    pub version: String,
    /// The release tag.
    pub tag: String,
    /// The index's upload URL.
    pub upload_url: String,
    /// How relx logs in (`as __token__ (PYPI_TOKEN)`), never the secret.
    pub login: String,
    /// The files, sdists first.
    pub files: Vec<PlannedFile>,
    /// The GitHub Release.
    pub github: Option<GithubRequest>,
    /// The GitLab release.
    pub gitlab: Option<GitlabRequest>,
    /// `--dry-run` or not.
    pub mode: Mode,
    /// Neither a GitHub nor a GitLab release, and no flag turned them off.
    #[serde(skip)]
    pub no_forge: bool,
    #[serde(skip)]
    inner: Inner,
}

/// What the apply step needs beyond what is shown.
struct Inner {
    release: Release,
    github: Option<GithubPlan>,
    gitlab: Option<GitlabPlan>,
    creds: Option<Credentials>,
    client: Client,
    skip_existing: bool,
    retries: u32,
}

impl PublishPlan {
    /// What becomes of each file in a dry run.
    pub fn dry_results(&self) -> Vec<FileResult> {
        self.files
            .iter()
            .map(|f| FileResult {
                file: f.file.clone(),
                size: f.size,
                sha256: f.sha256.clone(),
                outcome: if f.on_index {
                    Outcome::AlreadyUploaded
                } else {
                    Outcome::WouldUpload
                },
            })
            .collect()
    }
}

/// What became of one file, for the summary and `--json`.
#[derive(Debug, Clone, Serialize)]
pub struct FileResult {
    /// Its name.
    pub file: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its sha256.
    pub sha256: String,
    /// What happened.
    pub outcome: Outcome,
}

/// Resolves the settings and decides the plan: the files checked and
/// hashed, the release tag, the login, the forge releases and what the
/// index has already.
pub fn prepare(
    global: &GlobalArgs,
    args: &PublishArgs,
    env: Env,
    talk: &mut dyn Talk,
) -> Result<PublishPlan, Error> {
    let settings = PublishSettings::resolve(global, args, &env)?;
    let release = preflight(&settings, talk)?;
    let login = settings.login(&release.upload_url)?;
    let github = release::github_plan(&settings, &release)?;
    let gitlab = match github {
        Some(_) => None,
        None => release::gitlab_plan(&settings, &release)?,
    };
    let no_forge = github.is_none() && gitlab.is_none() && settings.forges_wanted;
    if no_forge {
        talk.info(
            "no GITHUB_TOKEN or GH_TOKEN (nor GITLAB_TOKEN, CI_JOB_TOKEN): no GitHub or GitLab release",
        );
    }
    let client = Client::new(settings.policy.clone());
    let login_shown = match &login {
        Login::Ready(c) => format!("as {} ({})", c.username, c.source),
        Login::Trusted { .. } => "with trusted publishing".to_string(),
    };
    let creds = credentials(login, settings.mode, &client, &release.upload_url)?;
    let on_index = look_up(
        &client,
        &release,
        creds.as_ref(),
        settings.policy.retries,
        talk,
    )?;
    let files = release
        .files
        .iter()
        .zip(on_index)
        .map(|(f, on_index)| PlannedFile {
            file: f.dist.filename.clone(),
            size: f.size,
            sha256: f.dist.sha256.clone(),
            on_index,
        })
        .collect();
    Ok(PublishPlan {
        project: release.project.clone(),
        version: release.version.to_string(),
        tag: release.tag.clone(),
        upload_url: release.upload_url.clone(),
        login: login_shown,
        files,
        github: github.as_ref().map(|plan| GithubRequest {
            repository: plan.target.repo.clone(),
            tag: plan.release.tag.clone(),
            name: plan.release.tag.clone(),
            body: plan.release.body.clone(),
            assets: plan
                .release
                .assets
                .iter()
                .map(|p| crate::build::file_name(p))
                .collect(),
        }),
        gitlab: gitlab.as_ref().map(|plan| GitlabRequest {
            project: plan.target.project.clone(),
            tag: plan.tag.clone(),
            name: plan.tag.clone(),
            body: plan.body.clone(),
        }),
        mode: settings.mode,
        no_forge,
        inner: Inner {
            release,
            github,
            gitlab,
            creds,
            client,
            skip_existing: settings.skip_existing,
            retries: settings.policy.retries,
        },
    })
}

/// The upload credentials. Trusted publishing's exchange is skipped in a
/// dry run: it would mint a token for nothing.
fn credentials(
    login: Login,
    mode: Mode,
    client: &Client,
    upload_url: &str,
) -> Result<Option<Credentials>, Error> {
    Ok(match (login, mode) {
        (Login::Ready(c), _) => Some(c),
        (Login::Trusted { .. }, Mode::DryRun) => None,
        (
            Login::Trusted {
                request_url,
                request_token,
            },
            Mode::Exec,
        ) => Some(
            transport::trusted_publishing(client, upload_url, &request_url, &request_token)
                .map_err(Error::TrustedPublishing)?,
        ),
    })
}

/// Everything checked before anything is sent: the files, one release of
/// one project, the release tag, the index URL.
fn preflight(settings: &PublishSettings, talk: &mut dyn Talk) -> Result<Release, Error> {
    let workspace = &settings.workspace;
    let (dist_dir, paths) = match &settings.source {
        Source::DistDir(shown) => {
            let dir = workspace.dir.join(shown);
            (dir.clone(), release::dist_files(&dir, shown)?)
        }
        Source::Files(files) => {
            let paths: Vec<PathBuf> = files.iter().map(|f| workspace.dir.join(f)).collect();
            for (path, shown) in paths.iter().zip(files) {
                if !path.is_file() {
                    return Err(Error::Io {
                        path: shown.clone(),
                        source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
                    });
                }
            }
            let dir = paths[0]
                .parent()
                .map_or_else(|| workspace.dir.clone(), Path::to_path_buf);
            (dir, paths)
        }
    };

    // The files pass what `twine check --strict` checks (and their names).
    let python = backend::python3(settings.path.as_deref());
    let renderer = check::Python::new(&python);
    let mut report = Report::default();
    let mut hashed = Vec::new();
    for path in &paths {
        let shown = path
            .strip_prefix(&workspace.dir)
            .unwrap_or(path)
            .to_path_buf();
        // One read of each file gives the check its sha256 and the upload
        // form both digests.
        let digests = transport::digests(path).map_err(|source| Error::Io {
            path: shown.clone(),
            source,
        })?;
        let mut one =
            check::check_hashed(path, &renderer, Ok((digests.size, digests.sha256.clone())));
        one.path = shown.clone();
        for warning in &one.warnings {
            talk.warn(&format!("{}: {warning}", shown.display()));
        }
        report.files.push(one);
        hashed.push(digests);
    }
    if let Some(err) = crate::build::failure(&report) {
        return Err(err);
    }
    let candidates = paths
        .iter()
        .zip(hashed)
        .map(|(p, d)| Candidate::read(p, &workspace.dir, d))
        .collect::<Result<Vec<_>, _>>()?;
    let (project, version) = release::one_release(&candidates)?;
    let tag = release::release_tag(settings, &version, &candidates)?;
    let upload_url = settings.checked_upload_url()?;
    let simple_url = settings.simple_url(&upload_url)?;
    Ok(Release {
        project,
        version,
        tag,
        upload_url,
        simple_url,
        dist_dir,
        files: candidates,
    })
}

/// Which files the index lists already with the same sha256. A file it has
/// with another hash stops everything before the first upload.
fn look_up(
    client: &Client,
    release: &Release,
    creds: Option<&Credentials>,
    retries: u32,
    talk: &mut dyn Talk,
) -> Result<Vec<bool>, Error> {
    let simple = &release.simple_url;
    let page = transport::listing_url(simple, &release.project);
    let listed = transport::listing(client, simple, &release.project, creds, |n, why| {
        talk.warn(&format!("{page}: {why}; retry {n} of {retries}"));
    });
    let on_index = match listed {
        Ok(files) => files,
        Err(LookupError::Unreachable(why)) => {
            return Err(Error::UploadFailed {
                message: format!("{why} (after {retries} retries)"),
                hint: Some("nothing was uploaded; is the index up and the URL right?".to_string()),
            })
        }
        Err(LookupError::Refused(why)) => {
            talk.warn(&format!(
                "cannot read the index's listing ({why}); files it has already will be reported by the upload"
            ));
            Vec::new()
        }
    };
    let mut found_all = Vec::new();
    for file in &release.files {
        let name = &file.dist.filename;
        let found = on_index
            .iter()
            .find(|l| l.filename == *name)
            .map(|l| l.sha256.clone());
        if let Some(Some(theirs)) = &found {
            if *theirs != file.dist.sha256 {
                return Err(Error::UploadConflict {
                    message: UploadError::Conflict {
                        file: name.clone(),
                        theirs: theirs.clone(),
                        ours: file.dist.sha256.clone(),
                    }
                    .to_string(),
                    hint: Some(
                        "nothing was uploaded; build a new version (relx bump) instead of replacing a published file"
                            .to_string(),
                    ),
                });
            }
        }
        found_all.push(matches!(found, Some(Some(_))));
    }
    Ok(found_all)
}
