# The checks of the house, one command: `make check` (ruff, mypy, the layer contracts, then every test).
# `make fast` is the inner loop: the same checks and the tests not marked slow (no browser, faults,
# load or benchmark). Run inside the virtual environment of requirements-dev.txt.

.PHONY: check fast lint types layers test test-fast golden

check: lint types layers test

fast: lint types layers test-fast

lint:
	ruff check .
	ruff format --check .

types:
	mypy

layers:
	lint-imports

# The tests not marked slow run on every core (pytest-xdist); the slow ones after them, one at a time,
# because several of them time the product against a reference and must not share the machine.
test: test-fast
	python -m pytest -m slow

test-fast:
	python -m pytest -m "not slow" -n auto

# Rewrite the golden files of tests/golden/ from today's code; read `git diff tests/golden` before committing.
golden:
	python -m tests.golden_contracts
