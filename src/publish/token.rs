//! Credentials for the index: a token that never prints itself, where it
//! comes from (environment, `~/.pypirc`, trusted publishing), and the
//! trusted-publishing exchange of GitHub Actions' OIDC token for a PyPI token.

use std::fmt;

use serde::Deserialize;

use super::redact;

/// A secret. `Debug` and `Display` write `***`; [`Token::expose`] is called
/// only where the HTTP header is built.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Token {
        Token(secret.into())
    }

    /// The secret itself, for the Authorization header only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Removes the secret from `text` in every form a server can echo it
    /// back in (see [`super::redact`]): raw, percent- or form-encoded,
    /// JSON-escaped, as HTML references, base64 (`Authorization: Basic`),
    /// or any 8 of its characters in a row split by whitespace or tags.
    pub fn redact(&self, text: &str) -> String {
        redact::redact(text, &[&self.0])
    }

    /// Removes every one of `tokens` from `text`, as [`Token::redact`].
    pub fn redact_all(tokens: &[&Token], text: &str) -> String {
        let secrets: Vec<&str> = tokens.iter().map(|t| t.0.as_str()).collect();
        redact::redact(text, &secrets)
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(***)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// A user name and its password or token.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// `__token__` for API tokens.
    pub username: String,
    /// The password or token.
    pub password: Token,
    /// Where they came from, for messages (`RELX_PYPI_TOKEN`, `~/.pypirc [pypi]`…).
    pub source: String,
}

/// Environment variables holding a token, in the order they are tried.
pub const TOKEN_VARIABLES: [&str; 4] = [
    "RELX_PYPI_TOKEN",
    "PYPI_TOKEN",
    "UV_PUBLISH_TOKEN",
    "TWINE_PASSWORD",
];

/// Environment variables holding the user name.
pub const USERNAME_VARIABLES: [&str; 3] = [
    "RELX_PYPI_USERNAME",
    "TWINE_USERNAME",
    "UV_PUBLISH_USERNAME",
];

/// Credentials from environment variables (read through `var`), if any.
pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Option<Credentials> {
    let (source, password) = TOKEN_VARIABLES.iter().find_map(|name| {
        var(name)
            .filter(|v| !v.is_empty())
            .map(|v| (name.to_string(), v))
    })?;
    let username = USERNAME_VARIABLES
        .iter()
        .find_map(|name| var(name).filter(|v| !v.is_empty()))
        .unwrap_or_else(|| "__token__".to_string());
    Some(Credentials {
        username,
        password: Token::new(password),
        source,
    })
}

/// One `[section]` of a `.pypirc`.
#[derive(Debug, Clone, Default)]
pub struct PypircEntry {
    /// `repository = …`
    pub repository: Option<String>,
    /// `username = …`
    pub username: Option<String>,
    /// `password = …`
    pub password: Option<Token>,
}

/// Reads `name`'s section of a `.pypirc` text (configparser's INI: `key =
/// value` or `key: value`, `#`/`;` comments, indented continuation lines).
pub fn pypirc_section(text: &str, name: &str) -> Option<PypircEntry> {
    let mut in_section = false;
    let mut found = false;
    let mut entry = PypircEntry::default();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(section) = trimmed.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
            in_section = section.trim() == name;
            found |= in_section;
            continue;
        }
        if !in_section || line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((key, value)) = trimmed.split_once(['=', ':']) else {
            continue;
        };
        let value = value.trim().to_string();
        match key.trim().to_ascii_lowercase().as_str() {
            "repository" => entry.repository = Some(value),
            "username" => entry.username = Some(value),
            "password" => entry.password = Some(Token::new(value)),
            _ => {}
        }
    }
    found.then_some(entry)
}

/// PyPI's answer to the audience request.
#[derive(Debug, Deserialize)]
pub struct Audience {
    /// The audience to request the OIDC token for.
    pub audience: String,
}

/// GitHub Actions' answer to the OIDC token request.
#[derive(Debug, Deserialize)]
pub struct OidcToken {
    /// The OIDC token (a JWT).
    pub value: String,
}

/// PyPI's answer to the mint-token exchange.
#[derive(Debug, Deserialize)]
pub struct Minted {
    /// `true` on success (PyPI also sends `success`).
    #[serde(default)]
    pub success: Option<bool>,
    /// The short-lived API token.
    pub token: Option<String>,
    /// What went wrong, when it did.
    #[serde(default)]
    pub message: Option<String>,
}

