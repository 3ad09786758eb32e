"""commitizen 4.19.3's bump arithmetic, asked directly through its library.

Reads one JSON object per line on stdin:
  {"scheme": "pep440"|"semver"|"semver2", "current": str, "increment": str|null,
   "prerelease": str|null, "offset": int, "devrelease": str|null (digits),
   "exact": bool, "local": bool, "meta": str|null}
and writes one JSON object per line with what commitizen answers:
  "result": str(scheme(current).bump(...)) or null when it raises,
  "raises": the exception's class name or null,
  "epoch_restored": the result with the current epoch put back when the
      bump dropped it (else the result itself),
  "epoch_restored_le_current": that version <= current (packaging's order),
  "continued": the same bump with prerelease = the current pre-release
      phase (epoch put back too), when the current version has one,
  "continued_raises": its exception's class name.
The facts feed the two places where relx deliberately answers differently
(SPEC section 2); the Rust test states those rules, this script only reports
what commitizen does.
"""

import json
import sys

from commitizen.version_schemes import Pep440, SemVer, SemVer2

SCHEMES = {"pep440": Pep440, "semver": SemVer, "semver2": SemVer2}
PHASE_NAMES = {"a": "alpha", "b": "beta", "rc": "rc"}


def bump(current, case, prerelease):
    return current.bump(
        case["increment"],
        prerelease=prerelease,
        prerelease_offset=case["offset"],
        devrelease=case["devrelease"],
        is_local_version=case["local"],
        build_metadata=case["meta"],
        exact_increment=case["exact"],
    )


def with_epoch(scheme, current, version):
    if current.epoch and not version.epoch:
        return scheme(f"{current.epoch}!{version}")
    return version


for line in sys.stdin:
    case = json.loads(line)
    if case["devrelease"] is not None:
        case["devrelease"] = int(case["devrelease"])
    scheme = SCHEMES[case["scheme"]]
    current = scheme(case["current"])
    answer = {
        "result": None,
        "raises": None,
        "epoch_restored": None,
        "epoch_restored_le_current": None,
        "continued": None,
        "continued_raises": None,
    }
    try:
        result = bump(current, case, case["prerelease"])
        answer["result"] = str(result)
        restored = with_epoch(scheme, current, result)
        answer["epoch_restored"] = str(restored)
        answer["epoch_restored_le_current"] = restored <= current
    except Exception as e:  # noqa: BLE001 - any exception is "raises"
        answer["raises"] = type(e).__name__
    if current.pre:
        try:
            continued = bump(current, case, PHASE_NAMES[current.pre[0]])
            answer["continued"] = str(with_epoch(scheme, current, continued))
        except Exception as e:  # noqa: BLE001
            answer["continued_raises"] = type(e).__name__
    sys.stdout.write(json.dumps(answer) + "\n")
