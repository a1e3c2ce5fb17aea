# Pavilion's front door. `make run` serves the demo; `make test` runs every check CI runs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PAVILION := $(BIN)/pavilion
# Local development runs in debug mode; production sets PAVILION_DEBUG=0 and a real secret.
DEV_ENV := PAVILION_DEBUG=$${PAVILION_DEBUG:-1}

.PHONY: install frontend messages run test lint typecheck pytest jstest clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet uv==0.13.8

# Reinstall when the lock file changes.
$(VENV)/.installed: uv.lock pyproject.toml | $(BIN)/uv
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync --frozen --quiet
	touch $@

install: $(VENV)/.installed

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend: frontend/node_modules/.package-lock.json
	cd frontend && npm run build

# Compile the translation catalogues; a broken .po file fails here.
messages: install
	cd src/pavilion && $(DEV_ENV) ../../$(PAVILION) compilemessages --ignore=.venv -v 0

run: install frontend messages
	$(DEV_ENV) $(PAVILION) migrate --no-input
	$(DEV_ENV) $(PAVILION) demo
	$(DEV_ENV) $(PAVILION) serve --port $${PAVILION_PORT:-8000}

lint: install frontend/node_modules/.package-lock.json
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd frontend && npm run --silent lint

# The browser code's unit tests (Node's built-in runner): reducers, time formatting, the live client.
jstest: frontend/node_modules/.package-lock.json
	cd frontend && npm test --silent

typecheck: install
	$(BIN)/mypy

# Coverage is measured and its figure printed (the TOTAL line); it is not a threshold that fails.
# The 25 slowest tests are listed too: CI runs the suite twice within its time limit.
pytest: install frontend messages
	$(BIN)/pytest --cov=pavilion --cov-report=term:skip-covered --durations=25

test: lint typecheck jstest pytest

clean:
	rm -rf $(VENV) frontend/node_modules src/pavilion/static/build var .mypy_cache .ruff_cache .pytest_cache
