#!/usr/bin/env bash
# Refreshes requirements/test.txt, the exact versions the tests run on (.ci/setup installs
# them), to the newest releases that pyproject.toml's ranges allow. Run it, run the tests,
# and commit the lock with what the new versions needed.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check pip-tools
"$work/venv/bin/pip-compile" --quiet --upgrade --extra test --strip-extras \
    --no-emit-index-url --no-emit-find-links --output-file requirements/test.txt pyproject.toml
echo "lock: requirements/test.txt refreshed; run bash .ci/setup && .venv/bin/python -m pytest"
