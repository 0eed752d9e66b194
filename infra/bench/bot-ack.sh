#!/usr/bin/env bash
# Ghostwatch Slack bot ack benchmark: prints figures (see infra/bench/README.md). Run from the repo root:
#   infra/bench/bot-ack.sh [--repeats 10] [--requests 2000] [--warmup 500] [--variants default,c1,appcds,appcds+c1,aot,aot+c1]
# Starts bot processes (the server jar, Lambda handler mains) on 127.0.0.1 only; stops all of them on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
command -v mvn >/dev/null || { echo "bot-ack.sh: mvn is not installed" >&2; exit 2; }

RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ghostwatch-bot-bench.XXXXXX")
BENCH_PID=""
cleanup() {
  if [ -n "$BENCH_PID" ] && kill -0 "$BENCH_PID" 2>/dev/null; then
    kill "$BENCH_PID" 2>/dev/null || true   # its shutdown hook stops the bot processes it started
    for _ in $(seq 1 100); do kill -0 "$BENCH_PID" 2>/dev/null || break; sleep 0.1; done
  fi
  # Any bot process still running (the bench JVM was killed hard): stop it by the pid it recorded, if that pid
  # is still one of ours (its command line names the bot jar and this run's directory or the bench's Lambda main).
  if [ -f "$RUN_DIR/pids" ]; then
    while read -r pid _; do
      if grep -qa -e "ghostwatch-bot.jar" "/proc/$pid/cmdline" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
    done < "$RUN_DIR/pids"
  fi
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

JAR=bot/target/ghostwatch-bot.jar
if [ ! -f "$JAR" ] || [ -n "$(find core/src/main bot/src/main core/pom.xml bot/pom.xml pom.xml -newer "$JAR" -type f -print -quit)" ]; then
  echo "building $JAR (mvn -o -q package -DskipTests -pl bot -am) ..."
  mvn -B -o -q package -DskipTests -pl bot -am >"$RUN_DIR/mvn-package.log" 2>&1 \
    || { cat "$RUN_DIR/mvn-package.log" >&2; exit 1; }
fi
# Compile the benchmark (bot test sources) and get the test classpath; in the reactor, core resolves to
# core/target/classes and core/target/test-classes, never to a stale jar in the local repository.
mvn -B -o -q -pl bot -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >"$RUN_DIR/mvn-bench.log" 2>&1 \
  || { cat "$RUN_DIR/mvn-bench.log" >&2; exit 1; }
CP="bot/target/test-classes:bot/target/classes:$(cat bot/target/bench.classpath)"

# BENCH_JAVA_OPTS: extra flags for the benchmark JVM only (not the bot processes it measures), unset by default.
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:-} -cp "$CP" io.ghostwatch.bot.bench.BotAckBench --jar "$JAR" --events events \
     --run-dir "$RUN_DIR" "$@" &
BENCH_PID=$!
wait "$BENCH_PID"
