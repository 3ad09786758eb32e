#!/usr/bin/env python3
"""Benchmark `relx publish` against `twine upload` and `uv publish`.

    bench/publish.py [--relx target/release/relx] [--venv .venv]
                     [--work /tmp/relx-bench-publish] [--size-mib 300]
                     [--runs 3] [--tools relx,twine,uv,curl]
                     [--write docs/benchmarks.md]

Makes a valid ~300 MiB wheel (a random, incompressible payload stored
uncompressed, ZIP_STORED) for a tiny project in a git repository whose HEAD
is tagged v1.0.0, starts a real index (tests/servers/pypi.py: pypiserver
served by waitress on 127.0.0.1) and uploads the wheel with each tool, --runs
times, taking turns, deleting the uploaded file from the index between runs:

  * `relx publish dist/WHEEL --repository-url URL --no-github-release`
    (token in RELX_PYPI_TOKEN)
  * `twine upload --repository-url URL --non-interactive dist/WHEEL`
    (TWINE_USERNAME / TWINE_PASSWORD)
  * `uv publish --publish-url URL dist/WHEEL`  (UV_PUBLISH_TOKEN)
  * floor: `curl -F content=@dist/WHEEL URL`, one multipart POST streamed by
    curl, so what is left is the index's own time to take the file in

Each run goes through GNU time (`/usr/bin/time -f '%e %M'`, Debian package
`time`), which gives its wall seconds and the peak RSS of the tool's process
(a child of this Python would inherit the interpreter's high-water mark). The
wall time includes the index receiving and storing the file, the same work
for every tool. Every upload is checked: the stored file must have the
wheel's size and, the first time for each tool, its sha256.

Results are printed as a Markdown table (median seconds, MB/s with MB =
10^6 bytes, peak RSS) with the targets for relx (peak RSS ≤ 64 MiB, time
≤ 1.2× the faster of twine and uv) and, with --write, replace the "Publish"
section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from sections import replace_section

ROOT = Path(__file__).resolve().parent.parent
GNU_TIME = "/usr/bin/time"
NAME, VERSION = "relx_bench_upload", "1.0.0"
WHEEL = f"{NAME}-{VERSION}-py3-none-any.whl"
CHUNK = 1 << 20
RSS_TARGET_MIB = 64
TIME_TARGET = 1.2
SERVER_NOTE = """\
Most of each upload's time is the index's: pypiserver (bottle) parses the
multipart body with `cgi.FieldStorage`, line by line, and a random payload
has a newline every 256 bytes or so. The curl row is that floor; "over the
floor" is what each tool adds to it (reading, hashing and sending the file,
its own start-up)."""


def git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z"}
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
                   cwd=repo, env=env, check=True, stdout=subprocess.DEVNULL)


def make_project(project: Path) -> None:
    """A tiny project relx accepts: [project], [tool.relx], HEAD tagged v1.0.0."""
    if (project / ".git").exists():
        return
    project.mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        f'[project]\nname = "{NAME}"\nversion = "{VERSION}"\n'
        'description = "A wheel for timing uploads"\nreadme = "README.md"\n\n'
        f'[tool.relx]\ntag_format = "v$version"\nversion = "{VERSION}"\n'
    )
    (project / "README.md").write_text(f"# {NAME}\n\nA wheel for timing uploads.\n")
    (project / ".gitignore").write_text("dist/\n")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "feat: a project to upload")
    git(project, "tag", f"v{VERSION}")


def record_hash(data_hash: "hashlib._Hash") -> str:
    return "sha256=" + base64.urlsafe_b64encode(data_hash.digest()).rstrip(b"=").decode()


def make_wheel(path: Path, size: int) -> None:
    """A wheel that passes `twine check --strict`, with `size` random bytes stored."""
    if path.exists() and path.stat().st_size > size:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    dist_info = f"{NAME}-{VERSION}.dist-info"
    small = {
        f"{NAME}/__init__.py": b'"""A wheel for timing uploads."""\n',
        f"{dist_info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n"
            "Summary: A wheel for timing uploads\n"
            "Description-Content-Type: text/markdown\n\n"
            f"# {NAME}\n\nA wheel for timing uploads.\n"
        ).encode(),
        f"{dist_info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: bench/publish.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    tmp = path.with_name(path.name + ".tmp")
    records = []
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for name, data in small.items():
            zf.writestr(name, data)
            records.append(f"{name},{record_hash(hashlib.sha256(data))},{len(data)}")
        payload = f"{NAME}/payload.bin"
        digest, left = hashlib.sha256(), size
        with zf.open(payload, "w", force_zip64=True) as out:
            while left:
                block = os.urandom(min(CHUNK, left))
                digest.update(block)
                out.write(block)
                left -= len(block)
        records.append(f"{payload},{record_hash(digest)},{size}")
        records.append(f"{dist_info}/RECORD,,")
        zf.writestr(f"{dist_info}/RECORD", "\n".join(records) + "\n")
    tmp.rename(path)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


class Index:
    """tests/servers/pypi.py, started once and stopped at the end."""

    def __init__(self, python: str, work: Path, password: str):
        self.packages = work / "packages"
        shutil.rmtree(self.packages, ignore_errors=True)
        port_file = work / "port"
        port_file.unlink(missing_ok=True)
        self.log = (work / "pypiserver.log").open("w")
        self.proc = subprocess.Popen(
            [python, str(ROOT / "tests" / "servers" / "pypi.py"), str(port_file), str(self.packages)],
            env={**os.environ, "PYPISERVER_PASSWORD": password}, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while not port_file.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"tests/servers/pypi.py did not start; see {work / 'pypiserver.log'}")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{port_file.read_text().strip()}/"

    def clear(self) -> None:
        for f in self.packages.iterdir():
            f.unlink()

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def tool_commands(args, venv: Path, url: str, password: str, work: Path) -> dict[str, tuple[list[str], dict]]:
    wheel = f"dist/{WHEEL}"
    tools = {
        "relx": ([args.relx, "publish", wheel, "--repository-url", url, "--no-github-release"],
                 {"RELX_PYPI_TOKEN": password}),
        "twine": ([str(venv / "bin" / "twine"), "upload", "--repository-url", url, "--non-interactive",
                   "--disable-progress-bar", wheel],
                  {"TWINE_USERNAME": "__token__", "TWINE_PASSWORD": password}),
        "uv": ([str(venv / "bin" / "uv"), "publish", "--publish-url", url, wheel],
               {"UV_PUBLISH_TOKEN": password, "UV_NO_PROGRESS": "1"}),
    }
    netrc = work / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login __token__ password {password}\n")
    netrc.chmod(0o600)
    tools["curl"] = (["curl", "--silent", "--show-error", "--fail", "--netrc-file", str(netrc),
                      "-F", ":action=file_upload", "-F", "protocol_version=1", "-F", f"name={NAME}",
                      "-F", f"version={VERSION}", "-F", "filetype=bdist_wheel", "-F", "pyversion=py3",
                      "-F", f"content=@{wheel};type=application/octet-stream", "-o", "/dev/null", url], {})
    return {name: tools[name] for name in args.tools}


def timed(cmd: list[str], env: dict, cwd: Path, log: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS in KiB of one run, both from GNU time."""
    with log.open("a") as out:
        out.write(f"$ {' '.join(cmd)}\n")
        out.flush()
        proc = subprocess.run([GNU_TIME, "-f", "%e %M", *cmd], cwd=cwd, env={**os.environ, **env},
                              stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.PIPE, text=True)
        out.write(proc.stderr)
    last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed (exit {proc.returncode}); its output is in {log}")
    seconds, kib = last.split()
    return float(seconds), int(kib)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--relx", default=str(ROOT / "target" / "release" / "relx"))
    parser.add_argument("--venv", default=str(ROOT / ".venv"), help="with twine, uv and pypiserver (tests/venv.sh)")
    parser.add_argument("--work", default="/tmp/relx-bench-publish")
    parser.add_argument("--size-mib", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tools", default="relx,twine,uv,curl",
                        type=lambda s: [t for t in s.split(",") if t])
    parser.add_argument("--write", help="Markdown file whose '## Publish' section is replaced")
    args = parser.parse_args()

    unknown = set(args.tools) - {"relx", "twine", "uv", "curl"}
    if unknown:
        sys.exit(f"unknown tools: {', '.join(sorted(unknown))}")
    if not Path(GNU_TIME).exists():
        sys.exit(f"{GNU_TIME} is needed for wall time and peak RSS (Debian package `time`)")
    venv = Path(args.venv)
    if not (venv / "bin" / "python").exists():
        sys.exit(f"{venv} is missing: tests/venv.sh")
    if "relx" in args.tools:
        if not Path(args.relx).exists():
            sys.exit(f"{args.relx} is missing: cargo build --release")
        args.relx = str(Path(args.relx).resolve())
    if "curl" in args.tools and not shutil.which("curl"):
        args.tools.remove("curl")

    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    project = work / "project"
    make_project(project)
    wheel = project / "dist" / WHEEL
    print(f"making {wheel} ({args.size_mib} MiB payload) …", file=sys.stderr)
    make_wheel(wheel, args.size_mib * 1024 * 1024)
    size = wheel.stat().st_size
    want_sha = sha256_file(wheel)
    log = work / "runs.log"
    log.write_text("")

    load_start = os.getloadavg()[0]
    password = secrets.token_urlsafe(24)
    index = Index(str(venv / "bin" / "python"), work, password)
    results: dict[str, list[tuple[float, int]]] = {t: [] for t in args.tools}
    try:
        commands = tool_commands(args, venv, index.url, password, work)
        for run in range(args.runs):
            for tool, (cmd, env) in commands.items():
                index.clear()
                print(f"run {run + 1}/{args.runs}: {tool} …", file=sys.stderr)
                results[tool].append(timed(cmd, env, project, log))
                stored = index.packages / WHEEL
                if not stored.exists() or stored.stat().st_size != size:
                    sys.exit(f"{tool}: the index did not store {WHEEL} whole; see {log}")
                if run == 0 and sha256_file(stored) != want_sha:
                    sys.exit(f"{tool}: the stored {WHEEL} differs from the one uploaded")
        index.clear()
    finally:
        index.stop()

    labels = {
        "relx": f"`relx publish` ({relx_version(args.relx)})" if "relx" in args.tools else "",
        "twine": f"`twine upload` ({version_of(venv, 'twine')})",
        "uv": f"`uv publish` ({version_of(venv, 'uv')})",
        "curl": "floor: `curl -F content=@…` (one streamed POST)",
    }
    median = {t: statistics.median(s for s, _ in r) for t, r in results.items()}
    peak = {t: max(k for _, k in r) for t, r in results.items()}
    floor = median.get("curl")
    lines = [
        f"Uploading one {size / 1024**2:.0f} MiB wheel (random payload, stored) to "
        f"{version_of(venv, 'pypiserver')} on 127.0.0.1.",
        "",
        "| tool | median | MB/s | over the floor | peak RSS | each run |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for tool in args.tools:
        over = "-" if floor is None or tool == "curl" else f"{median[tool] - floor:+.2f} s"
        lines.append(f"| {labels[tool]} | {median[tool]:.2f} s | {size / 1e6 / median[tool]:.0f} | {over} | "
                     f"{peak[tool] / 1024:.1f} MiB | {', '.join(f'{t:.2f}' for t, _ in results[tool])} s |")
    lines.append("")
    others = [t for t in ("twine", "uv") if t in median]
    if "relx" in median and others:
        fastest = min(others, key=median.get)
        ratio = median["relx"] / median[fastest]
        rss = peak["relx"] / 1024
        lines.append(
            f"relx: {ratio:.2f}× the time of {fastest}, the faster of {' and '.join(others)} "
            f"(target ≤ {TIME_TARGET}×: {'met' if ratio <= TIME_TARGET else 'missed'}); peak RSS "
            f"{rss:.1f} MiB (target ≤ {RSS_TARGET_MIB} MiB: {'met' if rss <= RSS_TARGET_MIB else 'missed'})."
        )
        lines.append("")
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"
    lines.append(f"Median of {args.runs} runs per tool, taking turns; wall time and peak RSS from "
                 f"GNU time; the wall time includes the index taking the file in; measured on "
                 f"{machine} (1-minute load average {load_start:.1f} at the start: other work "
                 f"shares the machine), {time.strftime('%Y-%m-%d')}.")
    table = "\n".join(lines)
    print(table)
    if args.write:
        write_section(Path(args.write), table, args.runs)


def version_of(venv: Path, dist: str) -> str:
    proc = subprocess.run([str(venv / "bin" / "python"), "-c",
                           f"import importlib.metadata as m; print(m.version({dist!r}))"],
                          capture_output=True, text=True)
    return f"{dist} {proc.stdout.strip()}" if proc.returncode == 0 else dist


def relx_version(relx: str) -> str:
    proc = subprocess.run([relx, "--version"], capture_output=True, text=True)
    return proc.stdout.strip() or "relx"


def write_section(path: Path, table: str, runs: int) -> None:
    replace_section(path, "Publish",
                    f"Measured with `bench/publish.py` (`bench/publish.py --runs {runs} "
                    f"--write docs/benchmarks.md` refreshes this section).\n\n{table}\n\n{SERVER_NOTE}")


if __name__ == "__main__":
    main()
