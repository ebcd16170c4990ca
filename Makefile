# NCC Portal. `make run` serves the demo site; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Debian packages: gettext compiles the catalogs, chromium drives the browser tests, poppler-utils
# checks PDFs, the rest makes WeasyPrint fast and complete.
SYSTEM_PACKAGES := gettext chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 \
	libharfbuzz-subset0 fonts-dejavu-core
# Commands the tests need that some machines have from elsewhere: installed from Debian's
# packages only when the command is missing (the Nu HTML checker runs on Java, npm fetches it).
SYSTEM_COMMANDS := java:default-jre-headless npm:npm
# The Nu HTML checker (validator.nu) that tests/ncc_portal/test_html_validity.py runs.
VNU_VERSION := 26.9.27
VNU_JAR := $(VENV)/share/vnu-$(VNU_VERSION).jar
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install system-packages compile-messages run prod test lint messages check-messages constraints clean

help:
	@echo "make run    - install, migrate, load demo data and serve on http://$(HOST):$(PORT)"
	@echo "make prod   - the production stack: gunicorn, Celery worker and beat (README, Production)"
	@echo "make test   - run the whole test suite (SQLite unless DATABASE_URL is set)"
	@echo "make lint   - ruff and the import contracts (import-linter, see pyproject.toml)"
	@echo "make messages - extract new strings into locale/*/LC_MESSAGES/django.po"

system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done; \
	  for c in $(SYSTEM_COMMANDS); do command -v $${c%%:*} >/dev/null || echo $${c#*:}; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing system packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Please install these Debian packages: sudo apt-get install $$missing"; exit 1; \
	  fi; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

$(VNU_JAR): | $(BIN)/python
	@mkdir -p $(VENV)/share
	cd $(VENV)/share && npm pack --silent vnu-jar@$(VNU_VERSION) >/dev/null \
	  && tar -xzf vnu-jar-$(VNU_VERSION).tgz -O package/build/dist/vnu.jar > $(@F).part \
	  && mv $(@F).part $(@F) && rm vnu-jar-$(VNU_VERSION).tgz

install: system-packages $(VENV)/.installed $(VNU_JAR)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check-format -o $@ $<

compile-messages: $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

run: install compile-messages
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py rebuild_search_index --if-outdated
	$(BIN)/python manage.py build_open_data
	@echo "Serving on http://$(HOST):$(PORT)/ (Ctrl-C stops)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Settings from the environment or .env: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, …
prod: install compile-messages
	deploy/prod.sh

# Two processes (pytest-xdist), each test file kept in one of them (the production-stack and
# browser files share expensive set-ups between their tests). PYTEST_WORKERS=0 runs in one.
PYTEST_WORKERS ?= 2
test: install compile-messages
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

messages: install
	$(BIN)/python manage.py makemessages -l de -l en -l et -l nl -l fr \
	  --ignore=.venv --ignore=var --ignore=tests --no-obsolete
	@# English is the source language: every msgstr is its msgid (no fuzzy guesses).
	msgfilter --keep-header -i locale/en/LC_MESSAGES/django.po -o locale/en/LC_MESSAGES/django.po \
	  sed -e d
	msgen locale/en/LC_MESSAGES/django.po -o locale/en/LC_MESSAGES/django.po
	msgattrib --clear-fuzzy --no-obsolete -o locale/en/LC_MESSAGES/django.po \
	  locale/en/LC_MESSAGES/django.po
	@$(MAKE) --no-print-directory check-messages || true

check-messages:
	@status=0; for po in locale/*/LC_MESSAGES/django.po; do \
	  stats=$$(msgfmt --check-format --statistics -o /dev/null $$po 2>&1); echo "$$po: $$stats"; \
	  if grep -qE "untranslated|fuzzy" <<<"$$stats"; then status=1; fi; \
	done; exit $$status

constraints: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip freeze --exclude-editable | grep -v '^ncc-portal' > constraints.txt

clean:
	rm -rf $(VENV) var db.sqlite3 locale/*/LC_MESSAGES/django.mo
