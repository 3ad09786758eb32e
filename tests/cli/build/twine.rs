//! Differential test: `relx build --check-only FILE` against the real
//! `twine check --strict FILE` on good and deliberately broken files. They
//! must reach the same verdict, except where relx is stricter on purpose:
//! twine never looks at file names (listed case by case below).

use std::io::Write;
use std::path::Path;

use super::{twine_passes, Tools};
use crate::support::relx_in;

const GOOD: &str =
    "Metadata-Version: 2.4\nName: demo-pkg\nVersion: 1.0.0\nSummary: A demo package\n\
                    Description-Content-Type: text/markdown\n\n# Demo\n\nA *demo* package.\n";

fn with(old: &str, new: &str) -> String {
    assert!(GOOD.contains(old), "{old}");
    GOOD.replacen(old, new, 1)
}

fn wheel(path: &Path, dist_info: &str, metadata: &[u8]) {
    let file = std::fs::File::create(path).expect("create wheel");
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("demo_pkg/__init__.py", options)
        .expect("zip");
    zip.start_file(format!("{dist_info}/METADATA"), options)
        .expect("zip");
    zip.write_all(metadata).expect("zip");
    zip.start_file(format!("{dist_info}/WHEEL"), options)
        .expect("zip");
    zip.write_all(
        b"Wheel-Version: 1.0\nGenerator: relx-tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    )
    .expect("zip");
    zip.start_file(format!("{dist_info}/RECORD"), options)
        .expect("zip");
    zip.finish().expect("zip");
}

fn sdist(path: &Path, members: &[(&str, &[u8])]) {
    let file = std::fs::File::create(path).expect("create sdist");
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    for (name, data) in members {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, *data).expect("tar");
    }
    tar.into_inner().expect("tar").finish().expect("gz");
}

fn good_wheel(dir: &Path, file: &str, metadata: &str) {
    wheel(
        &dir.join(file),
        "demo_pkg-1.0.0.dist-info",
        metadata.as_bytes(),
    );
}

fn good_sdist(dir: &Path, file: &str, metadata: &str) {
    sdist(
        &dir.join(file),
        &[
            ("demo_pkg-1.0.0/PKG-INFO", metadata.as_bytes()),
            (
                "demo_pkg-1.0.0/pyproject.toml",
                b"[project]\nname = \"demo-pkg\"\n",
            ),
        ],
    );
}

const WHEEL: &str = "demo_pkg-1.0.0-py3-none-any.whl";
const SDIST: &str = "demo_pkg-1.0.0.tar.gz";

type Make = Box<dyn Fn(&Path) + Sync>;

