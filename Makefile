# The two commands: `make run` (local site with demo content) and `make test` (whole suite).
# `make help` lists every target.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# A local run is a development run: debug pages, mail to files, tasks in-process.
RUN_ENV := DEBUG=true
# `make run PORT=8001` serves on another port.
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help install python-check port-free migrate run superuser totp test worker beat lint format messages makemessages \
        static check-deploy clean

help:
	@echo "make run           set up everything and serve http://127.0.0.1:$(PORT)/ with demo content"
	@echo "                   (PORT=8001 for another port; SQLite, tasks in-process, mail to var/mail/)"
	@echo "make test          run the whole test suite (PostgreSQL when it answers, else SQLite;"
	@echo "                   TEST_DATABASE_URL=..., PYTEST_ARGS='tests/themes -x' for a part)"
	@echo "make migrate       apply migrations and staff roles to the local database"
	@echo "make superuser     create an administrator (migrates first)"
	@echo "make totp USERNAME=name  enrol a staff user's authenticator app (QR code, backup codes)"
	@echo "make install       create .venv and install Python and npm packages"
	@echo "make port-free     check that PORT is free (make run does this first)"
	@echo "make python-check  check that PYTHON, if given, is Python 3.12 or newer"
	@echo "make messages      compile the fi and sv message catalogues"
	@echo "make makemessages  refresh locale/ after changing user-facing strings"
	@echo "make static        collect static files"
	@echo "make worker        Celery worker (needs CELERY_BROKER_URL)"
	@echo "make beat          Celery beat scheduler (needs CELERY_BROKER_URL)"
	@echo "make lint          ruff lint and format check, makemigrations --check"
	@echo "make format        ruff fix and format"
	@echo "make check-deploy  manage.py check --deploy with production-like settings"
	@echo "make clean         remove .venv, node_modules, staticfiles and the local database"

# A venv is usable only when its Python is new enough and has pip: an interrupted first
# run can leave one without pip, which would otherwise fail forever. Such a venv is rebuilt.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@py=$$(scripts/find-python) || exit 1; \
	if [ -x $(PY) ] && ! $(PY) -c 'import sys, pip; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	  echo "$(VENV) is incomplete or too old (an interrupted first run?); rebuilding it"; rm -rf $(VENV); fi; \
	if [ -x $(PY) ] && [ -n "$${PYTHON:-}" ] && \
	   [ "$$($(PY) -c 'import sys; print(sys.version_info[:2])')" != "$$("$$py" -c 'import sys; print(sys.version_info[:2])')" ]; then \
	  echo "$(VENV) was built with another Python than PYTHON=$$PYTHON; rebuilding it"; rm -rf $(VENV); fi; \
	if [ ! -x $(PY) ]; then \
	  echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "error: could not create a virtualenv with $$py; install its venv module (on Debian: apt-get install python3-venv)"; exit 1; }; fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt || { \
	  echo "error: pip could not install requirements-dev.txt (see above); is PyPI reachable?"; exit 1; }
	@touch $@

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "error: npm is missing; install Node.js 18+ (apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# A PYTHON that is too old is refused even when .venv already exists.
python-check:
	@if [ -n "$${PYTHON:-}" ]; then scripts/find-python >/dev/null || exit 1; fi

install: python-check $(VENV)/.installed node_modules/.installed

messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || { echo "error: msgfmt is missing; install gettext (apt-get install gettext)"; exit 1; }
	@$(RUN_ENV) $(MANAGE) compilemessages -v0 --ignore=.venv --ignore=node_modules --ignore=staticfiles

makemessages: $(VENV)/.installed
	$(RUN_ENV) $(MANAGE) makemessages -l fi -l sv --no-obsolete --ignore='.venv/*' --ignore='node_modules/*' --ignore='staticfiles/*' --ignore='tests/*'
	$(RUN_ENV) $(MANAGE) makemessages -d djangojs -l fi -l sv --no-obsolete --ignore='.venv/*' --ignore='node_modules/*' --ignore='staticfiles/*' --ignore='tests/*'

static: install
	$(RUN_ENV) $(MANAGE) collectstatic --noinput -v0

# Says so at once when the port is taken, before minutes of set-up.
port-free:
	@if (exec 3<>/dev/tcp/127.0.0.1/$(PORT)) 2>/dev/null; then \
	  echo "error: port $(PORT) on 127.0.0.1 is already in use; stop what runs there or use 'make run PORT=8001'"; exit 1; fi

migrate: install messages
	$(RUN_ENV) $(MANAGE) migrate --noinput
	$(RUN_ENV) $(MANAGE) sync_roles

run: port-free install messages static migrate
	$(RUN_ENV) $(MANAGE) seed_demo
	@echo "Serving http://127.0.0.1:$(PORT)/ (admin: make superuser, then make totp USERNAME=...; see README)"
	$(RUN_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

superuser: migrate
	$(RUN_ENV) $(MANAGE) createsuperuser

totp: migrate
	@[ -n "$(USERNAME)" ] || { echo "error: say whose device: make totp USERNAME=name"; exit 1; }
	$(RUN_ENV) $(MANAGE) enrol_totp "$(USERNAME)"

# DATABASE_URL, when set (CI sets it), wins; otherwise scripts/test-database chooses.
test: install messages
	@if [ -z "$${DATABASE_URL:-}" ]; then \
	  url=$$($(PY) scripts/test-database) || exit 1; \
	  if [ -n "$$url" ]; then export DATABASE_URL=$$url; fi; \
	fi; \
	$(PY) -m pytest $(PYTEST_ARGS)

worker: install
	$(VENV)/bin/celery -A portal worker -l info -Q transactional,default,bulk

beat: install
	$(VENV)/bin/celery -A portal beat -l info

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(RUN_ENV) $(MANAGE) makemigrations --check --dry-run

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: install
	DEBUG=false SECRET_KEY=check-deploy-$$RANDOM-not-a-real-secret-key-0123456789abcdefghij \
	  ALLOWED_HOSTS=kumppanuusohjelma.example.fi SITE_URL=https://kumppanuusohjelma.example.fi \
	  SMTP_HOST=smtp.example.fi DATABASE_URL=postgres://portal@db.example.fi:5432/portal \
	  CACHE_URL=redis://redis.example.fi:6379/1 CELERY_BROKER_URL=redis://redis.example.fi:6379/0 \
	  $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules staticfiles var/db.sqlite3
