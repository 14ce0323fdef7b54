/**
 * The OTLP data the pipeline carries: {@link dev.relay.otlp.Batch} and its per-signal classes keep the bytes a client
 * sent (validated without decoding by {@link dev.relay.otlp.WireValidator}), so an exporter that changes nothing
 * forwards the bytes; and the gRPC method descriptors shared by the receiver and the OTLP exporter.
 *
 * <p>Also {@link dev.relay.otlp.Signal}, the signal a pipeline carries. Components use the batch types, {@code
 * Signal}, {@link dev.relay.otlp.OtlpGrpcMethods} and the wire readers; the rest is how batches are read.
 */
package dev.relay.otlp;
