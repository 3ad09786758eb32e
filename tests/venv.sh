#!/usr/bin/env bash
# Makes .venv with the reference tools the tests compare relx with
# (commitizen, packaging, ...). Idempotent: reinstalls only when
# tests/requirements.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
fi
stamp=.venv/.relx-requirements
if ! cmp -s tests/requirements.txt "$stamp" 2>/dev/null; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
    cp tests/requirements.txt "$stamp"
fi
