# The Little Giants portal. `make run` serves it with demo data; `make test` runs every check.
# Both start with `make setup`, which is idempotent: run it as often as you like.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
DEMO_ENTERPRISES ?= 300
DEMO_SEED ?= 2026
export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.PHONY: setup run test lint format messages worker beat clean check-python loadtest lock

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { \
		echo "The portal needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1). Install a newer Python or run: make PYTHON=python3.11 ..."; \
		exit 1; }

$(BIN)/activate: | check-python
	$(PYTHON) -m venv $(VENV)

# The runtime, test and e2e groups of pyproject.toml at the versions and hashes of uv.lock (requirements-dev.txt is
# exported from it by `make lock`); reinstalled only when that export changed since the last install.
# Production installs requirements.txt, the runtime group alone (README, "Deployment").
$(VENV)/.installed: requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.txt
	$(BIN)/pip check
	touch $@

# After editing the dependencies in pyproject.toml: resolve uv.lock again (from PyPI; versions already locked stay
# unless a range excludes them) and export the requirements files from it, hashes included.
UV_EXPORT := $(BIN)/uv export --frozen --no-emit-project --quiet
lock: $(VENV)/.installed
	$(BIN)/uv lock
	$(UV_EXPORT) --no-default-groups --output-file requirements.txt
	$(UV_EXPORT) --output-file requirements-dev.txt
	$(UV_EXPORT) --only-group load --output-file benchmarks/load/requirements.txt

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

locale/zh_Hans/LC_MESSAGES/django.mo: locale/zh_Hans/LC_MESSAGES/django.po | $(VENV)/.installed
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

setup: check-python $(VENV)/.installed node_modules/.package-lock.json locale/zh_Hans/LC_MESSAGES/django.mo
	@mkdir -p var

run: setup
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py sync_schedules -v0
	$(PY) manage.py seed_demo --enterprises $(DEMO_ENTERPRISES) --seed $(DEMO_SEED)
	@# The night's work once, as beat (not running here) would: stored verdicts for the plans' pipeline, then alerts.
	$(PY) manage.py reevaluate --quiet
	$(PY) manage.py raise_alerts
	@echo "Serving the portal at http://127.0.0.1:$(PORT)/ (database: $${DATABASE_URL:-SQLite under var/}; broker: $${REDIS_URL:-none, Celery eager})"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The suite runs in parallel, one test process per core (pytest-xdist), each on its own test database
# (test_<name>_gw0, _gw1, ...). TEST_WORKERS=0 runs it in this one process (a debugger, pdb, -s output).
# The 25 slowest tests are listed at the end: where the suite's time goes.
TEST_WORKERS ?= auto

test: setup
	@echo "make test: database $${DATABASE_URL:-SQLite (in memory)}; broker $${REDIS_URL:-none (Celery eager)}"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=portal.settings.test $(BIN)/pytest -n $(TEST_WORKERS) --durations=25 $(PYTEST_ARGS)

# Load test: needs DATABASE_URL (PostgreSQL seeded with seed_demo --enterprises 100000) and REDIS_URL.
loadtest: setup
	benchmarks/load/run.sh

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the catalogue after adding strings; then translate the new entries in django.po.
messages: setup
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=var

worker: setup
	$(BIN)/celery -A portal worker --loglevel=INFO --concurrency=2

beat: setup
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py sync_schedules
	$(BIN)/celery -A portal beat --loglevel=INFO

clean:
	rm -rf $(VENV) node_modules staticfiles var/db.sqlite3
