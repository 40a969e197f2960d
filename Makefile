# Kobling. `make run` and `make test` make .venv themselves on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
# Links in the printed logins and in e-mails point at the port the server really uses.
SITE_URL ?= http://127.0.0.1:$(PORT)
DEV_ENV := DEBUG=1 SITE_URL=$(SITE_URL)

.PHONY: run test test-fast bench bench-quick lint format messages clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

run: $(STAMP)
	$(DEV_ENV) $(BIN)/kobling migrate --noinput
	$(DEV_ENV) $(BIN)/kobling demo
	$(DEV_ENV) $(BIN)/kobling requeue_mail
	$(DEV_ENV) $(BIN)/kobling requeue_webhooks
	@echo "Starting the task worker and the web server on http://127.0.0.1:$(PORT) (Ctrl-C stops both)"
	@$(DEV_ENV) $(BIN)/kobling db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(BIN)/kobling runserver 127.0.0.1:$(PORT) --noreload

test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py

bench-quick: $(STAMP)
	$(BIN)/python bench/run.py --quick

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	PYTHONPATH=scripts $(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

messages: $(STAMP)
	$(DEV_ENV) $(BIN)/python scripts/i18n.py

clean:
	rm -rf $(VENV) staticfiles kobling.sqlite3*
