//! The GitHub Release: created (or updated) for the tag, with the version's
//! changelog section as its body and every distribution file, SHA256SUMS and
//! the release notes as assets. A re-run finishes the job: an existing
//! release is updated and assets already there with the same size are
//! skipped.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::http::{error_text, Answer, Auth, Body, Client};
use super::token::Token;

/// Where and as whom to talk to GitHub.
#[derive(Debug, Clone)]
pub struct Target {
    /// `https://api.github.com`, or GitHub Enterprise / a test server.
    pub api_url: String,
    /// `owner/repo`.
    pub repo: String,
    /// The token.
    pub token: Token,
}

/// What to publish.
#[derive(Debug, Clone)]
pub struct Release {
    /// The tag, also the release's name.
    pub tag: String,
    /// The release notes.
    pub body: String,
    /// A pre-release version.
    pub prerelease: bool,
    /// Files to attach.
    pub assets: Vec<PathBuf>,
}

/// What happened to one asset.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AssetOutcome {
    /// Uploaded now.
    Uploaded,
    /// Already there with the same size.
    Skipped,
    /// There with another size: deleted and uploaded again.
    Replaced,
}

/// A GitHub request failed.
#[derive(Debug, Clone, thiserror::Error)]
#[error("GitHub: {0}")]
pub struct GithubError(pub String);

/// `owner/repo` from a remote URL (`https://github.com/o/r.git`,
/// `git@github.com:o/r.git`, `ssh://git@github.com/o/r`).
pub fn repo_from_remote(url: &str) -> Option<String> {
    let mut parts = remote_path(url)?.rsplitn(3, '/');
    let repo = parts.next()?;
    let owner = parts.next()?;
    (!owner.is_empty() && !repo.is_empty()).then(|| format!("{owner}/{repo}"))
}

/// The path part of a remote URL, without `.git` and slashes around it:
/// `https://host/a/b.git`, `ssh://git@host/a/b`, `git@host:a/b` → `a/b`.
pub(super) fn remote_path(url: &str) -> Option<&str> {
    let url = url.trim().trim_end_matches('/').trim_end_matches(".git");
    let path = if let Some((_, rest)) = url.split_once("://") {
        rest.split_once('/')?.1
    } else {
        url.split_once(':')?.1
    };
    Some(path.trim_start_matches('/'))
}

fn headers() -> Vec<(&'static str, String)> {
    vec![
        ("Accept", "application/vnd.github+json".to_string()),
        ("X-GitHub-Api-Version", "2022-11-28".to_string()),
    ]
}

fn json_of(answer: &Answer) -> Value {
    serde_json::from_str(&answer.body).unwrap_or(Value::Null)
}

fn failed(what: &str, answer: &Answer, token: &Token) -> GithubError {
    let message = json_of(answer)
        .get("message")
        .and_then(Value::as_str)
        .map(|m| format!("HTTP {}: {m}", answer.status))
        .unwrap_or_else(|| error_text(answer, &[token]));
    let hint = match answer.status {
        401 => " (the token is not valid)",
        403 | 404 => " (the token may lack `contents: write` on this repository)",
        _ => "",
    };
    GithubError(token.redact(&format!("{what}: {message}{hint}")))
}

/// Creates or updates the release and uploads its assets. `progress` hears
/// one line per step.
pub fn publish(
    client: &Client,
    target: &Target,
    release: &Release,
    mut progress: impl FnMut(&str),
) -> Result<(String, Vec<(String, AssetOutcome)>), GithubError> {
    let auth = Auth::Bearer(&target.token);
    let api = target.api_url.trim_end_matches('/');
    let base = format!("{api}/repos/{}/releases", target.repo);
    let unreachable = |e: super::http::Unreachable| GithubError(format!("{api}: {e}"));
    let retry = |_: u32, _: &str| {};

    let existing = client
        .send(
            "GET",
            &format!("{base}/tags/{}", encode(&release.tag)),
            &headers(),
            &auth,
            Body::Empty,
            retry,
        )
        .map_err(unreachable)?;
    let payload = json!({
        "tag_name": release.tag,
        "name": release.tag,
        "body": release.body,
        "prerelease": release.prerelease,
        "make_latest": if release.prerelease { "false" } else { "true" },
    });
    let body = || Body::Bytes(payload.to_string().into_bytes(), "application/json");
    let answer = match existing.status {
        200 => {
            let id = json_of(&existing)
                .get("id")
                .and_then(Value::as_u64)
                .unwrap_or_default();
            progress(&format!("updating the GitHub release {}", release.tag));
            let answer = client
                .send(
                    "PATCH",
                    &format!("{base}/{id}"),
                    &headers(),
                    &auth,
                    body(),
                    retry,
                )
                .map_err(unreachable)?;
            if answer.status != 200 {
                return Err(failed("updating the release", &answer, &target.token));
            }
            answer
        }
        404 => {
            progress(&format!("creating the GitHub release {}", release.tag));
            let answer = client
                .send("POST", &base, &headers(), &auth, body(), retry)
                .map_err(unreachable)?;
            if answer.status != 201 {
                return Err(failed("creating the release", &answer, &target.token));
            }
            answer
        }
        _ => return Err(failed("looking up the release", &existing, &target.token)),
    };
    let value = json_of(&answer);
    let html_url = value
        .get("html_url")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let upload_url = value
        .get("upload_url")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .split('{')
        .next()
        .unwrap_or_default()
        .to_string();
    let present = present_assets(&value);

    let outcomes = attach_assets(
        client,
        target,
        (&base, &upload_url),
        &present,
        release,
        &mut progress,
    )?;
    Ok((html_url, outcomes))
}

