# Zongwu — `make run` starts the app with demo data, `make test` runs the whole suite.
# Nothing but Python 3.11+ is needed; DATABASE_URL / REDIS_URL switch to PostgreSQL / Redis.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements-dev.lock | cut -d' ' -f1)

.PHONY: install run test lint bench backup messages clean

$(STAMP): requirements-dev.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements-dev.lock
	@rm -f $(VENV)/.installed-*; touch $@

install: $(STAMP)

run: install
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py seed_demo
	@echo "Zongwu: http://127.0.0.1:8000  (logins in README.md; Ctrl-C stops web, worker and beat)"
	DEBUG=$${DEBUG:-true} PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -f Procfile.dev start

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy config core assets repairs safety canteen finance planning
	DJANGO_SETTINGS_MODULE=config.settings_test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings_test $(BIN)/python manage.py check

test: lint
	$(BIN)/python -m pytest

bench: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/zongwu} $(BIN)/python -m tests.bench $(ARGS)

backup: install
	$(BIN)/python manage.py backup $(ARGS)

messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var
