//! The HTTP client every publish request goes through: rustls, no
//! redirects followed (a redirect is reported, as twine does), retries with
//! exponential backoff on connection errors and 5xx, never on 4xx.

use std::io::Read;
use std::time::Duration;

use ureq::{Agent, SendBody};

use super::token::Token;

/// Retry and timeout policy.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Attempts after the first one.
    pub retries: u32,
    /// Delay before the first retry; doubled each time.
    pub backoff: Duration,
    /// Connecting and waiting for an answer (not sending the body).
    pub timeout: Duration,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            retries: 3,
            backoff: Duration::from_secs(1),
            timeout: Duration::from_secs(60),
        }
    }
}

/// An HTTP answer.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// `Location`, for redirects.
    pub location: Option<String>,
    /// `Content-Type`.
    pub content_type: String,
    /// The body (capped at a few MiB).
    pub body: String,
}

/// A request that got no HTTP answer.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct Unreachable(pub String);

/// How to authenticate.
#[derive(Debug, Clone)]
pub enum Auth<'a> {
    /// None.
    None,
    /// HTTP Basic.
    Basic(&'a str, &'a Token),
    /// `Authorization: Bearer …` (GitHub, OIDC request).
    Bearer(&'a Token),
    /// A token in a header of its own (GitLab's `PRIVATE-TOKEN`, `JOB-TOKEN`).
    Header(&'static str, &'a Token),
}

/// The client.
pub struct Client {
    agent: Agent,
    policy: Policy,
}

/// Makes a streamed body for one attempt: the reader, its length and its
/// content type.
pub type StreamFactory<'a> =
    Box<dyn FnMut() -> std::io::Result<(Box<dyn Read + Send>, u64, String)> + 'a>;

/// The request body: none, bytes, or a reader made anew for each attempt.
pub enum Body<'a> {
    /// No body.
    Empty,
    /// JSON or other small bytes, with their content type.
    Bytes(Vec<u8>, &'a str),
    /// A streamed body: a function building the reader, its length and content type.
    Stream(StreamFactory<'a>),
}

impl Client {
    /// A client with `policy`.
    pub fn new(policy: Policy) -> Client {
        let agent: Agent = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_connect(Some(policy.timeout))
            .timeout_recv_response(Some(policy.timeout * 5))
            .timeout_recv_body(Some(policy.timeout))
            .user_agent(format!("relx/{}", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client { agent, policy }
    }

    /// Sends a request, retrying connection failures and 5xx answers.
    pub fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, String)],
        auth: &Auth<'_>,
        mut body: Body<'_>,
        mut on_retry: impl FnMut(u32, &str),
    ) -> Result<Answer, Unreachable> {
        let mut attempt = 0;
        loop {
            let result = self.send_once(method, url, headers, auth, &mut body);
            let retry_reason = match &result {
                Ok(answer) if answer.status >= 500 => Some(format!("HTTP {}", answer.status)),
                Ok(_) => None,
                Err(e) => Some(e.0.clone()),
            };
            match retry_reason {
                Some(reason) if attempt < self.policy.retries => {
                    attempt += 1;
                    on_retry(attempt, &reason);
                    std::thread::sleep(self.policy.backoff * 2u32.saturating_pow(attempt - 1));
                }
                _ => return result,
            }
        }
    }

    fn send_once(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, String)],
        auth: &Auth<'_>,
        body: &mut Body<'_>,
    ) -> Result<Answer, Unreachable> {
        let builder = ureq::http::Request::builder().method(method).uri(url);
        let mut builder = headers.iter().fold(builder, |b, (k, v)| b.header(*k, v));
        match auth {
            Auth::None => {}
            Auth::Basic(user, token) => {
                use base64::Engine;
                let pair = format!("{user}:{}", token.expose());
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                builder = builder.header("Authorization", format!("Basic {encoded}"));
            }
            Auth::Bearer(token) => {
                builder = builder.header("Authorization", format!("Bearer {}", token.expose()))
            }
            Auth::Header(name, token) => builder = builder.header(*name, token.expose()),
        }
        let fail = |e: ureq::Error| Unreachable(describe(&e));
        let response = match body {
            Body::Empty => {
                let request = builder.body(()).map_err(|e| Unreachable(e.to_string()))?;
                self.agent.run(request).map_err(fail)?
            }
            Body::Bytes(bytes, content_type) => {
                let request = builder
                    .header("Content-Type", *content_type)
                    .body(bytes.clone())
                    .map_err(|e| Unreachable(e.to_string()))?;
                self.agent.run(request).map_err(fail)?
            }
            Body::Stream(make) => {
                let (reader, len, content_type) = make().map_err(|e| Unreachable(e.to_string()))?;
                let request = builder
                    .header("Content-Type", content_type)
                    .header("Content-Length", len.to_string())
                    .body(SendBody::from_owned_reader(reader))
                    .map_err(|e| Unreachable(e.to_string()))?;
                self.agent.run(request).map_err(fail)?
            }
        };
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let location = header("location");
        let content_type = header("content-type").unwrap_or_default();
        let mut text = String::new();
        let _ = response
            .into_body()
            .into_reader()
            .take(8 << 20)
            .read_to_string(&mut text);
        Ok(Answer {
            status,
            location,
            content_type,
            body: text,
        })
    }
}

fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::ConnectionFailed => "connection failed".to_string(),
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::Timeout(t) => format!("timed out ({t})"),
        ureq::Error::Io(io) => io.to_string(),
        other => other.to_string(),
    }
}

