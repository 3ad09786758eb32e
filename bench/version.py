#!/usr/bin/env python3
"""Benchmark `relx version` against the `git log` floor and `cz bump --get-next`.

    bench/version.py [--relx target/release/relx] [--cz .venv/bin/cz]
                     [--work /tmp/relx-bench] [--runs 15] [--write docs/benchmarks.md]

Builds synthetic repositories with ../shared/bench/make_repo.py (or
$MAKE_REPO), then times, side by side in one run:

  * `relx --version`                      (start-up)
  * `relx version --short`                (the next version)
  * `git log --format=%B --output=/dev/null v1.2.3..HEAD` (the floor: reading
    the same commits with git itself)
  * `cz bump --get-next --yes`            (commitizen, the reference)

Wall time is the median of --runs runs; peak RSS is the maximum resident set
of the process (wait4's ru_maxrss). Results are printed as a Markdown table
and, with --write, replace the "Version" section of docs/benchmarks.md.
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
MAKE_REPO = Path(os.environ.get("MAKE_REPO", ROOT.parent / "shared" / "bench" / "make_repo.py"))

# (name, commits, since tag, old tags); targets from the product's issue.
REPOS = [
    ("100k commits, 100 since the tag", 100_000, 100, 0, "≤ 3× floor, ≤ 24 MiB"),
    ("100k commits, 20k since the tag", 100_000, 20_000, 0, "≤ 2× floor, ≤ 48 MiB"),
    ("10k commits, 1 tag", 10_000, 100, 0, "baseline for the next row"),
    ("10k commits, 301 tags", 10_000, 100, 300, "same cost as 1 tag"),
]


GNU_TIME = "/usr/bin/time"


def peak_rss(cmd: list[str], cwd: Path) -> int:
    """Peak RSS in KiB, measured by GNU time.

    A process forked from this Python interpreter inherits the interpreter's
    high-water mark across exec (Linux keeps `maxrss` through execve), which
    would report ~15 MiB for any command; GNU time forks from a small process.
    """
    if not Path(GNU_TIME).exists():
        sys.exit(f"{GNU_TIME} is needed for peak RSS (Debian package `time`)")
    out = subprocess.run([GNU_TIME, "-f", "%M", *cmd], cwd=cwd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    return int(out.stderr.strip().splitlines()[-1])


def measure(cmd: list[str], cwd: Path, runs: int) -> tuple[float, float, int]:
    """Median wall seconds, min wall seconds, peak RSS in KiB over `runs` runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        if proc.returncode not in (0, 21):
            sys.exit(f"{' '.join(cmd)} exited {proc.returncode} in {cwd}")
        times.append(elapsed)
    peak = max(peak_rss(cmd, cwd) for _ in range(3))
    return statistics.median(times), min(times), peak


def make_repo(work: Path, commits: int, since: int, old_tags: int) -> Path:
    out = work / f"repo-{commits}-{since}-{old_tags}"
    if not (out / ".git" / "synthetic.json").exists():
        print(f"making {out} …", file=sys.stderr)
        subprocess.run(
            [sys.executable, str(MAKE_REPO), "--commits", str(commits), "--since-tag", str(since),
             "--old-tags", str(old_tags), "--out", str(out)],
            check=True, stdout=subprocess.DEVNULL,
        )
    return out


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def fmt_mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--relx", default=str(ROOT / "target" / "release" / "relx"))
    parser.add_argument("--cz", default=str(ROOT / ".venv" / "bin" / "cz"))
    parser.add_argument("--work", default="/tmp/relx-bench")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", help="Markdown file whose '## Version' section is replaced")
    args = parser.parse_args()

    relx = args.relx
    if not Path(relx).exists():
        sys.exit(f"{relx} is missing: cargo build --release")
    cz = args.cz if Path(args.cz).exists() else shutil.which("cz")
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)

    lines = []
    start_median, _, start_rss = measure([relx, "--version"], work, args.runs * 2)
    lines.append(f"`relx --version`: {fmt_ms(start_median)}, peak RSS {fmt_mib(start_rss)} "
                 f"(target ≤ 5 ms, ≤ 8 MiB).")
    lines.append("")
    lines.append("| repository | target | git log floor | relx version --short | relx / floor | relx peak RSS | cz bump --get-next | cz peak RSS |")
    lines.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, commits, since, old_tags, target in REPOS:
        repo = make_repo(work, commits, since, old_tags)
        floor, _, _ = measure(["git", "log", "--format=%B", "--output=/dev/null", "v1.2.3..HEAD"], repo, args.runs)
        relx_t, _, relx_rss = measure([relx, "version", "--short"], repo, args.runs)
        if cz:
            cz_t, _, cz_rss = measure([cz, "bump", "--get-next", "--yes"], repo, max(3, args.runs // 5))
            cz_cells = f"{fmt_ms(cz_t)} | {fmt_mib(cz_rss)}"
        else:
            cz_cells = "not installed | -"
        lines.append(f"| {name} | {target} | {fmt_ms(floor)} | {fmt_ms(relx_t)} | {relx_t / floor:.2f}× | "
                     f"{fmt_mib(relx_rss)} | {cz_cells} |")
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"
    lines.append("")
    lines.append(f"Median of {args.runs} runs (cz: fewer), measured on {machine}, "
                 f"{time.strftime('%Y-%m-%d')}.")
    table = "\n".join(lines)
    print(table)
    if args.write:
        replace_section(Path(args.write), "Version",
                        "Measured with `bench/version.py` (`bench/version.py --runs 9 --cz "
                        "$PWD/.venv/bin/cz --write docs/benchmarks.md` refreshes this section; "
                        "`MAKE_REPO` names make_repo.py when it is not at "
                        f"../shared/bench/make_repo.py).\n\n{table}")


if __name__ == "__main__":
    main()
