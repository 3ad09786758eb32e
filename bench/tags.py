#!/usr/bin/env python3
"""Benchmark relx on a repository with many tags, against `git tag --merged HEAD`.

    bench/tags.py [--relx target/release/relx] [--tags 5000] [--commits 20000]
                  [--work /tmp/relx-bench-tags] [--runs 5] [--write docs/benchmarks.md]
                  [--baseline OLD_RELX]

Builds its own repository with `git fast-import` (no other script needed):
a linear `main` of --commits commits with a lightweight tag `v0.N.0` spread
evenly up to five commits before HEAD, plus ten tags on a side branch that is
never merged, so that a walk from HEAD cannot stop early and must see the
whole history, as `git tag --merged` does. The project reads its version
from the tags (`version_provider = "scm"`) and writes it in `VERSION`.

Times, side by side in one run (median of --runs runs):

  * `git tag --merged HEAD`            (the floor: git's own reachability)
  * `relx check --consistency`         (the current version and its tag)
  * `relx version --short`             (the scm provider, then the history)

--baseline times another relx binary once on the same commands (an older
build, to show the difference). With --write, replaces the "Many tags"
section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from sections import replace_section

ROOT = Path(__file__).resolve().parent.parent
SIDE_TAGS = 10
# Commits after the last tag, so that `relx version` has something to bump.
AFTER_LAST_TAG = 5


def git(repo: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run(["git", *args], cwd=repo, check=True, env=env, **kwargs)


def blob(data: bytes) -> bytes:
    return b"data %d\n%s\n" % (len(data), data)


def make_repo(out: Path, commits: int, tags: int) -> tuple[Path, str]:
    """The repository and the version HEAD's newest tag names."""
    stamp = out / ".git" / f"relx-bench-{commits}-{tags}"
    span = commits - AFTER_LAST_TAG
    last = f"0.{tags}.0"
    if stamp.exists():
        return out, last
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    git(out, "init", "-q", "-b", "main")
    stream = bytearray()
    config = (
        b'[project]\nname = "many-tags"\n\n[tool.commitizen]\nversion_provider = "scm"\n'
        b'tag_format = "v$version"\nversion_files = ["VERSION"]\n'
    )
    version = "0.0.0"
    number = 0
    tagged = 0
    when = 1_600_000_000
    for i in range(1, commits + 1):
        number += 1
        kind = "feat" if i % 7 == 0 else "fix"
        message = f"{kind}(core): change number {i}\n\nBody of change {i}.\n".encode()
        stream += b"commit refs/heads/main\nmark :%d\n" % number
        stream += b"committer Bench <bench@example.com> %d +0000\n" % (when + i * 60)
        stream += blob(message)
        if i == 1:
            stream += b"M 100644 inline pyproject.toml\n" + blob(config)
        bump = tagged < tags and i >= (tagged + 1) * span // tags
        if bump:
            tagged += 1
            version = f"0.{tagged}.0"
        stream += b"M 100644 inline VERSION\n" + blob(version.encode() + b"\n")
        stream += b"M 100644 inline src/file%d.txt\n" % (i % 50) + blob(b"%d\n" % i)
        stream += b"\n"
        if bump:
            stream += b"reset refs/tags/v%s\nfrom :%d\n\n" % (version.encode(), number)
    # A side branch from the first commit, tagged, never merged.
    for j in range(1, SIDE_TAGS + 1):
        number += 1
        stream += b"commit refs/heads/side\nmark :%d\n" % number
        stream += b"committer Bench <bench@example.com> %d +0000\n" % (when + j)
        stream += blob(b"fix: side change %d\n" % j)
        if j == 1:
            stream += b"from :1\n"
        stream += b"M 100644 inline side.txt\n" + blob(b"%d\n" % j) + b"\n"
        stream += b"reset refs/tags/v9%d.0.0\nfrom :%d\n\n" % (j, number)
    git(out, "fast-import", "--quiet", input=bytes(stream))
    git(out, "checkout", "-q", "-f", "main")
    stamp.write_text("")
    return out, last


def measure(cmd: list[str], cwd: Path, runs: int) -> tuple[float, str]:
    """Median wall seconds over `runs` runs, and the last run's stdout."""
    times = []
    stdout = ""
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd)} exited {proc.returncode} in {cwd}: {proc.stderr.strip()}")
        stdout = proc.stdout
    return statistics.median(times), stdout


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--relx", default=str(ROOT / "target" / "release" / "relx"))
    parser.add_argument("--tags", type=int, default=5000)
    parser.add_argument("--commits", type=int, default=20000)
    parser.add_argument("--work", default="/tmp/relx-bench-tags")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", help="Markdown file whose '## Many tags' section is replaced")
    parser.add_argument("--baseline", help="another relx binary, timed once on the same commands")
    args = parser.parse_args()
    relx = str(Path(args.relx).resolve())
    if not Path(relx).exists():
        sys.exit(f"{relx} is missing: cargo build --release")
    repo, last = make_repo(Path(args.work) / "repo", args.commits, args.tags)

    floor, merged = measure(["git", "tag", "--merged", "HEAD"], repo, args.runs)
    reachable = len(merged.split())
    if reachable != args.tags:
        sys.exit(f"git tag --merged HEAD lists {reachable} tags, expected {args.tags}")
    check, out = measure([relx, "check", "--consistency"], repo, args.runs)
    if f"v{last}" not in out:
        sys.exit(f"relx check --consistency does not name v{last}:\n{out}")
    version, out = measure([relx, "version", "--short"], repo, args.runs)
    want = f"0.{args.tags + 1}.0"
    if out.strip() != want:
        sys.exit(f"relx version --short answered {out.strip()!r}, expected {want}")

    rows = [
        ("floor: `git tag --merged HEAD`", floor),
        ("`relx check --consistency`", check),
        ("`relx version --short` (scm provider)", version),
    ]
    if args.baseline:
        old = str(Path(args.baseline).resolve())
        rows.append(("baseline: `relx check --consistency`, 1 run", measure([old, "check", "--consistency"], repo, 1)[0]))
        rows.append(("baseline: `relx version --short`, 1 run", measure([old, "version", "--short"], repo, 1)[0]))
    gitv = subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"Measured with `bench/tags.py` (`bench/tags.py --runs {args.runs} --write docs/benchmarks.md` "
        "refreshes this section).",
        "",
        f"A repository of {args.commits:,} commits with {args.tags:,} version tags reachable from "
        f"HEAD and {SIDE_TAGS} on a branch that is never merged (so no walk can stop early), "
        "`version_provider = \"scm\"`.",
        "",
        f"| run ({args.tags:,} tags) | wall | / floor |",
        "| --- | --- | --- |",
    ]
    for name, seconds in rows:
        lines.append(f"| {name} | {fmt(seconds)} | {seconds / floor:.2f}× |")
    lines += [
        "",
        f"Median of {args.runs} runs, measured on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}, {gitv}, {time.strftime('%Y-%m-%d')}.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        replace_section(Path(args.write), "Many tags", text)


if __name__ == "__main__":
    main()
