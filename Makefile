# The two commands a fresh machine needs: `make demo` and `make test`. Each installs what it needs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LAYER := .build/layer
# The CDK command line, pinned in package.json: `npx cdk ...` runs this copy, offline once installed.
CDK_CLI := node_modules/.installed
# The DPO's console (console/), built by esbuild from package.json's packages into console/dist/.
CONSOLE := console/dist/.built
CONSOLE_SOURCES := $(wildcard console/build.mjs console/src/*.* console/src/pages/*.js)
# The browser the console's tests drive through Playwright: Debian's chromium (Playwright's own
# download is not reachable everywhere this runs).
CHROMIUM ?= $(shell command -v chromium 2>/dev/null || echo /usr/bin/chromium)

export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
export CDK_DISABLE_CLI_TELEMETRY := true
export PYTHONDONTWRITEBYTECODE := 1

# The unit tests: what carries none of the markers tests/conftest.py gives by directory (pyproject.toml).
FAST_TESTS := not slow and not integration and not e2e

.PHONY: help install console browser screenshots test test-fast lint format synth deploy demo serve bench fuzz openapi clean

help:
	@echo "make demo       run the upload pipeline locally (moto, no AWS, no Docker) and print what it did"
	@echo "make serve      keep the local stack running, ingest uploads, and serve the DPO's console (its URL is printed)"
	@echo "make console    build the DPO's console into console/dist/"
	@echo "make screenshots run the console's browser tests and save each page to docs/console/"
	@echo "make test       install (if needed), lint, and run the whole test suite"
	@echo "make test-fast  the unit tests only (no synth, no moto, no local stack), in seconds"
	@echo "make bench      AWS calls per operation and handler import time, measured under moto"
	@echo "make fuzz       fuzz the local DPO API from docs/openapi.json (FUZZ_EXAMPLES per operation, default 60)"
	@echo "make openapi    regenerate docs/openapi.json from the DPO API's code"
	@echo "make synth      write cdk.out/CallRecordings.template.json (offline, no credentials)"
	@echo "make deploy     npx cdk deploy (needs AWS credentials); CDK_ARGS=\"-c account=... -c ...\" (README)"

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

$(LAYER)/.built: pyproject.toml $(VENV)/.installed
	rm -rf $(LAYER)
	$(PY) -m infra.dependencies_layer $(LAYER)
	touch $@

$(CDK_CLI): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CONSOLE): $(CDK_CLI) $(CONSOLE_SOURCES)
	node console/build.mjs
	touch $@

console: $(CONSOLE)

# Debian's chromium where it is missing: installed when this runs as root with apt, otherwise said.
browser:
	@if [ -x "$(CHROMIUM)" ]; then \
		echo "chromium: $(CHROMIUM)"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		echo "The console's browser tests need Chromium at $(CHROMIUM): install Debian's 'chromium' package" >&2; \
		echo "(sudo apt-get install chromium), or give another with CHROMIUM=/path/to/chromium." >&2; \
		exit 1; \
	fi

install: $(VENV)/.installed $(LAYER)/.built $(CDK_CLI) $(CONSOLE)

# The console's pages as the DPO guide shows them: the browser tests, saving each page they check.
screenshots: install browser
	CHROMIUM=$(CHROMIUM) CONSOLE_SCREENSHOTS=docs/console $(PY) -m pytest -p no:cacheprovider tests/e2e/console

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.installed
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: install browser lint
	CHROMIUM=$(CHROMIUM) $(PY) -m pytest

test-fast: $(VENV)/.installed
	$(PY) -m pytest -m "$(FAST_TESTS)"

synth: install
	$(PY) app.py

demo: install synth
	$(PY) -m infra.local.demo

serve: install synth
	$(PY) -m infra.local.serve

openapi: $(VENV)/.installed
	$(PY) -m call_recordings.dpo_api.openapi

bench: install synth
	$(PY) -m bench

# `make test` runs the same fuzzing with a few examples per operation; this runs many more.
FUZZ_EXAMPLES ?= 60
fuzz: install
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -p no:cacheprovider tests/fuzz

deploy: install
	npx cdk deploy --no-notices --require-approval broadening $(CDK_ARGS)

clean:
	rm -rf cdk.out .build .local .pytest_cache .ruff_cache console/dist
