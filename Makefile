# The commands the README names. `make run` and `make test` work on a fresh machine
# with Python 3.12+ and Node 20+; both are idempotent. `make setup` is their shared
# first half.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := .make
MANAGE := $(BIN)/python manage.py
# Tests run with DEBUG off, as in production; the settings then insist on these.
TEST_ENV := SECRET_KEY=insecure-test-only-key ALLOWED_HOSTS=testserver,localhost,127.0.0.1 SECURE_SSL_REDIRECT=False
PYTEST_ARGS ?=
# Test processes (pytest-xdist): two, for these 2-core machines that other work shares
# (`-n auto` sizes itself by the cores, not by what is free). PYTEST_WORKERS=0 runs the
# suite serially in one process.
PYTEST_WORKERS ?= 2
# uv installs the pinned packages into the venv (pip took 30 s, uv 2 s); pip installs uv.
UV_VERSION := 0.13.9
# Python caches compiled modules in __pycache__ unless PYTHONDONTWRITEBYTECODE is set
# (some shells and CI machines set it). Without the cache every process compiles
# Django and the project afresh: 3.4 s to start `manage.py check` against 1.4 s, paid
# by every test worker and every server and command the tests start.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: setup install run test lint format check assets migrate demo clean bench

setup: install migrate

# What the tests and the linters need: the venv and the built assets (no database).
install: $(STAMP)/python $(STAMP)/assets

$(STAMP)/python: requirements.txt requirements-dev.txt .python-version
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed; found " + sys.version.split()[0] + ". Install it (pyenv reads .python-version) or run make PYTHON=python3.12.")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements-dev.txt
	@mkdir -p $(STAMP) && touch $@

$(STAMP)/npm: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(STAMP) && touch $@

$(STAMP)/assets: $(STAMP)/npm assets/build.mjs $(wildcard assets/*.scss)
	npm run --silent build
	@mkdir -p $(STAMP) && touch $@

assets: $(STAMP)/assets

migrate: $(STAMP)/python
	DEBUG=True $(MANAGE) migrate --noinput

demo: setup
	DEBUG=True $(MANAGE) load_demo

run: demo
	DEBUG=True $(MANAGE) runserver 127.0.0.1:8000

test: $(STAMP)/python $(STAMP)/assets
	$(TEST_ENV) $(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)/python
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint --quiet

format: $(STAMP)/python
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(STAMP)/python
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run
	$(TEST_ENV) $(MANAGE) check

# Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://$USER@127.0.0.1:5432) and wrk.
bench: $(STAMP)/python $(STAMP)/assets
	@command -v wrk >/dev/null || (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk)) || echo "wrk not installed: throughput will be skipped"
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(STAMP) node_modules static_build staticfiles