/// (case, file name, how to make it).
fn cases() -> Vec<(&'static str, &'static str, Make)> {
    let w = |m: String| -> Make { Box::new(move |d| good_wheel(d, WHEEL, &m)) };
    let s = |m: String| -> Make { Box::new(move |d| good_sdist(d, SDIST, &m)) };
    let rst = "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0.0\nDescription-Content-Type: text/x-rst\n\n";
    vec![
        ("good wheel", WHEEL, w(GOOD.into())),
        ("good sdist", SDIST, s(GOOD.into())),
        ("plain text", WHEEL, w(with("text/markdown", "text/plain"))),
        ("good rst", WHEEL, w(format!("{rst}Demo\n====\n\nA *demo*.\n"))),
        ("bad rst", WHEEL, w(format!("{rst}Demo\n===\n\n.. nonsense::\n\n`unclosed\n"))),
        ("bad rst in sdist", SDIST, s(format!("{rst}* item\ncontinued badly\n  - x\n\n.. include:: /etc/passwd\n"))),
        ("missing content type (rst ok)", WHEEL, w(with("Description-Content-Type: text/markdown\n", "").replace("# Demo\n\nA *demo* package.\n", "Demo\n====\n"))),
        ("missing content type (markdown)", WHEEL, w(with("Description-Content-Type: text/markdown\n", ""))),
        ("missing description", WHEEL, w(with("\n# Demo\n\nA *demo* package.\n", "\n"))),
        ("UNKNOWN description", SDIST, s(with("# Demo\n\nA *demo* package.\n", "UNKNOWN\n"))),
        ("invalid content type", WHEEL, w(with("text/markdown", "text/html"))),
        ("bad markdown variant", WHEEL, w(with("text/markdown", "text/markdown; variant=gfm"))),
        ("bad version", WHEEL, w(with("Version: 1.0.0", "Version: 1.0.x"))),
        ("missing version", SDIST, s(with("Version: 1.0.0\n", ""))),
        ("missing name", WHEEL, w(with("Name: demo-pkg\n", ""))),
        ("bad name", WHEEL, w(with("Name: demo-pkg", "Name: demo pkg"))),
        ("unsupported metadata version", WHEEL, w(with("2.4", "2.0"))),
        ("field newer than metadata version", WHEEL, w(with("Metadata-Version: 2.4", "Metadata-Version: 2.1").replace("Summary:", "License-Expression: MIT\nSummary:"))),
        ("unknown field", WHEEL, w(with("Summary:", "X-Custom: 1\nSummary:"))),
        ("repeated name", SDIST, s(with("Summary:", "Name: other\nSummary:"))),
        ("two-line summary", WHEEL, w(with("A demo package", "A demo\n  package"))),
        ("bad requires-dist", WHEEL, w(with("Summary:", "Requires-Dist: requests >=2.0 <3\nSummary:"))),
        ("good requires-dist", WHEEL, w(with("Summary:", "Requires-Dist: requests[socks] (>=2.0,<3); python_version >= \"3.8\"\nRequires-Python: >=3.8\nSummary:"))),
        ("bad requires-python", SDIST, s(with("Summary:", "Requires-Python: >=3.8.*\nSummary:"))),
        ("unknown license", WHEEL, w(with("Summary:", "License-Expression: Use-it-after-midnight\nSummary:"))),
        ("good license", WHEEL, w(with("Summary:", "License-Expression: mit OR Apache-2.0\nLicense-File: LICENSE\nSummary:"))),
        ("non-utf8 field", WHEEL, Box::new(|d: &Path| {
            let m = GOOD.replace("A demo package", "A d\u{e9}mo").into_bytes();
            let m: Vec<u8> = m.into_iter().flat_map(|b| if b == 0xc3 { vec![] } else if b == 0xa9 { vec![0xe9] } else { vec![b] }).collect();
            wheel(&d.join(WHEEL), "demo_pkg-1.0.0.dist-info", &m);
        })),
        ("truncated wheel", WHEEL, Box::new(|d: &Path| {
            good_wheel(d, WHEEL, GOOD);
            let bytes = std::fs::read(d.join(WHEEL)).expect("read");
            std::fs::write(d.join(WHEEL), &bytes[..bytes.len() / 2]).expect("truncate");
        })),
        ("garbage sdist", SDIST, Box::new(|d: &Path| std::fs::write(d.join(SDIST), b"not gzip at all").expect("write"))),
        ("wheel without METADATA", WHEEL, Box::new(|d: &Path| {
            wheel(&d.join(WHEEL), "demo_pkg-1.0.0.dist-info", b"Name: demo-pkg\n");
        })),
        ("sdist with two top-level members", SDIST, Box::new(|d: &Path| {
            sdist(&d.join(SDIST), &[("demo_pkg-1.0.0/PKG-INFO", GOOD.as_bytes()), ("stray.txt", b"x")]);
        })),
        ("sdist without PKG-INFO", SDIST, Box::new(|d: &Path| {
            sdist(&d.join(SDIST), &[("demo_pkg-1.0.0/setup.py", b"")]);
        })),
    ]
}

/// Where relx is stricter than twine on purpose: file names. twine passes
/// these files; PyPI or installers would not take them.
fn stricter_cases() -> Vec<(&'static str, &'static str, Make, &'static str)> {
    vec![
        (
            "name not normalised",
            "Demo.Pkg-1.0.0.tar.gz",
            Box::new(|d: &Path| good_sdist(d, "Demo.Pkg-1.0.0.tar.gz", GOOD)),
            "not normalised (expected 'demo_pkg')",
        ),
        (
            "version in the file name differs from METADATA",
            "demo_pkg-9.9.9-py3-none-any.whl",
            Box::new(|d: &Path| good_wheel(d, "demo_pkg-9.9.9-py3-none-any.whl", GOOD)),
            "the file name says version '9.9.9' but the metadata Version is '1.0.0'",
        ),
        (
            "version not in normal form",
            "demo_pkg-1.0.0.0a.tar.gz",
            Box::new(|d: &Path| {
                let metadata = with("1.0.0", "1.0.0.0a");
                sdist(
                    &d.join("demo_pkg-1.0.0.0a.tar.gz"),
                    &[
                        ("demo_pkg-1.0.0.0a/PKG-INFO", metadata.as_bytes()),
                        ("demo_pkg-1.0.0.0a/setup.py", b""),
                    ],
                )
            }),
            "not in normal form (expected '1.0.0.0a0')",
        ),
        (
            "zip sdist",
            "demo_pkg-1.0.0.zip",
            Box::new(|d: &Path| {
                let file = std::fs::File::create(d.join("demo_pkg-1.0.0.zip")).expect("zip");
                let mut zip = zip::ZipWriter::new(file);
                zip.start_file(
                    "demo_pkg-1.0.0/PKG-INFO",
                    zip::write::SimpleFileOptions::default(),
                )
                .expect("zip");
                zip.write_all(GOOD.as_bytes()).expect("zip");
                zip.start_file(
                    "demo_pkg-1.0.0/setup.py",
                    zip::write::SimpleFileOptions::default(),
                )
                .expect("zip");
                zip.finish().expect("zip");
            }),
            "an sdist must be a .tar.gz",
        ),
        (
            "sdist top directory named otherwise",
            SDIST,
            Box::new(|d: &Path| {
                sdist(
                    &d.join(SDIST),
                    &[
                        ("demo-1.0.0/PKG-INFO", GOOD.as_bytes()),
                        ("demo-1.0.0/setup.py", b""),
                    ],
                )
            }),
            "the top directory is 'demo-1.0.0/'",
        ),
    ]
}

