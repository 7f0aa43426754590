# Two entry points for a newcomer: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test lint docs bench screenshots messages

$(BIN)/accountledger: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/accountledger
	$(BIN)/accountledger demo --fresh

lint: $(BIN)/accountledger
	$(BIN)/ruff check src tests bench examples
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest

docs: $(BIN)/accountledger
	$(BIN)/python -m accountledger.adapters.docgen

bench: $(BIN)/accountledger
	$(BIN)/python bench/commands.py

# The console's pictures in docs/console/ (needs Chromium: apt-get install chromium).
# The console's message catalogues (babel.cfg): extract the strings, then merge them into
# each language's .po; translate what is new in zh_Hans (tests/adapters/test_console_catalogues.py).
LOCALE = src/adapters/http/locale
messages: $(BIN)/accountledger
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output \
		--no-wrap -o $(LOCALE)/messages.pot .
	$(BIN)/pybabel update -i $(LOCALE)/messages.pot -d $(LOCALE) -D messages \
		--no-wrap --ignore-obsolete --no-fuzzy-matching

screenshots: $(BIN)/accountledger
	$(BIN)/python -m tests.browser.screenshots
