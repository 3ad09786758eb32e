# Verdicts of packaging 26.4's core-metadata validation (what twine 7.0's
# `check` runs through `Metadata.from_raw`), one field value at a time.
# Writes tests/data/metadata_fields.tsv (or the path given as the first
# argument); run with the test venv's python:
#   .venv/bin/python tests/oracle/metadata_fields.py
import sys

from packaging.metadata import Metadata

RAW = {  # email field -> (raw key, kind)
    "name": ("name", str), "version": ("version", str), "summary": ("summary", str),
    "description-content-type": ("description_content_type", str),
    "requires-dist": ("requires_dist", list), "requires-python": ("requires_python", str),
    "provides-extra": ("provides_extra", list), "dynamic": ("dynamic", list),
    "license-expression": ("license_expression", str), "license-file": ("license_files", list),
    "import-name": ("import_names", list), "metadata-version": ("metadata_version", str),
}

CASES = {
    "name": ["demo", "Demo.Pkg", "a", "a_b-c.d", "-a", "a-", "a b", "", "é", "a..b", "A1", "1", "a_", ".a", "a\n"],
    "version": ["1.0", "1.0.0a1.dev2+local.7", "v1.0", "1.0-1", " 1.0 ", "1.0.x", "0.1.dev1+g1a2b3c4", "", "1!2.0", "1.0+", "latest"],
    "summary": ["one line", "two\nlines", "cr\rline", "tab\tok", "nel\x85", "ls\u2028x", ""],
    "description-content-type": [
        "text/markdown", "text/x-rst", "text/plain", "text/markdown; charset=UTF-8", "text/markdown; variant=GFM",
        "text/markdown; variant=CommonMark", "text/markdown; variant=gfm", "text/html", "text/plain; charset=latin-1",
        "TEXT/MARKDOWN", "text/markdown; charset=utf-8; variant=GFM", "markdown", "text/x-rst; charset=UTF-8",
        "text/markdown;variant=CommonMark", "text/plain; charset=\"utf-8\"",
        "text/markdown; charset", "text/markdown;", "text/markdown; charset=utf8", "text/markdown ; charset = UTF-8",
        "text/markdown extra", "text/markdown; =x", "text/markdown; variant=\"GFM\"", "text/markdown; Variant=CommonMark",
        "text/markdown; CHARSET=UTF-8", "text/plain; variant=foo", " text/plain ", "text/ markdown", "text /markdown",
        "text/markdown;;charset=UTF-8", "text/markdown; charset=UTF-8 x", "text/markdown; foo=bar",
        "text/markdown; charset='utf-8'", "text/markdown/x", "text/plain, text/markdown", "text/x-rst; variant=GFM",
        "text/markdown; charset=\"UTF-8", "text/markdown; a=b c=d",
    ],
    "requires-dist": [
        "requests", "requests>=2.0", "requests >= 2.0, <3", "requests[security,socks]>=2",
        "requests (>=2.0)", "requests ( >=2.0 , <3 )", "foo @ https://example.org/foo.whl",
        "foo @ https://example.org/foo.whl ; python_version >= '3.8'", "foo@https://x/y.whl;python_version>'3'",
        "foo; python_version >= \"3.8\" and sys_platform != 'win32'", "foo; (os_name == 'nt' or os.name == 'posix') and extra == 'test'",
        "foo; extra == 'test'", "foo; platform.machine in 'x86_64 aarch64'", "foo; 'linux' not in sys_platform",
        "foo>=1.0.*", "foo==1.0.*", "foo!=1.0.*", "foo~=1.0", "foo~=1", "foo>=1.0+local", "foo==1.0+local",
        "foo===weird", "foo >=1,", "foo >=1,,<2", "foo>=1 <2", "foo >= 1.0a1.post2.dev3",
        "", "foo bar", "foo;", "foo; python_version", "foo; python_version >= 3.8", "foo; os_name ==",
        "foo[bar baz]", "foo[bar,]", "foo[]", "foo[bar", "foo (>=1.0", "foo @", "foo @ url extra",
        "foo @ https://x/y.whl;python_version>'3'", "foo>=1.0;python_version<'3.14'", "foo ; python_version == '3.8' or",
        "foo; implementation_name == 'cpython'", "foo; platform_python_implementation == 'PyPy'",
        "foo; dependency_groups == 'x'", "foo; extras == 'x'", "foo; unknown_var == 'x'", "foo; python_version ~= '3.8'",
        "foo; python_version === '3.8'", "foo; python_version <> '3.8'", "foo-", "foo.", "-foo", "foo_", "Foo.Bar_baz-1",
        "foo>=v1.0", "foo>=1.0 ; ", "foo; '\\x4' == 'a'", "foo; '\\x41' == 'a'", "foo; 'a\\' == 'b'",
        "foo>=1.0,<2.0,!=1.5.*", "foo <=1.0.0rc1", "foo<1!2.0", "foo>=1.0-1", "foo>=1.0_post1", "foo==1.0.post1.*",
        "foo >= 1.0 ;python_version>'3'", "  foo", "foo  ", "foo; (python_version > '3'", "foo; ((python_version > '3'))",
    ],
    "requires-python": [">=3.8", ">=3.8,<4", ">= 3.8 , < 4", "", ">=3.8,", ">=3", "~=3.8", "~=3", "==3.*", ">=3.*",
                        "3.8", ">=3.8 <4", "!=3.0.*,>=2.7", ">=3.8,,<4", "===3.8", ">=3.8+local", "==3.8+local", "> =3"],
    "provides-extra": ["test", "Test_Extra.1", "-bad", "bad-", "a b", "ok1"],
    "dynamic": ["Requires-Dist", "license", "version", "Name", "metadata-version", "nonsense", "import-name"],
    "license-expression": [
        "MIT", "mit", "MIT OR Apache-2.0", "(MIT OR Apache-2.0) AND BSD-2-Clause", "GPL-2.0-only WITH Classpath-exception-2.0",
        "GPL-2.0+", "LicenseRef-Proprietary", "LicenseRef-my.own-1", "LicenseRef-bad_char", "LicenseRef-x+", "MIT AND",
        "(MIT", "MIT)", "MIT WITH", "MIT WITH MIT", "Apache-2.0 with LLVM-exception", "Use-it-after-midnight", "",
        "MIT OR OR Apache-2.0", "MIT Apache-2.0", "()", "(MIT)", "mit and (apache-2.0 or bsd-2-clause)", "WITH MIT",
        "GPL-2.0-or-later WITH Nonexistent-exception", "MIT WITH Classpath-exception-2.0 WITH Classpath-exception-2.0",
        "LicenseRef-é",
    ],
    "license-file": ["LICENSE", "licenses/LICENSE.txt", "../LICENSE", "/LICENSE", "C:/LICENSE", "licenses\\LICENSE", "LICEN*E", "a/../b"],
    "import-name": ["demo", "demo.sub", "demo; private", "demo;private", "demo; public", "1demo", "class", "demo.class",
                    "d\u00e9mo", "demo.", "_private", "match", "demo ;  private"],
    "metadata-version": ["1.0", "1.1", "1.2", "2.0", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "3.0", ""],
}


def verdict(field, value):
    key, kind = RAW[field]
    raw = {"metadata_version": "2.5", "name": "x", "version": "1.0"}
    raw[key] = [value] if kind is list else value
    try:
        Metadata.from_raw(raw)
    except Exception:
        return "ERR"
    return "ok"


def escape(s):
    return s.encode("unicode_escape").decode("ascii").replace("\t", "\\t")


out = sys.argv[1] if len(sys.argv) > 1 else "tests/data/metadata_fields.tsv"
with open(out, "w", encoding="utf-8", newline="\n") as f:
    f.write("# field\tvalue (backslash-escaped)\tverdict\n")
    f.write("# Verdicts of packaging 26.4's Metadata.from_raw (what twine 7.0 checks), from tests/oracle/metadata_fields.py.\n")
    for field, values in CASES.items():
        for value in values:
            f.write(f"{field}\t{escape(value)}\t{verdict(field, value)}\n")
