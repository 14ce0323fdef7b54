/**
 * End-to-end benchmarks: a load generator and null OTLP sinks (one that parses every request, one that only
 * counts), the relay as a separate process, and the floors it is judged against ({@link
 * dev.relay.bench.PassThroughFloor}, a bare pass-through).
 */
package dev.relay.bench;
