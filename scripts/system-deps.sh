#!/usr/bin/env bash
# System packages Zhihui needs beyond PyPI: Debian's chromium (browser tests via Playwright),
# CJK fonts and Pango (WeasyPrint PDFs with Chinese text), the PostgreSQL client tools (backups). Installs what is missing when run as
# root on Debian; otherwise says what to install.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
# pg_dump / pg_restore for `zhihui backup` / `zhihui restore`
command -v pg_restore >/dev/null 2>&1 || need+=(postgresql-client)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "warning: please install these system packages: ${need[*]} (browser tests and PDF reports need them)" >&2
fi
