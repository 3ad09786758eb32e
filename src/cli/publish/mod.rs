//! `relx publish`: renders the publish plan (text or `--json`), has the
//! real run carry it out with a progress bar per upload, and reports what
//! was sent.

use std::sync::Arc;
use std::time::Duration;

use super::printer::Printer;
use super::progress::Progress;
use crate::commands::publish::{self, Applied, FileResult, PublishPlan, Watch};
use crate::error::Error;
use crate::flags::{GlobalArgs, PublishArgs};
use crate::publish::github::AssetOutcome;
use crate::publish::gitlab::LinkOutcome;
use crate::publish::{Outcome, ProgressFn};
use crate::settings::{Env, Mode};
use crate::talk::Talk;

fn io_out(source: std::io::Error) -> Error {
    Error::Io {
        path: "<stdout>".into(),
        source,
    }
}

/// `relx publish`.
pub fn run(
    global: &GlobalArgs,
    args: &PublishArgs,
    env: Env,
    out: &mut Printer,
) -> Result<(), Error> {
    let plan = publish::prepare(global, args, env, out)?;
    let json = args.json;
    if !json {
        writeln!(
            out.out(),
            "publish: {} {} (tag {}) to {} {}",
            plan.project,
            plan.version,
            plan.tag,
            plan.upload_url,
            plan.login
        )
        .map_err(io_out)?;
    }
    match plan.mode {
        Mode::DryRun => {
            let files = plan.dry_results();
            if !json {
                render_dry_run(&plan, &files, out)?;
            }
            let applied = Applied {
                files,
                github: None,
                gitlab: None,
            };
            finish(&plan, &applied, json, out)
        }
        Mode::Exec => {
            let mut face = Face {
                out,
                json,
                bar: None,
            };
            let applied = publish::apply(&plan, &mut face)?;
            finish(&plan, &applied, json, out)
        }
    }
}

/// The dry run's lines: each file, then the releases that would be made.
fn render_dry_run(
    plan: &PublishPlan,
    files: &[FileResult],
    out: &mut Printer,
) -> Result<(), Error> {
    for file in files {
        writeln!(out.out(), "{}", file_line(file, Duration::ZERO)).map_err(io_out)?;
    }
    if let Some(github) = &plan.github {
        writeln!(
            out.out(),
            "would create or update the GitHub release {} on {} with {}",
            github.tag,
            github.repository,
            github.assets.join(", ")
        )
        .map_err(io_out)?;
    }
    if let Some(gitlab) = &plan.gitlab {
        writeln!(
            out.out(),
            "would create or update the GitLab release {} on {} with links to the files on the index",
            gitlab.tag,
            gitlab.project
        )
        .map_err(io_out)?;
    }
    Ok(())
}

/// The `--json` summary, or the dry run's last line.
fn finish(
    plan: &PublishPlan,
    applied: &Applied,
    json: bool,
    out: &mut Printer,
) -> Result<(), Error> {
    if json {
        let value = serde_json::json!({
            "project": plan.project,
            "version": plan.version,
            "tag": plan.tag,
            "repository_url": plan.upload_url,
            "dry_run": plan.mode == Mode::DryRun,
            "files": applied.files,
            "github": plan.github.as_ref().map(|github| serde_json::json!({
                "repository": github.repository,
                "url": applied.github.as_ref().map(|(url, _)| url.clone()),
                "assets": applied.github.as_ref().map(|(_, assets)| assets.iter().map(|(name, outcome)| serde_json::json!({"name": name, "outcome": outcome})).collect::<Vec<_>>()),
            })),
            "gitlab": plan.gitlab.as_ref().map(|gitlab| serde_json::json!({
                "project": gitlab.project,
                "url": applied.gitlab.as_ref().map(|(url, _)| url.clone()),
                "links": applied.gitlab.as_ref().map(|(_, links)| links.iter().map(|(name, outcome)| serde_json::json!({"name": name, "outcome": outcome})).collect::<Vec<_>>()),
            })),
        });
        writeln!(out.out(), "{value:#}").map_err(io_out)?;
    } else if plan.mode == Mode::DryRun {
        writeln!(out.out(), "Dry run: nothing was uploaded").map_err(io_out)?;
    }
    Ok(())
}

/// One file's line.
fn file_line(file: &FileResult, elapsed: Duration) -> String {
    let name = &file.file;
    match file.outcome {
        Outcome::AlreadyUploaded => {
            format!("skipped {name}: the index has it already (same sha256)")
        }
        Outcome::SkippedExisting => {
            format!("skipped {name}: the index has it already (--skip-existing)")
        }
        Outcome::WouldUpload => format!("would upload {name} ({})", human_size(file.size)),
        Outcome::Uploaded => format!(
            "uploaded {name} ({} in {:.1} s)",
            human_size(file.size),
            elapsed.as_secs_f64()
        ),
    }
}

fn human_size(bytes: u64) -> String {
    let units = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < units.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

/// The printer while the plan is carried out: lines on stdout (none under
/// `--json`), a progress bar per upload.
struct Face<'a> {
    out: &'a mut Printer,
    json: bool,
    bar: Option<Progress>,
}

impl Talk for Face<'_> {
    fn info(&mut self, line: &str) {
        Talk::info(self.out, line);
    }
    fn warn(&mut self, line: &str) {
        Talk::warn(self.out, line);
    }
    fn alert(&mut self, line: &str) {
        Talk::alert(self.out, line);
    }
}

impl Watch for Face<'_> {
    fn sending(&mut self, file: &str, size: u64) -> ProgressFn {
        let bar = self.out.progress(size, file);
        let shown = bar.clone();
        self.bar = Some(bar);
        // The form's text travels with the file: show the file's share.
        Arc::new(move |sent, total| {
            let share = u128::from(sent) * u128::from(size) / u128::from(total.max(1));
            shown.set_position(u64::try_from(share).unwrap_or(size));
        })
    }

    fn sent(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish();
        }
    }

    fn file_done(&mut self, result: &FileResult, elapsed: Duration) -> Result<(), Error> {
        if !self.json {
            writeln!(self.out.out(), "{}", file_line(result, elapsed)).map_err(io_out)?;
        }
        Ok(())
    }

    fn github_done(
        &mut self,
        tag: &str,
        url: &str,
        assets: &[(String, AssetOutcome)],
    ) -> Result<(), Error> {
        if !self.json {
            let attached = assets
                .iter()
                .filter(|(_, o)| *o != AssetOutcome::Skipped)
                .count();
            writeln!(
                self.out.out(),
                "GitHub release {tag}: {url} ({attached} assets attached, {} there already)",
                assets.len() - attached
            )
            .map_err(io_out)?;
        }
        Ok(())
    }

    fn gitlab_done(
        &mut self,
        tag: &str,
        url: &str,
        links: &[(String, LinkOutcome)],
    ) -> Result<(), Error> {
        if !self.json {
            let added = links
                .iter()
                .filter(|(_, o)| *o == LinkOutcome::Added)
                .count();
            writeln!(
                self.out.out(),
                "GitLab release {tag}: {url} ({added} links added, {} there already)",
                links.len() - added
            )
            .map_err(io_out)?;
        }
        Ok(())
    }
}
