//! The GitLab release: created (or updated) for the tag through
//! `POST /projects/:id/releases`, with the version's changelog section as
//! its description and a link per uploaded file (GitLab release links point
//! at files elsewhere: here, the files on the index). A re-run updates the
//! release and adds only the links it lacks.

use serde_json::{json, Value};

use super::github::{encode, remote_path};
use super::http::{error_text, Answer, Auth, Body, Client};
use super::token::Token;

/// Where and as whom to talk to GitLab.
#[derive(Debug, Clone)]
pub struct Target {
    /// The API root, e.g. `https://gitlab.com/api/v4` (`CI_API_V4_URL`).
    pub api_url: String,
    /// The project: its numeric id or its path (`group/sub/project`).
    pub project: String,
    /// The token.
    pub token: Token,
    /// `PRIVATE-TOKEN` (a personal, project or group token) or `JOB-TOKEN`
    /// (`CI_JOB_TOKEN`).
    pub header: &'static str,
}

/// What to publish.
#[derive(Debug, Clone)]
pub struct Release {
    /// The tag, also the release's name.
    pub tag: String,
    /// The release notes.
    pub body: String,
    /// `(name, url)` of each file to link.
    pub links: Vec<(String, String)>,
}

/// What happened to one link.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkOutcome {
    /// Added now.
    Added,
    /// The release had a link of that name already.
    Skipped,
}

/// A GitLab request failed.
#[derive(Debug, Clone, thiserror::Error)]
#[error("GitLab: {0}")]
pub struct GitlabError(pub String);

/// The project path of a remote URL (`git@gitlab.com:group/sub/proj.git`
/// → `group/sub/proj`).
pub fn project_from_remote(url: &str) -> Option<String> {
    let path = remote_path(url)?;
    (path.contains('/') && !path.ends_with('/')).then(|| path.to_string())
}

fn failed(what: &str, answer: &Answer, token: &Token) -> GitlabError {
    let value: Value = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
    let message = value
        .get("message")
        .or_else(|| value.get("error"))
        .map(|m| match m {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .map(|m| format!("HTTP {}: {m}", answer.status))
        .unwrap_or_else(|| error_text(answer, &[token]));
    let hint = match answer.status {
        401 => " (the token is not valid)",
        403 | 404 => " (the token may lack the api scope or the Developer role on this project)",
        _ => "",
    };
    GitlabError(token.redact(&format!("{what}: {message}{hint}")))
}

fn link(name: &str, url: &str) -> Value {
    json!({"name": name, "url": url, "link_type": "package"})
}

/// Creates or updates the release and adds its links; returns the
/// release's web URL and what became of each link.
pub fn publish(
    client: &Client,
    target: &Target,
    release: &Release,
    mut progress: impl FnMut(&str),
) -> Result<(String, Vec<(String, LinkOutcome)>), GitlabError> {
    let auth = Auth::Header(target.header, &target.token);
    let api = target.api_url.trim_end_matches('/');
    let base = format!("{api}/projects/{}/releases", encode(&target.project));
    let one = format!("{base}/{}", encode(&release.tag));
    let unreachable = |e: super::http::Unreachable| GitlabError(format!("{api}: {e}"));
    let retry = |_: u32, _: &str| {};
    let json_body = |value: Value| Body::Bytes(value.to_string().into_bytes(), "application/json");

    let existing = client
        .send("GET", &one, &[], &auth, Body::Empty, retry)
        .map_err(unreachable)?;
    let mut outcomes = Vec::new();
    let answer = match existing.status {
        404 => {
            progress(&format!("creating the GitLab release {}", release.tag));
            let links: Vec<Value> = release.links.iter().map(|(n, u)| link(n, u)).collect();
            let payload = json!({
                "tag_name": release.tag,
                "name": release.tag,
                "description": release.body,
                "assets": {"links": links},
            });
            let answer = client
                .send("POST", &base, &[], &auth, json_body(payload), retry)
                .map_err(unreachable)?;
            if answer.status != 201 {
                return Err(failed("creating the release", &answer, &target.token));
            }
            outcomes.extend(
                release
                    .links
                    .iter()
                    .map(|(n, _)| (n.clone(), LinkOutcome::Added)),
            );
            answer
        }
        200 => {
            progress(&format!("updating the GitLab release {}", release.tag));
            let present: Vec<String> = serde_json::from_str::<Value>(&existing.body)
                .ok()
                .and_then(|v| {
                    v.pointer("/assets/links")
                        .and_then(Value::as_array)
                        .cloned()
                })
                .unwrap_or_default()
                .iter()
                .filter_map(|l| l.get("name")?.as_str().map(str::to_string))
                .collect();
            let payload = json!({"name": release.tag, "description": release.body});
            let answer = client
                .send("PUT", &one, &[], &auth, json_body(payload), retry)
                .map_err(unreachable)?;
            if answer.status != 200 {
                return Err(failed("updating the release", &answer, &target.token));
            }
            for (name, url) in &release.links {
                if present.contains(name) {
                    outcomes.push((name.clone(), LinkOutcome::Skipped));
                    continue;
                }
                let added = client
                    .send(
                        "POST",
                        &format!("{one}/assets/links"),
                        &[],
                        &auth,
                        json_body(link(name, url)),
                        retry,
                    )
                    .map_err(unreachable)?;
                if added.status != 201 {
                    return Err(failed(&format!("linking {name}"), &added, &target.token));
                }
                outcomes.push((name.clone(), LinkOutcome::Added));
            }
            answer
        }
        _ => return Err(failed("looking up the release", &existing, &target.token)),
    };
    let web = serde_json::from_str::<Value>(&answer.body)
        .ok()
        .and_then(|v| {
            v.pointer("/_links/self")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_default();
    Ok((web, outcomes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projects_from_remotes() {
        assert_eq!(
            project_from_remote("git@gitlab.com:group/sub/proj.git").as_deref(),
            Some("group/sub/proj")
        );
        assert_eq!(
            project_from_remote("https://gitlab.example.org/team/tool").as_deref(),
            Some("team/tool")
        );
        assert_eq!(project_from_remote("nonsense"), None);
        assert_eq!(encode("group/sub proj"), "group%2Fsub%20proj");
    }
}
