//! The commits relx reads are `git log TAG..HEAD`'s, in its order: on
//! generated histories with branches, merges, tags on side branches and
//! commit dates that go backwards.

use std::process::Command;

use crate::support::TestRepo;

/// A small deterministic generator (the same histories every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn git(repo: &TestRepo, args: &[&str], date: i64) -> String {
    let stamp = format!("@{date} +0000");
    let out = Command::new("git")
        .args(args)
        .current_dir(repo.path())
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .env("GIT_AUTHOR_NAME", "A U Thor")
        .env("GIT_AUTHOR_EMAIL", "author@example.org")
        .env("GIT_COMMITTER_NAME", "C O Mitter")
        .env("GIT_COMMITTER_EMAIL", "committer@example.org")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A history of `steps` operations on main and up to three side branches;
/// the tag goes on a random commit (main or a side branch), dates mostly
/// increase and sometimes jump back by up to a day.
fn history(seed: u64, steps: usize) -> TestRepo {
    let mut rng = Lcg(seed);
    let repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[tool.relx]\nversion = \"1.0.0\"\ntag_format = \"v$version\"\n",
    );
    let mut date = 1_700_000_000i64;
    git(&repo, &["add", "-A"], date);
    git(&repo, &["commit", "-qm", "chore: start"], date);
    let mut commits = vec![git(&repo, &["rev-parse", "HEAD"], date)];
    let mut branches = vec!["main".to_string()];
    let mut tagged = false;
    for step in 0..steps {
        date += if rng.next(6) == 0 {
            -(rng.next(86_400) as i64)
        } else {
            60 + rng.next(3600) as i64
        };
        let branch = branches[rng.next(branches.len() as u64) as usize].clone();
        git(&repo, &["checkout", "-q", &branch], date);
        match rng.next(10) {
            0 if branches.len() < 4 => {
                let base = commits[rng.next(commits.len() as u64) as usize].clone();
                let name = format!("side{step}");
                git(&repo, &["checkout", "-q", "-b", &name, &base], date);
                branches.push(name);
            }
            1 | 2 if branches.len() > 1 => {
                let other = branches[1 + rng.next(branches.len() as u64 - 1) as usize].clone();
                if other != branch {
                    git(
                        &repo,
                        &[
                            "merge",
                            "-q",
                            "--no-ff",
                            "--allow-unrelated-histories",
                            "-m",
                            &format!("Merge {other}"),
                            &other,
                        ],
                        date,
                    );
                    commits.push(git(&repo, &["rev-parse", "HEAD"], date));
                }
            }
            _ => {
                let kind = ["feat", "fix", "docs", "chore", "refactor"][rng.next(5) as usize];
                git(
                    &repo,
                    &[
                        "commit",
                        "-q",
                        "--allow-empty",
                        "-m",
                        &format!("{kind}: step {step}"),
                    ],
                    date,
                );
                commits.push(git(&repo, &["rev-parse", "HEAD"], date));
            }
        }
        if !tagged && step >= steps / 3 && rng.next(4) == 0 {
            let at = commits[rng.next(commits.len() as u64) as usize].clone();
            git(&repo, &["tag", "v1.0.0", &at], date);
            tagged = true;
        }
    }
    if !tagged {
        git(&repo, &["tag", "v1.0.0", &commits[commits.len() / 2]], date);
    }
    git(&repo, &["checkout", "-q", "main"], date);
    git(
        &repo,
        &["commit", "-q", "--allow-empty", "-m", "feat: last"],
        date + 60,
    );
    repo
}

#[test]
fn the_range_is_git_logs_in_its_order() {
    for seed in 1..=24 {
        let repo = history(seed, 40);
        let expected: Vec<String> = git(&repo, &["log", "--format=%H", "v1.0.0..HEAD"], 0)
            .lines()
            .map(str::to_string)
            .collect();
        let run = repo.relx(&["version", "--json", "--allow-no-commit"]);
        assert_eq!(run.code, 0, "seed {seed}: {run:?}");
        let plan: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        let got: Vec<String> = plan["commits"]
            .as_array()
            .expect("commits")
            .iter()
            .map(|c| c["sha"].as_str().expect("sha").to_string())
            .collect();
        assert_eq!(got, expected, "seed {seed}");
    }
}
