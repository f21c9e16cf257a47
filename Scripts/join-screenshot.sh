#!/usr/bin/env bash
# Makes docs/images/join-page.png: a phone-sized (390x844) screenshot of the join page,
# taken by the browser test while six pages write ideas (127.0.0.1 only).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product roundtable
if [ ! -x .build/join-venv/bin/python ] || ! .build/join-venv/bin/python -c 'import selenium' 2>/dev/null; then
    python3 -m venv --clear .build/join-venv
    .build/join-venv/bin/pip install -q selenium
fi
.build/join-venv/bin/python Tests/join/browser-test.py .build/debug/roundtable --screenshot docs/images/join-page.png
