package dev.relay.receiver.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

/**
 * One signal served over OTLP/HTTP ({@code /v1/traces}, and later {@code /v1/logs} and {@code /v1/metrics}): how a
 * protobuf body becomes a batch for that signal's pipeline. The HTTP receiver does the transport (paths, content
 * types, gzip, limits, CORS, status codes) the same way for every signal; a JSON body is read into
 * {@link #newRequestBuilder()} and serialized first, so {@link #export} only ever sees protobuf.
 */
interface OtlpHttpSignal {
  /** {@code traces}, {@code logs} or {@code metrics}. */
  String name();

  /** An empty {@code Export*ServiceRequest} builder, for reading a JSON body. */
  Message.Builder newRequestBuilder();

  /**
   * Validates {@code protobuf} and hands it to the pipeline.
   *
   * @throws InvalidProtocolBufferException when the body is not a well-formed request (400)
   * @throws dev.relay.consumer.ConsumeException when the pipeline refused it (503 if retryable, else 400)
   */
  void export(byte[] protobuf) throws InvalidProtocolBufferException;

  /**
   * What {@link #export} may do to the caller's thread: the HTTP receiver runs it on the connection's event loop
   * only when it never blocks. Unknown: it may.
   */
  default dev.relay.consumer.Capabilities capabilities() {
    return dev.relay.consumer.Capabilities.MAY_BLOCK;
  }

  /** The success response, {@code Export*ServiceResponse} without partial success. */
  Message successResponse();
}
