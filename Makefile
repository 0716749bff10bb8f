# make demo: set up, build the graph, print the chronology.   make test: set up, lint and run the tests.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
TESTING := $(VENV)/.installed-test

.PHONY: setup setup-demo demo test lint bench pipeline-truth clean

# the main job needs the package and Java, Graphviz, Cairo and a font; the tests also a browser and Virtuoso
setup-demo: $(RUNTIME)
	@bash scripts/system-deps.sh demo

setup: $(TESTING)
	@bash scripts/system-deps.sh test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TESTING): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(RUNTIME)

demo: setup-demo
	$(BIN)/csto-kg build
	$(BIN)/csto-kg query timeline

lint: $(TESTING)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup lint
	$(BIN)/python -m pytest -q

# make pipeline-truth: csto-kg pipeline over 10^4 generated articles finds every planted fact, disagreement, error
# and violation, nothing wrong (about 5 minutes on 2 cores: too long for the suite, run by CI after it); at the
# corpus's own bar (bench/corpus.py says why)
pipeline-truth: setup
	$(BIN)/python bench/pipeline_bench.py --articles 1e4 --articles-per-shard 125 --paths 'local[2]' --check

# make bench: the figures in docs/benchmarks.md (about 30 minutes: pySHACL alone needs 2 at 10^5 triples)
bench: setup
	@bash scripts/system-deps.sh bench
	$(BIN)/csto-kg build -q
	$(BIN)/python bench/store_bench.py 1e4 1e5 1e6
	$(BIN)/python bench/validate_bench.py 1e5
	$(BIN)/python bench/shacl_earl.py
	$(BIN)/python bench/serve_bench.py
	$(BIN)/python bench/build_bench.py
	$(BIN)/python bench/ingest_bench.py --articles 200
	$(BIN)/python bench/review_bench.py --second-batch
	$(BIN)/python bench/probe_bench.py
	$(BIN)/python bench/accept_bench.py

clean:
	rm -rf build
