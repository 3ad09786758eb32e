//! `relx publish`: checks the release (files, version, tag, credentials)
//! before the first byte is sent, then uploads each file that the index
//! does not have yet, then creates or finishes the GitHub Release. The dry
//! run and the real run follow the same [`Release`] plan.

mod release;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::printer::Printer;
use crate::build::backend;
use crate::build::check::{self, Report};
use crate::error::Error;
use crate::flags::{GlobalArgs, PublishArgs, TrustedPublishing};
use crate::publish::github::{self, AssetOutcome};
use crate::publish::gitlab::{self, LinkOutcome};
use crate::publish::http::{Client, Policy};
use crate::publish::token::{self, Credentials, Token};
use crate::publish::{self as transport, LookupError, Outcome, UploadError, Uploader};
use crate::settings::Workspace;

use release::{Candidate, GithubPlan, GitlabPlan, Release};

/// PyPI's upload URL, the default index.
pub const PYPI_UPLOAD_URL: &str = "https://upload.pypi.org/legacy/";

/// How the credentials will be had.
enum Login {
    /// A token or password, ready.
    Ready(Credentials),
    /// Trusted publishing: GitHub's OIDC token exchanged at the index.
    Trusted {
        request_url: String,
        request_token: Token,
    },
}

impl Login {
    fn describe(&self) -> String {
        match self {
            Login::Ready(c) => format!("as {} ({})", c.username, c.source),
            Login::Trusted { .. } => "with trusted publishing".to_string(),
        }
    }
}

/// What became of one file, for the summary and `--json`.
#[derive(Debug, Clone, serde::Serialize)]
struct FileResult {
    file: String,
    size: u64,
    sha256: String,
    outcome: Outcome,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn io_out(source: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source,
    }
}

/// `relx publish`.
pub fn run(global: &GlobalArgs, args: &PublishArgs, out: &mut Printer) -> Result<(), Error> {
    let workspace = Workspace::open(global, false)?;
    let release = preflight(&workspace, args, out)?;
    let login = login(args, &release)?;
    let github = if args.no_github_release {
        None
    } else {
        release::github_plan(&workspace, args, &release)?
    };
    // GitLab when GitHub is not in play (a GitHub token wins).
    let gitlab = if args.no_gitlab_release || github.is_some() {
        None
    } else {
        release::gitlab_plan(&workspace, args, &release)?
    };
    if github.is_none() && gitlab.is_none() && !args.no_github_release && !args.no_gitlab_release {
        out.info(
            "no GITHUB_TOKEN or GH_TOKEN (nor GITLAB_TOKEN, CI_JOB_TOKEN): no GitHub or GitLab release",
        )
        .ok();
    }
    let client = Client::new(Policy {
        retries: args.retries,
        timeout: Duration::from_secs(args.timeout.max(1)),
        ..Policy::default()
    });
    if !args.json {
        writeln!(
            out.out(),
            "publish: {} {} (tag {}) to {} {}",
            release.project,
            release.version,
            release.tag,
            release.upload_url,
            login.describe()
        )
        .map_err(io_out)?;
    }

    let creds = match (&login, args.dry_run) {
        (Login::Ready(c), _) => Some(c.clone()),
        (Login::Trusted { .. }, true) => None,
        (
            Login::Trusted {
                request_url,
                request_token,
            },
            false,
        ) => Some(
            transport::trusted_publishing(&client, &release.upload_url, request_url, request_token)
                .map_err(Error::TrustedPublishing)?,
        ),
    };
    let results = upload_all(&client, &release, creds.as_ref(), args, out)?;
    let github_result = match &github {
        Some(plan) if args.dry_run => {
            if !args.json {
                let names: Vec<String> = plan
                    .release
                    .assets
                    .iter()
                    .map(|p| super::build::file_name(p))
                    .collect();
                writeln!(
                    out.out(),
                    "would create or update the GitHub release {} on {} with {}",
                    plan.release.tag,
                    plan.target.repo,
                    names.join(", ")
                )
                .map_err(io_out)?;
            }
            None
        }
        Some(plan) => Some(github_release(&client, plan, &results, args.json, out)?),
        None => None,
    };
    let gitlab_result = match &gitlab {
        Some(plan) if args.dry_run => {
            if !args.json {
                writeln!(
                    out.out(),
                    "would create or update the GitLab release {} on {} with links to the files on the index",
                    plan.tag,
                    plan.target.project
                )
                .map_err(io_out)?;
            }
            None
        }
        Some(plan) => Some(gitlab_release(
            &client,
            plan,
            &release,
            creds.as_ref(),
            &results,
            args.json,
            out,
        )?),
        None => None,
    };
    if args.json {
        let value = serde_json::json!({
            "project": release.project,
            "version": release.version.to_string(),
            "tag": release.tag,
            "repository_url": release.upload_url,
            "dry_run": args.dry_run,
            "files": results,
            "github": github.as_ref().map(|plan| serde_json::json!({
                "repository": plan.target.repo,
                "url": github_result.as_ref().map(|(url, _)| url.clone()),
                "assets": github_result.as_ref().map(|(_, assets)| assets.iter().map(|(name, outcome)| serde_json::json!({"name": name, "outcome": outcome})).collect::<Vec<_>>()),
            })),
            "gitlab": gitlab.as_ref().map(|plan| serde_json::json!({
                "project": plan.target.project,
                "url": gitlab_result.as_ref().map(|(url, _)| url.clone()),
                "links": gitlab_result.as_ref().map(|(_, links)| links.iter().map(|(name, outcome)| serde_json::json!({"name": name, "outcome": outcome})).collect::<Vec<_>>()),
            })),
        });
        writeln!(out.out(), "{value:#}").map_err(io_out)?;
    } else if args.dry_run {
        writeln!(out.out(), "Dry run: nothing was uploaded").map_err(io_out)?;
    }
    Ok(())
}

