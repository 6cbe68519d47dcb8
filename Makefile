# Two commands for a newcomer: `make run` starts the dashboard, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test setup system-deps bench bench-scale bench-load bench-speed bench-import bench-100m lint format

run: setup
	$(BIN)/streamlit run app.py

test: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .
	$(BIN)/python -m mypy
	./scripts/ensure_postgres.sh
	$(BIN)/python -m pytest -n 2 --dist loadfile

setup: system-deps $(STAMP)

system-deps:
	./scripts/install_system_deps.sh

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

bench: setup
	$(BIN)/python benchmarks/export_bench.py
	$(BIN)/python benchmarks/briefing_bench.py

# 10 M volunteer records + 1 M suggestions on SQLite and PostgreSQL (~20 min on 2 cores).
bench-scale: setup
	$(BIN)/python -m pip install --quiet -r benchmarks/requirements.txt
	./scripts/ensure_postgres.sh
	$(BIN)/python benchmarks/scale_bench.py

# N simulated people on 1 and 4 processes behind nginx on PostgreSQL (~15 min on 2 cores).
bench-load: setup
	command -v nginx >/dev/null || test -x /usr/sbin/nginx || $(SUDO) apt-get install -y -q nginx
	./scripts/ensure_postgres.sh
	$(BIN)/python benchmarks/load_bench.py

# First start to the sign-in form, warm chart exports, the weekly pack.
bench-speed: setup
	$(BIN)/python benchmarks/first_start_bench.py
	$(BIN)/python benchmarks/export_bench.py
	$(BIN)/python benchmarks/briefing_bench.py

# Import rows/s of a 1 M-row record file and a 1 M-row suggestion file, SQLite and PostgreSQL.
bench-import: setup
	./scripts/ensure_postgres.sh
	$(BIN)/python benchmarks/import_bench.py

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

# 100 M volunteer records on PostgreSQL, partitioned by month (hours on 2 cores; not in CI).
# Smaller: make bench-100m ROWS=5000000
ROWS ?= 100000000
bench-100m: setup
	./scripts/ensure_postgres.sh
	$(BIN)/python benchmarks/records_100m_bench.py --rows $(ROWS)
