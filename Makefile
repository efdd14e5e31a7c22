# Two commands for a fresh machine: `make serve` and `make test` (see README.md).
PYTHON   ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
PORT     ?= 8000
# Root installs system packages itself; anyone else (a hosted CI runner) goes through sudo.
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT      := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve check site test bundle clean

$(BIN)/mkdocs: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	touch $@

$(VENV)/.test-deps: requirements-test.lock $(BIN)/mkdocs
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.lock
	touch $@

# System packages the tests drive: Debian's Chromium (Playwright cannot download browsers here)
# and a Java runtime for the W3C HTML validator.
$(VENV)/.system-deps:
	@missing=""; \
	  [ -x $(CHROMIUM) ] || missing="$$missing chromium"; \
	  command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	  if [ -n "$$missing" ]; then \
	    $(APT) update -qq && $(APT) install -y -qq --no-install-recommends $$missing >/dev/null; \
	  fi
	@mkdir -p $(VENV) && touch $@

serve: $(BIN)/mkdocs
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

# The editor's gate: the strict build, with the fidelity check and every diagnostic.
check: $(BIN)/mkdocs
	$(BIN)/mkdocs build --strict --site-dir build/check

bundle: $(BIN)/mkdocs
	rm -rf build/offline
	$(BIN)/mkdocs build --strict --config-file mkdocs-offline.yml --site-dir build/offline
	$(BIN)/python -m hooks.edition.bundle --site build/offline --out dist

site: bundle
	EDITION_DOWNLOADS=dist $(BIN)/mkdocs build --strict --site-dir site

test: $(VENV)/.test-deps $(VENV)/.system-deps
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

clean:
	rm -rf site dist build .cache $(VENV)
