"""How commitizen 4.19.3 reads each commit of a repository.

Run in a repository; prints one JSON object per commit, in `git log` order:
{"rev", "title", "body", "parents", "increment", "increment_zero"} where the
commits come from commitizen's own `git.get_commits()` and the increments
from `VersionIncrement.from_message` with cz_conventional_commits' bump
pattern and maps (the second with major_version_zero).
"""

import json
import sys

from commitizen import defaults, git
from commitizen.version_increment import VersionIncrement

for commit in git.get_commits():
    answer = {
        "rev": commit.rev,
        "title": commit.title,
        "body": commit.body,
        "parents": len(commit.parents),
        "increment": str(
            VersionIncrement.from_message(
                commit.message, defaults.BUMP_PATTERN, defaults.BUMP_MAP
            )
        ),
        "increment_zero": str(
            VersionIncrement.from_message(
                commit.message,
                defaults.BUMP_PATTERN,
                defaults.BUMP_MAP_MAJOR_VERSION_ZERO,
            )
        ),
    }
    sys.stdout.write(json.dumps(answer) + "\n")
