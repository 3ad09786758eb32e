//! Bump arithmetic against commitizen's own library: generated current
//! versions (all three schemes) and every argument of `bump()` go to
//! `relx::version::cz_bump` and to commitizen 4.19.3's
//! `scheme(current).bump(...)` (`tests/oracle/bump.py`); results and
//! "raises" must be identical. Then `relx::version::bump` must equal
//! commitizen everywhere except the two SPEC §2 exceptions, spelled out in
//! [`relx_expected`].

use serde_json::{json, Value};

use relx::version::{bump, cz_bump, BumpOptions, Increment, IncrementMode, Number, Phase, Scheme};

use crate::oracle::{ask_python, Mismatches, Rng};

/// How many bumps one run compares.
const COUNT: usize = 20_000;

/// Build metadata values, valid and not (commitizen raises on the invalid).
const METADATA: [&str; 14] = [
    "abc",
    "Build-5",
    "001",
    "a_b",
    "x.y.z",
    "1.2",
    "g1a2b3c4",
    "UPPER.Case-7",
    "",
    "bad+meta",
    " spaced",
    "trailing.",
    "é",
    "20260101",
];

fn small(rng: &mut Rng) -> u64 {
    match rng.below(10) {
        0..=5 => rng.range(0, 3),
        6..=8 => rng.range(4, 99),
        _ => rng.range(100, 1_000_000),
    }
}

fn big_number(rng: &mut Rng) -> String {
    let len = rng.range(20, 30) as usize;
    (0..len)
        .map(|i| char::from(b'0' + rng.range(u64::from(i == 0), 9) as u8))
        .collect()
}

/// A version label that is itself a version, for `--local-version`
/// (`1.0.0+0.1.0`), or sometimes one that is not (`ubuntu.1`).
fn local_label(rng: &mut Rng) -> String {
    if rng.one_in(6) {
        return rng.pick(&["ubuntu.1", "local", "abc.def"]).to_string();
    }
    let parts = rng.range(1, 4);
    let mut label: Vec<String> = (0..parts).map(|_| small(rng).to_string()).collect();
    if rng.one_in(4) {
        let last = label.pop().expect("one part at least");
        let suffix = *rng.pick(&["a1", "b0", "rc2", "dev3", "post1"]);
        label.push(format!("{last}{suffix}"));
    }
    label.join(*rng.pick(&[".", ".", "-", "_"]))
}

/// A current version's text, in one of the spellings each scheme reads.
fn current(rng: &mut Rng, local_wanted: bool) -> String {
    let mut s = String::new();
    if rng.one_in(10) {
        s.push_str(&format!("{}!", rng.range(1, 3)));
    }
    let len = *rng.pick(&[1, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4]);
    let release: Vec<String> = (0..len).map(|_| small(rng).to_string()).collect();
    s.push_str(&release.join("."));
    let spelling = rng.below(3);
    if rng.percent(40) {
        let phase = rng.below(3);
        let n = rng.range(0, 3);
        s.push_str(&match spelling {
            0 => format!("{}{n}", ["a", "b", "rc"][phase]),
            1 => format!("-{}{n}", ["a", "b", "rc"][phase]),
            _ => format!("-{}.{n}", ["alpha", "beta", "rc"][phase]),
        });
    }
    if rng.percent(10) {
        let n = rng.range(0, 3);
        s.push_str(&match spelling {
            0 => format!(".post{n}"),
            1 => format!("-post{n}"),
            _ => format!(".post.{n}"),
        });
    }
    if rng.percent(15) {
        let n = rng.range(0, 9);
        s.push_str(&match spelling {
            0 => format!(".dev{n}"),
            1 => format!("-dev{n}"),
            _ => format!(".dev.{n}"),
        });
    }
    if local_wanted || rng.percent(8) {
        s.push('+');
        s.push_str(&local_label(rng));
    }
    if rng.one_in(50) {
        s = format!(" {s}\t");
    }
    s
}

struct Case {
    scheme: Scheme,
    current: String,
    opts: BumpOptions,
}

impl Case {
    fn question(&self) -> Value {
        let o = &self.opts;
        json!({
            "scheme": self.scheme.name(),
            "current": self.current,
            "increment": o.increment.map(|i| i.to_string()),
            "prerelease": o.prerelease.map(Phase::name),
            "offset": o.prerelease_offset.as_str().parse::<u64>().expect("small offset"),
            // As text: JSON numbers would lose digits beyond f64.
            "devrelease": o.devrelease.as_ref().map(Number::as_str),
            "exact": o.mode == IncrementMode::Exact,
            "local": o.local_version,
            "meta": o.build_metadata,
        })
    }

    fn describe(&self) -> String {
        format!("{} {:?} {:?}", self.scheme.name(), self.current, self.opts)
    }
}

