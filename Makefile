# VănPhòng — the two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/vanphong
PYTEST_ARGS ?=

export PYTHONUNBUFFERED := 1

.PHONY: run test test-pg lint install install-python install-static messages migrate seed worker clean help

help:
	@echo "make run      — cài đặt, tạo CSDL, nạp dữ liệu mẫu, chạy worker và máy chủ (http://$(HOST):$(PORT))"
	@echo "make test     — toàn bộ kiểm thử (ruff + pytest) trên SQLite"
	@echo "make test-pg  — toàn bộ kiểm thử trên PostgreSQL ($(PG_URL))"

$(VENV)/bin/activate:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "VănPhòng cần Python 3.11 trở lên")'
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install-python: $(VENV)/.installed

node_modules/.package-lock.json: package-lock.json
	@command -v npm >/dev/null || { echo "Thiếu Node.js/npm (Debian: apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

install-static: node_modules/.package-lock.json
	$(PY) scripts/vendor_static.py

messages: install-python
	@command -v msgfmt >/dev/null || { echo "Thiếu msgfmt (Debian: apt-get install gettext)"; exit 1; }
	cd vanphong && DEBUG=1 ../$(PY) ../manage.py compilemessages --verbosity 0

install: install-python install-static messages

migrate: install
	mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py collectstatic --no-input --verbosity 0

seed: migrate
	DEBUG=1 $(PY) manage.py seed_demo --if-empty

run: seed
	@echo "Chạy worker nền và máy chủ tại http://$(HOST):$(PORT) (Ctrl+C để dừng)"
	@DEBUG=1 $(PY) manage.py demo_accounts
	@set -m; DEBUG=1 $(PY) manage.py db_worker --interval 1 >var/worker.log 2>&1 & \
	  worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	  DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint: install-python
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install
	$(MAKE) --no-print-directory lint
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test-pg: install
	DATABASE_URL=$(PG_URL) $(VENV)/bin/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles vanphong/static/vendor var
