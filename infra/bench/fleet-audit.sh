#!/usr/bin/env bash
# Ghostwatch fleet-audit benchmark: prints figures (see infra/bench/README.md). Run from the repo root:
#   infra/bench/fleet-audit.sh [--servers 100] [--silent 10] [--idle-clients 10000] [--repeats 3]
#   infra/bench/fleet-audit.sh --targets 5000 [--shard-size 1000] [--servers 100] [--silent 75] [--repeats 3]
#                                                                          (large-inventory mode)
#   BENCH_JAVA_OPTS=-Xmx512m infra/bench/fleet-audit.sh --targets 5000                      (the same within 512 MB)
# Starts local redis-server processes and silent listeners on 127.0.0.1 only; stops all of them on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

for tool in redis-server redis-cli mvn; do
  command -v "$tool" >/dev/null || { echo "fleet-audit.sh: $tool is not installed" >&2; exit 2; }
done

# --targets N: the large-inventory mode (no CLI runs, no redis-cli loop, no idle clients).
inventory=false
for arg in "$@"; do [ "$arg" = --targets ] && inventory=true; done

# 10,000 idle clients need 10,000+ descriptors in this process and in the redis-server under test. In the
# large-inventory mode this JVM holds a few hundred, but every redis-server inherits the limit and lowers its
# maxclients (default 10000) to the limit - 32 if the limit is lower: keep it above 10,032 there too.
hard=$(ulimit -Hn)
if [ "$hard" = unlimited ] || [ "$hard" -ge 20000 ]; then ulimit -n 20000; else ulimit -n "$hard"; fi
if [ "$(ulimit -n)" -lt 11200 ]; then
  echo "fleet-audit.sh: open-file limit $(ulimit -n) is below 11200; the 10,000-client measurement needs more," \
       "and each redis-server lowers its maxclients to the limit - 32 (raise the hard limit, or pass --idle-clients N)" >&2
fi

RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ghostwatch-bench.XXXXXX")
BENCH_PID=""
cleanup() {
  if [ -n "$BENCH_PID" ] && kill -0 "$BENCH_PID" 2>/dev/null; then
    kill "$BENCH_PID" 2>/dev/null || true   # its shutdown hook stops the servers it started
    for _ in $(seq 1 100); do kill -0 "$BENCH_PID" 2>/dev/null || break; sleep 0.1; done
  fi
  # Any server still running (the JVM was killed hard): stop it by the pid it recorded, if that pid is
  # still a redis-server on the recorded port.
  if [ -f "$RUN_DIR/pids" ]; then
    while read -r pid port; do
      if grep -qa "redis-server.*:$port" "/proc/$pid/cmdline" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
    done < "$RUN_DIR/pids"
  fi
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JAR=functions/target/ghostwatch.jar
if [ "$inventory" = false ] && { [ ! -f "$JAR" ] || [ -n "$(find core/src/main functions/src/main core/pom.xml functions/pom.xml pom.xml -newer "$JAR" -type f -print -quit)" ]; }; then
  echo "building $JAR (mvn -o -q package -DskipTests) ..."
  mvn -B -o -q package -DskipTests >"$RUN_DIR/mvn-package.log" 2>&1 || { cat "$RUN_DIR/mvn-package.log" >&2; exit 1; }
fi
# Compile the benchmark (test sources) and get the test classpath; in the reactor, core resolves to
# core/target/classes and core/target/test-classes, never to a stale jar in the local repository.
mvn -B -o -q -pl functions -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >"$RUN_DIR/mvn-bench.log" 2>&1 \
  || { cat "$RUN_DIR/mvn-bench.log" >&2; exit 1; }
CP="functions/target/test-classes:functions/target/classes:$(cat functions/target/bench.classpath)"

# BENCH_JAVA_OPTS: extra flags for the benchmark JVM only (e.g. -XX:StartFlightRecording=...), unset by default.
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:-} -cp "$CP" io.ghostwatch.bench.FleetAuditBench --jar "$JAR" --loop-script infra/bench/redis-cli-loop.sh \
     --run-dir "$RUN_DIR" "$@" &
BENCH_PID=$!
wait "$BENCH_PID"
