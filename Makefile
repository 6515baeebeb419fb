# Ruche: the project's verbs. `make run` and `make test` do all the set-up themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Local runs default to debug mode so plain http works; production leaves RUCHE_DEBUG unset.
RUN_ENV := RUCHE_DEBUG=$${RUCHE_DEBUG:-1}
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: install run test lint typecheck clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Ruche needs Python 3.11 or newer ($(PYTHON) is older)." >&2; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Cannot create $(VENV): on Debian/Ubuntu, apt-get install python3-venv" >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstalled whenever pyproject.toml changes (the stamp carries its hash).
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(RUN_ENV) $(BIN)/ruche migrate --no-input
	$(RUN_ENV) $(BIN)/ruche demo
	$(RUN_ENV) $(BIN)/ruche serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy ruche

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# Translation catalogs: one per app (ruche/<app>/locale) plus the project's (ruche/locale:
# templates, settings, core). `make messages LANG=it` adds a language; plain `make messages`
# refreshes every language already present. Then compiles them all. See docs/translating.md.
MSG_LANGS := $(if $(filter command line,$(origin LANG)),$(LANG),$(notdir $(wildcard ruche/locale/*)))
MSG_APPS := $(filter-out core,$(notdir $(patsubst %/apps.py,%,$(wildcard ruche/*/apps.py))))
DJANGO_ADMIN := $(abspath $(BIN))/django-admin
.PHONY: messages
messages: install
	@for app in $(MSG_APPS); do mkdir -p ruche/$$app/locale; \
		(cd ruche/$$app && $(DJANGO_ADMIN) makemessages $(foreach l,$(MSG_LANGS),-l $(l)) \
			--no-obsolete --ignore=static) || exit 1; done
	cd ruche && $(DJANGO_ADMIN) makemessages $(foreach l,$(MSG_LANGS),-l $(l)) --no-obsolete \
		--ignore=static $(foreach app,$(MSG_APPS),--ignore=$(app))
	cd ruche && $(DJANGO_ADMIN) compilemessages --ignore=static

# The pad editor bundle (frontend/ -> ruche/static/ruche/dist/, committed so Ruche needs no Node).
.PHONY: assets
assets:
	npm ci && npm run build
	node frontend/tables/build.mjs

# The pads benchmark (bench/README.md): Ruche beside Hocuspocus and the y-websocket server.
# Not a test. Options: TRACE=path SERVERS=ruche,hocuspocus SCENARIOS=trace,authors,memory QUICK=1 PG=1 WINDOW=100
BENCH_PADS := bench/pads
.PHONY: bench-pads
bench-pads: install $(BENCH_PADS)/node_modules/.installed
	TRACE="$(TRACE)" SERVERS="$(SERVERS)" SCENARIOS="$(SCENARIOS)" QUICK="$(QUICK)" PG="$(PG)" WINDOW="$(WINDOW)" \
		$(BIN)/python $(BENCH_PADS)/run.py

# npm 11 runs better-sqlite3's build only once approved (package.json allowScripts); it
# compiles from source here, so it is rebuilt only when its binary is missing.
$(BENCH_PADS)/node_modules/.installed: $(BENCH_PADS)/package-lock.json
	cd $(BENCH_PADS) && npm ci --no-audit --no-fund
	cd $(BENCH_PADS) && test -f node_modules/better-sqlite3/build/Release/better_sqlite3.node \
		|| npm rebuild better-sqlite3
	touch $@

# The tables benchmark (docs/benchmarks.md): import a 50,000-row CSV; open and scroll a
# 10,000 x 12 table in Chromium. Not a test.
.PHONY: bench-tables
bench-tables: install
	$(BIN)/python bench/tables/run.py

# The library benchmark (docs/benchmarks.md): import 10,000 BibTeX entries, search p50/p95
# over 50,000 items with filters, format a 1,000-item bibliography. Not a test. Options: PG=1
.PHONY: bench-library
bench-library: install
	$(BIN)/python bench/library/run.py $(if $(PG),--pg,)