/// `url` as it may be printed: scheme, host and path, without credentials,
/// query or fragment (a redirect's target can carry a signed query).
pub fn shown_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.split(['?', '#']).next().unwrap_or_default().to_string();
    };
    // Credentials end at the last `@` before the path, whatever `?` or
    // `#` they hold.
    let slash = rest.find('/').unwrap_or(rest.len());
    let rest = match rest[..slash].rfind('@') {
        Some(at) => &rest[at + 1..],
        None => rest,
    };
    let kept = rest.split(['?', '#']).next().unwrap_or_default();
    format!("{scheme}://{kept}")
}

/// The readable part of an error answer: an HTML page's title or first
/// text, or the body's first line; for a redirect, where it points (as
/// [`shown_url`]). `secrets` are removed from the whole body first, then
/// from the text, and only then is it cut to length.
pub fn error_text(answer: &Answer, secrets: &[&Token]) -> String {
    if (300..400).contains(&answer.status) {
        return match &answer.location {
            Some(to) => format!(
                "HTTP {}: redirected to {}",
                answer.status,
                Token::redact_all(secrets, &shown_url(to))
            ),
            None => format!("HTTP {}: a redirect without a Location", answer.status),
        };
    }
    let redacted = Token::redact_all(secrets, &answer.body);
    let body = redacted.trim();
    let text = if answer.content_type.contains("html") || body.starts_with('<') {
        let title = body
            .split_once("<title>")
            .and_then(|(_, rest)| rest.split_once("</title>"))
            .map(|(t, _)| t.trim().to_string())
            .filter(|t| !t.is_empty());
        let stripped = strip_tags(body);
        let lines: Vec<&str> = stripped
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && Some(*l) != title.as_deref())
            .collect();
        match title {
            Some(t) if lines.is_empty() => t,
            Some(t) => format!("{t}: {}", lines.join(" ")),
            None => lines.join(" "),
        }
    } else {
        body.lines().next().unwrap_or_default().to_string()
    };
    // Once more on the text as shown: tags and entities are gone now.
    let text = Token::redact_all(secrets, &text);
    let mut cut: String = text.chars().take(300).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    if cut.is_empty() {
        format!("HTTP {}", answer.status)
    } else {
        format!("HTTP {}: {cut}", answer.status)
    }
}

/// Text-level HTML elements: their tags do not break the line.
const INLINE: [&str; 12] = [
    "a", "b", "i", "em", "strong", "tt", "code", "span", "small", "big", "abbr", "kbd",
];

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut inline = false;
    let mut skip_until: Option<&str> = None;
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while i < html.len() {
        if let Some(end) = skip_until {
            match lower[i..].find(end) {
                Some(j) => {
                    i += j + end.len();
                    skip_until = None;
                }
                None => break,
            }
            continue;
        }
        let c = html[i..].chars().next().expect("i is on a char boundary");
        if c == '<' {
            if lower[i..].starts_with("<title") {
                skip_until = Some("</title>");
                continue;
            }
            if lower[i..].starts_with("<style") {
                skip_until = Some("</style>");
                continue;
            }
            if lower[i..].starts_with("<script") {
                skip_until = Some("</script>");
                continue;
            }
            in_tag = true;
            let name: String = lower[i + 1..]
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            inline = INLINE.contains(&name.as_str());
        } else if c == '>' && in_tag {
            in_tag = false;
            if !inline {
                out.push('\n');
            }
        } else if !in_tag {
            out.push(c);
        }
        i += c.len_utf8();
    }
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#039;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_errors_become_one_line() {
        let answer = Answer {
            status: 403,
            location: None,
            content_type: "text/html".to_string(),
            body: "<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1><p>Invalid or non-existent authentication information.</p></body></html>".to_string(),
        };
        assert_eq!(
            error_text(&answer, &[]),
            "HTTP 403: 403 Forbidden: Forbidden Invalid or non-existent authentication information."
        );
        // pypiserver's page: inline tags stay in the line.
        let answer = Answer {
            status: 403,
            location: None,
            content_type: "text/html; charset=UTF-8".to_string(),
            body: "<html><head><title>Error: 403 Forbidden</title></head><body><h1>Error: 403 Forbidden</h1><p>Sorry, the requested URL <tt>&#039;http://127.0.0.1:8080/&#039;</tt> caused an error:</p><pre>Authorization failed.</pre></body></html>".to_string(),
        };
        assert_eq!(
            error_text(&answer, &[]),
            "HTTP 403: Error: 403 Forbidden: Sorry, the requested URL 'http://127.0.0.1:8080/' caused an error: Authorization failed."
        );
    }

    #[test]
    fn secrets_go_before_the_text_is_cut() {
        let token = Token::new("pypi-AgEIcHlwaS5vcmc-secret");
        // The 300th character falls inside the token: cut first, 7 of its
        // characters would stay, too few to be recognised afterwards.
        let body = format!("{}{}\nsecond line", "x".repeat(293), token.expose());
        let answer = Answer {
            status: 400,
            location: None,
            content_type: "text/plain".to_string(),
            body,
        };
        let text = error_text(&answer, &[&token]);
        assert_eq!(text, format!("HTTP 400: {}***", "x".repeat(293)));
    }

    #[test]
    fn redirects_show_no_query_nor_credentials() {
        let cases = [
            (
                "https://files.example.org/a/b?X-Amz-Signature=abc#f",
                "https://files.example.org/a/b",
            ),
            (
                "https://u:p?w@files.example.org/a?q",
                "https://files.example.org/a",
            ),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("/legacy/?token=abc", "/legacy/"),
        ];
        for (location, shown) in cases {
            assert_eq!(shown_url(location), shown, "{location}");
            let answer = Answer {
                status: 302,
                location: Some(location.to_string()),
                content_type: "text/html".to_string(),
                body: format!("<a href=\"{location}\">moved</a>"),
            };
            assert_eq!(
                error_text(&answer, &[]),
                format!("HTTP 302: redirected to {shown}")
            );
        }
    }
}
