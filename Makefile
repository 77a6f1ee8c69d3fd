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
	@# A local demo login for the web app, made once; its password stays in the ledger folder (mode 600).
	@if [ ! -f "$(RIGHTSLEDGER_HOME)/demo-login.txt" ]; then \
		pw=$$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))'); \
		printf '%s\n' "$$pw" | $(UV) run rightsledger user add demo --role admin --password-stdin && \
		(umask 077; printf 'user demo\npassword %s\n' "$$pw" > "$(RIGHTSLEDGER_HOME)/demo-login.txt"); \
	fi
	@echo "Web app: .venv/bin/rightsledger serve, then open http://127.0.0.1:8000/ and log in with"
	@sed 's/^/  /' "$(RIGHTSLEDGER_HOME)/demo-login.txt"

test: setup
	$(UV) run ruff check src tests
	$(UV) run pytest -q

bench: setup
	$(UV) run python benchmarks/extract_speed.py

lint: setup
	$(UV) run ruff check src tests benchmarks

clean:
	rm -rf ledger .pytest_cache .ruff_cache
