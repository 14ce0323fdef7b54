/**
 * The {@code otlp} receiver: an OTLP/gRPC server for {@code TraceService/Export} and an OTLP/HTTP server for
 * {@code POST /v1/traces}, either or both, sharing nothing but the pipeline. Both take the request bytes raw and
 * validate them without decoding (a malformed request is {@code INVALID_ARGUMENT} or 400); HTTP JSON bodies are read
 * into a request by {@link dev.relay.otlp.OtlpJson} and serialized first. The batch, bytes included, goes to the
 * pipeline. A full downstream queue answers {@code UNAVAILABLE} or 503 with {@code Retry-After}, which OTLP clients
 * retry. The HTTP server is per signal ({@link dev.relay.receiver.otlp.OtlpHttpSignal}): the logs and metrics paths
 * answer 404 until those signals have pipelines.
 *
 * <p>Only the factory is public (and, where a benchmark or another component reads it, the config record);
 * everything else is package-private.
 */
package dev.relay.receiver.otlp;
