# KotaLive: `make run` and `make test` do everything on a fresh machine.
SHELL := /bin/bash
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1
PYTHON_BIN := $(shell pyenv which python3.13 2>/dev/null || command -v python3.13 || command -v python3)
UV := .tools/bin/uv
VENV := .venv/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/kotalive
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: install run serve migrate seed lint test test-quick test-sqlite test-postgres test-browser bench bench-web messages clean prod prod-check

$(UV):
	$(PYTHON_BIN) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.9

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON_BIN)
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/.built: node_modules/.installed scripts/build_static.sh
	bash scripts/build_static.sh
	touch $@

install: .venv/.synced build/static/.built

migrate: install
	$(VENV)/kotalive migrate --no-input -v 0

seed: migrate messages
	$(VENV)/kotalive seed

messages: install
	$(VENV)/kotalive compilemessages -v 0 --ignore='.venv*' --ignore=.tools --ignore=node_modules --ignore=build --ignore=var

run: seed messages
	@echo "KotaLive on http://$(HOST):$(PORT)/"
	PORT=$(PORT) $(VENV)/kotalive runserver $(HOST):$(PORT)

lint: install
	$(VENV)/ruff check src tests scripts deploy bench
	$(VENV)/ruff format --check src tests scripts deploy bench
	$(VENV)/mypy src tests scripts deploy bench
	$(VENV)/lint-imports

test-sqlite: install messages
	$(VENV)/pytest -p no:cacheprovider -n 2 --dist loadgroup

test-postgres: install messages
	DATABASE_URL=$(PG_URL) REDIS_URL=$(TEST_REDIS_URL) $(VENV)/pytest -p no:cacheprovider -n 2 --dist loadgroup -m "not browser"

# A developer's inner loop: SQLite, without the slow tests (tests/conftest.py SLOW_PATHS).
test-quick: install messages
	$(VENV)/pytest -p no:cacheprovider -n 2 --dist loadgroup -m "not slow"

test-browser: install messages
	$(VENV)/pytest -p no:cacheprovider -m browser tests/browser

test: lint test-sqlite test-postgres

# Production profile on 127.0.0.1 (docs/operations.md): nginx, two app servers, events, Celery.
# PORT only when given (make prod PORT=9000): the 8000 default above belongs to `make run`.
PROD_PORT = $(if $(filter command line environment,$(origin PORT)),$(PORT),8080)
prod: install messages
	@bash scripts/need_packages.sh nginx=nginx
	$(VENV)/python scripts/prod.py --port $(PROD_PORT)

prod-check: install messages
	@bash scripts/need_packages.sh nginx=nginx
	$(VENV)/python scripts/prod.py --check --port $(PROD_PORT)

# wrk is the load generator (C: it leaves the 2 cores to the server); installed here as root.
bench: install messages
	@bash scripts/need_packages.sh wrk=wrk nginx=nginx
	$(VENV)/python bench/run.py

# Lighthouse (bench/web: its own npm project, so `make run` never installs it) on the production
# profile; results in bench/results/web-latest.*. Database kotalive_web, Redis db 5 (BENCH_WEB_*).
bench/web/node_modules/.installed: bench/web/package.json bench/web/package-lock.json
	cd bench/web && npm ci --no-audit --no-fund --loglevel=error
	touch $@

bench-web: install messages bench/web/node_modules/.installed
	@bash scripts/need_packages.sh nginx=nginx chromium=chromium
	$(VENV)/python bench/web/run.py

clean:
	rm -rf .venv .tools node_modules bench/web/node_modules build var
