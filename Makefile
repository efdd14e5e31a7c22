# Two commands for a fresh machine: `make serve` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site test bundle clean

$(BIN)/mkdocs: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

$(VENV)/.test-deps: requirements-test.lock $(BIN)/mkdocs
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.lock
	touch $@

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

serve: $(BIN)/mkdocs
	$(BIN)/mkdocs serve

bundle: $(BIN)/mkdocs
	rm -rf build/offline
	$(BIN)/mkdocs build --strict --config-file mkdocs-offline.yml --site-dir build/offline
	$(BIN)/python -m hooks.edition.bundle --site build/offline --out dist

site: bundle
	EDITION_DOWNLOADS=dist $(BIN)/mkdocs build --strict --site-dir site

test: $(VENV)/.test-deps $(CHROMIUM)
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

clean:
	rm -rf site dist build .cache $(VENV)
