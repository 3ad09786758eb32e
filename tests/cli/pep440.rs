//! PEP 440 against the reference: tens of thousands of generated version
//! strings go to `relx::version::Pep440` and to packaging 26.4 (one Python
//! process, `tests/oracle/pep440.py`); validity, normal form, the semver and
//! semver2 spellings (commitizen's `SemVer` / `SemVer2`) and the order of the
//! valid ones must agree.

use serde_json::{json, Value};

use relx::version::{Pep440, Scheme};

use crate::oracle::{ask_python, Mismatches, Rng};

/// How many strings one run compares.
const COUNT: usize = 40_000;

/// Every character Python's `str.isspace()` (and so packaging's `\s`)
/// accepts, and two that only look like spaces.
const SPACES: [&str; 31] = [
    "\t", "\n", "\u{b}", "\u{c}", "\r", "\u{1c}", "\u{1d}", "\u{1e}", "\u{1f}", " ", "\u{85}",
    "\u{a0}", "\u{1680}", "\u{2000}", "\u{2001}", "\u{2002}", "\u{2003}", "\u{2004}", "\u{2005}",
    "\u{2006}", "\u{2007}", "\u{2008}", "\u{2009}", "\u{200a}", "\u{2028}", "\u{2029}", "\u{202f}",
    "\u{205f}", "\u{3000}", "\u{200b}", "\u{ad}",
];

/// Characters the near-miss mutations insert: separators, letters of the
/// PEP 440 words, and lookalikes (Kelvin sign, Arabic-Indic and fullwidth
/// digits, accented letters) that a Unicode-aware parser might accept.
const NOISE: [char; 40] = [
    '.', '-', '_', '+', '!', 'v', 'V', '0', '1', '9', 'a', 'A', 'b', 'c', 'r', 'R', 'p', 'e', 'v',
    'd', 'o', 's', 't', 'l', 'h', 'w', ' ', '~', '*', '/', ',', '=', '\u{a0}', '\u{212a}', 'é',
    '\u{661}', '\u{ff11}', 'ı', 'İ', '\u{17f}',
];

fn separator(rng: &mut Rng) -> &'static str {
    rng.pick::<&str>(&["", "", ".", "-", "_"])
}

fn number(rng: &mut Rng) -> String {
    match rng.below(20) {
        0..=9 => rng.range(0, 9).to_string(),
        10..=14 => rng.range(10, 999).to_string(),
        15 => format!(
            "{:0>width$}",
            rng.range(0, 99),
            width = rng.range(2, 5) as usize
        ),
        16 => rng.range(1_000_000, u64::MAX).to_string(),
        17 => {
            // Beyond u64, within Python's 4300-digit int limit.
            let len = rng.range(20, 60) as usize;
            (0..len)
                .map(|i| {
                    let d = rng.range(if i == 0 { 1 } else { 0 }, 9);
                    char::from(b'0' + d as u8)
                })
                .collect()
        }
        18 => "0".repeat(rng.range(1, 4) as usize),
        _ => rng.range(0, 30).to_string(),
    }
}

