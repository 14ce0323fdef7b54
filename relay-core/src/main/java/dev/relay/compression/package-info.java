/**
 * Compression of OTLP payloads, shared by the OTLP exporters and receivers: {@link dev.relay.compression.Compression}
 * (the Collector's {@code compression} and {@code compression_params.level}, parsed once per component) and the
 * gRPC codecs it stands for ({@link dev.relay.compression.GrpcCodecs}). Both are API for components.
 */
package dev.relay.compression;
