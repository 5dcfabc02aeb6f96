#!/usr/bin/env bash
# Install everything the tests need (Debian packages, uv, the locked Python packages),
# then run lint, type checks and the whole test suite on SQLite, and the web tests a
# second time on PostgreSQL. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh scripts/debian-packages.txt
python3 -m pip install -q --disable-pip-version-check uv
# --compile-bytecode: PYTHONDONTWRITEBYTECODE is set on these machines (and in many
# containers), so without it every start recompiles every imported module.
python3 -m uv sync --frozen --compile-bytecode
export PATH="$PWD/.venv/bin:$PATH"
# uv compiles site-packages only; jixiao itself is installed editable (from src/), so its
# own 330 modules are compiled here (the README's first command does the same).
python -m compileall -q src
ruff check src tests bench
ruff format --check src tests bench
mypy src
mypy --explicit-package-bases tests bench
(unset DATABASE_URL; pytest -n 2 -p no:cacheprovider "$@")

# Production settings must pass Django's deployment checks and the project's own
# (`jixiao check-deploy`: secret key, hosts, debug, demo accounts, HTTPS proxy) on a freshly
# migrated database, as an operator runs it before going live.
deploy_dir="$(mktemp -d)"
deploy_env=(
  DJANGO_SETTINGS_MODULE=jixiao.web.settings.prod JIXIAO_DATA_DIR="$deploy_dir"
  JIXIAO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
  JIXIAO_ALLOWED_HOSTS=jixiao.example.gov.cn JIXIAO_TRUSTED_PROXIES=127.0.0.1
)
(unset DATABASE_URL; env "${deploy_env[@]}" jixiao manage migrate -v0 && env "${deploy_env[@]}" jixiao check-deploy)
rm -rf "$deploy_dir"

# Second pass: the web tests on PostgreSQL (the production database). pytest-django
# creates test_<db>_gw0, test_<db>_gw1 … from this URL, replaces any left by a crashed
# run (--create-db) and drops them at the end, so runs in a row never collide. An
# unreachable server fails here, loudly, instead of the pass being skipped.
export DATABASE_URL="${JIXIAO_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
python - <<'PY'
import os
import sys

import dj_database_url
import psycopg

cfg = dj_database_url.parse(os.environ["DATABASE_URL"])
try:
    psycopg.connect(
        host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"],
        password=cfg["PASSWORD"] or None, dbname=cfg["NAME"], connect_timeout=5,
    ).close()
except psycopg.Error as exc:
    sys.exit(f"PostgreSQL unreachable at {cfg['HOST']}:{cfg['PORT']} ({exc}); the web tests must run on it too.")
PY
pytest -n 2 -p no:cacheprovider --create-db tests/web