/// Everything checked before anything is sent: the files, one release of
/// one project, the release tag, the index URL.
fn preflight(
    workspace: &Workspace,
    args: &PublishArgs,
    out: &mut Printer,
) -> Result<Release, Error> {
    let config = workspace.config();
    let (dist_dir, paths) = if args.files.is_empty() {
        let shown = args
            .dist_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(&config.dist_dir));
        let dir = workspace.dir.join(&shown);
        (dir.clone(), release::dist_files(&dir, &shown)?)
    } else {
        let paths: Vec<PathBuf> = args.files.iter().map(|f| workspace.dir.join(f)).collect();
        for (path, shown) in paths.iter().zip(&args.files) {
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
    };

    // The files pass what `twine check --strict` checks (and their names).
    let python = backend::python3(std::env::var_os("PATH").as_deref());
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
            out.warn(&format!("{}: {warning}", shown.display())).ok();
        }
        report.files.push(one);
        hashed.push(digests);
    }
    if let Some(err) = super::build::check_failure(&report) {
        return Err(err);
    }
    let candidates = paths
        .iter()
        .zip(hashed)
        .map(|(p, d)| Candidate::read(p, &workspace.dir, d))
        .collect::<Result<Vec<_>, _>>()?;
    let (project, version) = release::one_release(&candidates)?;
    let tag = release::release_tag(workspace, args, &version, &candidates)?;
    let upload_url = upload_url(args, config)?;
    let check_url = match (&args.check_url, env("UV_PUBLISH_CHECK_URL")) {
        (Some(url), _) => Some((url.clone(), "--check-url")),
        (None, url) => url.map(|url| (url, "UV_PUBLISH_CHECK_URL")),
    };
    let simple_url = match check_url {
        Some((url, what)) => checked_url(url, what)?,
        None => transport::index::simple_url_for(&upload_url),
    };
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

/// `~/.pypirc`.
fn pypirc_path() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(|home| PathBuf::from(home).join(".pypirc"))
}

fn pypirc_entry(name: &str) -> Option<token::PypircEntry> {
    let text = std::fs::read_to_string(pypirc_path()?).ok()?;
    token::pypirc_section(&text, name)
}

