# make demo: set up, build the graph, print the chronology.   make test: set up and run the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup system-deps demo test bench clean

setup: $(STAMP) system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

system-deps:
	@bash scripts/system-deps.sh

demo: setup
	$(BIN)/csto-kg build
	$(BIN)/csto-kg query timeline

test: setup
	$(BIN)/python -m pytest -q

clean:
	rm -rf build
