# Backbay Imperium asset pipeline — make targets (each sets up what it needs).
#   make assets   full build of assets.yaml on the procedural backend
#   make test     the fast test suite (small test catalog)
#   make test-slow  the slow tests (full catalog builds)
#   make stale    stale outputs with reasons
#   make bench    benchmarks (figures go to bench/README.md by hand)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DOIT := $(VENV)/bin/doit
JOBS ?= 2

.PHONY: assets test test-slow stale bench clean setup

.build/system-deps: tools/system_deps.sh
	bash tools/system_deps.sh
	mkdir -p .build && touch $@

$(VENV)/.installed: pyproject.toml .build/system-deps
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

node_modules/.installed: package.json .build/system-deps
	npm install --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.installed

assets: setup
	$(DOIT) -n $(JOBS)

test: setup
	$(PY) -m pytest -q -n $(JOBS)

test-slow: setup
	$(PY) -m pytest -q -m slow

stale: $(VENV)/.installed
	$(PY) -m pipeline.stale

bench: setup
	$(PY) bench/run.py
	$(PY) bench/sprites.py

clean:
	rm -rf out .build
