#!/usr/bin/env bash
# Makes a small example project with a Conventional Commits history in a
# temporary directory and shows what relx would release next.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
relx=${RELX:-$here/target/release/relx}
demo=$(mktemp -d "${TMPDIR:-/tmp}/relx-demo.XXXXXX")
cd "$demo"
export GIT_AUTHOR_NAME="Demo" GIT_AUTHOR_EMAIL="demo@example.org"
export GIT_COMMITTER_NAME="Demo" GIT_COMMITTER_EMAIL="demo@example.org"
git init -q -b main
cat > pyproject.toml <<'TOML'
[project]
name = "demo"
version = "1.2.0"  # released

[tool.commitizen]
version_provider = "pep621"
tag_format = "v$version"
TOML
git add pyproject.toml
git commit -q -m "feat: first release"
git tag v1.2.0
git commit -q --allow-empty -m "fix(parser): handle empty input"
git commit -q --allow-empty -m "docs: explain the parser"
git commit -q --allow-empty -m "feat(cli): add --dry-run" -m "Closes #12"
echo "# example repository: $demo" >&2
"$relx" -C "$demo" version
