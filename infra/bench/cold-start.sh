#!/usr/bin/env bash
# Ghostwatch Lambda cold-start benchmark: prints figures (see infra/bench/README.md). Run from the repo root:
#   infra/bench/cold-start.sh [--repeats 5] [--variants default,c1,appcds,appcds+c1] [--redis-servers 2]
#       [--functions-jar PATH] [--bot-jar PATH] [--baseline-bot-jar PATH]
# Starts JVMs on the two Lambda jars, redis-servers, and (in the benchmark JVM) DynamoDB Local and the Slack and SQS
# stand-ins, on 127.0.0.1 only; stops all of them on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
for tool in redis-server mvn; do
  command -v "$tool" >/dev/null || { echo "cold-start.sh: $tool is not installed" >&2; exit 2; }
done

RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/ghostwatch-cold-start.XXXXXX")
BENCH_PID=""
cleanup() {
  if [ -n "$BENCH_PID" ] && kill -0 "$BENCH_PID" 2>/dev/null; then
    kill "$BENCH_PID" 2>/dev/null || true   # its shutdown hook stops the JVMs and redis-servers it started
    for _ in $(seq 1 100); do kill -0 "$BENCH_PID" 2>/dev/null || break; sleep 0.1; done
  fi
  # Anything still running (the bench JVM was killed hard): stop it by the pid it recorded, if that pid is still
  # ours: a java whose command line names this run's lambda-main.jar, or a redis-server on the recorded port.
  if [ -f "$RUN_DIR/pids" ]; then
    while read -r pid kind port; do
      case "$kind" in
        lambda) grep -qa "$RUN_DIR/lambda-main.jar" "/proc/$pid/cmdline" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true ;;
        redis) grep -qa "redis-server.*:$port" "/proc/$pid/cmdline" 2>/dev/null && kill "$pid" 2>/dev/null || true ;;
      esac
    done < "$RUN_DIR/pids"
  fi
  rm -rf "$RUN_DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

FUNCTIONS_JAR=functions/target/ghostwatch.jar
BOT_JAR=bot/target/ghostwatch-bot.jar
stale() {
  [ ! -f "$1" ] || [ -n "$(find core/src/main "$2/src/main" core/pom.xml "$2/pom.xml" pom.xml -newer "$1" -type f -print -quit)" ]
}
if stale "$FUNCTIONS_JAR" functions || stale "$BOT_JAR" bot; then
  echo "building the Lambda jars (mvn -o -q package -DskipTests -pl functions,bot -am) ..."
  mvn -B -o -q package -DskipTests -pl functions,bot -am >"$RUN_DIR/mvn-package.log" 2>&1 \
    || { cat "$RUN_DIR/mvn-package.log" >&2; exit 1; }
fi
# Compile the benchmark (bot test sources) and get the test classpath; in the reactor, core resolves to
# core/target/classes and core/target/test-classes, never to a stale jar in the local repository.
mvn -B -o -q -pl bot -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >"$RUN_DIR/mvn-bench.log" 2>&1 \
  || { cat "$RUN_DIR/mvn-bench.log" >&2; exit 1; }
CP="bot/target/test-classes:bot/target/classes:$(cat bot/target/bench.classpath)"

# BENCH_JAVA_OPTS: extra flags for the benchmark JVM only (not the JVMs it measures), unset by default.
# --enable-native-access: DynamoDB Local, which the benchmark JVM hosts, loads SQLite's native library.
# shellcheck disable=SC2086
java --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} -cp "$CP" io.ghostwatch.bot.bench.ColdStartBench \
     --functions-jar "$FUNCTIONS_JAR" --bot-jar "$BOT_JAR" --events events --run-dir "$RUN_DIR" "$@" &
BENCH_PID=$!
wait "$BENCH_PID"
