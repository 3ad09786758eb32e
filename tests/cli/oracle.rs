//! Shared machinery of the differential tests: a seeded random generator (so
//! every run builds the same inputs) and a way to ask the reference Python
//! tools in `.venv` about many inputs in one process.

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support::venv_bin;

/// SplitMix64: small, fast and the same on every platform, so a seed names
/// one fixed set of inputs.
pub struct Rng(u64);

impl Rng {
    /// A generator starting at `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True once in `n` times on average.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// True `percent`% of the time.
    pub fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// The same letters with a random case for each.
    pub fn cased(&mut self, word: &str) -> String {
        word.chars()
            .map(|c| {
                if self.one_in(3) {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect()
    }
}

/// Runs `tests/oracle/<script>` with the venv's Python, feeding it one JSON
/// value per line and reading one JSON value per line back, in order.
pub fn ask_python(script: &str, args: &[&str], inputs: &[Value]) -> Vec<Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/oracle")
        .join(script);
    let mut child = Command::new(venv_bin("python"))
        .arg(&path)
        .args(args)
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONUTF8", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the venv's python starts");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut text = String::new();
    for input in inputs {
        text.push_str(&input.to_string());
        text.push('\n');
    }
    // Written from a thread so a full stdout pipe cannot block us.
    let writer = std::thread::spawn(move || {
        stdin.write_all(text.as_bytes()).expect("write to python");
    });
    let output = child.wait_with_output().expect("python finishes");
    writer.join().expect("writer thread");
    assert!(
        output.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<Value> = String::from_utf8(output.stdout)
        .expect("python writes UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("python writes JSON lines"))
        .collect();
    assert_eq!(
        answers.len(),
        inputs.len(),
        "{script} answered {} of {} inputs",
        answers.len(),
        inputs.len()
    );
    answers
}

/// Collects mismatches and fails with the first few of them, so one run
/// shows the shape of a bug rather than a single instance.
pub struct Mismatches {
    what: &'static str,
    total: usize,
    shown: Vec<String>,
}

impl Mismatches {
    /// An empty list for the comparison called `what`.
    pub fn new(what: &'static str) -> Mismatches {
        Mismatches {
            what,
            total: 0,
            shown: Vec::new(),
        }
    }

    /// Records one mismatch.
    pub fn push(&mut self, text: String) {
        self.total += 1;
        if self.shown.len() < 25 {
            self.shown.push(text);
        }
    }

    /// Fails the test if anything was recorded.
    pub fn assert_none(self, compared: usize) {
        assert!(
            self.total == 0,
            "{}: {} of {compared} differ; first ones:\n{}",
            self.what,
            self.total,
            self.shown.join("\n")
        );
    }
}
