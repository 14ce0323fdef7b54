#!/usr/bin/env bash
# JMH microbenchmarks with allocation figures. Usage: bench/jmh.sh [JMH regex, e.g. OttlBench] [extra JMH args]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests -pl relay-bench -am
java -cp relay-bench/target/relay-bench.jar org.openjdk.jmh.Main -prof gc "${@:-dev.relay.bench.jmh|RouteBench}"
