"""Runs commitizen 4.19.3's command line on many repositories in one process.

Starting `cz` costs about 0.4 s of imports; the command itself a few
milliseconds. This driver imports commitizen once and then, for each case,
does what the `cz` script does: sets sys.argv, calls `commitizen.cli.main()`
in the case's directory, and turns an exception into output and an exit code
through the excepthook `main()` installed (commitizen's own). The Rust test
also runs the real `cz` executable on a sample of the cases and requires the
same answers from both, so this shortcut is checked, not assumed.
(The file is not called cz_*.py: commitizen imports every module of that
name on sys.path as a plugin.)

Reads one JSON object per line on stdin:
  {"dir": str, "argv": [str], "facts": bool, "own_tags": bool}
With "own_tags", commitizen runs as if `$version` in a tag format matched any
version of the scheme (the version a bump with that format writes into the
tag): commitizen's own pattern skips some it creates (`v0.3.0b1.dev10`,
`1.0.0a1.post0`, `1.0.0.dev3+x`), relx reads them back (docs/
coming-from-commitizen.md); the rest of commitizen's behaviour is its own.
and writes one JSON object per line:
  {"code": int, "stdout": str, "stderr": str, ...facts}
With "facts" and exit code 0, it also reports what commitizen's library
says about the answer, for the places where relx deliberately differs (SPEC section 2):
  "current": the current version as commitizen reads it (provider + scheme),
  "epoch_restored": the answer with the current epoch put back if dropped,
  "cmp_current": -1, 0 or 1 comparing that with the current version,
  "cmp_plain": the same for the answer as commitizen printed it,
  "has_pre": the current version has a pre-release phase ("alpha", ...),
  "increment": for an answer lower than the current version, the
      increment `cz bump --dry-run` reports with the same arguments.
"""

import contextlib
import io
import json
import os
import re
import sys

from commitizen import cli, config
from commitizen import tags as cz_tags
from commitizen.providers import get_provider
from commitizen.version_schemes import get_version_scheme

PHASE_NAMES = {"a": "alpha", "b": "beta", "rc": "rc"}


def run(argv):
    """One `cz` run in the current directory: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    saved_hook = sys.excepthook
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        sys.argv = ["cz", *argv]
        try:
            try:
                cli.main()
            except SystemExit:
                raise
            except BaseException as e:  # what the interpreter hands to the hook
                sys.excepthook(type(e), e, e.__traceback__)
                code = 1  # a hook that returns: Python exits with 1
        except SystemExit as e:
            if e.code is None:
                code = 0
            elif isinstance(e.code, int):
                code = e.code
            else:
                print(e.code, file=sys.stderr)
                code = 1
        finally:
            sys.excepthook = saved_hook
    return code, out.getvalue(), err.getvalue()


_FORMAT_REGEX = cz_tags.TagRules._format_regex
_IS_VERSION_TAG = cz_tags.TagRules.is_version_tag


def _own_format_regex(self, tag_pattern, star=False):
    """`$version` as any text; `_own_is_version_tag` keeps valid versions."""
    pattern = tag_pattern.replace("${version}", "$version")
    if star or "$version" not in pattern:
        return _FORMAT_REGEX(self, tag_pattern, star)
    head, _, tail = pattern.partition("$version")
    return (
        _FORMAT_REGEX(self, head, star)
        + "(?P<version>.+?)"
        + _FORMAT_REGEX(self, tail, star)
    )


def _own_is_version_tag(self, tag, warn=False):
    name = tag if isinstance(tag, str) else tag.name
    if self.is_ignored_tag(name):
        return False
    for regex in self.version_regexes:
        match = regex.fullmatch(name)
        if not match:
            continue
        version = match.groupdict().get("version")
        if version is None:
            return True
        try:
            self.scheme(version)
            return True
        except Exception:
            continue
    if warn:
        cz_tags.out.warn(self._version_tag_error(name))
    return False


_EXTRACT_VERSION = cz_tags.TagRules.extract_version


def _own_extract_version(self, tag):
    """The first format the tag matches with a valid version."""
    for regex in self.version_regexes:
        match = regex.fullmatch(tag.name)
        if not match:
            continue
        version = match.groupdict().get("version")
        if version is None:
            return self.scheme(self._extract_version(match))
        try:
            return self.scheme(version)
        except Exception:
            continue
    raise cz_tags.InvalidVersion(self._version_tag_error(tag.name))


def own_tags(enabled):
    """Switches the `own_tags` reading of tags on or off."""
    cz_tags.TagRules._format_regex = _own_format_regex if enabled else _FORMAT_REGEX
    cz_tags.TagRules.is_version_tag = _own_is_version_tag if enabled else _IS_VERSION_TAG
    cz_tags.TagRules.extract_version = (
        _own_extract_version if enabled else _EXTRACT_VERSION
    )


def option(argv, name):
    if name in argv:
        return argv[argv.index(name) + 1]
    return None


def facts(argv, answer):
    """commitizen's own view of the current version and of its answer."""
    if answer["code"] != 0:
        return {}
    conf = config.read_cfg(option(argv, "--config"))
    scheme = get_version_scheme(conf.settings, option(argv, "--version-scheme"))
    current = scheme(get_provider(conf).get_version())
    new = scheme(answer["stdout"].strip())
    found = {
        "current": str(current),
        "has_pre": PHASE_NAMES[current.pre[0]] if current.pre else None,
        "cmp_plain": (new > current) - (new < current),
    }
    if current.epoch and not new.epoch:
        new = scheme(f"{current.epoch}!{new}")
    found["epoch_restored"] = str(new)
    found["cmp_current"] = (new > current) - (new < current)
    if min(found["cmp_plain"], found["cmp_current"]) < 0:
        dry = [a if a != "--get-next" else "--dry-run" for a in argv]
        _, out, _ = run(dry)
        match = re.search(r"^increment detected: (\w+)$", out, re.M)
        found["increment"] = match.group(1) if match else None
    return found


def main():
    os.environ["NO_COLOR"] = "1"
    start = os.getcwd()
    for line in sys.stdin:
        case = json.loads(line)
        os.chdir(case["dir"])
        own_tags(case.get("own_tags", False))
        try:
            code, out, err = run(case["argv"])
            answer = {"code": code, "stdout": out, "stderr": err}
            if case.get("facts"):
                answer.update(facts(case["argv"], answer))
        finally:
            own_tags(False)
            os.chdir(start)
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
