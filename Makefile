# Two entry points for a newcomer: `make demo` and `make test`.
UV ?= $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
export RIGHTSLEDGER_HOME ?= $(CURDIR)/ledger

.PHONY: setup demo test lint bench clean

setup:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv==0.13.8"
	$(UV) sync --frozen --quiet --extra spark  # the spark extra: its tests run in CI, not skipped

demo: setup
	$(UV) run rightsledger add examples/
	$(UV) run rightsledger extract
	$(UV) run rightsledger summary

test: setup
	$(UV) run ruff check src tests
	$(UV) run pytest -q

bench: setup
	$(UV) run python benchmarks/extract_speed.py

lint: setup
	$(UV) run ruff check src tests benchmarks

clean:
	rm -rf ledger .pytest_cache .ruff_cache