fn local_part(rng: &mut Rng) -> String {
    let len = rng.range(1, 6) as usize;
    let digits_only = rng.one_in(3);
    (0..len)
        .map(|_| {
            if digits_only || rng.one_in(2) {
                char::from(b'0' + rng.range(0, 9) as u8)
            } else {
                let c = char::from(b'a' + rng.range(0, 25) as u8);
                if rng.one_in(3) {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            }
        })
        .collect()
}

/// A string built from PEP 440's parts, each present or not, in any
/// spelling packaging accepts.
fn well_formed(rng: &mut Rng) -> String {
    let mut s = String::new();
    if rng.one_in(8) {
        for _ in 0..rng.range(1, 2) {
            s.push_str(rng.pick::<&str>(&SPACES[..29]));
        }
    }
    if rng.one_in(5) {
        s.push_str(rng.pick::<&str>(&["v", "V"]));
    }
    if rng.one_in(6) {
        s.push_str(&number(rng));
        s.push('!');
    }
    let parts = *rng.pick(&[1, 2, 3, 3, 3, 3, 4, 5, 6]);
    let release: Vec<String> = (0..parts).map(|_| number(rng)).collect();
    s.push_str(&release.join("."));
    if rng.percent(40) {
        s.push_str(separator(rng));
        let word = *rng.pick(&["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"]);
        s.push_str(&rng.cased(word));
        s.push_str(separator(rng));
        if !rng.one_in(4) {
            s.push_str(&number(rng));
        }
    }
    if rng.percent(25) {
        if rng.one_in(3) {
            s.push('-');
            s.push_str(&number(rng));
        } else {
            s.push_str(separator(rng));
            let word = *rng.pick(&["post", "rev", "r"]);
            s.push_str(&rng.cased(word));
            s.push_str(separator(rng));
            if !rng.one_in(4) {
                s.push_str(&number(rng));
            }
        }
    }
    if rng.percent(25) {
        s.push_str(separator(rng));
        s.push_str(&rng.cased("dev"));
        s.push_str(separator(rng));
        if !rng.one_in(4) {
            s.push_str(&number(rng));
        }
    }
    if rng.percent(20) {
        s.push('+');
        let n = rng.range(1, 4);
        for i in 0..n {
            if i > 0 {
                s.push_str(rng.pick::<&str>(&[".", "-", "_"]));
            }
            s.push_str(&local_part(rng));
        }
    }
    if rng.one_in(8) {
        s.push_str(rng.pick::<&str>(&SPACES[..29]));
    }
    s
}

/// A well-formed string with one to three small edits: most of these are
/// invalid, some land on another valid spelling.
fn near_miss(rng: &mut Rng) -> String {
    let mut chars: Vec<char> = well_formed(rng).chars().collect();
    for _ in 0..rng.range(1, 3) {
        let at = rng.below(chars.len() + 1);
        match rng.below(7) {
            0 => chars.insert(at, *rng.pick(&NOISE)),
            1 if !chars.is_empty() => {
                chars.remove(at.min(chars.len() - 1));
            }
            2 if !chars.is_empty() => {
                let i = at.min(chars.len() - 1);
                chars[i] = *rng.pick(&NOISE);
            }
            3 if at > 0 && at < chars.len() => chars.swap(at - 1, at),
            4 => chars.push(*rng.pick(&['.', '-', '_', '+', '!', 'a', 'v', ' '])),
            5 => {
                let space: Vec<char> = rng.pick(&SPACES).chars().collect();
                chars.splice(at..at, space);
            }
            _ => {
                let sep = *rng.pick(&['.', '-', '_']);
                chars.splice(at..at, [sep, sep]);
            }
        }
    }
    chars.into_iter().collect()
}

/// Hand-picked corners, besides the generated ones.
const CORNERS: [&str; 40] = [
    "",
    " ",
    "v",
    "1",
    "1.0",
    "1.0.0",
    "01.00.000",
    "1.0.0.0.0.0.0.0",
    "0!0",
    "1!",
    "!1",
    "1.0+",
    "1.0+.",
    "1.0+a..b",
    "1.0+a-",
    "1.0-",
    "1.0-1",
    "1.0-1-1",
    "1.0--1",
    "1.0-r",
    "1.0-r-",
    "1.0.r.",
    "1.0.post.dev",
    "1.0.post-dev-",
    "1.0a.b",
    "1.0rc-post",
    "1.0.dev.post",
    "1.0pre-preview",
    "1.0.PREVIEW_2",
    "1.0.0-RC.1.POST.2.DEV.3+ABC.DEF",
    "V1.0",
    "vv1.0",
    "1.0v",
    "\u{212a}1.0",
    "1.\u{661}",
    "\u{ff11}.0",
    "1.0\u{0}",
    "1.0\u{200b}",
    "\u{1c}1.0\u{1f}",
    "1.0 +local",
];

fn inputs() -> Vec<String> {
    let mut rng = Rng::new(0x5EED_0440);
    let mut inputs: Vec<String> = CORNERS.iter().map(|s| s.to_string()).collect();
    while inputs.len() < COUNT {
        let s = if rng.percent(55) {
            well_formed(&mut rng)
        } else {
            near_miss(&mut rng)
        };
        inputs.push(s);
    }
    inputs
}

#[test]
fn pep440_agrees_with_packaging() {
    let inputs = inputs();
    let questions: Vec<Value> = inputs.iter().map(|s| json!(s)).collect();
    let answers = ask_python("pep440.py", &[], &questions);

    let mut mismatches = Mismatches::new("PEP 440 parse and spellings vs packaging 26.4");
    let mut valid: Vec<(Pep440, u64, &str)> = Vec::new();
    for (input, answer) in inputs.iter().zip(&answers) {
        let parsed = Pep440::parse(input);
        let want_valid = answer["valid"].as_bool().expect("valid is a bool");
        match (&parsed, want_valid) {
            (Ok(v), true) => {
                let mut got = vec![
                    ("normal", v.to_string()),
                    ("prerelease", v.is_prerelease().to_string()),
                ];
                for scheme in [Scheme::Semver, Scheme::Semver2] {
                    let spelled = scheme.parse(input).expect("same grammar").to_string();
                    got.push((scheme.name(), spelled));
                }
                for (key, value) in got {
                    let want = match &answer[key] {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    if value != want {
                        mismatches.push(format!("{input:?}: {key} relx {value:?}, want {want:?}"));
                    }
                }
                let rank = answer["rank"].as_u64().expect("rank");
                valid.push((v.clone(), rank, input));
            }
            (Err(_), false) => {
                assert_eq!(answer["error"], "InvalidVersion", "{input:?}");
            }
            (Ok(v), false) => mismatches.push(format!(
                "{input:?}: relx accepts it as {v}, packaging raises {}",
                answer["error"]
            )),
            (Err(_), true) => mismatches.push(format!(
                "{input:?}: relx rejects it, packaging reads {}",
                answer["normal"]
            )),
        }
    }
    mismatches.assert_none(inputs.len());

    // Order: sort relx's way, then give dense ranks; they must be
    // packaging's ranks, which also checks equality (1.0 == 1.0.0).
    let mut order: Vec<usize> = (0..valid.len()).collect();
    order.sort_by(|&a, &b| valid[a].0.cmp(&valid[b].0));
    let mut mismatches = Mismatches::new("PEP 440 order vs packaging 26.4");
    let mut rank = 0u64;
    for (i, pair) in order.windows(2).enumerate() {
        let (a, b) = (&valid[pair[0]], &valid[pair[1]]);
        if i == 0 && a.1 != 0 {
            mismatches.push(format!("lowest {:?} has packaging rank {}", a.2, a.1));
        }
        if a.0 < b.0 {
            rank += 1;
        }
        if b.1 != rank {
            mismatches.push(format!(
                "{:?} follows {:?} in relx's order; packaging ranks them {} and {}",
                b.2, a.2, a.1, b.1
            ));
        }
    }
    mismatches.assert_none(valid.len());
    let invalid = inputs.len() - valid.len();
    assert!(
        valid.len() > COUNT / 3 && invalid > COUNT / 4,
        "the generator should give both: {} valid, {invalid} invalid",
        valid.len()
    );
}

/// A number of more than 4300 digits is valid PEP 440, but Python's `int()`
/// refuses it (a `ValueError`, not packaging's `InvalidVersion`): relx reads
/// it, as the grammar says. Listed here because it is the one place where
/// relx and packaging deliberately disagree on validity.
#[test]
fn numbers_beyond_pythons_int_limit_are_valid_in_relx_only() {
    let huge = format!("1.{}", "7".repeat(4301));
    let answers = ask_python("pep440.py", &[], &[json!(huge)]);
    assert_eq!(answers[0]["valid"], false);
    assert_eq!(answers[0]["error"], "ValueError");
    let parsed = Pep440::parse(&huge).expect("relx reads any length");
    assert_eq!(parsed.to_string(), huge);
}
