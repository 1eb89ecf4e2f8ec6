# explainer: the two commands a newcomer needs are `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve export test bench model eval lint clean

$(BIN)/explainer: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,properdocs]'
	@touch $@

# citeproc-js, the CSL processor that formats every citation, runs under Node.js.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# Test-only: Zotero's translation framework and Embedded Metadata translator, vendored and
# pinned in tests/zotero/ (README.md there), with the npm packages it runs on.
ZOTERO := tests/zotero
$(ZOTERO)/node_modules/.package-lock.json: $(ZOTERO)/package.json $(ZOTERO)/package-lock.json
	cd $(ZOTERO) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

site: $(BIN)/explainer node_modules/.package-lock.json   ## create .venv if needed, install, build the site into site/
	$(BIN)/explainer build

export: $(BIN)/explainer node_modules/.package-lock.json   ## offline zip, single HTML, PDF and EPUB in dist/
	$(BIN)/explainer export

serve: $(BIN)/explainer node_modules/.package-lock.json  ## live preview on http://127.0.0.1:8000
	$(BIN)/explainer serve

test: $(BIN)/explainer node_modules/.package-lock.json $(ZOTERO)/node_modules/.package-lock.json   ## the whole test suite (what CI runs)
	$(BIN)/ruff check scripts tests
	$(BIN)/mypy
	$(BIN)/pytest

bench: $(BIN)/explainer node_modules/.package-lock.json   ## build 10/100/200/1000-article sites; writes benchmarks/RESULTS.md
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(BIN)/python benchmarks/bench.py

model: $(BIN)/explainer   ## retrain the argument ranker from the annotated corpora (needs ../shared)
	$(BIN)/python -m explainer.argument_train

eval: $(BIN)/explainer   ## leave-one-corpus-out scores of the summarizer, into data/eval.json
	$(BIN)/explainer eval --write data/eval.json

clean:
	rm -rf site dist node_modules $(ZOTERO)/node_modules .pytest_cache .mypy_cache .ruff_cache
