/** End-to-end benchmarks: a load generator, a null OTLP sink, and the relay as a separate process. */
package dev.relay.bench;
