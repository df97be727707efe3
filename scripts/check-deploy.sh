#!/usr/bin/env bash
# `make check-deploy`: Django's and our deployment checks with the documented production
# environment (config/production.env.example) and throwaway secrets. Fails on any warning.
set -euo pipefail
cd "$(dirname "$0")/.."
set -a
# shellcheck disable=SC1091
. config/production.env.example
set +a
throwaway() { python3 -c "import secrets; print(secrets.token_urlsafe(50))"; }
ZHIHUI_SECRET_KEY="$(throwaway)"
ZHIHUI_FIELD_KEY="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
ZHIHUI_LOOKUP_KEY="$(python3 -c 'import secrets; print(secrets.token_hex(32))')"
export ZHIHUI_SECRET_KEY ZHIHUI_FIELD_KEY ZHIHUI_LOOKUP_KEY
ZHIHUI_VAR_DIR="$(mktemp -d)"
export ZHIHUI_VAR_DIR
trap 'rm -rf "$ZHIHUI_VAR_DIR"' EXIT
"${PY:-.venv/bin/python}" manage.py check --deploy --fail-level WARNING
