//! Rendering a reStructuredText long description the way PyPI does, with
//! the `readme_renderer` module (what `twine check` calls). relx does not
//! carry an RST renderer of its own: it asks the Python interpreter, and
//! when that has no `readme_renderer`, the description is reported as not
//! rendered. Shell: runs a process.

use std::ffi::OsStr;
use std::io::Write;
use std::process::{Command, Stdio};

/// Reads the description from stdin, renders it with readme_renderer's
/// settings, prints `ok` or `failed` and the docutils messages. Exit 3
/// when the module is missing.
const SCRIPT: &str = r#"
import io, sys
try:
    import readme_renderer.rst as rst
except ImportError:
    sys.exit(3)
text = sys.stdin.buffer.read().decode("utf-8")
stream = io.StringIO()
result = rst.render(text, stream=stream)
sys.stdout.write(("ok" if result is not None else "failed") + "\n" + stream.getvalue())
"#;

/// What rendering said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rendered {
    /// PyPI would render it.
    Ok,
    /// PyPI would not render it; docutils' messages, reworded as twine does.
    Failed(Vec<String>),
    /// It could not be tried, and why.
    Unavailable(String),
}

/// Renders `text` with `python`'s readme_renderer.
pub fn render_rst(python: &OsStr, text: &str) -> Rendered {
    let child = Command::new(python)
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            return Rendered::Unavailable(format!("{} cannot run: {e}", python.to_string_lossy()))
        }
    };
    if let Some(mut stdin) = child.stdin.take() {
        // A failed write shows up as the script's failure below.
        let _ = stdin.write_all(text.as_bytes());
    }
    let output = match child.wait_with_output() {
        Ok(o) => o,
        Err(e) => return Rendered::Unavailable(format!("rendering failed to run: {e}")),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    match output.status.code() {
        Some(0) => {}
        Some(3) => {
            return Rendered::Unavailable(format!(
                "{} has no readme_renderer module",
                python.to_string_lossy()
            ))
        }
        _ => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            return Rendered::Unavailable(format!("readme_renderer failed: {last}"));
        }
    }
    let mut lines = stdout.lines();
    match lines.next() {
        Some("ok") => Rendered::Ok,
        Some("failed") => Rendered::Failed(reword(&lines.collect::<Vec<_>>().join("\n"))),
        _ => Rendered::Unavailable("readme_renderer gave no answer".to_string()),
    }
}

/// twine's `_WarningStream`: `<string>:12: (WARNING/2) Title underline too
/// short.` becomes `line 12: Warning: Title underline too short.`
pub fn reword(messages: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in messages.lines() {
        let reworded = line.strip_prefix("<string>:").and_then(|rest| {
            let (number, rest) = rest.split_once(": (")?;
            if !number.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let (level, message) = rest.split_once(") ")?;
            let level = level.split('/').next()?;
            let level = match level {
                "DEBUG" => "Debug",
                "INFO" => "Info",
                "WARNING" => "Warning",
                "ERROR" => "Error",
                "SEVERE" => "Severe",
                _ => return None,
            };
            Some(format!("line {number}: {level}: {message}"))
        });
        match reworded {
            Some(l) => out.push(l),
            None if line.trim().is_empty() => {}
            None => match out.last_mut() {
                // Continuation lines of a docutils message.
                Some(last) if line.starts_with(char::is_whitespace) => {
                    last.push(' ');
                    last.push_str(line.trim());
                }
                _ => out.push(line.trim().to_string()),
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docutils_messages_are_reworded_like_twine() {
        let text = "<string>:3: (WARNING/2) Title underline too short.\n\nTitle\n===\n<string>:: (SEVERE/4) x";
        assert_eq!(
            reword(text),
            vec![
                "line 3: Warning: Title underline too short.",
                "Title",
                "===",
                "line : Severe: x"
            ]
        );
    }
}
