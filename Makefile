# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make demo   creates .venv, installs the kiosk, builds a demo data set and starts the kiosk
#   make test   creates .venv, installs dev tools, runs ruff, import-linter and pytest
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DIR ?= .demo
DEMO_NOW ?= $(shell date +%Y-%m-%d)T07:55:00

.PHONY: demo test venv lint bench soak clean wheel

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

demo: venv
	@test -f $(DEMO_DIR)/people.json || $(BIN)/kiosk --data-dir $(DEMO_DIR) init --demo
	KIOSK_FAKE_NOW=$(DEMO_NOW) $(BIN)/kiosk --data-dir $(DEMO_DIR) run

# The production install (README, "Setting up the front-desk machine"): dist/shift_kiosk-*.whl,
# to install with pip or pipx into the kiosk's own environment, without the dev tools.
wheel: $(BIN)/python
	$(BIN)/python -m pip wheel --no-deps --quiet -w dist .
	@ls dist/shift_kiosk-*.whl

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# TEXTUAL_FPS: the frame rate `kiosk run` asks Textual for, so the screens under test and in
# the benchmarks paint as they do at the front desk.
test: lint
	TEXTUAL_FPS=120 $(BIN)/python -m pytest -q

bench: export TEXTUAL_FPS = 120
bench: venv
	$(BIN)/python -m tests.bench.bench_punch
	$(BIN)/python -m tests.bench.bench_screen
	$(BIN)/python -m tests.bench.bench_faces
	$(BIN)/python -m tests.bench.bench_close
	$(BIN)/python -m tests.bench.bench_sizes
	$(BIN)/python -m tests.bench.bench_central
	$(BIN)/python -m tests.bench.bench_central_report
	$(BIN)/python -m tests.bench.bench_verify
	$(BIN)/python -m tests.bench.bench_search
	$(BIN)/python -m tests.bench.bench_month_line
	$(BIN)/python -m tests.bench.bench_month_plan
	$(BIN)/python -m tests.bench.bench_month_sheet
	$(BIN)/python -m tests.bench.bench_scale
	$(BIN)/python -m tests.bench.bench_board_scroll

# 90 simulated days of one kiosk process (tests/soak/soak.py; KIOSK_SOAK_DAYS to change):
# every day closed and synced, no memory, file or thread growth, nothing in kiosk.log.
# `make test` runs its short form (2 days); this is the full one (45-60 minutes).
soak: export TEXTUAL_FPS = 120
soak: venv
	$(BIN)/python -m tests.bench.bench_soak

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .ruff_cache *.egg-info