fn cases() -> Vec<Case> {
    let mut rng = Rng::new(0x4193_B00B);
    (0..COUNT)
        .map(|_| {
            let local_version = rng.percent(15);
            let scheme = *rng.pick(&[
                Scheme::Pep440,
                Scheme::Pep440,
                Scheme::Semver,
                Scheme::Semver2,
            ]);
            let devrelease = match rng.below(20) {
                0..=12 => None,
                13..=18 => Some(Number::from(rng.range(0, 12))),
                _ => Some(Number::from_digits(&big_number(&mut rng)).expect("digits")),
            };
            let opts = BumpOptions {
                increment: *rng.pick(&[
                    None,
                    Some(Increment::Patch),
                    Some(Increment::Minor),
                    Some(Increment::Major),
                ]),
                prerelease: if rng.percent(50) {
                    None
                } else {
                    Some(*rng.pick(&[Phase::Alpha, Phase::Beta, Phase::Rc]))
                },
                prerelease_offset: Number::from(if rng.percent(75) { 0 } else { rng.range(1, 5) }),
                devrelease,
                local_version,
                build_metadata: rng.one_in(7).then(|| rng.pick(&METADATA).to_string()),
                mode: if rng.percent(25) {
                    IncrementMode::Exact
                } else {
                    IncrementMode::Linear
                },
            };
            let local_wanted = local_version && rng.percent(80);
            Case {
                scheme,
                current: current(&mut rng, local_wanted),
                opts,
            }
        })
        .collect()
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

#[test]
fn cz_bump_agrees_with_commitizen() {
    let cases = cases();
    let questions: Vec<Value> = cases.iter().map(Case::question).collect();
    let answers = ask_python("bump.py", &[], &questions);
    let mut mismatches = Mismatches::new("cz_bump vs commitizen 4.19.3 bump()");
    let mut raised = 0;
    for (case, answer) in cases.iter().zip(&answers) {
        let current = case.scheme.parse(&case.current).expect("generated valid");
        let got = cz_bump(&current, &case.opts).map(|v| v.to_string()).ok();
        let want = text(&answer["result"]);
        raised += usize::from(want.is_none());
        if got != want {
            mismatches.push(format!(
                "{}: relx {got:?}, commitizen {want:?} (raises {})",
                case.describe(),
                answer["raises"]
            ));
        }
    }
    mismatches.assert_none(cases.len());
    assert!(
        raised > 50,
        "the generator should reach commitizen's errors too ({raised})"
    );
}

/// What `relx::version::bump` must answer, from commitizen's facts and
/// SPEC §2. relx differs from commitizen in exactly two places:
///
/// 1. **Epoch kept.** commitizen rebuilds the version from the release
///    numbers and drops an epoch (`1!2.0` + PATCH → `2.0.1`, lower than
///    `1!2.0`); relx puts the epoch back (`1!2.0.1`).
/// 2. **`--devrelease` continues a pending pre-release.** With a dev
///    number and no `--prerelease`, commitizen drops a pending pre-release
///    (`1.0.0a0` + PATCH dev 5 → `1.0.0.dev5`, lower than `1.0.0a0`); when
///    that answer is not higher than the current version, relx asks for the
///    current phase instead (`1.0.0a1.dev5`), which is what commitizen
///    answers with `--prerelease alpha`.
///
/// Everywhere else relx's answer is commitizen's, "raises" included.
fn relx_expected(case: &Case, current_has_pre: bool, answer: &Value) -> Option<String> {
    let Some(restored) = text(&answer["epoch_restored"]) else {
        return None; // commitizen raises, and so does relx
    };
    let continues = case.opts.devrelease.is_some()
        && case.opts.prerelease.is_none()
        && current_has_pre
        && answer["epoch_restored_le_current"] == true;
    if continues {
        return text(&answer["continued"]);
    }
    Some(restored)
}

#[test]
fn relx_bump_is_commitizen_but_never_lower() {
    let cases = cases();
    let questions: Vec<Value> = cases.iter().map(Case::question).collect();
    let answers = ask_python("bump.py", &[], &questions);
    let mut mismatches = Mismatches::new("relx bump vs commitizen + SPEC §2 exceptions");
    let (mut epochs, mut continued) = (0, 0);
    for (case, answer) in cases.iter().zip(&answers) {
        let current = case.scheme.parse(&case.current).expect("generated valid");
        let got = bump(&current, &case.opts).map(|v| v.to_string()).ok();
        let want = relx_expected(case, current.pep.pre.is_some(), answer);
        if want != text(&answer["result"]) {
            if text(&answer["epoch_restored"]) != text(&answer["result"]) {
                epochs += 1;
            } else {
                continued += 1;
            }
        }
        if got != want {
            mismatches.push(format!(
                "{}: relx {got:?}, expected {want:?} (commitizen {:?})",
                case.describe(),
                answer["result"]
            ));
        }
    }
    mismatches.assert_none(cases.len());
    assert!(
        epochs > 20 && continued > 20,
        "both exceptions should be exercised: {epochs} epochs, {continued} continued"
    );
}
