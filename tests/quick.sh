#!/usr/bin/env bash
# The quick loop while editing: the unit tests, then the fast CLI tests
# (under 2 minutes on two cores with a warm build). A few of those still ask
# the venv's python once, so it needs the venv as `cargo test` does.
# `tests/venv.sh && cargo test` still runs everything, and CI runs that.
#
# Left out: the modules below, and the tests named after the reference
# they compare relx with (`…_match_cz`, `…_as_cz`, `…commitizen…`). A new
# slow test goes into one of these modules or carries one of these words.
# Arguments go to the CLI test binary (a filter, `--nocapture`).
set -euo pipefail
cd "$(dirname "$0")/.."
# RELX_TEST_VENV names a venv made elsewhere; otherwise .venv is made here.
[ -n "${RELX_TEST_VENV:-}" ] || tests/venv.sh
cargo test --lib
slow=(
    # The reference tools: commitizen, packaging, twine, pip, mkdocs, mike.
    cz commitizen
    arithmetic:: compat:: messages:: oracle:: pep440:: references::
    build:: docs:: publish:: ecosystem:: static_binary:: snapshots::python::
    release_flow:: version::options:: version::history:: version::many_tags::
    # Long runs: generated tags by the thousand, a signal at every step.
    properties:: journal::
)
skips=()
for name in "${slow[@]}"; do
    skips+=(--skip "$name")
done
cargo test --test cli -- "${skips[@]}" "$@"
