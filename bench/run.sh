#!/usr/bin/env bash
# The whole end-to-end suite of issue #7, in one run, ending with a summary of every target beside its figure:
# throughput (direct vs through the relay, Tempo only and with Redis, into a sink that only counts and one that
# parses, beside the floors of a bare pass-through), CPU per span at saturation, the relay's CPU and RSS at a
# paced 10k spans/s, export -> Redis subscriber latency at 1,000 events/s, and start-up time with and without an
# AppCDS archive; then the relay as shipped (ShippedBench: launcher, example config unchanged, gzip): a fresh
# relay's first minute, a burst, the minute after it, a blocking client's export -> subscriber latency, and idle
# cost. Never part of the test run.
#
# Usage: bench/run.sh [seconds-per-phase (default 10)] [start-up runs per variant (default 5)]
#                     [every warm-up, seconds (default 3 x seconds-per-phase): of the load generator and sink, of
#                      the relay and the floors at saturation, of a fresh relay at 10k spans/s before its CPU and
#                      RSS, and at 1,000 events/s before the Redis latency]
#   RELAY_BENCH_JVM_OPTS   extra JVM flags for the relay and the floors (a JFR recording, say); the as-shipped
#                          phase passes them to the launcher as RELAY_JAVA_OPTS
#   RELAY_BENCH_MINUTE     the as-shipped phase's "minute", in seconds (default 60): its paced phases, and the
#                          idle relay's settling and measuring (half of it each)
#   RELAY_BENCH_MVN_OPTS   extra Maven flags for the build (-o when offline)
#   RELAY_BENCH_HOSTILE    1: also the relay as shipped under hostile load (HostileBench): a good client's spans/s
#                          alone and under each attack, seconds-per-phase each (docs/BENCHMARKS.md "Under hostile
#                          load")
#   RELAY_BENCH_SOAK_MINUTES  N: also the hostile soak, N minutes at 10k spans/s with 1% hostile requests
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
runs=${2:-5}
warm=${3:-$((3 * secs))} # at only 10k spans/s the JIT takes long to settle
shipped_minute=${RELAY_BENCH_MINUTE:-60}
# shellcheck disable=SC2086
mvn -B -q ${RELAY_BENCH_MVN_OPTS:-} package -DskipTests
results=$(mktemp /tmp/relay-bench-results.XXXXXX)
export RELAY_BENCH_RESULTS=$results
cleanup() { rm -f "$results"; }
redis="none"
if command -v redis-server >/dev/null; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  redis-server --port "$port" --save "" --appendonly no --daemonize no >/tmp/relay-bench-redis.log 2>&1 &
  rpid=$!
  cleanup() { kill "$rpid" 2>/dev/null || true; rm -f "$results"; }
  redis="redis://127.0.0.1:$port"
  sleep 0.5
fi
trap cleanup EXIT
bench=(java -XX:+UseSerialGC -Xmx256m -cp relay-bench/target/relay-bench.jar)
relay=relay-app/target/relay.jar
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "commit $commit$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)'), $secs s phases"
echo
echo "== throughput, then CPU and RSS at 10k spans/s: OTLP -> Tempo only"
"${bench[@]}" dev.relay.bench.ThroughputBench "$relay" "$secs" none "$warm"
if [ "$redis" != none ]; then
  echo
  echo "== throughput, then CPU and RSS at 10k spans/s: OTLP -> Tempo + Redis route"
  "${bench[@]}" dev.relay.bench.ThroughputBench "$relay" "$secs" "$redis" "$warm"
  echo
  echo "== Redis fan-out: latency at 1,000 events/s, then selected events/s"
  "${bench[@]}" dev.relay.bench.RedisBench "$relay" "$port" "$secs" "$warm"
else
  echo "(no redis-server on PATH: Redis phases skipped)"
fi
if [ "$redis" != none ]; then
  echo
  echo "== as shipped: the launcher, config/tempo-redis.yaml unchanged (gzip), a minute = ${shipped_minute}s"
  "${bench[@]}" dev.relay.bench.ShippedBench relay-app/target/relay config/tempo-redis.yaml "$port" \
    "$shipped_minute" "$((2 * secs))" "$((2 * secs))"
fi
hostile_redis=()
if [ "$redis" != none ]; then hostile_redis=("$port"); fi
if [ "${RELAY_BENCH_HOSTILE:-}" = 1 ]; then
  echo
  echo "== under hostile load: the launcher, config/sidecar.yaml unchanged, $secs s per attack"
  "${bench[@]}" dev.relay.bench.HostileBench relay-app/target/relay config/sidecar.yaml phases "$secs" \
    "${hostile_redis[@]}"
fi
if [ -n "${RELAY_BENCH_SOAK_MINUTES:-}" ]; then
  echo
  echo "== hostile soak: ${RELAY_BENCH_SOAK_MINUTES} min at 10k spans/s, 1% hostile"
  "${bench[@]}" dev.relay.bench.HostileBench relay-app/target/relay config/sidecar.yaml soak \
    "$RELAY_BENCH_SOAK_MINUTES" "${hostile_redis[@]}"
fi
echo
echo "== start-up, $runs runs per variant"
"${bench[@]}" dev.relay.bench.StartupBench "$relay" "$runs" "$redis"
"${bench[@]}" dev.relay.bench.Summary "$results" "(bench/run.sh $secs $runs, commit $commit)"
