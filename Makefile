# Everyday commands. `make run` and `make test` set everything up on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# The install stamp is keyed on pyproject.toml's content: a dependency change reinstalls, nothing else does.
STAMP := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-16)

.PHONY: install browser run chat test lint bench-ingest bench-api

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first, pinned to the local CPU build: otherwise pip resolves a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

# The web page tests drive Debian's chromium through its chromedriver (a browser download by
# Playwright or Selenium Manager does not work offline). Skipped when both are already there.
browser:
	@if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then :; else \
	  SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q chromium chromium-driver; fi

# Ingest is incremental (a no-change run takes well under a second); exit 1 means some file
# failed but the rest was ingested, so the document list is still shown.
# `make run` serves the web page and the API on 127.0.0.1 (the URL is printed); `make chat` is the terminal.
run: install
	$(BIN)/assistant ingest || [ $$? -eq 1 ]
	$(BIN)/assistant documents
	$(BIN)/assistant serve

chat: install
	$(BIN)/assistant ingest || [ $$? -eq 1 ]
	$(BIN)/assistant chat

bench-api: install
	$(BIN)/python scripts/bench_api.py

# The engine and search tests run against the real corpus index, so the suite ingests it first.
test: install browser
	$(BIN)/assistant ingest || [ $$? -eq 1 ]
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench-ingest: install
	$(BIN)/python scripts/bench_ingest.py
