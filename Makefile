# osteon: two commands on a fresh machine.
#   make demo   create .venv, install osteon, run the demo (figures under runs/demo/)
#   make test   create .venv, install osteon with the dev, sbml, sensitivity and jax extras, run the tests
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
DEMO_OUT ?= runs/demo

.PHONY: demo test test-all lint bench validate clean

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "osteon needs Python >= 3.11"'
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed-core: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q -e ".[dev,sbml,sensitivity,jax]"
	touch $@ $(VENV)/.installed-core

demo: $(VENV)/.installed-core
	$(VENV)/bin/osteon models list
	$(VENV)/bin/osteon simulate --patient "female, age 25, menopause at 51" --years 65 --points 521 --out $(DEMO_OUT)/life-course
	$(VENV)/bin/osteon simulate --patient "female, age 45, menopause at 51" --years 35 --points 421 --out $(DEMO_OUT)/menopause-45-to-80
	$(VENV)/bin/osteon assess --patient "female, age 65, t_score_femoral_neck=-2.7, prior fracture"
	$(VENV)/bin/osteon simulate --model lemaire2004 --days 140 --set I_O=2e5@20 --set I_O=0@80 --out $(DEMO_OUT)/lemaire2004-opg
	$(VENV)/bin/osteon simulate --model pivonka2008 --days 1000 --set P_PTH_d=1e3 --set P_PTH_d=0@100 --out $(DEMO_OUT)/pivonka2008-pth
	$(VENV)/bin/osteon simulate --model komarova2003 --days 1000 --initial model --out $(DEMO_OUT)/komarova2003-cycle
	@echo "demo figures: $(DEMO_OUT)/*/figure.png (start with $(DEMO_OUT)/life-course/figure.png)"

test: $(VENV)/.installed-dev
	$(PY) -m pytest -m "not slow" -q

test-all: $(VENV)/.installed-dev
	$(PY) -m pytest -q

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/pyright --pythonpath $(PY)

validate: $(VENV)/.installed-dev
	$(VENV)/bin/osteon validate --out runs/validation --markdown

bench: $(VENV)/.installed-core
	$(PY) benchmarks/bench_simulate.py

clean:
	rm -rf $(VENV) runs .pytest_cache .ruff_cache src/*.egg-info
