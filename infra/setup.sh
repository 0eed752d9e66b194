#!/usr/bin/env bash
# Sourced by infra/lab/demo.sh, infra/test.sh and .ci/run: makes a fresh machine ready.
#  - JAVA_HOME -> a JDK 25 (Temurin's path on these machines, else whatever JAVA_HOME/java says, checked)
#  - redis-server + redis-cli from Debian's packages when missing (needs root; says what to do otherwise)
#  - Maven on the PATH
set -euo pipefail

gw_log() { printf '[ghostwatch] %s\n' "$*" >&2; }

gw_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

gw_setup_java() {
  local candidates=("${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64 /usr/lib/jvm/java-25-openjdk-amd64)
  for home in "${candidates[@]}"; do
    if [[ -n "$home" && -x "$home/bin/java" && "$(gw_java_major "$home")" -ge 25 ]]; then
      export JAVA_HOME="$home"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  gw_log "no JDK 25 found: install one (e.g. Temurin 25) and set JAVA_HOME"
  return 1
}

gw_setup_redis() {
  if command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then
    return 0
  fi
  if [[ "$(id -u)" -ne 0 ]]; then
    gw_log "redis-server is missing: run 'sudo apt-get install redis-server' (or install Redis 7 another way)"
    return 1
  fi
  gw_log "installing redis-server from Debian's packages"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server redis-tools >/dev/null
  # The package starts a system service on 6379; Ghostwatch's tests start their own servers.
  (systemctl stop redis-server 2>/dev/null || service redis-server stop 2>/dev/null || true) >/dev/null 2>&1
}

gw_setup_maven() {
  if ! command -v mvn >/dev/null; then
    if [[ "$(id -u)" -eq 0 ]]; then
      gw_log "installing maven from Debian's packages"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null
    else
      gw_log "Maven is missing: install Maven 3.8.7+"
      return 1
    fi
  fi
}

# The template and state machine linters (infra/lint): Node.js 18+ and the pinned npm packages, installed when the
# lockfile changed. Only the tests need them; the tests themselves never reach the network.
gw_setup_lint() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    if [[ "$(id -u)" -ne 0 ]]; then
      gw_log "Node.js is missing: install Node.js 18+ and npm (the template linters run on it)"
      return 1
    fi
    gw_log "installing nodejs and npm from Debian's packages"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if (( major < 18 )); then
    gw_log "Node.js $(node --version) is too old for the template linters: install Node.js 18+"
    return 1
  fi
  local here lint stamp
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  lint="$here/lint"
  stamp="$lint/node_modules/.lockfile-installed"
  if ! cmp -s "$lint/package-lock.json" "$stamp" 2>/dev/null; then
    gw_log "installing the template linters (npm ci in infra/lint)"
    (cd "$lint" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    cp "$lint/package-lock.json" "$stamp"
  fi
}

gw_setup() {
  gw_setup_java
  gw_setup_redis
  gw_setup_maven
}
