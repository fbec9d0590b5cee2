# Schulportal: `make run` to try it, `make test` before every commit.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000

.DEFAULT_GOAL := help
.PHONY: help run test lint format messages test-browser bench bench-import bench-booking audit clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed.")'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.requirements: requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	@touch $@

$(VENV)/.requirements-dev: requirements-dev.txt requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.requirements

run: $(VENV)/.requirements ## set up, migrate, load demo data if empty, serve on http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py runserver $(HOST)

test: $(VENV)/.requirements-dev ## ruff, migrations check and the whole test suite (DATABASE_URL picks the database)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n 2 --create-db

tests/browser/tools/node_modules/.package-lock.json: tests/browser/tools/package-lock.json
	npm ci --silent --no-audit --no-fund --prefix tests/browser/tools

test-browser: $(VENV)/.requirements-dev tests/browser/tools/node_modules/.package-lock.json ## browser journeys, axe and Nu HTML checks in Chromium
	$(VENV)/bin/pytest -m browser tests/browser --create-db -p no:xdist

audit: $(VENV)/.requirements-dev ## pip-audit of the pinned requirements; fails when its vulnerability data is unreachable
	@$(VENV)/bin/pip-audit -r requirements.txt --strict --progress-spinner off || { \
	  echo "make audit FAILED: a known vulnerability above, or pip-audit could not reach" >&2; \
	  echo "its vulnerability service (PyPI JSON API, OSV); then nothing was audited." >&2; \
	  exit 1; }

bench-import: $(VENV)/.requirements ## time importing 25,000 devices (and django-import-export) on DATABASE_URL
	$(PY) manage.py bench_import

BENCH_BOOKING_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal_bench_booking
bench-booking: $(VENV)/.requirements ## 200 clients book a 20-seat session at once (gunicorn on PostgreSQL)
	DATABASE_URL=$(BENCH_BOOKING_DATABASE_URL) $(PY) manage.py bench_booking --json bench-output/booking.json

format: $(VENV)/.requirements-dev ## format the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

messages: $(VENV)/.requirements-dev ## update the translation catalogues (needs GNU gettext) and compile them
	$(PY) manage.py makemessages -l de -l en --ignore '.venv/*' --ignore 'tests/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore '.venv/*'

BENCH_SECONDS ?= 60
bench: $(VENV)/.requirements-dev ## benchmarks: pages at 1x/10x on SQLite+PostgreSQL, load via nginx+gunicorn (BENCH_SECONDS=10 for a short run)
	$(PY) -m tests.benchmarks.run pages
	$(PY) -m tests.benchmarks.run load --seconds $(BENCH_SECONDS)
	$(MAKE) --no-print-directory bench-booking
	DATABASE_URL=sqlite:///$(CURDIR)/bench-output/bench_1x.sqlite3 $(MAKE) --no-print-directory bench-import
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_1x $(MAKE) --no-print-directory bench-import
	$(PY) -m tests.benchmarks.run report

check-messages: $(VENV)/.requirements-dev ## fail if a string of the code is missing from locale/de (needs GNU gettext)
	$(PY) manage.py check_messages

clean: ## remove the virtualenv, databases and generated files
	rm -rf $(VENV) db.sqlite3* .test-db.sqlite3* staticfiles .test-media test-output
