# Two commands on a fresh machine:
#   make run        set up .venv and start the app on the bundled example
#   make test       set up .venv (with test tools), make sure chromium, nginx and PostgreSQL are
#                   there, then lint, type-check, check the import contract and run every test
# and, while working:
#   make test-fast  the same checks, but only the tests that are neither slow nor in the browser
#                   (PostgreSQL is made sure of here too: the store's tests on it are not all slow)
# KOPPELKANSEN_SKIP_BROWSER=1 skips the browser tests on purpose (and chromium is not installed).
# The PostgreSQL tests cannot be skipped: each test worker starts its own throwaway server with
# Debian's initdb and pg_ctl (tests/pg_cluster.py); `make postgresql` installs them when missing.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501
PYTEST := $(BIN)/python -m pytest -n 2 --dist loadgroup

.PHONY: run test test-fast check chromium nginx postgresql clean

# Re-made whenever pyproject.toml (dependencies, extras) is newer than the last install.
$(BIN)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/streamlit run app.py --server.port $(PORT)

chromium:
	@bash scripts/ensure-chromium.sh

# the proxy test (tests/deploy/test_nginx_proxy.py) runs the shipped nginx config in a real nginx
nginx:
	@bash scripts/ensure-nginx.sh

postgresql:
	@bash scripts/ensure-postgresql.sh

# the static checks, cheapest first, so a lint error is reported before minutes of tests
check: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: check chromium nginx postgresql
	$(PYTEST)

test-fast: check postgresql
	$(PYTEST) -m "not slow and not browser"

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis test-artifacts build dist
