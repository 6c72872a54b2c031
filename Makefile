# Backbay Imperium asset pipeline — make targets (each sets up what it needs).
#   make assets   full build of assets.yaml on the procedural backend, then the gates
#   make test     the fast test suite (small test catalog)
#   make gates    the five quality gates (reports in out/review/gates/), then the gallery
#   make godot-check  build the export and load it in Godot 3 (headless)
#   make test-slow  the slow tests (full catalog builds)
#   make stale    stale outputs with reasons
#   make bench    benchmarks (figures go to bench/README.md by hand)

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DOIT := $(VENV)/bin/doit
JOBS ?= 2

.PHONY: assets test test-slow stale bench clean setup gates godot-check

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
	$(MAKE) --no-print-directory gates

# --continue: every gate writes its report even after one fails; the gallery then shows them
gates: setup
	$(DOIT) --continue gate_materials gate_meshes gate_portraits gate_sprites gate_export; \
	status=$$?; $(DOIT) gallery > /dev/null; exit $$status

godot-check: setup
	$(DOIT) -n $(JOBS) godot
	$(PY) -m pipeline.godot_check

test: setup
	$(PY) -m pytest -q -n $(JOBS)

test-slow: setup
	$(PY) -m pytest -q -m slow

stale: $(VENV)/.installed
	$(PY) -m pipeline.stale

bench: setup
	$(PY) bench/run.py
	$(PY) bench/sprites.py
	$(PY) bench/atlas.py

clean:
	rm -rf out .build
