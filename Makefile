# Ruche: the project's verbs. `make run` and `make test` do all the set-up themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

.PHONY: install install-dev run test lint typecheck assets messages bench-pads clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

run: install
	RUCHE_DEBUG=$${RUCHE_DEBUG:-1} $(BIN)/ruche migrate --no-input
	RUCHE_DEBUG=$${RUCHE_DEBUG:-1} $(BIN)/ruche demo
	RUCHE_DEBUG=$${RUCHE_DEBUG:-1} $(BIN)/ruche serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy ruche

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
