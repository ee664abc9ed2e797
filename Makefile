# The two commands of the README: `make run` and `make test`.
.PHONY: run test check setup setup-test docs bench clean

DB ?= sqlite:///ioreview.db

run: setup
	.venv/bin/ioreview --db $(DB) init
	.venv/bin/ioreview --db $(DB) main

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
	.venv/bin/python benchmarks/ledger.py

clean:
	rm -rf .venv ioreview.db ioreview.db-wal ioreview.db-shm .ioreview
