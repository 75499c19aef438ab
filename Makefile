# Two entry points a new user needs; each creates .venv and installs what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= conflictlens-demo.db

.PHONY: demo test

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Ingest the bundled sample articles into the embedded database and show the events.
demo: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/conflictlens ingest conflictlens/samples --db $(DB)
	$(BIN)/conflictlens events --db $(DB)
	$(BIN)/conflictlens stories --db $(DB)
	$(BIN)/conflictlens stats --db $(DB)

# The whole test suite (includes the quality gates on the seed gold and the ACLED dev set).
test: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/python -m pytest -q
