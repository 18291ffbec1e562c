#!/usr/bin/env bash
# The test command: make a fresh virtual environment, install the program (not in
# editable mode, as a user would get it) with its test tools, and run every test.
# Linux system packages must already be there (packaging/linux-packages.txt; .ci/run
# installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet '.[test]'
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/pytest "$@"
