#!/usr/bin/env bash
# Installs the pinned linters when the lockfile changed, then lints a template (default: the project's).
# Usage: run.sh [TEMPLATE] [lint.js options]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
stamp="$here/node_modules/.lockfile-installed"
if ! cmp -s "$here/package-lock.json" "$stamp" 2>/dev/null; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
  cp "$here/package-lock.json" "$stamp"
fi
exec node "$here/lint.js" "${@:-$here/../../template.yaml}"
