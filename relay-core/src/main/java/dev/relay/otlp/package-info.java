/**
 * The OTLP data the pipeline carries: {@link dev.relay.otlp.Batch} and its per-signal classes keep the bytes a client
 * sent (validated without decoding by {@link dev.relay.otlp.WireValidator}), so an exporter that changes nothing
 * forwards the bytes; and the gRPC method descriptors shared by the receiver and the OTLP exporter.
 */
package dev.relay.otlp;
