# Desk Pilkada. GNU make; needs python3 >= 3.11 and node/npm.
#   make run     the demo on http://$(HOST):$(PORT) with the background worker (HOST/PORT from the environment)
#   make test    everything CI checks (.ci/run runs it), stopping at the first failure
# Other targets: make help.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.NOTPARALLEL:
.DELETE_ON_ERROR:

HOST ?= 127.0.0.1
PORT ?= 8000
# The demo's simulated date; `DESK_EXERCISE_DATE= make run` runs on the real date.
DESK_EXERCISE_DATE ?= 2024-11-20

VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
RUFF := $(VENV)/bin/ruff
PYTEST := $(VENV)/bin/pytest
PYTHON_CANDIDATES := python3.13 python3.12 python3.11 python3
RUNTIME_STAMP := $(VENV)/.installed-runtime
DEV_STAMP := $(VENV)/.installed-dev

# Production-like environment for `check --deploy`: debug off, a random 50-character key, a real host name.
DEPLOY_ENV = DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=desk.example.go.id \
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64)[:50])')"

# npm ci only when the project has a lock file, and again only when the lock file changed.
ifneq ($(wildcard package-lock.json),)
NODE_STAMP := node_modules/.installed
else
NODE_STAMP :=
endif

.PHONY: help run test lint check check-translations translations test-sqlite test-postgres e2e bench install \
	install-dev clean

help:
	@echo "make run                 the demo on http://$(HOST):$(PORT) (HOST=0.0.0.0 PORT=8080 make run)"
	@echo "make test                everything CI checks: lint, Django checks, translations, pytest on SQLite"
	@echo "                         and PostgreSQL, end-to-end browser test"
	@echo "make lint                ruff check + ruff format --check"
	@echo "make check               manage.py check (also --deploy), migrations, OpenAPI schema"
	@echo "make check-translations  every translatable string has an Indonesian translation"
	@echo "make test-sqlite         pytest on SQLite (without the e2e tests)"
	@echo "make test-postgres       pytest on a throwaway PostgreSQL server"
	@echo "make e2e                 end-to-end test in headless Chromium (/usr/bin/chromium)"
	@echo "make bench               scripts/benchmark.py"
	@echo "make clean               remove .venv, node_modules, staticfiles, compiled translations, test artifacts"

# --- installation -----------------------------------------------------------------------------------------

# The first Python 3.11+ of $(PYTHON_CANDIDATES) that can create a virtual environment with pip
# (Debian's system Python cannot until python3-venv is installed).
$(PY):
	@for candidate in $(PYTHON_CANDIDATES); do \
		command -v "$$candidate" >/dev/null 2>&1 || continue; \
		"$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 || continue; \
		echo "Creating $(VENV) with $$("$$candidate" -c 'import sys; print(sys.executable, sys.version.split()[0])')"; \
		if "$$candidate" -m venv $(VENV) >/dev/null 2>&1; then exit 0; fi; \
		echo "  $$candidate could not create a virtual environment; trying the next one" >&2; \
		rm -rf $(VENV); \
	done; \
	echo "No Python 3.11 or newer that can create a virtual environment (tried: $(PYTHON_CANDIDATES))." >&2; \
	echo "On Debian/Ubuntu: apt-get install python3 python3-venv" >&2; \
	exit 1

$(RUNTIME_STAMP): requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	touch $@

# The dev requirements include the runtime ones, so this stamp stands for both.
$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(RUNTIME_STAMP) $@

install: $(RUNTIME_STAMP) $(NODE_STAMP)
install-dev: $(DEV_STAMP) $(NODE_STAMP)

node_modules/.installed: package-lock.json package.json
	@command -v npm >/dev/null 2>&1 || { echo "npm not found: install Node.js and npm (apt-get install nodejs npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Compiled with polib (scripts/compile_translations.py): no system gettext needed to run the app.
translations: $(RUNTIME_STAMP)
	$(PY) scripts/compile_translations.py

# --- the demo ---------------------------------------------------------------------------------------------

run: export DESK_EXERCISE_DATE := $(DESK_EXERCISE_DATE)
run: $(RUNTIME_STAMP) $(NODE_STAMP) translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_regions
	$(PY) manage.py load_demo
	@# With DEBUG on (the default) static files are served from their sources; collect them only without it.
	@debug=$$(printf '%s' "$${DJANGO_DEBUG:-1}" | tr '[:upper:]' '[:lower:]' | tr -d '[:space:]'); \
	case "$$debug" in 1|true|yes|on|"") ;; *) $(PY) manage.py collectstatic --noinput ;; esac
	@echo
	@echo "Desk Pilkada on http://$(HOST):$(PORT)/ (exercise date: $${DESK_EXERCISE_DATE:-off, real date})"
	@echo "Sign in with a demo account above. Stop with Ctrl-C."
	HOST="$(HOST)" PORT="$(PORT)" PYTHON="$(PY)" scripts/serve_dev.sh

# --- checks and tests -------------------------------------------------------------------------------------

test: lint check check-translations test-sqlite test-postgres e2e
	@echo "make test: all checks passed"

lint: $(DEV_STAMP)
	$(RUFF) check .
	$(RUFF) format --check .

check: $(DEV_STAMP) $(NODE_STAMP) translations
	$(PY) manage.py check --fail-level WARNING
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null

check-translations: $(DEV_STAMP)
	@command -v xgettext >/dev/null 2>&1 || { \
		if [ "$$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing gettext (xgettext) with apt-get"; \
			export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
		else \
			echo "xgettext not found: install GNU gettext (sudo apt-get install gettext)" >&2; exit 1; \
		fi; \
	}
	$(PY) scripts/check_translations.py

# pytest exits 5 when it collected no test: make treats that, like any non-zero exit, as a failure.
test-sqlite: $(DEV_STAMP) $(NODE_STAMP) translations
	env -u DATABASE_URL $(PYTEST) -q -m "not e2e"

test-postgres: $(DEV_STAMP) $(NODE_STAMP) translations
	scripts/with_postgres.sh $(PYTEST) -q -m "not e2e"

e2e: $(DEV_STAMP) $(NODE_STAMP) translations
	env -u DATABASE_URL $(PYTEST) -q -m e2e tests/e2e

bench: $(DEV_STAMP) $(NODE_STAMP) translations
	$(PY) scripts/benchmark.py

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts
	find deskpilkada/locale -name '*.mo' -delete 2>/dev/null || true
