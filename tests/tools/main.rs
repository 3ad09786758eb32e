//! Tests that need a program the venv cannot provide (Chromium), in a
//! binary whose harness decides at run time: where the program is missing,
//! the test is counted as ignored and says why; under `CI` or
//! `RELX_REQUIRE_ALL=1` it fails instead, with the command that installs it.
//! Everything else lives in tests/cli/, the one binary for the rest.

use libtest_mimic::{Arguments, Completion, Failed, Trial};
use std::path::PathBuf;

#[path = "../cli/support.rs"]
mod support;

#[path = "../cli/docs/site.rs"]
mod site;

mod browser;

/// A program the tests look for on PATH, and how to install it.
pub struct Tool {
    /// The names it goes by, first found wins.
    pub names: &'static [&'static str],
    /// What to run to install it (Debian).
    pub install: &'static str,
}

/// Headless Chromium for the docs browser test.
pub const CHROMIUM: Tool = Tool {
    names: &["chromium", "chromium-browser"],
    install: "apt-get install chromium",
};

impl Tool {
    /// The program's path, if it is on PATH.
    fn find(&self) -> Option<PathBuf> {
        let path = std::env::var_os("PATH")?;
        self.names.iter().find_map(|name| {
            std::env::split_paths(&path)
                .map(|dir| dir.join(name))
                .find(|file| file.is_file())
        })
    }
}

/// CI (or a user who asks for it) wants every test run, none skipped.
fn everything_required() -> bool {
    let set = |name: &str| std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0");
    set("CI") || set("RELX_REQUIRE_ALL")
}

/// A test that runs with `tool`: ignored at run time (with why) where the
/// tool is missing, failed instead when every test is required.
fn with_tool(name: &str, tool: &'static Tool, test: fn(PathBuf)) -> Trial {
    Trial::ignorable_test(name, move || {
        // The tools are Debian packages; CI installs them on Linux only.
        if !cfg!(target_os = "linux") {
            return Ok(Completion::ignored_with("needs Linux"));
        }
        let Some(path) = tool.find() else {
            let missing = format!("{} is not installed: {}", tool.names[0], tool.install);
            if everything_required() {
                return Err(Failed::from(format!(
                    "{missing} (CI or RELX_REQUIRE_ALL is set, so no test may be skipped)"
                )));
            }
            return Ok(Completion::ignored_with(missing));
        };
        test(path);
        Ok(Completion::Completed)
    })
}

fn main() {
    let args = Arguments::from_args();
    let tests = vec![with_tool(
        "docs::browser::root_and_alias_redirects_land_on_the_versioned_pages",
        &CHROMIUM,
        browser::root_and_alias_redirects_land_on_the_versioned_pages,
    )];
    libtest_mimic::run(&args, tests).exit();
}
