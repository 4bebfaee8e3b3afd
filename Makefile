# Tongsu: `make run` serves the portal with its worker and beat; `make test` runs the suite.
# Both work on a fresh machine with Python >= 3.12 and make; nothing else is needed for the embedded default.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTHON_CANDIDATES := python3.14 python3.13 python3.12 python3 python
PYTEST_ARGS ?=

.PHONY: help install run serve migrate demo test test-services test-slow lint format check messages e2e bench clean

help:
	@echo "make run            install, migrate, load demo data, serve web + worker + beat on http://127.0.0.1:8000"
	@echo "make test           run the test suite on the embedded default (SQLite, filesystem broker)"
	@echo "make test-services  run the suite against PostgreSQL and Redis (DATABASE_URL, REDIS_URL)"
	@echo "make lint           ruff check and format check"
	@echo "make messages       regenerate and compile translations (needs gettext)"

$(STAMP): pyproject.toml
	@py=""; for p in $(PYTHON_CANDIDATES); do \
	  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then py=$$p; break; fi; \
	done; \
	if [ -z "$$py" ]; then echo "Tongsu needs Python 3.12 or newer (python3.12, python3.13 ...); none was found on PATH." >&2; exit 1; fi; \
	if [ ! -x $(PY) ]; then echo "creating $(VENV) with $$($$py --version)"; $$py -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo_data

run: migrate
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py demo_data
	$(VENV)/bin/honcho --procfile portal/Procfile --app-root . start

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

test-slow: install
	RUN_SLOW=1 $(PY) -m pytest $(PYTEST_ARGS)

test-services: install
	@if [ -z "$$DATABASE_URL" ] || [ -z "$$REDIS_URL" ]; then \
	  echo "make test-services needs DATABASE_URL (postgres://...) and REDIS_URL (redis://...)" >&2; exit 2; fi
	TONGSU_SERVICES=1 $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

messages: install
	$(PY) manage.py makemessages --locale zh_Hans --locale en --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf var/broker var/cache var/cache-test var/test-*.sqlite3

e2e: install
	@command -v chromium >/dev/null || { echo "installing Debian's chromium (needs root)"; apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }
	$(PY) -m pytest tests/e2e -m e2e -p no:cacheprovider $(PYTEST_ARGS)
	@echo "screenshots: var/e2e/"

$(VENV)/.bench-installed: $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	@touch $@

bench: $(VENV)/.bench-installed
	$(PY) tests/bench/run.py
