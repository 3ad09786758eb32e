//! `relx publish`'s settings: the flags, the configuration, `~/.pypirc` and
//! the environment (tokens, GitHub Actions' and GitLab CI's variables)
//! resolved once. What can fail is kept as found and checked by the
//! command in its order (the files first, then the URL, then the login),
//! so that the first problem reported stays the same.

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use crate::error::Error;
use crate::flags::{GlobalArgs, PublishArgs, TrustedPublishing};
use crate::publish::http::Policy;
use crate::publish::token::{self, Credentials, PypircEntry, Token};
use crate::settings::{Env, Mode, Workspace};

/// PyPI's upload URL, the default index.
pub const PYPI_UPLOAD_URL: &str = "https://upload.pypi.org/legacy/";

/// Where the index's secret belongs instead of its URL.
const INDEX_SECRET_HINT: &str = "put the token in RELX_PYPI_TOKEN (or PYPI_TOKEN, UV_PUBLISH_TOKEN, TWINE_PASSWORD) and the URL without it";

/// Which files to publish.
#[derive(Debug, Clone)]
pub enum Source {
    /// The files named on the command line, as given.
    Files(Vec<PathBuf>),
    /// The sdists and wheels in this directory, as shown (relative).
    DistDir(PathBuf),
}

/// A forge's API URL and where it came from (`--github-api-url`, …).
#[derive(Debug, Clone)]
pub struct ApiUrl {
    /// The URL, not checked yet.
    pub url: String,
    /// Where it came from.
    pub what: &'static str,
}

/// The GitHub Release's settings (a token is set).
#[derive(Debug, Clone)]
pub struct GithubSettings {
    /// `GITHUB_TOKEN` or `GH_TOKEN`.
    pub token: Token,
    /// `--github-repo`, else `GITHUB_REPOSITORY`.
    pub repo: Option<String>,
    /// The API.
    pub api: ApiUrl,
}

/// The GitLab release's settings (a token is set).
#[derive(Debug, Clone)]
pub struct GitlabSettings {
    /// `GITLAB_TOKEN` or `CI_JOB_TOKEN`.
    pub token: Token,
    /// The header the token goes in (`PRIVATE-TOKEN`, `JOB-TOKEN`).
    pub header: &'static str,
    /// `--gitlab-project`, else `CI_PROJECT_ID`.
    pub project: Option<String>,
    /// The API.
    pub api: ApiUrl,
}

/// How the credentials will be had.
#[derive(Debug, Clone)]
pub enum Login {
    /// A token or password, ready.
    Ready(Credentials),
    /// Trusted publishing: GitHub's OIDC token exchanged at the index.
    Trusted {
        /// `ACTIONS_ID_TOKEN_REQUEST_URL`.
        request_url: String,
        /// `ACTIONS_ID_TOKEN_REQUEST_TOKEN`.
        request_token: Token,
    },
}

