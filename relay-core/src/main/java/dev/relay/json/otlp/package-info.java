/**
 * Spans and log records as flat JSON objects ({@link dev.relay.json.otlp.SpanJson}, {@link
 * dev.relay.json.otlp.LogJson}), written with {@link dev.relay.json.JsonWriter}: what the debug exporter prints in
 * detail and what {@code /tap} streams.
 */
package dev.relay.json.otlp;
