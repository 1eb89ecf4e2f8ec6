# explainer: the two commands a newcomer needs are `make site` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test lint clean

$(BIN)/explainer: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

site: $(BIN)/explainer   ## create .venv if needed, install, build the site into site/
	$(BIN)/explainer build

serve: $(BIN)/explainer  ## live preview on http://127.0.0.1:8000
	$(BIN)/explainer serve

test: $(BIN)/explainer   ## the whole test suite (what CI runs)
	$(BIN)/ruff check scripts tests
	$(BIN)/mypy
	$(BIN)/pytest

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
