/**
 * End-to-end benchmarks: a load generator and null OTLP sinks (one that parses every request, one that only
 * counts), the relay as a separate process, and the floors it is judged against ({@link
 * dev.relay.bench.PassThroughFloor}, a bare pass-through); and the relay as shipped under hostile load ({@link
 * dev.relay.bench.HostileBench}, whose attacks are the process tests' shared fixtures of {@code dev.relay.testing}).
 */
package dev.relay.bench;
