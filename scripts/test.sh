#!/usr/bin/env bash
# Install everything the tests need (Debian packages, uv, the locked Python packages),
# then run lint, type checks and the whole test suite. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-packages.sh scripts/debian-packages.txt
python3 -m pip install -q --disable-pip-version-check uv
python3 -m uv sync --frozen
export PATH="$PWD/.venv/bin:$PATH"
ruff check src tests bench
ruff format --check src tests bench
mypy src
mypy --explicit-package-bases tests bench
pytest -n 2 -p no:cacheprovider "$@"
