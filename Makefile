# babelpress developer tasks. `make test` is the one command CI runs (.ci/run).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BABELPRESS := $(VENV)/bin/babelpress

.PHONY: setup test typecheck run models bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,ray]'
	touch $@

setup: $(VENV)/.installed

## Run the whole test suite offline (uses the committed synthetic test models).
test: setup
	$(PY) -m pytest -q

## mypy --strict over the library and the CLI (needs the dev extras).
typecheck: setup
	$(PY) -m pip install --quiet -e '.[test,ray,dev]'
	$(PY) -m mypy

## Install the real German→English and English→Spanish models (needs internet once).
models: setup
	$(BABELPRESS) models list | grep -q ' de-en ' || $(BABELPRESS) models install de en
	$(BABELPRESS) models list | grep -q ' en-es ' || $(BABELPRESS) models install en es

## The main job: set up, fetch the models, publish the seed articles into output/ (see babelpress.yaml).
run: models
	$(BABELPRESS) publish

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
