#!/usr/bin/env bash
# The obvious alternative to Ghostwatch: for each port given, three sequential redis-cli calls.
# Loopback only. Used by FleetAuditBench (its wall time is the "loop" figure); runnable by hand too:
#   infra/bench/redis-cli-loop.sh 6379 6380 ...
for p in "$@"; do
  redis-cli -h 127.0.0.1 -p "$p" CONFIG GET timeout
  redis-cli -h 127.0.0.1 -p "$p" CONFIG GET tcp-keepalive
  redis-cli -h 127.0.0.1 -p "$p" INFO clients
done
exit 0
