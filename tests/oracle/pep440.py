"""What packaging 26.4 (and commitizen 4.19.3's schemes) make of version strings.

Reads one JSON string per line on stdin and writes one JSON object per line:
  {"valid": false, "error": "InvalidVersion" | "ValueError"}
  {"valid": true, "normal": str(Version(s)), "semver": str(SemVer(s)),
   "semver2": str(SemVer2(s)), "prerelease": Version(s).is_prerelease,
   "rank": dense rank of Version(s) among all valid inputs}
The rank encodes packaging's order and equality: a < b exactly when
rank(a) < rank(b), a == b exactly when the ranks are equal.
"""

import json
import sys

from commitizen.version_schemes import SemVer, SemVer2
from packaging.version import InvalidVersion, Version

answers = []
valid = []
for line in sys.stdin:
    text = json.loads(line)
    try:
        version = Version(text)
    except InvalidVersion:
        answers.append({"valid": False, "error": "InvalidVersion"})
        continue
    except ValueError:
        # Python's int() refuses more than 4300 digits.
        answers.append({"valid": False, "error": "ValueError"})
        continue
    answer = {
        "valid": True,
        "normal": str(version),
        "semver": str(SemVer(text)),
        "semver2": str(SemVer2(text)),
        "prerelease": version.is_prerelease,
    }
    answers.append(answer)
    valid.append((version, answer))

ranks = {v: i for i, v in enumerate(sorted(set(v for v, _ in valid)))}
for version, answer in valid:
    answer["rank"] = ranks[version]

out = sys.stdout
for answer in answers:
    out.write(json.dumps(answer) + "\n")
