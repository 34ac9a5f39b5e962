# Two commands on a fresh machine:
#   make run    set everything up, load the seeds into SQLite and serve the site on :8000
#   make test   lint, then the whole test suite on SQLite and on PostgreSQL
# and one for production:
#   make serve  install, check the deployment settings, migrate, collect static files, gunicorn
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SQLITE_URL ?= sqlite:///$(CURDIR)/db.sqlite3
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/pesknow
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install run serve test lint test-sqlite test-postgres postgres browser bench loadtest vendor

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	DATABASE_URL=$(SQLITE_URL) DEBUG=1 $(PY) manage.py migrate --noinput
	DATABASE_URL=$(SQLITE_URL) DEBUG=1 $(PY) manage.py load_seeds
	DATABASE_URL=$(SQLITE_URL) DEBUG=1 $(PY) manage.py runserver $(PORT)

# Production: settings from the environment (README); fails closed without SECRET_KEY.
serve: install
	$(PY) manage.py check --deploy --fail-level WARNING
	DATABASE_STATEMENT_TIMEOUT_MS=0 $(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(VENV)/bin/gunicorn --config python:pesknow.gunicorn pesknow.wsgi

test: lint test-sqlite test-postgres

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test-sqlite: install browser
	DATABASE_URL=$(SQLITE_URL) CHROMIUM=$(CHROMIUM) $(VENV)/bin/pytest

test-postgres: install browser postgres
	DATABASE_URL=$(POSTGRES_URL) CHROMIUM=$(CHROMIUM) $(VENV)/bin/pytest

# The PostgreSQL run never skips: if the server is down we start it, and if it
# still cannot be reached the target fails.
postgres: install
	@DATABASE_URL=$(POSTGRES_URL) $(PY) scripts/wait_for_database.py --quiet || \
	  ( echo "PostgreSQL is not answering; starting it"; \
	    $(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
	    DATABASE_URL=$(POSTGRES_URL) $(PY) scripts/wait_for_database.py )

browser:
	@test -x $(CHROMIUM) || ( $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium )

# Server time of every kind of page at 10k, 100k and 1M actions, on the database in use
# (default: the PostgreSQL database pesknow_bench, created afresh).
BENCH_URL ?= postgres://postgres@127.0.0.1:5432/pesknow_bench
bench: install postgres
	psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS pesknow_bench" -c "CREATE DATABASE pesknow_bench"
	DATABASE_URL=$(BENCH_URL) DEBUG=1 $(PY) manage.py migrate --verbosity 0
	DATABASE_URL=$(BENCH_URL) DEBUG=1 $(PY) manage.py load_seeds --verbosity 0 > /dev/null
	DATABASE_URL=$(BENCH_URL) DEBUG=1 $(PY) manage.py benchmark

# Front-end packages (d3, d3-sankey, topojson-client, the world atlas) from the npm registry,
# at the versions and sha256 pinned in scripts/vendor_assets.py, into static/vendor/ (committed).
vendor:
	python3 scripts/vendor_assets.py

loadtest: install postgres
	$(PY) scripts/loadtest.py
