//! Against a real devpi-server, which answers like PyPI: an identical
//! re-upload is accepted, another file of the same name is refused (409).

use super::{error_lines, publish, released, Server, TOKEN};

fn alice() -> [(&'static str, &'static str); 2] {
    [("RELX_PYPI_USERNAME", "alice"), ("RELX_PYPI_TOKEN", TOKEN)]
}

#[test]
#[cfg_attr(not(unix), ignore = "needs unix: python3 runs through a /bin/sh shim")]
fn devpi_takes_the_upload_and_re_runs_are_idempotent() {
    let server = Server::devpi();
    let (repo, files) = released("1.0.0");
    let upload = server.url("/alice/dev/");
    let check = server.url("/alice/dev/+simple/");
    let args = ["--repository-url", upload.as_str(), "--no-github-release"];
    let checked: Vec<&str> = args
        .iter()
        .copied()
        .chain(["--check-url", check.as_str()])
        .collect();

    let run = publish(&repo, &checked, &alice());
    assert_eq!(run.code, 0, "{run:?}");
    for name in &files {
        assert!(
            run.stdout.contains(&format!("uploaded {name} (")),
            "{run:?}"
        );
    }
    // With its simple API to look at, a re-run sends nothing.
    let run = publish(&repo, &checked, &alice());
    assert_eq!(run.code, 0, "{run:?}");
    for name in &files {
        assert!(
            run.stdout.contains(&format!(
                "skipped {name}: the index has it already (same sha256)"
            )),
            "{run:?}"
        );
    }
    // Without it, devpi takes the identical files again, as PyPI does.
    let run = publish(&repo, &args, &alice());
    assert_eq!(run.code, 0, "{run:?}");

    // Another file under a published name: refused by devpi (409) ...
    let wheel = &files[1];
    let path = repo.path().join("dist").join(wheel);
    let mut bytes = std::fs::read(&path).expect("wheel");
    bytes.push(0);
    std::fs::write(&path, bytes).expect("change the wheel");
    let run = publish(&repo, &args, &alice());
    assert_eq!(run.code, 76, "{run:?}");
    let errors = error_lines(&run);
    assert_eq!(errors.len(), 1, "{run:?}");
    assert!(
        errors[0].contains(wheel.as_str()) && errors[0].contains("409"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains(&format!(
            "on the index now: {}; not uploaded: {wheel}",
            files[0]
        )),
        "{run:?}"
    );
    // ... and, with the simple API, caught before anything is sent.
    let run = publish(&repo, &checked, &alice());
    assert_eq!(run.code, 76, "{run:?}");
    assert!(error_lines(&run)[0].contains("different file"), "{run:?}");
    assert!(run.stderr.contains("nothing was uploaded"), "{run:?}");
}
