/**
 * The {@code otlp} receiver: an OTLP/gRPC server for {@code TraceService/Export}. It takes the request bytes raw,
 * decodes them once (a malformed request is {@code INVALID_ARGUMENT}), and hands the batch, bytes included, to the
 * pipeline. A full downstream queue answers {@code UNAVAILABLE}, which OTLP clients retry.
 */
package dev.relay.receiver.otlp;