/// The upload URL: flag, ~/.pypirc section, environment, configuration,
/// PyPI. Only http(s) URLs are accepted.
fn upload_url(args: &PublishArgs, config: &crate::config::Config) -> Result<String, Error> {
    let from_section = |name: &str| -> Result<String, Error> {
        let entry = pypirc_entry(name);
        match (entry.and_then(|e| e.repository), name) {
            (Some(url), _) => Ok(url),
            (None, "pypi") => Ok(PYPI_UPLOAD_URL.to_string()),
            (None, "testpypi") => Ok("https://test.pypi.org/legacy/".to_string()),
            (None, _) => Err(Error::NoCredentials(format!(
                "~/.pypirc has no repository URL for [{name}]"
            ))),
        }
    };
    let (url, what) = match (&args.repository_url, &args.repository) {
        (Some(url), _) => (url.clone(), "--repository-url".to_string()),
        (None, Some(name)) => (from_section(name)?, format!("~/.pypirc [{name}]")),
        (None, None) => [
            "RELX_REPOSITORY_URL",
            "TWINE_REPOSITORY_URL",
            "UV_PUBLISH_URL",
        ]
        .iter()
        .find_map(|name| env(name).map(|url| (url, name.to_string())))
        .or_else(|| {
            config
                .repository_url
                .clone()
                .map(|url| (url, "`repository_url`".to_string()))
        })
        .unwrap_or_else(|| (PYPI_UPLOAD_URL.to_string(), "PyPI".to_string())),
    };
    checked_url(url, &what)
}

/// Where the index's secret belongs instead of its URL.
const INDEX_SECRET_HINT: &str = "put the token in RELX_PYPI_TOKEN (or PYPI_TOKEN, UV_PUBLISH_TOKEN, TWINE_PASSWORD) and the URL without it";

/// Refuses a URL with credentials inside it (they would be printed with
/// it, and relx takes secrets from the environment only). The error names
/// where the URL came from (`what`) and shows it without them; `hint`
/// says where the secret belongs.
pub(super) fn refuse_credentials(url: &str, what: &str, hint: &str) -> Result<(), Error> {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (format!("{}://", scheme.to_ascii_lowercase()), rest),
        None => (String::new(), url),
    };
    // As `shown_url` reads it: the credentials end at the last `@` before
    // the path, whatever `?` or `#` they hold.
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    match authority.rfind('@') {
        Some(at) => {
            let host = authority[at + 1..]
                .split(['?', '#'])
                .next()
                .unwrap_or_default();
            Err(Error::CredentialsInUrl {
                what: what.to_string(),
                shown: format!("{scheme}***@{host}/…"),
                hint: hint.to_string(),
            })
        }
        None => Ok(()),
    }
}

/// An http(s) URL without credentials in it (`what` says where it came
/// from); the credentials part is never shown.
fn checked_url(url: String, what: &str) -> Result<String, Error> {
    refuse_credentials(&url, what, INDEX_SECRET_HINT)?;
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Err(Error::UploadFailed {
            message: format!("{url}: not an http(s) URL"),
            hint: Some(format!("the upload URL looks like {PYPI_UPLOAD_URL}")),
        });
    }
    Ok(url)
}

