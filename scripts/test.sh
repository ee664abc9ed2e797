#!/usr/bin/env bash
# The whole suite: lint and types, then pytest on SQLite and PostgreSQL (a throwaway cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg.sh
trap pg_stop EXIT

echo "== ruff"; .venv/bin/ruff check src tests benchmarks
echo "== mypy --strict src"; .venv/bin/mypy
echo "== docs"; .venv/bin/python -m ioreview.cli.docgen --check docs/cli-reference.md

pg_start
echo "== PostgreSQL on 127.0.0.1:$IOREVIEW_PG_PORT"
set +e
.venv/bin/python -m pytest -p no:cacheprovider -q "$@"
code=$?
set -e
# pytest's exit code 5 means no test ran: for this project that is a failure.
exit $code
