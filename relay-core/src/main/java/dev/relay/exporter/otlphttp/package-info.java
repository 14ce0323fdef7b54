/**
 * The {@code otlphttp} exporter: sends traces, logs and metrics to an OTLP/HTTP endpoint ({@code POST
 * <endpoint>/v1/<signal>}, protobuf or OTLP JSON), with the shared queue and retry. Queued batches are merged by
 * concatenating their serialized requests, so bytes a client sent are forwarded untouched (gzipped when {@code
 * compression} says so); JSON is written from those bytes ({@code OtlpJsonEncoder}), not from decoded objects.
 * Statuses follow OTLP/HTTP's rules: 429, 502, 503 and 504 are retried (a 429 or 503 after the peer's {@code
 * Retry-After}), anything else is permanent.
 *
 * <p>Only the factory and its config record are public; everything else is package-private.
 */
package dev.relay.exporter.otlphttp;
