# Talentas: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
# Links in e-mails and calendar feeds point at the server make run starts, whatever PORT is.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: export DEMO_MODE ?= 1

.PHONY: run test install lint typecheck check messages system-deps bench clean serve-tasks screenshots

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

install: $(BIN)/activate .env

.env:
	cp .env.example .env
	echo "SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" >> .env

## Serve the demo: migrate, load the Alytus plan and demo data (ESCO only when its files changed), print the demo
## accounts, then run the task queue and the web server (its system checks already ran in prepare_demo).
## Ctrl+C: the terminal's SIGINT reaches the whole group and each process stops gracefully; the shell then waits
## for the queue. (The old `trap 'kill 0' EXIT INT TERM` signalled the shell itself from its own TERM trap, which
## ran the trap again and again until bash overflowed its stack: the "Segmentation fault" make reported.)
run: install system-deps
	@$(BIN)/python manage.py prepare_demo
	@echo "Talentas on http://$(HOST):$(PORT)/  (Ctrl+C stops the server and the task queue)"
	@echo "Development e-mails: http://$(HOST):$(PORT)/en/dev/outbox/ (signed in as admin@talentas.example) and var/outbox/*.eml"
	@$(BIN)/python manage.py run_huey --quiet & queue=$$!; \
	  trap 'kill -INT $$queue 2>/dev/null; wait $$queue 2>/dev/null; exit 0' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver --noreload --skip-checks $(HOST):$(PORT)

## The whole suite: lint, types, translations, unit and browser tests.
test: install system-deps
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest -n auto -q $(PYTEST_ARGS)

system-deps:
	@bash scripts/install-system-deps.sh

## Every main page at 1366 and 360 px in Lithuanian and English, and the first PDF report's first page, as PNG
## files in screenshots/ (git-ignored): prepares the demo as `make run` does, serves it on a free port and signs
## in as the demo accounts (scripts/screenshots.py; `--only NAME ...` for a few pages).
screenshots: install system-deps
	$(BIN)/python scripts/screenshots.py $(SCREENSHOTS_ARGS)

lint: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Extract strings into the catalogs, then compile (needs gettext). Lithuanian is translated by hand;
## English is the source language, so its catalogue is the template with every msgstr equal to its msgid.
messages: install system-deps
	$(BIN)/python manage.py makemessages -l lt --keep-pot --no-obsolete --no-location --ignore=.venv --ignore=staticfiles
	msgen --no-wrap -o talentas/locale/en/LC_MESSAGES/django.po talentas/locale/django.pot
	rm talentas/locale/django.pot
	sed -i -e 's/^"Language: \\n"/"Language: en\\n"/' -e 's/^"Plural-Forms: .*"/"Plural-Forms: nplurals=2; plural=(n != 1);\\n"/' \
	  -e 's/^"Language-Team: .*"/"Language-Team: Talentas <talentas@talentas.example>\\n"/' talentas/locale/en/LC_MESSAGES/django.po
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var staticfiles