/// `relx publish`, resolved.
pub struct PublishSettings {
    /// The configuration, the directory and the repository.
    pub workspace: Workspace,
    /// The files.
    pub source: Source,
    /// The upload URL as found (unchecked) and where it came from; `None`
    /// when the `~/.pypirc` section names no URL.
    pub upload_url: (Option<String>, String),
    /// `--check-url`, else `UV_PUBLISH_CHECK_URL`, with where it came from.
    pub check_url: Option<(String, &'static str)>,
    /// `--repository`: the `~/.pypirc` section.
    pub repository: Option<String>,
    /// `~/.pypirc`'s text, when there is one.
    pub pypirc: Option<String>,
    /// A token from the environment.
    pub env_credentials: Option<Credentials>,
    /// `--trusted-publishing`.
    pub trusted_publishing: TrustedPublishing,
    /// GitHub Actions' OIDC request URL and token, when both are set.
    pub oidc: Option<(String, Token)>,
    /// `--tag`, else the tag a GitHub Actions tag build runs for.
    pub tag: Option<String>,
    /// `--tag-pattern`.
    pub tag_pattern: Option<String>,
    /// The GitHub Release, unless `--no-github-release` or no token.
    pub github: Option<GithubSettings>,
    /// The GitLab release, unless `--no-gitlab-release`, no token, or a
    /// GitHub token (GitHub wins).
    pub gitlab: Option<GitlabSettings>,
    /// Neither forge release was turned off by a flag.
    pub forges_wanted: bool,
    /// `--skip-existing`.
    pub skip_existing: bool,
    /// Retries and timeouts.
    pub policy: Policy,
    /// `PATH`, for the python that renders READMEs.
    pub path: Option<OsString>,
    /// `--dry-run` → `DryRun`.
    pub mode: Mode,
    /// `--json`.
    pub json: bool,
}

impl PublishSettings {
    /// Resolves the flags, the configuration and the environment.
    pub fn resolve(
        global: &GlobalArgs,
        args: &PublishArgs,
        env: &Env,
    ) -> Result<PublishSettings, Error> {
        let PublishArgs {
            files,
            dist_dir,
            repository_url,
            repository,
            check_url,
            skip_existing,
            dry_run,
            tag,
            tag_pattern,
            trusted_publishing,
            no_github_release,
            github_repo,
            github_api_url,
            no_gitlab_release,
            gitlab_project,
            gitlab_api_url,
            retries,
            timeout,
            json,
        } = args;
        let workspace = Workspace::open(global, false)?;
        let config = workspace.config();
        let source = if files.is_empty() {
            Source::DistDir(
                dist_dir
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(&config.dist_dir)),
            )
        } else {
            Source::Files(files.clone())
        };
        let pypirc = env
            .get_os("HOME")
            .or_else(|| env.get_os("USERPROFILE"))
            .map(|home| PathBuf::from(home).join(".pypirc"))
            .and_then(|path| std::fs::read_to_string(path).ok());
        let section = |name: &str| {
            pypirc
                .as_deref()
                .and_then(|t| token::pypirc_section(t, name))
        };
        let upload_url = upload_url(repository_url, repository, &section, env, config);
        let check_url = match (check_url, env.non_empty("UV_PUBLISH_CHECK_URL")) {
            (Some(url), _) => Some((url.clone(), "--check-url")),
            (None, url) => url.map(|url| (url, "UV_PUBLISH_CHECK_URL")),
        };
        let oidc = match (
            env.non_empty("ACTIONS_ID_TOKEN_REQUEST_URL"),
            env.non_empty("ACTIONS_ID_TOKEN_REQUEST_TOKEN"),
        ) {
            (Some(url), Some(token)) => Some((url, Token::new(token))),
            _ => None,
        };
        let ci_tag = (env.get("GITHUB_REF_TYPE").as_deref() == Some("tag"))
            .then(|| env.non_empty("GITHUB_REF_NAME"))
            .flatten();
        let github = github_settings(env, *no_github_release, github_repo, github_api_url);
        let gitlab = gitlab_settings(
            env,
            *no_gitlab_release,
            github.is_some(),
            gitlab_project,
            gitlab_api_url,
        );
        Ok(PublishSettings {
            workspace,
            source,
            upload_url,
            check_url,
            repository: repository.clone(),
            env_credentials: token::from_env(|name| env.get(name)),
            pypirc,
            trusted_publishing: *trusted_publishing,
            oidc,
            tag: tag.clone().or(ci_tag),
            tag_pattern: tag_pattern.clone(),
            github,
            gitlab,
            forges_wanted: !no_github_release && !no_gitlab_release,
            skip_existing: *skip_existing,
            policy: Policy {
                retries: *retries,
                timeout: Duration::from_secs((*timeout).max(1)),
                ..Policy::default()
            },
            path: env.get_os("PATH").map(OsString::from),
            mode: Mode::dry_run_if(*dry_run),
            json: *json,
        })
    }

    /// `name`'s section of `~/.pypirc`.
    fn pypirc_entry(&self, name: &str) -> Option<PypircEntry> {
        token::pypirc_section(self.pypirc.as_deref()?, name)
    }

    /// The upload URL, checked: an http(s) URL without credentials.
    pub fn checked_upload_url(&self) -> Result<String, Error> {
        let (url, what) = &self.upload_url;
        let url = url.clone().ok_or_else(|| {
            Error::NoCredentials(format!(
                "~/.pypirc has no repository URL for [{}]",
                self.repository.as_deref().unwrap_or_default()
            ))
        })?;
        checked_url(url, what)
    }

    /// The simple API's root: `--check-url`/`UV_PUBLISH_CHECK_URL`, checked,
    /// else derived from the upload URL.
    pub fn simple_url(&self, upload_url: &str) -> Result<String, Error> {
        match &self.check_url {
            Some((url, what)) => checked_url(url.clone(), what),
            None => Ok(crate::publish::index::simple_url_for(upload_url)),
        }
    }

