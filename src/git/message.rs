//! A raw commit object → the fields `git log` prints for it.
//!
//! commitizen reads `%s` (subject) and `%b` (body); git computes them in
//! `pretty.c`: blank lines are skipped, the subject is the first paragraph
//! with its lines right-trimmed and joined by spaces, the body is what
//! follows the next blank lines, verbatim.

/// The fields of one commit object that relx uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCommit {
    /// Parent ids, hex.
    pub parents: Vec<String>,
    /// `%an`
    pub author: String,
    /// `%ae`
    pub email: String,
    /// Committer time, seconds since the epoch.
    pub commit_time: i64,
    /// Committer UTC offset in minutes.
    pub commit_offset_minutes: i32,
    /// `%s`
    pub subject: String,
    /// `%b`
    pub body: String,
}

/// git's own `isspace` (`sane_ctype` in ctype.c), which decides blank
/// lines and trailing space: space, tab, LF and CR only. Unlike C's, it
/// does not count vertical tab or form feed, so git keeps those in `%s`
/// (where Python's `splitlines()` later splits on them).
fn c_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Length of the line at the start of `msg`, newline included.
fn one_line(msg: &[u8]) -> usize {
    msg.iter()
        .position(|&b| b == b'\n')
        .map_or(msg.len(), |i| i + 1)
}

/// The line without its trailing whitespace (git's `is_blank_line`).
fn trimmed(line: &[u8]) -> &[u8] {
    let end = line.iter().rposition(|&b| !c_space(b)).map_or(0, |i| i + 1);
    &line[..end]
}

fn skip_blank_lines(mut msg: &[u8]) -> &[u8] {
    loop {
        let len = one_line(msg);
        if len == 0 || !trimmed(&msg[..len]).is_empty() {
            return msg;
        }
        msg = &msg[len..];
    }
}

/// `%s` and `%b` of a commit message.
pub fn subject_and_body(message: &[u8]) -> (String, String) {
    let mut msg = skip_blank_lines(message);
    let mut subject: Vec<u8> = Vec::new();
    loop {
        let len = one_line(msg);
        if len == 0 {
            break;
        }
        let line = trimmed(&msg[..len]);
        msg = &msg[len..];
        if line.is_empty() {
            break;
        }
        if !subject.is_empty() {
            subject.push(b' ');
        }
        subject.extend_from_slice(line);
    }
    let body = skip_blank_lines(msg);
    (
        String::from_utf8_lossy(&subject).into_owned(),
        String::from_utf8_lossy(body).into_owned(),
    )
}

/// Parses the bytes of a commit object.
pub fn parse_commit(data: &[u8]) -> RawCommit {
    let split = data
        .windows(2)
        .position(|w| w == b"\n\n")
        .map_or(data.len(), |i| i + 1);
    let (header, rest) = data.split_at(split);
    let message = rest.strip_prefix(b"\n").unwrap_or(rest);
    let mut commit = RawCommit {
        parents: Vec::new(),
        author: String::new(),
        email: String::new(),
        commit_time: 0,
        commit_offset_minutes: 0,
        subject: String::new(),
        body: String::new(),
    };
    for line in header.split(|&b| b == b'\n') {
        if let Some(p) = line.strip_prefix(b"parent ") {
            commit.parents.push(String::from_utf8_lossy(p).into_owned());
        } else if let Some(a) = line.strip_prefix(b"author ") {
            let (name, email, _, _) = signature(a);
            commit.author = name;
            commit.email = email;
        } else if let Some(c) = line.strip_prefix(b"committer ") {
            let (_, _, time, offset) = signature(c);
            commit.commit_time = time;
            commit.commit_offset_minutes = offset;
        }
    }
    let (subject, body) = subject_and_body(message);
    commit.subject = subject;
    commit.body = body;
    commit
}

/// `Name <email> 1700000000 +0100` → its parts.
fn signature(s: &[u8]) -> (String, String, i64, i32) {
    let text = String::from_utf8_lossy(s);
    let (name, rest) = text.split_once('<').unwrap_or((&text, ""));
    let (email, when) = rest.rsplit_once('>').unwrap_or((rest, ""));
    let mut when = when.split_whitespace();
    let time = when.next().and_then(|t| t.parse().ok()).unwrap_or(0);
    let offset = when
        .next()
        .and_then(|tz| {
            let sign = if tz.starts_with('-') { -1 } else { 1 };
            let digits = tz.trim_start_matches(['+', '-']);
            let n: i32 = digits.parse().ok()?;
            Some(sign * ((n / 100) * 60 + n % 100))
        })
        .unwrap_or(0);
    (name.trim_end().to_string(), email.to_string(), time, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_joins_first_paragraph() {
        let (s, b) = subject_and_body(b"\n\ndocs: x  \nfeat: y\r\n\n \nbody line\n");
        assert_eq!(s, "docs: x feat: y");
        assert_eq!(b, "body line\n");
    }

    #[test]
    fn vertical_tab_and_form_feed_are_not_blank_to_git() {
        // git 2.47: `git log --format=%s` of this message is "docs: a\x0c"
        // (kept), and a line of only "\x0b" is not a paragraph break.
        let (s, b) = subject_and_body(b"docs: a\x0c\n\x0b\nfeat: b\n\nbody\n");
        assert_eq!(s, "docs: a\x0c \x0b feat: b");
        assert_eq!(b, "body\n");
    }

    #[test]
    fn parses_a_commit_object() {
        let data = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent aaaa\nparent bbbb\nauthor A U Thor <a@x.org> 1700000000 +0130\ncommitter C <c@x.org> 1700000100 -0200\n\nfeat: x\n\nbody\n";
        let c = parse_commit(data);
        assert_eq!(c.parents, vec!["aaaa", "bbbb"]);
        assert_eq!(c.author, "A U Thor");
        assert_eq!(c.email, "a@x.org");
        assert_eq!(c.commit_time, 1700000100);
        assert_eq!(c.commit_offset_minutes, -120);
        assert_eq!(c.subject, "feat: x");
        assert_eq!(c.body, "body\n");
    }
}
