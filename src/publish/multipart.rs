//! A `multipart/form-data` body that streams the file: the form fields and
//! part headers are in memory, the file is read as the request is sent. Its
//! total length is known up front, so the request carries a Content-Length
//! (some indexes reject chunked uploads).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The body of one upload request.
pub struct Multipart {
    head: io::Cursor<Vec<u8>>,
    file: io::Take<File>,
    tail: io::Cursor<Vec<u8>>,
    len: u64,
}

/// A boundary that cannot appear in the form text: random enough for one
/// request, derived from the clock and the process id.
fn boundary() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("relx-{:032x}{:08x}", nanos, std::process::id())
}

fn quote(name: &str) -> String {
    name.replace('\\', "\\\\").replace('"', "\\\"")
}

impl Multipart {
    /// Builds the body: each field as a text part, then the file as
    /// `content` (`application/octet-stream`), as twine sends it. Returns the
    /// body and its content type.
    pub fn new(
        fields: &[(String, String)],
        file_name: &str,
        path: &Path,
    ) -> io::Result<(Multipart, String)> {
        let boundary = boundary();
        let mut head = Vec::new();
        for (name, value) in fields {
            head.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n\r\n",
                    quote(name)
                )
                .as_bytes(),
            );
            head.extend_from_slice(value.as_bytes());
            head.extend_from_slice(b"\r\n");
        }
        head.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"content\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                quote(file_name)
            )
            .as_bytes(),
        );
        let tail = format!("\r\n--{boundary}--\r\n").into_bytes();
        let file = File::open(path)?;
        let size = file.metadata()?.len();
        let len = head.len() as u64 + size + tail.len() as u64;
        let content_type = format!("multipart/form-data; boundary={boundary}");
        Ok((
            Multipart {
                head: io::Cursor::new(head),
                file: file.take(size),
                tail: io::Cursor::new(tail),
                len,
            },
            content_type,
        ))
    }

    /// The total length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// True for an empty body (never: the boundary lines are always there).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Read for Multipart {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut n = self.head.read(buf)?;
        if n == 0 {
            n = self.file.read(buf)?;
        }
        if n == 0 {
            n = self.tail.read(buf)?;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_the_announced_length_and_parts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo-1.0.tar.gz");
        std::fs::write(&path, b"\x1f\x8bdata").unwrap();
        let fields = vec![
            (":action".to_string(), "file_upload".to_string()),
            ("name".to_string(), "démo".to_string()),
        ];
        let (mut body, content_type) = Multipart::new(&fields, "demo-1.0.tar.gz", &path).unwrap();
        let len = body.len();
        let mut bytes = Vec::new();
        body.read_to_end(&mut bytes).unwrap();
        assert_eq!(bytes.len() as u64, len);
        let boundary = content_type.split("boundary=").nth(1).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n")));
        assert!(text.contains("name=\"content\"; filename=\"demo-1.0.tar.gz\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
        assert!(text.ends_with(&format!("\r\n--{boundary}--\r\n")));
    }
}
