# The project's commands. `make demo` and `make test` are the two the README promises.
PYTHON ?= python3

.PHONY: install demo test lint pytest dist

install:  ## Python package with test tools (editable) and the JavaScript lint tools
	$(PYTHON) -m pip install --quiet -e '.[test]'
	npm ci --no-audit --no-fund --loglevel=error

demo: install  ## sample data in a temporary folder, then the summary page
	$(PYTHON) -m metanet demo

lint:  ## ruff (lint + format), mypy, eslint, web-ext lint on the Firefox build
	$(PYTHON) -m ruff check companion tests scripts bench
	$(PYTHON) -m ruff format --check companion tests scripts bench
	$(PYTHON) -m mypy
	npx --no-install eslint extension
	$(PYTHON) scripts/build_extension.py --out dist
	npx --no-install web-ext lint --source-dir dist/firefox --warnings-as-errors

dist:  ## dist/metanet-chromium.zip and dist/metanet-firefox.zip from the one extension/ tree
	$(PYTHON) scripts/build_extension.py --out dist

pytest:
	$(PYTHON) -m pytest

test: lint pytest  ## everything CI runs, browser tests included
