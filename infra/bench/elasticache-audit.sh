#!/usr/bin/env bash
# Ghostwatch ElastiCache-audit benchmark: prints figures (see infra/bench/README.md). Run from the repo root:
#   infra/bench/elasticache-audit.sh [--caches 500] [--groups 10] [--security-groups 20] [--repeats 3]
# Runs the audit in-process against the local AWS stand-in (127.0.0.1 only; no AWS account, nothing leaves the machine).
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

LOG=$(mktemp "${TMPDIR:-/tmp}/ghostwatch-bench.XXXXXX")
trap 'rm -f "$LOG"' EXIT
# Compile the benchmark (test sources) and get the test classpath; in the reactor, core resolves to its target/ dirs.
mvn -B -o -q -pl functions -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >"$LOG" 2>&1 || { cat "$LOG" >&2; exit 1; }
CP="functions/target/test-classes:functions/target/classes:$(cat functions/target/bench.classpath)"
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:-} -cp "$CP" io.ghostwatch.bench.ElastiCacheAuditBench "$@"
