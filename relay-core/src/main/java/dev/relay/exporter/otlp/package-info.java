/**
 * The {@code otlp} exporter: sends spans to an OTLP/gRPC endpoint such as Grafana Tempo. Queued batches are merged
 * by concatenating their serialized requests (a valid request by protobuf's rules), so nothing is re-encoded; the
 * parts are written into gRPC's frame one after the other, never copied into one array first.
 *
 * <p>Only the factory is public (and, where a benchmark or another component reads it, the config record);
 * everything else is package-private.
 */
package dev.relay.exporter.otlp;
