#!/usr/bin/env bash
# End-to-end throughput benchmark. Never part of the test run. Usage: bench/run.sh [seconds-per-phase]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
mvn -B -q package -DskipTests
redis="none"
if command -v redis-server >/dev/null; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  redis-server --port "$port" --save "" --appendonly no --daemonize no >/tmp/relay-bench-redis.log 2>&1 &
  rpid=$!
  trap 'kill $rpid 2>/dev/null' EXIT
  redis="redis://127.0.0.1:$port"
  sleep 0.5
fi
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
java -XX:+UseSerialGC -Xmx256m -jar relay-bench/target/relay-bench.jar relay-app/target/relay.jar "$secs" none
java -XX:+UseSerialGC -Xmx256m -jar relay-bench/target/relay-bench.jar relay-app/target/relay.jar "$secs" "$redis"