/// Where the credentials come from: the environment, then ~/.pypirc, then
/// trusted publishing on GitHub Actions.
fn login(args: &PublishArgs, release: &Release) -> Result<Login, Error> {
    let trusted = || -> Result<Option<Login>, Error> {
        let (Some(request_url), Some(request_token)) = (
            env("ACTIONS_ID_TOKEN_REQUEST_URL"),
            env("ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
        ) else {
            return Ok(None);
        };
        refuse_credentials(
            &request_url,
            "ACTIONS_ID_TOKEN_REQUEST_URL",
            "GitHub Actions sets it without credentials; its token is ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        )?;
        Ok(Some(Login::Trusted {
            request_url,
            request_token: Token::new(request_token),
        }))
    };
    if args.trusted_publishing == TrustedPublishing::Always {
        return trusted()?.ok_or_else(|| {
            Error::TrustedPublishing(
                "trusted publishing needs GitHub Actions' ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN; give the job `permissions: id-token: write`".to_string(),
            )
        });
    }
    if let Some(creds) = token::from_env(env) {
        return Ok(Login::Ready(creds));
    }
    let section = match &args.repository {
        Some(name) => Some(name.clone()),
        None if release.upload_url == PYPI_UPLOAD_URL => Some("pypi".to_string()),
        None => None,
    };
    if let Some(name) = section {
        if let Some(password) = pypirc_entry(&name).and_then(|e| {
            let user = e.username.unwrap_or_else(|| "__token__".to_string());
            e.password.map(|p| (user, p))
        }) {
            return Ok(Login::Ready(Credentials {
                username: password.0,
                password: password.1,
                source: format!("~/.pypirc [{name}]"),
            }));
        }
    }
    if args.trusted_publishing == TrustedPublishing::Auto {
        if let Some(login) = trusted()? {
            return Ok(login);
        }
    }
    Err(Error::NoCredentials(format!(
        "no credentials for {}: none of {} is set{}",
        release.upload_url,
        token::TOKEN_VARIABLES.join(", "),
        match &args.repository {
            Some(name) => format!(" and ~/.pypirc has no password for [{name}]"),
            None => String::new(),
        }
    )))
}

/// "on the index now: a, b; not uploaded: c", for an error in the middle.
fn progress_hint(results: &[FileResult], rest: &[&Candidate]) -> String {
    let done: Vec<&str> = results.iter().map(|r| r.file.as_str()).collect();
    let left: Vec<&str> = rest.iter().map(|c| c.dist.filename.as_str()).collect();
    let done = if done.is_empty() {
        "none".to_string()
    } else {
        done.join(", ")
    };
    format!(
        "on the index now: {done}; not uploaded: {}",
        left.join(", ")
    )
}

fn human_size(bytes: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

/// Looks every file up first (a file the index has with another hash stops
/// everything before the first upload), then uploads the rest in order.
fn upload_all(
    client: &Client,
    release: &Release,
    creds: Option<&Credentials>,
    args: &PublishArgs,
    out: &mut Printer,
) -> Result<Vec<FileResult>, Error> {
    let simple = &release.simple_url;
    let page = transport::listing_url(simple, &release.project);
    let retry = |n: u32, why: &str| {
        out.warn(&format!("{page}: {why}; retry {n} of {}", args.retries))
            .ok();
    };
    let on_index = match transport::listing(client, simple, &release.project, creds, retry) {
        Ok(files) => files,
        Err(LookupError::Unreachable(why)) => {
            return Err(Error::UploadFailed {
                message: format!("{why} (after {} retries)", args.retries),
                hint: Some("nothing was uploaded; is the index up and the URL right?".to_string()),
            })
        }
        Err(LookupError::Refused(why)) => {
            out.warn(&format!(
                "cannot read the index's listing ({why}); files it has already will be reported by the upload"
            ))
            .ok();
            Vec::new()
        }
    };
    let mut listed = Vec::new();
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
        listed.push(found);
    }

    let mut results: Vec<FileResult> = Vec::new();
    for (i, (file, found)) in release.files.iter().zip(listed).enumerate() {
        let name = file.dist.filename.clone();
        let result = |outcome| FileResult {
            file: name.clone(),
            size: file.size,
            sha256: file.dist.sha256.clone(),
            outcome,
        };
        let already = matches!(found, Some(Some(_)));
        if already {
            if !args.json {
                writeln!(
                    out.out(),
                    "skipped {name}: the index has it already (same sha256)"
                )
                .map_err(io_out)?;
            }
            results.push(result(Outcome::AlreadyUploaded));
            continue;
        }
        if args.dry_run {
            if !args.json {
                writeln!(out.out(), "would upload {name} ({})", human_size(file.size))
                    .map_err(io_out)?;
            }
            results.push(result(Outcome::WouldUpload));
            continue;
        }
        // Only a dry run goes without credentials (trusted publishing's
        // exchange is skipped there).
        let Some(creds) = creds else {
            return Err(Error::NoCredentials(format!(
                "no credentials to upload {name} with"
            )));
        };
        let uploader = Uploader {
            client,
            upload_url: &release.upload_url,
            creds,
            skip_existing: args.skip_existing,
        };
        let bar = out.progress(file.size, &name);
        let shown = bar.clone();
        let size = file.size;
        // The form's text travels with the file: show the file's share.
        let progress: transport::ProgressFn = Arc::new(move |sent, total| {
            let share = u128::from(sent) * u128::from(size) / u128::from(total.max(1));
            shown.set_position(u64::try_from(share).unwrap_or(size));
        });
        let started = Instant::now();
        let outcome = uploader.upload(&file.path, &file.dist, progress, |n, why| {
            out.warn(&format!("{name}: {why}; retry {n} of {}", args.retries))
                .ok();
        });
        bar.finish();
        let rest: Vec<&Candidate> = release.files[i..].iter().collect();
        let outcome = outcome.map_err(|e| upload_error(e, Some(progress_hint(&results, &rest))))?;
        if !args.json {
            let line = match outcome {
                Outcome::SkippedExisting => {
                    format!("skipped {name}: the index has it already (--skip-existing)")
                }
                _ => format!(
                    "uploaded {name} ({} in {:.1} s)",
                    human_size(file.size),
                    started.elapsed().as_secs_f64()
                ),
            };
            writeln!(out.out(), "{line}").map_err(io_out)?;
        }
        results.push(result(outcome));
    }
    Ok(results)
}

fn upload_error(e: UploadError, hint: Option<String>) -> Error {
    let message = e.to_string();
    match e {
        UploadError::Auth { .. } => Error::CredentialsRefused { message, hint },
        UploadError::Conflict { .. } | UploadError::Exists { .. } => {
            Error::UploadConflict { message, hint }
        }
        UploadError::Redirected { .. } | UploadError::Failed { .. } => {
            Error::UploadFailed { message, hint }
        }
    }
}

/// Creates or finishes the GitHub Release.
fn github_release(
    client: &Client,
    plan: &GithubPlan,
    results: &[FileResult],
    json: bool,
    out: &mut Printer,
) -> Result<(String, Vec<(String, AssetOutcome)>), Error> {
    let (url, assets) = github::publish(client, &plan.target, &plan.release, |line| {
        out.info(line).ok();
    })
    .map_err(|e| forge_failed(e.to_string(), results))?;
    if !json {
        let attached = assets
            .iter()
            .filter(|(_, o)| *o != AssetOutcome::Skipped)
            .count();
        writeln!(
            out.out(),
            "GitHub release {}: {url} ({attached} assets attached, {} there already)",
            plan.release.tag,
            assets.len() - attached
        )
        .map_err(io_out)?;
    }
    Ok((url, assets))
}

/// A forge release that failed after the upload: what is on the index, and
/// that a re-run finishes the job.
fn forge_failed(message: String, results: &[FileResult]) -> Error {
    let files = if results.is_empty() {
        "nothing".to_string()
    } else {
        results
            .iter()
            .map(|r| r.file.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    Error::ForgeRelease {
        message,
        hint: Some(format!(
            "{files} on the index; run relx publish again to finish the release (what is there already is skipped)"
        )),
    }
}

/// Creates or finishes the GitLab release, linking each file at its URL on
/// the index (read back from the simple API; the project's page there when
/// the index does not list a file).
fn gitlab_release(
    client: &Client,
    plan: &GitlabPlan,
    release: &Release,
    creds: Option<&Credentials>,
    results: &[FileResult],
    json: bool,
    out: &mut Printer,
) -> Result<(String, Vec<(String, LinkOutcome)>), Error> {
    let simple = &release.simple_url;
    let page = transport::listing_url(simple, &release.project);
    let listed =
        transport::listing(client, simple, &release.project, creds, |_, _| {}).unwrap_or_default();
    let links = release
        .files
        .iter()
        .map(|f| {
            let url = listed
                .iter()
                .find(|l| l.filename == f.dist.filename && !l.href.is_empty())
                .map_or_else(|| page.clone(), |l| l.href.clone());
            (f.dist.filename.clone(), url)
        })
        .collect();
    let target = gitlab::Release {
        tag: plan.tag.clone(),
        body: plan.body.clone(),
        links,
    };
    let (url, links) = gitlab::publish(client, &plan.target, &target, |line| {
        out.info(line).ok();
    })
    .map_err(|e| forge_failed(e.to_string(), results))?;
    if !json {
        let added = links
            .iter()
            .filter(|(_, o)| *o == LinkOutcome::Added)
            .count();
        writeln!(
            out.out(),
            "GitLab release {}: {url} ({added} links added, {} there already)",
            plan.tag,
            links.len() - added
        )
        .map_err(io_out)?;
    }
    Ok((url, links))
}
