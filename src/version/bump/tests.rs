use super::*;
use crate::version::{Phase, Scheme};

fn opts_from_row(cols: &[&str]) -> BumpOptions {
    let dash = |s: &str| (s != "-").then(|| s.to_string());
    BumpOptions {
        increment: dash(cols[2]).map(|s| Increment::from_name(&s).expect("increment")),
        prerelease: dash(cols[3]).map(|s| Phase::from_name(&s).expect("phase")),
        prerelease_offset: Number::from_digits(cols[4]).expect("offset"),
        devrelease: dash(cols[5]).map(|s| Number::from_digits(&s).expect("dev")),
        mode: if cols[6] == "exact" {
            IncrementMode::Exact
        } else {
            IncrementMode::Linear
        },
        local_version: cols[7] == "local",
        build_metadata: dash(cols[8]),
    }
}

/// 226 rows whose expected values commitizen 4.19.3 computed
/// (`tests/oracle/bump_table.py`).
#[test]
fn cz_bump_matches_commitizen_table() {
    let table = include_str!("../../../tests/data/bump_table.tsv");
    let mut rows = 0;
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let scheme = Scheme::from_name(cols[0]).expect("scheme");
        let current = scheme.parse(cols[1]).expect("current parses");
        let got = cz_bump(&current, &opts_from_row(&cols))
            .map(|v| v.to_string())
            .unwrap_or_else(|_| "ERR".to_string());
        assert_eq!(got, cols[9], "row: {line}");
        rows += 1;
    }
    assert!(rows >= 100, "the table has {rows} rows");
}

fn relx_bump(current: &str, opts: BumpOptions) -> String {
    bump(&Scheme::Pep440.parse(current).unwrap(), &opts)
        .unwrap()
        .to_string()
}

#[test]
fn relx_keeps_the_epoch() {
    let opts = BumpOptions {
        increment: Some(Increment::Patch),
        ..BumpOptions::default()
    };
    // commitizen answers 2.0.1, lower than 1!2.0 (SPEC §2).
    assert_eq!(relx_bump("1!2.0", opts), "1!2.0.1");
}

#[test]
fn relx_devrelease_continues_pending_prerelease() {
    let opts = BumpOptions {
        increment: Some(Increment::Patch),
        devrelease: Some(Number::from(5)),
        ..BumpOptions::default()
    };
    // commitizen answers 1.0.0.dev5, lower than 1.0.0a0 (SPEC §2).
    assert_eq!(relx_bump("1.0.0a0", opts), "1.0.0a1.dev5");
}

#[test]
fn relx_agrees_with_commitizen_where_commitizen_goes_up() {
    let opts = BumpOptions {
        increment: Some(Increment::Minor),
        devrelease: Some(Number::from(2)),
        prerelease: Some(Phase::Alpha),
        ..BumpOptions::default()
    };
    assert_eq!(relx_bump("1.0.0", opts), "1.1.0a0.dev2");
}

#[test]
fn relx_compares_with_the_epoch_restored() {
    let opts = BumpOptions {
        increment: Some(Increment::Patch),
        devrelease: Some(Number::from(6)),
        mode: IncrementMode::Exact,
        ..BumpOptions::default()
    };
    // commitizen: 1.1.4.dev6; with the epoch back, 3!1.1.4.dev6 is higher
    // than 3!1.1.3rc2, so the pending rc is not continued.
    assert_eq!(relx_bump("3!1.1.3rc2", opts), "3!1.1.4.dev6");
}
