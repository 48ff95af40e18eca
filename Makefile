# The project's commands. `make demo` and `make test` are the two the README promises.
#
# Everything Python runs inside .venv in this checkout, created with the first `python3`
# on the PATH (or PYTHON=…): distributions mark their own Python "externally managed"
# (PEP 668) and refuse `pip install` into it, so we never install there.
PYTHON ?= python3
PORT ?= 8765
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: demo test lint pytest dist install bench-quick clean-venv messages expectations

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null || { \
	  echo "Metanet needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo missing)." \
	       "Install a newer python3, or run: make … PYTHON=/path/to/python3.11" >&2; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { \
	  echo "'$(PYTHON)' cannot create a virtual environment (no venv/ensurepip module)." \
	       "On Debian or Ubuntu: sudo apt-get install python3-venv" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# The demo needs the package only: no test tools, no Node.js.
$(VENV)/.demo: $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.test: $(VENV)/.demo
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

node_modules/.installed: package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "make test needs Node.js and npm for the JavaScript lint tools." \
	       "On Debian or Ubuntu: sudo apt-get install nodejs npm (or see https://nodejs.org)" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.test node_modules/.installed  ## test tools (Python and JavaScript)

demo: $(VENV)/.demo  ## sample data in a temporary folder, then the summary page
	$(PY) -m metanet demo --port $(PORT)

lint: install  ## ruff (lint + format), mypy, eslint, web-ext lint on the Firefox build
	$(PY) -m ruff check companion tests scripts bench
	$(PY) -m ruff format --check companion tests scripts bench
	$(PY) -m mypy
	npx --no-install eslint extension
	$(PY) scripts/build_extension.py --out dist
	npx --no-install web-ext lint --source-dir dist/firefox --warnings-as-errors

dist: $(VENV)/.demo  ## dist/metanet-chromium.zip and dist/metanet-firefox.zip from the one extension/ tree
	$(PY) scripts/build_extension.py --out dist

messages: $(VENV)/.demo  ## extract messages (Python, templates) and update the de/en catalogs
	$(PY) scripts/messages.py

pytest: install
	$(PY) -m pytest

test: lint pytest  ## everything CI runs, browser tests included

# Under a minute on a generated network of ~48,000 people; fails when lookup, paths or
# capture gets 3x slower against a baseline timed in the same run (bench/quick.py).
bench-quick: $(VENV)/.demo  ## the answers' speed guard (CI runs it after make test)
	$(PY) bench/quick.py

expectations: $(VENV)/.test  ## rewrite tests/expected/ from the real pages and show the diff for review
	$(PY) -m tests.real_pages

clean-venv:
	rm -rf $(VENV) node_modules/.installed