    /// Where the credentials come from: the environment, then ~/.pypirc,
    /// then trusted publishing on GitHub Actions.
    pub fn login(&self, upload_url: &str) -> Result<Login, Error> {
        let trusted = || -> Result<Option<Login>, Error> {
            let Some((request_url, request_token)) = &self.oidc else {
                return Ok(None);
            };
            refuse_credentials(
                request_url,
                "ACTIONS_ID_TOKEN_REQUEST_URL",
                "GitHub Actions sets it without credentials; its token is ACTIONS_ID_TOKEN_REQUEST_TOKEN",
            )?;
            Ok(Some(Login::Trusted {
                request_url: request_url.clone(),
                request_token: request_token.clone(),
            }))
        };
        if self.trusted_publishing == TrustedPublishing::Always {
            return trusted()?.ok_or_else(|| {
                Error::TrustedPublishing(
                    "trusted publishing needs GitHub Actions' ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN; give the job `permissions: id-token: write`".to_string(),
                )
            });
        }
        if let Some(creds) = &self.env_credentials {
            return Ok(Login::Ready(creds.clone()));
        }
        let section = match &self.repository {
            Some(name) => Some(name.clone()),
            None if upload_url == PYPI_UPLOAD_URL => Some("pypi".to_string()),
            None => None,
        };
        if let Some(name) = section {
            if let Some(password) = self.pypirc_entry(&name).and_then(|e| {
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
        if self.trusted_publishing == TrustedPublishing::Auto {
            if let Some(login) = trusted()? {
                return Ok(login);
            }
        }
        Err(Error::NoCredentials(format!(
            "no credentials for {upload_url}: none of {} is set{}",
            token::TOKEN_VARIABLES.join(", "),
            match &self.repository {
                Some(name) => format!(" and ~/.pypirc has no password for [{name}]"),
                None => String::new(),
            }
        )))
    }
}

/// The GitHub Release's settings, when a token is set and no flag turns it off.
fn github_settings(
    env: &Env,
    no_github_release: bool,
    github_repo: &Option<String>,
    github_api_url: &Option<String>,
) -> Option<GithubSettings> {
    if no_github_release {
        None
    } else {
        env.non_empty("GITHUB_TOKEN")
            .or_else(|| env.non_empty("GH_TOKEN"))
            .map(|token| GithubSettings {
                token: Token::new(token),
                repo: github_repo
                    .clone()
                    .or_else(|| env.non_empty("GITHUB_REPOSITORY")),
                api: api_url(
                    github_api_url,
                    "--github-api-url",
                    env.non_empty("GITHUB_API_URL"),
                    "GITHUB_API_URL",
                    ("https://api.github.com", "GitHub"),
                ),
            })
    }
}

/// The GitLab release's settings, when a token is set, no GitHub token
/// is, and no flag turns it off.
fn gitlab_settings(
    env: &Env,
    no_gitlab_release: bool,
    github_set: bool,
    gitlab_project: &Option<String>,
    gitlab_api_url: &Option<String>,
) -> Option<GitlabSettings> {
    if no_gitlab_release || github_set {
        None
    } else {
        let token = match (env.non_empty("GITLAB_TOKEN"), env.non_empty("CI_JOB_TOKEN")) {
            (Some(token), _) => Some((token, "PRIVATE-TOKEN")),
            (None, Some(token)) => Some((token, "JOB-TOKEN")),
            (None, None) => None,
        };
        token.map(|(token, header)| GitlabSettings {
            token: Token::new(token),
            header,
            project: gitlab_project
                .clone()
                .or_else(|| env.non_empty("CI_PROJECT_ID")),
            api: api_url(
                gitlab_api_url,
                "--gitlab-api-url",
                env.non_empty("CI_API_V4_URL"),
                "CI_API_V4_URL",
                ("https://gitlab.com/api/v4", "GitLab"),
            ),
        })
    }
}

fn api_url(
    flag: &Option<String>,
    flag_name: &'static str,
    var: Option<String>,
    var_name: &'static str,
    default: (&str, &'static str),
) -> ApiUrl {
    match (flag, var) {
        (Some(url), _) => ApiUrl {
            url: url.clone(),
            what: flag_name,
        },
        (None, Some(url)) => ApiUrl {
            url,
            what: var_name,
        },
        (None, None) => ApiUrl {
            url: default.0.to_string(),
            what: default.1,
        },
    }
}

/// Refuses a URL with credentials inside it (they would be printed with
/// it, and relx takes secrets from the environment only). The error names
/// where the URL came from (`what`) and shows it without them; `hint`
/// says where the secret belongs.
pub fn refuse_credentials(url: &str, what: &str, hint: &str) -> Result<(), Error> {
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

/// The upload URL and where it came from: `--repository-url`, a
/// `~/.pypirc` section, the environment, `repository_url`, else PyPI.
fn upload_url(
    repository_url: &Option<String>,
    repository: &Option<String>,
    section: &dyn Fn(&str) -> Option<token::PypircEntry>,
    env: &Env,
    config: &crate::config::Config,
) -> (Option<String>, String) {
    match (repository_url, repository) {
        (Some(url), _) => (Some(url.clone()), "--repository-url".to_string()),
        (None, Some(name)) => {
            let url = match (section(name).and_then(|e| e.repository), name.as_str()) {
                (Some(url), _) => Some(url),
                (None, "pypi") => Some(PYPI_UPLOAD_URL.to_string()),
                (None, "testpypi") => Some("https://test.pypi.org/legacy/".to_string()),
                (None, _) => None,
            };
            (url, format!("~/.pypirc [{name}]"))
        }
        (None, None) => {
            let (url, what) = [
                "RELX_REPOSITORY_URL",
                "TWINE_REPOSITORY_URL",
                "UV_PUBLISH_URL",
            ]
            .iter()
            .find_map(|name| env.non_empty(name).map(|url| (url, name.to_string())))
            .or_else(|| {
                config
                    .repository_url
                    .clone()
                    .map(|url| (url, "`repository_url`".to_string()))
            })
            .unwrap_or_else(|| (PYPI_UPLOAD_URL.to_string(), "PyPI".to_string()));
            (Some(url), what)
        }
    }
}
