#!/usr/bin/env bash
# The idle relay as shipped: the launcher, config/tempo-redis.yaml unchanged, its Tempo stand-in and a Redis up,
# nothing sent. After SETTLE seconds it measures over MEASURE seconds: CPU, RSS, threads, and wake-ups per second
# per thread (context switches from /proc/PID/task/*/status). Wake-up counts do not depend on the machine's load,
# so this may run on a shared machine; the CPU figure needs a quiet one. Build first (see below).
#
# Usage: bench/idle-wakeups.sh [settle-seconds (30)] [measure-seconds (30)] [load-seconds (0)]
#   load-seconds > 0: first that long at 10k spans/s, then settle and measure: a sidecar idle between bursts
#   RELAY_BENCH_JVM_OPTS   extra JVM flags for the relay (passed to the launcher as RELAY_JAVA_OPTS)
#   RELAY_BENCH_SET        "key=value ...": config changes, each passed as --set key=value
#   build: mvn -B -q -o -pl relay-core,relay-app,relay-bench package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
settle=${1:-30}
measure=${2:-30}
load=${3:-0}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no >/tmp/relay-idle-redis.log 2>&1 &
rpid=$!
trap 'kill "$rpid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  if redis-cli -p "$port" ping >/dev/null 2>&1; then break; fi
  sleep 0.1
done
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(java -version 2>&1 | head -1)," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -XX:+UseSerialGC -Xmx128m -cp relay-bench/target/relay-bench.jar dev.relay.bench.ShippedBench \
  relay-app/target/relay config/tempo-redis.yaml "$port" idle "$settle" "$measure" "$load"
