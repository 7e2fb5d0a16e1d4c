# The two commands: `make run` (local site with demo content) and `make test` (whole suite).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# A local run is a development run: debug pages, mail to files, tasks in-process.
RUN_ENV := DEBUG=true
# `make test` uses PostgreSQL here when it answers, otherwise SQLite (and says so).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/portal
PYTEST_ARGS ?=

.PHONY: help install run serve test test-fast worker beat lint format messages makemessages \
        static check-deploy clean

help:
	@echo "make run     set up everything and serve http://127.0.0.1:8000 with demo content"
	@echo "make test    run the whole test suite (PostgreSQL if reachable, else SQLite)"
	@echo "make worker  Celery worker (needs CELERY_BROKER_URL)"
	@echo "make beat    Celery beat scheduler (needs CELERY_BROKER_URL)"
	@echo "make lint    ruff lint and format check, makemigrations --check"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@if [ ! -x $(PY) ]; then py=$$(scripts/find-python) || exit 1; \
	  echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV) || { \
	  echo "error: could not create a virtualenv; install the venv module (apt-get install python3-venv)"; exit 1; }; fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt || { \
	  echo "error: pip could not install requirements-dev.txt (see above); is PyPI reachable?"; exit 1; }
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: npm is missing; install Node.js 18+ (apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed

messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { echo "error: msgfmt is missing; install gettext (apt-get install gettext)"; exit 1; }
	@$(RUN_ENV) $(MANAGE) compilemessages -v0 --ignore=.venv --ignore=node_modules --ignore=staticfiles

makemessages: $(VENV)/.installed
	$(RUN_ENV) $(MANAGE) makemessages -l fi -l sv --no-obsolete --ignore='.venv/*' --ignore='node_modules/*' --ignore='staticfiles/*' --ignore='tests/*'

static: install
	$(RUN_ENV) $(MANAGE) collectstatic --noinput -v0

run: install messages static
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) sync_roles
	$(RUN_ENV) $(MANAGE) seed_demo
	@echo "Serving http://127.0.0.1:8000/ (admin: make superuser and enrol_totp, see README; then /admin/)"
	$(RUN_ENV) $(MANAGE) runserver 127.0.0.1:8000

superuser: install
	$(RUN_ENV) $(MANAGE) createsuperuser

test: install messages
	@if [ -z "$${DATABASE_URL:-}" ]; then \
	  if $(PY) -c "import psycopg,sys; psycopg.connect('$(TEST_DATABASE_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	    export DATABASE_URL=$(TEST_DATABASE_URL); echo "Testing against PostgreSQL ($(TEST_DATABASE_URL))"; \
	  else echo "note: PostgreSQL is not reachable at $(TEST_DATABASE_URL); testing on SQLite, PostgreSQL-only tests are skipped"; fi; \
	fi; \
	$(PY) -m pytest $(PYTEST_ARGS)

worker: install
	$(VENV)/bin/celery -A portal worker -l info -Q transactional,default,bulk

beat: install
	$(VENV)/bin/celery -A portal beat -l info

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(RUN_ENV) $(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: install
	DEBUG=false SECRET_KEY=check-deploy-$$RANDOM-not-a-real-secret-key-0123456789abcdefghij \
	  ALLOWED_HOSTS=kumppanuusohjelma.example.fi SITE_URL=https://kumppanuusohjelma.example.fi \
	  SMTP_HOST=smtp.example.fi \
	  $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules staticfiles var/db.sqlite3