/// The assets a release has: name, size and id.
fn present_assets(value: &Value) -> Vec<(String, u64, u64)> {
    value
        .get("assets")
        .and_then(Value::as_array)
        .map(|assets| {
            assets
                .iter()
                .filter_map(|a| {
                    Some((
                        a.get("name")?.as_str()?.to_string(),
                        a.get("size")?.as_u64()?,
                        a.get("id")?.as_u64()?,
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Uploads the release's assets: one already attached with the same size
/// is skipped, one with another size replaced.
fn attach_assets(
    client: &Client,
    target: &Target,
    (base, upload_url): (&str, &str),
    present: &[(String, u64, u64)],
    release: &Release,
    progress: &mut impl FnMut(&str),
) -> Result<Vec<(String, AssetOutcome)>, GithubError> {
    let auth = Auth::Bearer(&target.token);
    let api = target.api_url.trim_end_matches('/');
    let unreachable = |e: super::http::Unreachable| GithubError(format!("{api}: {e}"));
    let retry = |_: u32, _: &str| {};
    let mut outcomes = Vec::new();
    for path in &release.assets {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let size = std::fs::metadata(path)
            .map(|m| m.len())
            .map_err(|e| GithubError(format!("{}: {e}", path.display())))?;
        let mut outcome = AssetOutcome::Uploaded;
        if let Some((_, present_size, id)) = present.iter().find(|(n, _, _)| *n == name) {
            if *present_size == size {
                progress(&format!("{name}: already attached"));
                outcomes.push((name, AssetOutcome::Skipped));
                continue;
            }
            let answer = client
                .send(
                    "DELETE",
                    &format!("{base}/assets/{id}"),
                    &headers(),
                    &auth,
                    Body::Empty,
                    retry,
                )
                .map_err(unreachable)?;
            if answer.status != 204 {
                return Err(failed(&format!("replacing {name}"), &answer, &target.token));
            }
            outcome = AssetOutcome::Replaced;
        }
        let answer = upload_asset(client, upload_url, path, &name, &auth).map_err(unreachable)?;
        if answer.status != 201 {
            return Err(failed(&format!("uploading {name}"), &answer, &target.token));
        }
        progress(&format!("{name}: attached"));
        outcomes.push((name, outcome));
    }
    Ok(outcomes)
}

fn upload_asset(
    client: &Client,
    upload_url: &str,
    path: &Path,
    name: &str,
    auth: &Auth<'_>,
) -> Result<Answer, super::http::Unreachable> {
    let url = format!("{upload_url}?name={}", encode(name));
    let path = path.to_path_buf();
    let body = Body::Stream(Box::new(move || {
        let file = std::fs::File::open(&path)?;
        let len = file.metadata()?.len();
        Ok((
            Box::new(file) as Box<dyn std::io::Read + Send>,
            len,
            "application/octet-stream".to_string(),
        ))
    }));
    client.send("POST", &url, &headers(), auth, body, |_, _| {})
}

/// Percent-encodes a path or query component.
pub(super) fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remotes() {
        assert_eq!(
            repo_from_remote("https://github.com/relx-dev/relx.git").as_deref(),
            Some("relx-dev/relx")
        );
        assert_eq!(
            repo_from_remote("git@github.com:relx-dev/relx.git").as_deref(),
            Some("relx-dev/relx")
        );
        assert_eq!(
            repo_from_remote("ssh://git@github.com/relx-dev/relx").as_deref(),
            Some("relx-dev/relx")
        );
        assert_eq!(
            repo_from_remote("https://ghe.example.org/team/tool/").as_deref(),
            Some("team/tool")
        );
        assert_eq!(repo_from_remote("nonsense"), None);
    }
}
