#!/usr/bin/env bash
# Makes .venv with the reference tools the tests compare relx with
# (commitizen, packaging, ...). Idempotent: reinstalls only when
# tests/requirements.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
# A venv keeps its programs in bin/, or in Scripts/ on Windows.
bin=.venv/bin
case "$(uname -s)" in MINGW* | MSYS* | CYGWIN*) bin=.venv/Scripts ;; esac
if [ ! -x "$bin/python" ] && [ ! -x "$bin/python.exe" ]; then
    "$python" -m venv .venv
fi
stamp=.venv/.relx-requirements
if ! cmp -s tests/requirements.txt "$stamp" 2>/dev/null; then
    "$bin/python" -m pip install --quiet --disable-pip-version-check -r tests/requirements.txt
    cp tests/requirements.txt "$stamp"
fi
# devpi-server in a venv of its own (its setuptools pin conflicts with ours).
devpi=.venv/devpi
devpi_stamp=$devpi/.relx-requirements
if ! cmp -s tests/requirements-devpi.txt "$devpi_stamp" 2>/dev/null; then
    "$bin/python" -m venv "$devpi"
    devpi_bin=$devpi/bin
    case "$(uname -s)" in MINGW* | MSYS* | CYGWIN*) devpi_bin=$devpi/Scripts ;; esac
    "$devpi_bin/python" -m pip install --quiet --disable-pip-version-check -r tests/requirements-devpi.txt
    cp tests/requirements-devpi.txt "$devpi_stamp"
fi
