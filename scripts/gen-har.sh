#!/usr/bin/env bash
# Regenerates fixtures/imports/chromium-playwright.har: a HAR recorded by Chromium itself (over
# the DevTools protocol, through Playwright), so whk import is tested on a real producer's file.
# CI never runs this: the file is committed. Needs Chromium (apt-get install chromium) and npm.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
npm install --silent --no-audit --no-fund
node gen-har.mjs "$here/../fixtures/imports/chromium-playwright.har"
