# Two entry points, each doing its own set-up on a fresh machine (Python 3.11 + package registries).
#   make run   set up, then run the main job (webcam if attached, else the bundled demo)
#   make test  set up (as root also the Xvfb/xdotool/chromium the GUI and report tests drive),
#              then run ruff, mypy and the whole test suite

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test setup setup-dev lint bench fixtures clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev

run: setup
	$(BIN)/postrun start

# mypy cannot follow setuptools' package-dir mapping (vision/ -> postrun.vision), so it checks
# a throwaway tree of symlinks laid out the way the package is installed.
TYPECHECK := build/typecheck

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	rm -rf $(TYPECHECK) && mkdir -p $(TYPECHECK)
	cp -rs $(CURDIR)/postrun $(CURDIR)/bench $(TYPECHECK)/
	for d in vision models routines; do cp -rs $(CURDIR)/$$d $(TYPECHECK)/postrun/$$d; done
	cd $(TYPECHECK) && $(CURDIR)/$(BIN)/mypy --config-file $(CURDIR)/pyproject.toml -p postrun -p bench

test: lint
	scripts/install-test-tools
	$(BIN)/pytest

bench: setup
	$(BIN)/python bench/speed.py

# The committed test clips and the demo, rendered again (needs the render extra:
# docs/rendering.md); a few minutes on 2 cores.
fixtures: setup
	$(BIN)/python -m postrun.synth.fixtures

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache
