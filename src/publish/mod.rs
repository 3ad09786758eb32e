//! `relx publish`: uploads distributions to a PyPI-compatible index through
//! the upload API that twine and `uv publish` use, then creates the GitHub
//! Release. Shell: network and files; the form and listings are parsed by
//! pure functions in the submodules.

pub mod form;
pub mod github;
pub mod gitlab;
pub mod http;
pub mod index;
pub mod multipart;
pub mod redact;
pub mod token;

use std::io::Read;
use std::path::Path;

use sha2::Digest;

use form::Dist;
use http::{error_text, Auth, Body, Client};
use token::{Credentials, Token};

use crate::pkg::name::canonical_name;

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Sent now.
    Uploaded,
    /// The index has it already with the same sha256.
    AlreadyUploaded,
    /// The index answered "exists" and `--skip-existing` was given.
    SkippedExisting,
    /// `--dry-run`: would be sent.
    WouldUpload,
}

/// An upload that failed, with what the user needs to know.
#[derive(Debug, Clone, thiserror::Error)]
pub enum UploadError {
    /// The credentials were refused (401/403).
    #[error("{file}: the index refused the credentials from {source_name} ({detail})")]
    Auth {
        /// The file.
        file: String,
        /// Where the credentials came from.
        source_name: String,
        /// What the index said.
        detail: String,
    },
    /// The index has a file of that name with other content.
    #[error("{file}: the index already has a different file of that name (sha256 {theirs}, this one {ours}); a file name can never be reused")]
    Conflict {
        /// The file.
        file: String,
        /// The index's sha256.
        theirs: String,
        /// The local sha256.
        ours: String,
    },
    /// The index says the file exists and `--skip-existing` is off.
    #[error("{file}: the index already has this file ({detail}); pass --skip-existing to treat that as done")]
    Exists {
        /// The file.
        file: String,
        /// What the index said.
        detail: String,
    },
    /// A redirect (twine refuses them too: the URL is probably wrong).
    #[error("{file}: the index redirected the upload to {location}; check --repository-url (PyPI's is https://upload.pypi.org/legacy/)")]
    Redirected {
        /// The file.
        file: String,
        /// Where to.
        location: String,
    },
    /// Any other refusal, or no answer after the retries.
    #[error("{file}: {detail}")]
    Failed {
        /// The file.
        file: String,
        /// What happened.
        detail: String,
    },
}

/// A file's size and digests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digests {
    /// Size in bytes.
    pub size: u64,
    /// Hex sha256.
    pub sha256: String,
    /// Hex blake2b-256.
    pub blake2_256: String,
}

/// Size, sha256 and blake2b-256 of a file, in one streamed read.
pub fn digests(path: &Path) -> std::io::Result<Digests> {
    let mut file = std::fs::File::open(path)?;
    let mut sha = sha2::Sha256::new();
    let mut blake = blake2::Blake2b::<blake2::digest::consts::U32>::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        size += n as u64;
        sha.update(&buf[..n]);
        blake.update(&buf[..n]);
    }
    Ok(Digests {
        size,
        sha256: hex(&sha.finalize()),
        blake2_256: hex(&blake.finalize()),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a listing could not be read.
#[derive(Debug, Clone, thiserror::Error)]
pub enum LookupError {
    /// No HTTP answer, after the retries.
    #[error("{0}")]
    Unreachable(String),
    /// An answer other than the listing or 404.
    #[error("{0}")]
    Refused(String),
}

/// The simple API's page of `project`.
pub fn listing_url(simple_url: &str, project: &str) -> String {
    format!(
        "{}/{}/",
        simple_url.trim_end_matches('/'),
        canonical_name(project)
    )
}

/// The files the index lists for `project` (PEP 691 JSON or PEP 503
/// HTML), their URLs resolved; empty when the project does not exist yet.
pub fn listing(
    client: &Client,
    simple_url: &str,
    project: &str,
    creds: Option<&Credentials>,
    retry: impl FnMut(u32, &str),
) -> Result<Vec<index::Listed>, LookupError> {
    let url = listing_url(simple_url, project);
    let accept = "application/vnd.pypi.simple.v1+json, text/html;q=0.1".to_string();
    let auth = match creds {
        Some(c) => Auth::Basic(&c.username, &c.password),
        None => Auth::None,
    };
    let answer = client
        .send(
            "GET",
            &url,
            &[("Accept", accept)],
            &auth,
            Body::Empty,
            retry,
        )
        .map_err(|e| LookupError::Unreachable(format!("{url}: {e}")))?;
    let secrets: Vec<&Token> = creds.map(|c| &c.password).into_iter().collect();
    match answer.status {
        200 => Ok(index::parse_listing(&answer.content_type, &answer.body)
            .into_iter()
            .map(|mut l| {
                l.href = index::resolve(&url, &l.href);
                l
            })
            .collect()),
        404 => Ok(Vec::new()),
        _ => Err(LookupError::Refused(format!(
            "{url}: {}",
            error_text(&answer, &secrets)
        ))),
    }
}

/// Where and how files are sent.
pub struct Uploader<'a> {
    /// The HTTP client.
    pub client: &'a Client,
    /// The upload endpoint.
    pub upload_url: &'a str,
    /// Who uploads.
    pub creds: &'a Credentials,
    /// Treat "already exists" answers as done.
    pub skip_existing: bool,
}

/// Called with the bytes sent so far and the total.
pub type ProgressFn = std::sync::Arc<dyn Fn(u64, u64) + Send + Sync>;

impl Uploader<'_> {
    /// Sends one file; `retry` hears each retry's number and reason.
    pub fn upload(
        &self,
        path: &Path,
        dist: &Dist,
        progress: ProgressFn,
        retry: impl FnMut(u32, &str),
    ) -> Result<Outcome, UploadError> {
        let fields = form::fields(dist);
        let file = dist.filename.clone();
        let name = dist.filename.clone();
        let path_buf = path.to_path_buf();
        let body = Body::Stream(Box::new(move || {
            let (inner, content_type) = multipart::Multipart::new(&fields, &name, &path_buf)?;
            let total = inner.len();
            let reader = Progress {
                inner,
                sent: 0,
                total,
                report: progress.clone(),
            };
            Ok((
                Box::new(reader) as Box<dyn Read + Send>,
                total,
                content_type,
            ))
        }));
        let creds = self.creds;
        let answer = self
            .client
            .send(
                "POST",
                self.upload_url,
                &[],
                &Auth::Basic(&creds.username, &creds.password),
                body,
                retry,
            )
            .map_err(|e| UploadError::Failed {
                file: file.clone(),
                detail: format!("{}: {e}", self.upload_url),
            })?;
        let detail = || error_text(&answer, &[&creds.password]);
        match answer.status {
            200..=299 => Ok(Outcome::Uploaded),
            300..=399 => Err(UploadError::Redirected {
                file,
                location: answer.location.as_deref().map_or_else(
                    || "an unknown location".to_string(),
                    |to| creds.password.redact(&http::shown_url(to)),
                ),
            }),
            401 | 403 => Err(UploadError::Auth {
                file,
                source_name: creds.source.clone(),
                detail: detail(),
            }),
            409 => exists(file, self.skip_existing, detail()),
            400 if answer.body.to_ascii_lowercase().contains("already exist") => {
                exists(file, self.skip_existing, detail())
            }
            _ => Err(UploadError::Failed {
                file,
                detail: detail(),
            }),
        }
    }
}

