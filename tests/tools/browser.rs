//! Seen in a browser: the branch tree, exported and served on 127.0.0.1,
//! loaded in headless Chromium; the root and an alias must land on the
//! versioned pages. Where Chromium (Debian's `chromium`, which .ci/run
//! installs) is missing, the harness in main.rs counts the test as ignored.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use crate::site::{edit_docs, project, relx_ok};

/// A static file server for `root` (as GitHub Pages serves the branch): a
/// folder URL without `/` is redirected, a folder serves its index.html.
/// Returns the port and the log of requested paths.
fn serve(root: PathBuf) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let port = listener.local_addr().unwrap().port();
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&log);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            let seen = Arc::clone(&seen);
            std::thread::spawn(move || answer(stream, &root, &seen));
        }
    });
    (port, log)
}

fn answer(mut stream: TcpStream, root: &Path, seen: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
    }
    let path = request
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    seen.lock().unwrap().push(path.clone());
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        if !path.ends_with('/') {
            let reply = format!(
                "HTTP/1.1 301 Moved Permanently\r\nLocation: {path}/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            stream.write_all(reply.as_bytes()).ok();
            return;
        }
        file = file.join("index.html");
    }
    let (status, body) = match std::fs::read(&file) {
        Ok(body) => ("200 OK", body),
        Err(_) => ("404 Not Found", b"not found".to_vec()),
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok();
    stream.write_all(&body).ok();
}

/// The DOM after Chromium followed the redirects.
fn dump_dom(chromium: &Path, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(out.status.success(), "chromium {url}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Run by the harness in main.rs with Chromium's path.
pub fn root_and_alias_redirects_land_on_the_versioned_pages(chromium: PathBuf) {
    let repo = project("", "Version one text");
    relx_ok(&repo, &["deploy", "1.0", "old", "--alias-type", "redirect"]);
    edit_docs(&repo, "Version two text");
    relx_ok(&repo, &["deploy", "2.0", "latest"]);
    relx_ok(&repo, &["set-default", "latest"]);

    let site = tempfile::tempdir().unwrap();
    let archive = Command::new("sh")
        .args([
            "-c",
            &format!(
                "git archive refs/heads/gh-pages | tar -x -C '{}'",
                site.path().display()
            ),
        ])
        .current_dir(repo.path())
        .status()
        .unwrap();
    assert!(archive.success());
    let (port, log) = serve(site.path().to_path_buf());

    // The root redirects to latest/, a link to 2.0.
    let dom = dump_dom(&chromium, &format!("http://127.0.0.1:{port}/"));
    assert!(dom.contains("Version two text"), "{dom}");
    assert!(!dom.contains("Redirecting"), "{dom}");
    assert!(log.lock().unwrap().contains(&"/latest/".to_string()));

    // A redirect alias of 1.0, on a page below the root.
    let dom = dump_dom(
        &chromium,
        &format!("http://127.0.0.1:{port}/old/guide/setup/"),
    );
    assert!(dom.contains("Install it."), "{dom}");
    assert!(!dom.contains("Redirecting"), "{dom}");
    let requested = log.lock().unwrap().clone();
    assert!(
        requested.contains(&"/1.0/guide/setup/".to_string()),
        "{requested:?}"
    );
    let dom = dump_dom(&chromium, &format!("http://127.0.0.1:{port}/old/"));
    assert!(dom.contains("Version one text"), "{dom}");
}