fn relx_check(dir: &Path, tools: &Tools, file: &str) -> crate::support::Run {
    let env = tools.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    relx_in(dir, &["build", "--check-only", file], &env)
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn relx_and_twine_check_strict_agree() {
    let tools = Tools::python();
    let cases = cases();
    let results: Vec<(String, bool, i32, String)> = std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .iter()
            .map(|(case, file, make)| {
                let tools = &tools;
                scope.spawn(move || {
                    let dir = tempfile::tempdir().expect("temp dir");
                    make(dir.path());
                    let twine = twine_passes(&dir.path().join(file));
                    let run = relx_check(dir.path(), tools, file);
                    (
                        case.to_string(),
                        twine,
                        run.code,
                        format!("{}{}", run.stdout, run.stderr),
                    )
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("case runs"))
            .collect()
    });
    let mut disagree = Vec::new();
    let mut passed = 0;
    for (case, twine, code, output) in &results {
        assert!(*code == 0 || *code == 47, "{case}: exit {code}\n{output}");
        if (*code == 0) != *twine {
            disagree.push(format!(
                "{case}: twine {}, relx exit {code}\n{output}",
                if *twine { "passes" } else { "fails" }
            ));
        }
        passed += usize::from(*twine);
    }
    assert!(disagree.is_empty(), "{}", disagree.join("\n"));
    // The set holds both verdicts.
    assert!(
        passed >= 5 && passed + 10 < results.len(),
        "{passed} of {}",
        results.len()
    );
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn relx_is_stricter_than_twine_on_file_names() {
    let tools = Tools::python();
    for (case, file, make, why) in stricter_cases() {
        let dir = tempfile::tempdir().expect("temp dir");
        make(dir.path());
        assert!(
            twine_passes(&dir.path().join(file)),
            "{case}: twine should pass it"
        );
        let run = relx_check(dir.path(), &tools, file);
        assert_eq!(run.code, 47, "{case}: {run:?}");
        assert!(run.stdout.contains(why), "{case}: {}", run.stdout);
    }
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn check_only_prints_a_verdict_per_file() {
    let tools = Tools::python();
    let dir = tempfile::tempdir().expect("temp dir");
    good_wheel(dir.path(), WHEEL, GOOD);
    good_sdist(dir.path(), SDIST, &with("Version: 1.0.0", "Version: 1.0.x"));
    let env = tools.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let run = relx_in(dir.path(), &["build", "--check-only", WHEEL, SDIST], &env);
    assert_eq!(run.code, 47, "{run:?}");
    assert_eq!(
        run.stdout,
        format!(
            "Checking {WHEEL}: PASSED\nChecking {SDIST}: FAILED\n  \
             - demo_pkg-1.0.0/PKG-INFO: '1.0.x' is invalid for 'version'\n"
        )
    );
    assert_eq!(
        run.stderr,
        format!("error: {SDIST}: demo_pkg-1.0.0/PKG-INFO: '1.0.x' is invalid for 'version'\n")
    );
    // `relx check --dist` is the same check.
    let check = relx_in(dir.path(), &["check", "--dist", WHEEL, SDIST], &env);
    assert_eq!(
        (check.code, &check.stdout, &check.stderr),
        (run.code, &run.stdout, &run.stderr)
    );
    let run = relx_in(
        dir.path(),
        &["build", "--check-only", WHEEL, "--json"],
        &env,
    );
    assert_eq!(run.code, 0, "{run:?}");
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["passed"], true);
    assert_eq!(report["files"][0]["kind"], "wheel");
    assert_eq!(report["files"][0]["name"], "demo-pkg");
    assert_eq!(report["files"][0]["version"], "1.0.0");
    assert_eq!(report["files"][0]["description"], "markdown");
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn rst_is_reported_not_rendered_without_readme_renderer() {
    // Deliberate difference: twine always has readme_renderer; relx, asking
    // a python3 without it, cannot judge the markup, so it warns and passes.
    let dir = tempfile::tempdir().expect("temp dir");
    let rst = "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0.0\nDescription-Content-Type: text/x-rst\n\nDemo\n====\n";
    good_wheel(dir.path(), WHEEL, rst);
    let run = relx_check(dir.path(), &Tools::bare_python(), WHEEL);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .starts_with(&format!("Checking {WHEEL}: PASSED with warnings\n")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("was not rendered:")
            && run.stdout.contains("has no readme_renderer module"),
        "{}",
        run.stdout
    );
}
