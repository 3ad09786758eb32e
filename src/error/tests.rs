//! The exit codes and hints of wrapped and own errors.

use super::*;
use crate::changelog::TemplateError;

/// The core's refusals keep commitizen's codes (and relx's hints) once
/// the app error wraps them.
#[test]
fn wrapped_core_errors_keep_their_codes() {
    let template = TemplateError {
        name: "CHANGELOG.md.j2".to_string(),
        line: 1,
        column: 2,
        message: "unexpected end".to_string(),
    };
    let rows: [(Error, u8, bool); 8] = [
        (PlanError::NoCommits { since: None }.into(), 3, true),
        (PlanError::NoCommitsForPrerelease.into(), 3, true),
        (PlanError::NotAllowed("x".to_string()).into(), 20, false),
        (
            PlanError::NotHigher {
                current: "1.0.0".to_string(),
                next: "0.9.0".to_string(),
            }
            .into(),
            20,
            false,
        ),
        (PlanError::NoIncrement.into(), 21, false),
        (
            PlanError::InvalidManualVersion("x".to_string()).into(),
            24,
            true,
        ),
        (
            ChangelogError::NoRevision {
                file: PathBuf::from("CHANGELOG.md"),
                version: "1.0.0".to_string(),
            }
            .into(),
            16,
            false,
        ),
        (ChangelogError::Template(template).into(), 19, false),
    ];
    for (err, code, hinted) in rows {
        assert_eq!(err.exit_code(), code, "{err}");
        assert_eq!(err.hint().is_some(), hinted, "{err}");
    }
}

/// `plan`'s manual version reads as the app error's always did.
#[test]
fn a_bad_manual_version_reads_the_same_from_plan() {
    let from_plan = Error::from(PlanError::InvalidManualVersion("2.0.x".to_string()));
    let app = Error::InvalidManualVersion {
        option: "MANUAL_VERSION".to_string(),
        value: "2.0.x".to_string(),
    };
    assert_eq!(from_plan.to_string(), app.to_string());
    assert_eq!(from_plan.hint(), app.hint());
    assert_eq!(from_plan.exit_code(), app.exit_code());
}
