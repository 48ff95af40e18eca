# The project's commands. `make demo` and `make test` are the two the README promises.
PYTHON ?= python3

.PHONY: install demo test lint pytest

install:  ## Python package with test tools (editable) and the JavaScript lint tools
	$(PYTHON) -m pip install --quiet -e '.[test]'
	npm ci --no-audit --no-fund --loglevel=error

demo: install  ## sample data in a temporary folder, then the summary page
	$(PYTHON) -m metanet demo

lint:  ## ruff (lint + format), mypy, eslint
	$(PYTHON) -m ruff check companion tests
	$(PYTHON) -m ruff format --check companion tests
	$(PYTHON) -m mypy
	npx --no-install eslint extension

pytest:
	$(PYTHON) -m pytest

test: lint pytest  ## everything CI runs, browser tests included