fn exists(file: String, skip_existing: bool, detail: String) -> Result<Outcome, UploadError> {
    if skip_existing {
        Ok(Outcome::SkippedExisting)
    } else {
        Err(UploadError::Exists { file, detail })
    }
}

struct Progress {
    inner: multipart::Multipart,
    sent: u64,
    total: u64,
    report: ProgressFn,
}

impl Read for Progress {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.sent += n as u64;
        (self.report)(self.sent, self.total);
        Ok(n)
    }
}

/// Trusted publishing on GitHub Actions: PyPI's audience, GitHub's OIDC
/// token for it, and PyPI's exchange of that for a short-lived API token.
pub fn trusted_publishing(
    client: &Client,
    upload_url: &str,
    request_url: &str,
    request_token: &Token,
) -> Result<Credentials, String> {
    let base = token::trusted_publishing_base(upload_url)
        .ok_or_else(|| format!("{upload_url}: not an http(s) URL"))?;
    let no_retry = |_: u32, _: &str| {};
    let answer = client
        .send(
            "GET",
            &format!("{base}/_/oidc/audience"),
            &[],
            &Auth::None,
            Body::Empty,
            no_retry,
        )
        .map_err(|e| format!("trusted publishing: {base}/_/oidc/audience: {e}"))?;
    let audience: token::Audience = serde_json::from_str(&answer.body).map_err(|_| {
        format!(
            "trusted publishing: {base}/_/oidc/audience: {}",
            error_text(&answer, &[request_token])
        )
    })?;
    let separator = if request_url.contains('?') { '&' } else { '?' };
    let url = format!("{request_url}{separator}audience={}", audience.audience);
    let answer = client
        .send(
            "GET",
            &url,
            &[],
            &Auth::Bearer(request_token),
            Body::Empty,
            no_retry,
        )
        .map_err(|e| format!("trusted publishing: the OIDC token request failed: {e}"))?;
    let oidc: token::OidcToken = serde_json::from_str(&answer.body).map_err(|_| {
        format!(
            "trusted publishing: the OIDC token request failed ({}); does the workflow have `permissions: id-token: write`?",
            error_text(&answer, &[request_token])
        )
    })?;
    let oidc = Token::new(oidc.value);
    let payload = serde_json::json!({ "token": oidc.expose() })
        .to_string()
        .into_bytes();
    let answer = client
        .send(
            "POST",
            &format!("{base}/_/oidc/mint-token"),
            &[],
            &Auth::None,
            Body::Bytes(payload, "application/json"),
            no_retry,
        )
        .map_err(|e| format!("trusted publishing: {base}/_/oidc/mint-token: {e}"))?;
    let minted: token::Minted = serde_json::from_str(&answer.body).unwrap_or(token::Minted {
        success: Some(false),
        token: None,
        message: None,
    });
    match minted.token {
        Some(t) if answer.status == 200 => Ok(Credentials {
            username: "__token__".to_string(),
            password: Token::new(t),
            source: "trusted publishing".to_string(),
        }),
        _ => Err(Token::redact_all(
            &[request_token, &oidc],
            &format!(
                "trusted publishing: the index refused the exchange ({}); is this repository and workflow registered as a trusted publisher?",
                minted
                    .message
                    .unwrap_or_else(|| error_text(&answer, &[request_token, &oidc]))
            ),
        )),
    }
}
