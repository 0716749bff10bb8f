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

# make bench: the figures in docs/benchmarks.md (about 25 minutes: pySHACL alone needs 7 at 10^5 triples)
bench: setup
	$(BIN)/csto-kg build -q
	$(BIN)/python bench/store_bench.py 1e4 1e5 1e6
	$(BIN)/python bench/validate_bench.py 1e5
	$(BIN)/python bench/shacl_earl.py
	$(BIN)/python bench/serve_bench.py
	$(BIN)/python bench/build_bench.py

clean:
	rm -rf build
