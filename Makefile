# Zhihui — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
RESIDENTS ?= 20000

.PHONY: install deps run test test-fast bench lint worker beat clean-db check-deploy security sbom screens

# Virtual environment with the pinned dependencies, the project itself, and the system
# packages it needs (Debian's chromium for browser tests, CJK fonts and Pango for PDFs).
$(VENV)/.installed: requirements.txt requirements-nodeps.txt pyproject.toml scripts/system-deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -r requirements-nodeps.txt
	$(PY) -m pip install -q --no-deps -e .
	bash scripts/system-deps.sh
	touch $@

# The policy engine's kernels compiled once by numba and cached on disk, so the first
# request or command does not pay for the compilation.
$(VENV)/.kernels: $(VENV)/.installed zhihui/policy/kernel_code.py
	$(PY) -m zhihui.policy.kernels
	touch $@

deps: $(VENV)/.installed $(VENV)/.kernels

# Bootstrap: dependencies, database migrated, catalogues, demo city and demo accounts.
install: deps
	$(VENV)/bin/zhihui setup --residents $(RESIDENTS)

run: install
	@echo "智汇 Zhihui: http://127.0.0.1:$(PORT)/  (API: http://127.0.0.1:$(PORT)/api/v1/docs)"
	ZHIHUI_DEBUG=1 $(PY) manage.py runserver --insecure 127.0.0.1:$(PORT)

# Tests run against DATABASE_URL when set (CI: PostgreSQL), else SQLite: the suite on two
# workers (pytest-xdist, work-stealing so that long tests spread; each worker has its own test
# database), then the browser tests on their own (one chromium, one live server).
TEST_WORKERS ?= 2
test: deps
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal -m "not browser"
	$(PY) -m pytest -m browser

test-fast: deps
	$(PY) -m pytest -m "not browser"

bench: install
	$(PY) bench/run_all.py

# Screenshots of each role's main page at 1366 px and 390 px into docs/screens/ (a throw-away
# database and demo city; see scripts/screens.py).
screens: deps
	$(PY) scripts/screens.py

# Django's and our deployment checks with the documented production environment
# (config/production.env.example, throwaway secrets); any warning fails.
check-deploy: deps
	PY=$(PY) bash scripts/check-deploy.sh

lint: deps
	$(VENV)/bin/ruff check .

# bandit on the code: medium+ severity and confidence; findings reviewed once are in
# .ci/bandit-baseline.json (each judged in docs/security.md); anything new fails.
security: deps
	$(VENV)/bin/bandit -q -r zhihui config -x 'zhihui/*/migrations' -ll -ii -b .ci/bandit-baseline.json

# CycloneDX software bill of materials of the installed environment, for every build.
SBOM ?= var/sbom/zhihui.cdx.json
sbom: deps
	mkdir -p $(dir $(SBOM))
	$(VENV)/bin/cyclonedx-py environment --output-reproducible --of JSON -o $(SBOM) $(PY)
	$(PY) -c "import json,sys; d=json.load(open('$(SBOM)')); print('SBOM: $(SBOM),', len(d['components']), 'components')"

worker: deps
	$(VENV)/bin/celery -A config worker -l info

# The scheduler of periodic jobs (CELERY_BEAT_SCHEDULE: the nightly retention purge).
beat: deps
	$(VENV)/bin/celery -A config beat -l info
