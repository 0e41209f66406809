# Quickstart targets: `make demo` and `make test` work on a fresh clone with Python 3.11+ and pip.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLUGINS := $(sort $(dir $(wildcard plugins/*/pyproject.toml)))
STAMP := $(VENV)/.installed

.PHONY: demo test install clean-venv browser lint

# The review report's tests drive Debian's chromium. Installed here when missing (machines and CI
# run as root); if it cannot be installed the browser tests fail in CI (CI=true) and skip elsewhere.
CHROMIUM := /usr/bin/chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml $(wildcard plugins/*/pyproject.toml)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,parquet,dask]" $(foreach p,$(PLUGINS),-e ./$(p))
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@echo "== the chain"
	$(BIN)/cleankit chain
	@echo "== cleaning samples/ into out/"
	$(BIN)/cleankit clean samples/ -o out/ --overwrite
	@echo "== what was removed, and the metadata found"
	$(BIN)/cleankit explain samples/

browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium) \
	      || echo "make: could not install chromium; the browser tests will not run"; \
	  else echo "make: $(CHROMIUM) is missing and this is not root: apt-get install chromium"; fi; \
	fi

test: $(STAMP) browser
	$(BIN)/python -m pytest -q

clean-venv:
	rm -rf $(VENV)

# ruff (pyflakes, pycodestyle errors, C901 at 15: see pyproject.toml) and mypy --strict on src/
lint: $(STAMP)
	$(BIN)/ruff check src/
	$(BIN)/mypy --strict src/cleankit
