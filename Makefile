# The two commands of the README: `make run` and `make test`.
.PHONY: run serve test check setup setup-test docs bench clean

DB ?= sqlite:///ioreview.db
PORT ?= 8000

# The main job, then the web app on 127.0.0.1 when run from a terminal. Without a terminal
# (scripts, CI) it stops after the main job and says how to start the app, so it never hangs.
run: setup
	.venv/bin/ioreview --db $(DB) init
	.venv/bin/ioreview --db $(DB) main
	@if [ -t 0 ] && [ -t 1 ] && [ -z "$$CI" ]; then \
		.venv/bin/ioreview --db $(DB) serve --port $(PORT); \
	else \
		echo "web app: run 'make serve' to serve http://127.0.0.1:$(PORT)/"; \
	fi

serve: setup
	.venv/bin/ioreview --db $(DB) serve --port $(PORT)

test: setup-test
	scripts/system-packages.sh
	scripts/test.sh

check: setup-test
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/mypy

setup:
	scripts/setup.sh

setup-test:
	scripts/setup.sh test

docs: setup
	.venv/bin/python -m ioreview.cli.docgen docs/cli-reference.md

bench: setup-test
	.venv/bin/python benchmarks/ledger.py --quick
	.venv/bin/python benchmarks/ingest.py
	.venv/bin/python benchmarks/review.py
	.venv/bin/python benchmarks/web.py

clean:
	rm -rf .venv ioreview.db ioreview.db-wal ioreview.db-shm .ioreview
