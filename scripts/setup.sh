#!/usr/bin/env bash
# Create .venv and install ioreview (with test tools when given "test").
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1
python=$(command -v python3.11 || command -v python3)
if [ ! -x .venv/bin/python ]; then "$python" -m venv .venv; fi
extra=""
[ "${1:-}" = test ] && extra="[test]"
stamp=".venv/.installed$extra"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    log=$(mktemp)
    # pip's output goes to a log that is shown only when the install fails.
    if ! { .venv/bin/pip install -q --upgrade pip && .venv/bin/pip install -q -e ".$extra"; } >"$log" 2>&1; then
        grep -v "^WARNING: Location" "$log" >&2
        rm -f "$log"
        exit 1
    fi
    rm -f "$log"
    touch "$stamp"
fi
