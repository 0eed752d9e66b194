#!/usr/bin/env bash
# The whole test suite: unit tests (*Test) and integration tests (*IT) against real redis-server processes.
# Usage: infra/test.sh [extra maven args]
set -euo pipefail
cd "$(dirname "$0")/.."
source infra/setup.sh
gw_setup
gw_setup_lint
exec mvn -B -ntp -Dstyle.color=never verify "$@"
