#!/usr/bin/env bash
# Regenerates the coverage.py reports of fixtures/evidence/tally (tests/it/evidence.rs compares
# quarterdeck's per-function verdicts with coverage.py's own function regions, so the test
# needs no Python). Needs Python 3.9+ with coverage (7.5 or later: `coverage json` writes
# per-function data) and pytest, e.g. in a virtual environment:
#   python3 -m venv /tmp/cov && /tmp/cov/bin/pip install coverage pytest
#   PYTHON=/tmp/cov/bin/python scripts/coverage_fixture.sh
set -euo pipefail
PYTHON=${PYTHON:-python3}
cd "$(dirname "$0")/../fixtures/evidence/tally"
out=coverage
mkdir -p "$out"
"$PYTHON" -m coverage erase
"$PYTHON" -m coverage run -m pytest -q -p no:cacheprovider tests
"$PYTHON" -m coverage xml -o "$out/coverage.xml"
"$PYTHON" -m coverage lcov -o "$out/coverage.lcov"
"$PYTHON" -m coverage json --pretty-print -o "$out/coverage.json"
"$PYTHON" -m coverage erase
# The XML names the absolute source folder: make it a CI-like path, not this machine's.
sed -i "s#<source>$PWD#<source>/home/ci/builds/tally#" "$out/coverage.xml"
"$PYTHON" -m coverage --version | head -1 > "$out/VERSION"
find . -name __pycache__ -type d -prune -exec rm -rf {} +
