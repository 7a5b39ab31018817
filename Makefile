# Two commands on a fresh machine: `make serve` and `make test`. Each builds .venv when it is missing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: serve test bench clean schemas docs docs-serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-serve: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-serve

serve: $(VENV)/.installed-serve
	$(BIN)/invoiced-mock serve --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy invoiced_mock conftest_plugin
	$(BIN)/python -m pytest -q -n 2

# The documentation site, into site/ (warnings are errors; tests/docs/ builds it too, so make test fails on them).
# NO_MKDOCS_2_WARNING: Material prints a banner about MkDocs 2.0 on every build otherwise.
docs: $(VENV)/.installed-test
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

docs-serve: $(VENV)/.installed-test
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --strict --dev-addr $(HOST):8000

# Regenerate schemas/ (JSON Schemas + openapi.json) from the resource declarations.
schemas: $(VENV)/.installed-serve
	$(BIN)/invoiced-mock schemas invoiced_mock/schemas

bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build dist site *.egg-info .pytest_cache .hypothesis
