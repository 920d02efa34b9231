# The two commands of the README: `make run` and `make test`. CI (.ci/run) calls `make test` too.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .make
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
CHECK_ENV := DJANGO_SETTINGS_MODULE=localoffer.settings.test DATABASE_URL=sqlite:///$(CURDIR)/$(STAMPS)/check.sqlite3

.PHONY: run test lint format seed benchmark clean loadtest faults

run: $(STAMPS)/runtime ## Run the site with seeded content on SQLite at http://127.0.0.1:8000, and its worker
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_site
	@# The background worker (emails, periodic jobs) runs beside the dev server, as in production, and stops with it.
	$(BIN)/python manage.py run_worker --scheduler & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMPS)/dev $(STAMPS)/chromium ## Run the whole test suite (SQLite, or the database in DATABASE_URL)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMPS)/dev ## Format and lint checks, CMS configuration, missing migrations
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	# `cms check` inspects plugin rows too, so it needs a migrated database: a throw-away one.
	rm -f $(STAMPS)/check.sqlite3
	$(CHECK_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(CHECK_ENV) $(BIN)/python manage.py cms check
	$(CHECK_ENV) $(BIN)/python manage.py makemigrations --check --dry-run localoffer units news feedback documents search audit freshness accounts jobs alerts

format: $(STAMPS)/dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(STAMPS) staticfiles .pytest_cache

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMPS)/runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@mkdir -p $(STAMPS) && touch $@ $(STAMPS)/runtime

$(STAMPS)/chromium: scripts/ensure-chromium.sh
	scripts/ensure-chromium.sh
	@mkdir -p $(STAMPS) && touch $@

loadtest: $(STAMPS)/runtime ## Load benchmark of the production set-up on loopback (wrk; README "Load benchmark")
	$(BIN)/python scripts/loadtest.py $(LOADTEST_ARGS)

faults: $(STAMPS)/dev ## Fault drill: Redis, PostgreSQL and the mail server fail under load (README "Fault drill")
	$(BIN)/python scripts/faults.py $(FAULTS_ARGS)