/// Where trusted publishing talks to: the index's web host for an upload
/// URL (`upload.pypi.org` → `pypi.org`, `test.pypi.org` stays).
pub fn trusted_publishing_base(upload_url: &str) -> Option<String> {
    let (scheme, rest) = upload_url.split_once("://")?;
    let host = rest.split('/').next()?;
    let host = host.strip_prefix("upload.").unwrap_or(host);
    Some(format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_never_print() {
        let t = Token::new("pypi-AgEIcHlwaS5vcmc-secret");
        assert_eq!(format!("{t:?} {t}"), "Token(***) ***");
        assert_eq!(
            t.redact("bad token pypi-AgEIcHlwaS5vcmc-secret"),
            "bad token ***"
        );
    }

    /// A token with characters every encoder treats differently.
    const SECRET: &str = "pypi-AgE/Ic+Hlw=aS5 vcmc:CJDk0~test_secret";

    /// Whether `out` still shows 8 characters of SECRET in a row, once
    /// whitespace is removed from both.
    fn shows_a_run(out: &str) -> bool {
        let visible: String = out.chars().filter(|c| !c.is_whitespace()).collect();
        let secret: Vec<char> = SECRET.chars().filter(|c| !c.is_whitespace()).collect();
        secret
            .windows(8)
            .any(|w| visible.contains(&w.iter().collect::<String>()))
    }

    fn percent_every_byte(text: &str, lower: bool) -> String {
        let hex: String = text.bytes().map(|b| format!("%{b:02X}")).collect();
        if lower {
            hex.to_ascii_lowercase()
        } else {
            hex
        }
    }

    /// What `urllib.parse.quote(s, safe="")` writes: unreserved stay.
    fn percent_reserved(text: &str, space_as_plus: bool) -> String {
        text.bytes()
            .map(|b| match b {
                b' ' if space_as_plus => "+".to_string(),
                b if b.is_ascii_alphanumeric() || b"-._~".contains(&b) => (b as char).to_string(),
                b => format!("%{b:02X}"),
            })
            .collect()
    }

    #[test]
    fn every_echoed_form_is_hidden() {
        use base64::Engine;
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let b64url = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let chunks = |n: usize, sep: &str| -> String {
            let chars: Vec<char> = SECRET.chars().collect();
            chars
                .chunks(n)
                .map(|c| c.iter().collect::<String>())
                .collect::<Vec<_>>()
                .join(sep)
        };
        let forms = [
            ("raw", SECRET.to_string()),
            ("percent, upper", percent_every_byte(SECRET, false)),
            ("percent, lower", percent_every_byte(SECRET, true)),
            ("percent, reserved only", percent_reserved(SECRET, false)),
            (
                "percent, lower reserved",
                percent_reserved(SECRET, false).to_lowercase(),
            ),
            ("form encoding", percent_reserved(SECRET, true)),
            ("json", serde_json::to_string(SECRET).expect("json")),
            (
                "json, escaped slash",
                serde_json::to_string(SECRET)
                    .expect("json")
                    .replace('/', "\\/"),
            ),
            (
                "json, unicode",
                SECRET
                    .chars()
                    .map(|c| format!("\\u{:04x}", c as u32))
                    .collect(),
            ),
            (
                "json, unicode upper",
                SECRET
                    .chars()
                    .map(|c| format!("\\u{:04X}", c as u32))
                    .collect(),
            ),
            (
                "html decimal",
                SECRET.chars().map(|c| format!("&#{};", c as u32)).collect(),
            ),
            (
                "html hex",
                SECRET
                    .chars()
                    .map(|c| format!("&#x{:x};", c as u32))
                    .collect(),
            ),
            (
                "basic header",
                format!(
                    "Authorization: Basic {}",
                    b64(&format!("__token__:{SECRET}"))
                ),
            ),
            ("basic, other user", b64(&format!("alice:{SECRET}"))),
            ("base64", b64(SECRET)),
            ("base64url", b64url(SECRET)),
            (
                "base64, json-escaped",
                b64(&format!("u:{SECRET}")).replace('/', "\\/"),
            ),
            ("<br>", chunks(3, "<br>")),
            ("<wbr>", chunks(1, "<wbr>")),
            ("newlines", chunks(5, "\n")),
            ("crlf", chunks(7, "\r\n")),
            (
                "tags",
                SECRET
                    .chars()
                    .map(|c| format!("<span class=\"c\">{c}</span>"))
                    .collect(),
            ),
            ("zero-width", chunks(2, "\u{200B}")),
            ("a part", SECRET[3..14].to_string()),
        ];
        for (name, form) in forms {
            let text = format!("<p>refused: {form} (see the docs)</p>");
            let out = Token::new(SECRET).redact(&text);
            assert!(!shows_a_run(&out), "{name}: {out}");
            assert!(!out.contains(&form), "{name}: {out}");
            assert!(
                out.contains("***") && out.contains("(see the docs)"),
                "{name}: {out}"
            );
        }
    }

    #[test]
    fn only_the_secret_goes() {
        let t = Token::new(SECRET);
        assert_eq!(t.redact("nothing secret here"), "nothing secret here");
        assert_eq!(
            t.redact(&format!("user __token__, password {SECRET}.")),
            "user __token__, password ***."
        );
        // Seven characters in a row are not a run; eight are.
        assert_eq!(t.redact("pypi-Ag and more"), "pypi-Ag and more");
        assert_eq!(t.redact("[pypi-AgE]"), "[***]");
        // Markup inside the run goes with it; around it, it stays.
        assert_eq!(t.redact("<b>pypi-<br>AgE/I</b>"), "<b>***</b>");
        // The whole base64 word goes, not only the secret's part of it.
        assert_eq!(
            t.redact(
                "Basic X190b2tlbl9fOnB5cGktQWdFL0ljK0hsdz1hUzUgdmNtYzpDSkRrMH50ZXN0X3NlY3JldA== ok"
            ),
            "Basic *** ok"
        );
        // A `+` can be a space, as forms write it; `%2B` cannot.
        let spaced = Token::new("abcd efgh ijkl");
        assert_eq!(spaced.redact("(abcd+efgh)"), "(***)");
        assert_eq!(spaced.redact("(abcd%2Befgh)"), "(abcd%2Befgh)");
        // Short secrets would hide ordinary words.
        assert_eq!(Token::new("abc").redact("abc abc"), "abc abc");
        // Several tokens at once.
        let other = Token::new("ghs_0123456789abcdef");
        assert_eq!(
            Token::redact_all(&[&t, &other], &format!("{SECRET} ghs_0123456789abcdef")),
            "***"
        );
    }

    #[test]
    fn environment_order() {
        let env = |name: &str| match name {
            "UV_PUBLISH_TOKEN" => Some("uv".to_string()),
            "TWINE_PASSWORD" => Some("twine".to_string()),
            "TWINE_USERNAME" => Some("me".to_string()),
            _ => None,
        };
        let c = from_env(env).unwrap();
        assert_eq!(c.password.expose(), "uv");
        assert_eq!(c.username, "me");
        assert_eq!(c.source, "UV_PUBLISH_TOKEN");
        assert!(from_env(|_| None).is_none());
    }

    #[test]
    fn pypirc_sections() {
        let text = "[distutils]\nindex-servers =\n    pypi\n    private\n\n[pypi]\nusername = __token__\npassword = pypi-abc\n\n[private]\nrepository: https://example.org/legacy/\nusername: alice\n";
        let pypi = pypirc_section(text, "pypi").unwrap();
        assert_eq!(pypi.password.unwrap().expose(), "pypi-abc");
        let private = pypirc_section(text, "private").unwrap();
        assert_eq!(
            private.repository.as_deref(),
            Some("https://example.org/legacy/")
        );
        assert_eq!(private.username.as_deref(), Some("alice"));
        assert!(pypirc_section(text, "nope").is_none());
    }

    #[test]
    fn trusted_publishing_hosts() {
        assert_eq!(
            trusted_publishing_base("https://upload.pypi.org/legacy/").unwrap(),
            "https://pypi.org"
        );
        assert_eq!(
            trusted_publishing_base("https://test.pypi.org/legacy/").unwrap(),
            "https://test.pypi.org"
        );
        assert_eq!(
            trusted_publishing_base("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080"
        );
    }
}
