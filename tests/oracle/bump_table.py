# Expected bump results from commitizen 4.19.3's own version_schemes.
# Writes tests/data/bump_table.tsv (or the path given as the first argument);
# run with the test venv's python:
#   .venv/bin/python tests/oracle/bump_table.py
import sys
from commitizen.version_schemes import Pep440, SemVer, SemVer2
S = {"pep440": Pep440, "semver": SemVer, "semver2": SemVer2}
rows = []
def add(scheme, cur, inc, pre, off, dev, exact=False, local=False, meta=None):
    try:
        v = S[scheme](cur).bump(inc, prerelease=pre, prerelease_offset=off, devrelease=dev,
                               is_local_version=local, build_metadata=meta, exact_increment=exact)
        out = str(v)
    except Exception as e:
        out = "ERR"
    rows.append((scheme, cur, inc or "-", pre or "-", str(off), "-" if dev is None else str(dev),
                 "exact" if exact else "linear", "local" if local else "-", meta or "-", out))
for cur in ["0.1.0", "0.9.0", "1.0.0", "1.2.3", "1.0.0a0", "1.0.0a1", "1.0.0b1", "1.0.0rc1", "1.1.1a0",
            "1.1.0a2", "2.0.0b0", "1.0.0.dev3", "1.0.0rc1.post1", "1.0.0.post1", "1.2", "1", "1.2.3.4",
            "1!2.0", "1.0.0a0.dev1"]:
    for inc in [None, "PATCH", "MINOR", "MAJOR"]:
        add("pep440", cur, inc, None, 0, None)
for cur in ["1.0.0", "1.0.0a2", "1.0.0b1", "1.0.0rc1", "0.9.0"]:
    for pre in ["alpha", "beta", "rc"]:
        for inc in [None, "PATCH", "MINOR"]:
            add("pep440", cur, inc, pre, 0, None)
for cur, inc, pre, off in [("0.9.0", "MAJOR", "alpha", 1), ("1.0.0a2", None, "beta", 1), ("1.0.0a2", None, "alpha", 5),
                           ("1.0.0", "PATCH", "rc", 3), ("1.0.0", "PATCH", None, 3)]:
    add("pep440", cur, inc, pre, off, None)
for cur, inc, pre, dev in [("1.0.0", "PATCH", None, 1), ("1.0.0", "MINOR", "alpha", 2), ("1.0.0a0", "PATCH", None, 5),
                           ("1.0.0a1", None, "alpha", 3), ("1.0.0.dev3", "PATCH", None, 2), ("1.0.0", None, None, 0)]:
    add("pep440", cur, inc, pre, 0, dev)
for cur in ["1.0.0a2", "1.1.1a0", "2.0.0b0", "1.0.0rc1"]:
    for inc in ["PATCH", "MINOR", "MAJOR"]:
        for pre in [None, "alpha"]:
            add("pep440", cur, inc, pre, 0, None, exact=True)
for cur, inc in [("4.5.0+0.1.0", "PATCH"), ("4.5.0+0.1.1", "MINOR"), ("4.5.0+0.2.0", "MAJOR"), ("1.0.0", "MINOR"),
                 ("4.5.0+0.1.0a1", "PATCH"), ("4.5.0+ubuntu.1", "PATCH")]:
    add("pep440", cur, inc, "alpha", 0, 4, local=True)
for meta in ["Build-5", "abc", "001", "a_b"]:
    add("pep440", "1.0.0", "PATCH", None, 0, None, meta=meta)
for scheme in ["semver", "semver2"]:
    for cur in ["1.0.0", "1.0.0-a0", "1.0.0-alpha.1", "1.0.0-rc.1", "0.1.0", "1.0.0-b1-dev2"]:
        for inc, pre, dev in [("PATCH", None, None), ("MINOR", "alpha", None), ("MAJOR", "beta", 3), (None, "rc", None), (None, None, 1)]:
            add(scheme, cur, inc, pre, 0, dev)
out = sys.argv[1] if len(sys.argv) > 1 else "tests/data/bump_table.tsv"
with open(out, "w", newline="\n") as f:
    f.write("# scheme\tcurrent\tincrement\tprerelease\toffset\tdevrelease\tmode\tlocal\tbuild_metadata\texpected\n")
    f.write("# Expected values computed by commitizen 4.19.3's own version_schemes (tests/oracle/bump_table.py); ERR = commitizen raises.\n")
    for r in rows:
        f.write("\t".join(r) + "\n")
