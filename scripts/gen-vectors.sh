#!/usr/bin/env bash
# Regenerates fixtures/vectors/*.json from the providers' official SDKs (PyPI + npm).
# CI never runs this: the generated files are committed, so tests need no SDK.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
npm install --silent --no-audit --no-fund
.venv/bin/python gen-vectors.py "$here/../fixtures/vectors"
