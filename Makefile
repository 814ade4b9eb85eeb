# Quick start: `make run` opens the editor on an example; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/diagrammer resources/examples/planner-in-trained-program.diagram.json

# Two workers: the suite is half Qt and subprocesses, and CI machines have two cores.
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2

lint: $(STAMP)
	$(VENV)/bin/ruff check diagrammer tests benchmarks

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .hypothesis
