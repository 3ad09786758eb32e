//! Carries out a [`PublishPlan`]: each file the index does not have is
//! uploaded in order, then the GitHub or GitLab release is created or
//! finished. The face hears each step through [`Watch`].

use std::time::{Duration, Instant};

use super::release::{Candidate, GitlabPlan};
use super::{FileResult, Inner, PublishPlan};
use crate::error::Error;
use crate::publish::github::{self, AssetOutcome};
use crate::publish::gitlab::{self, LinkOutcome};
use crate::publish::{self as transport, Outcome, ProgressFn, UploadError, Uploader};
use crate::talk::Talk;

/// What the face hears while the plan is carried out.
pub trait Watch: Talk {
    /// A file's upload starts; the callback hears the bytes sent.
    fn sending(&mut self, file: &str, size: u64) -> ProgressFn;
    /// That upload ended, well or not.
    fn sent(&mut self);
    /// A file is done: skipped, or sent in `elapsed`.
    fn file_done(&mut self, result: &FileResult, elapsed: Duration) -> Result<(), Error>;
    /// The GitHub Release is made: its URL and what became of each asset.
    fn github_done(
        &mut self,
        tag: &str,
        url: &str,
        assets: &[(String, AssetOutcome)],
    ) -> Result<(), Error>;
    /// The GitLab release is made: its URL and what became of each link.
    fn gitlab_done(
        &mut self,
        tag: &str,
        url: &str,
        links: &[(String, LinkOutcome)],
    ) -> Result<(), Error>;
}

/// What was done.
pub struct Applied {
    /// Each file's outcome.
    pub files: Vec<FileResult>,
    /// The GitHub Release's URL and assets.
    pub github: Option<(String, Vec<(String, AssetOutcome)>)>,
    /// The GitLab release's URL and links.
    pub gitlab: Option<(String, Vec<(String, LinkOutcome)>)>,
}

/// Uploads the files the index does not have, then makes the releases.
pub fn apply(plan: &PublishPlan, watch: &mut dyn Watch) -> Result<Applied, Error> {
    let inner = &plan.inner;
    let files = upload_all(plan, watch)?;
    let github = match &inner.github {
        Some(forge) => {
            let (url, assets) =
                github::publish(&inner.client, &forge.target, &forge.release, |line| {
                    watch.info(line);
                })
                .map_err(|e| forge_failed(e.to_string(), &files))?;
            watch.github_done(&forge.release.tag, &url, &assets)?;
            Some((url, assets))
        }
        None => None,
    };
    let gitlab = match &inner.gitlab {
        Some(forge) => {
            let (url, links) = gitlab_release(inner, forge, &files, watch)?;
            watch.gitlab_done(&forge.tag, &url, &links)?;
            Some((url, links))
        }
        None => None,
    };
    Ok(Applied {
        files,
        github,
        gitlab,
    })
}

/// "on the index now: a, b; not uploaded: c", for an error in the middle.
fn progress_hint(results: &[FileResult], rest: &[Candidate]) -> String {
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

fn upload_all(plan: &PublishPlan, watch: &mut dyn Watch) -> Result<Vec<FileResult>, Error> {
    let inner = &plan.inner;
    let release = &inner.release;
    let mut results: Vec<FileResult> = Vec::new();
    for (i, (file, planned)) in release.files.iter().zip(&plan.files).enumerate() {
        let name = file.dist.filename.clone();
        let result = |outcome| FileResult {
            file: name.clone(),
            size: file.size,
            sha256: file.dist.sha256.clone(),
            outcome,
        };
        if planned.on_index {
            let done = result(Outcome::AlreadyUploaded);
            watch.file_done(&done, Duration::ZERO)?;
            results.push(done);
            continue;
        }
        // Only a dry run goes without credentials (trusted publishing's
        // exchange is skipped there).
        let Some(creds) = &inner.creds else {
            return Err(Error::NoCredentials(format!(
                "no credentials to upload {name} with"
            )));
        };
        let uploader = Uploader {
            client: &inner.client,
            upload_url: &release.upload_url,
            creds,
            skip_existing: inner.skip_existing,
        };
        let progress = watch.sending(&name, file.size);
        let started = Instant::now();
        let outcome = uploader.upload(&file.path, &file.dist, progress, |n, why| {
            watch.warn(&format!("{name}: {why}; retry {n} of {}", inner.retries));
        });
        watch.sent();
        let outcome = outcome
            .map_err(|e| upload_error(e, Some(progress_hint(&results, &release.files[i..]))))?;
        let done = result(outcome);
        watch.file_done(&done, started.elapsed())?;
        results.push(done);
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
    inner: &Inner,
    plan: &GitlabPlan,
    results: &[FileResult],
    watch: &mut dyn Watch,
) -> Result<(String, Vec<(String, LinkOutcome)>), Error> {
    let release = &inner.release;
    let simple = &release.simple_url;
    let page = transport::listing_url(simple, &release.project);
    let listed = transport::listing(
        &inner.client,
        simple,
        &release.project,
        inner.creds.as_ref(),
        |_, _| {},
    )
    .unwrap_or_default();
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
    gitlab::publish(&inner.client, &plan.target, &target, |line| {
        watch.info(line);
    })
    .map_err(|e| forge_failed(e.to_string(), results))
}
