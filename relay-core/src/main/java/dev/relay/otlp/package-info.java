/**
 * The OTLP data the pipeline carries: {@link dev.relay.otlp.TracesBatch} keeps the bytes a client sent beside their
 * decoded form, so an exporter that changes nothing can forward the bytes; and the gRPC method descriptors shared by
 * the receiver and the OTLP exporter.
 */
package dev.relay.otlp;
