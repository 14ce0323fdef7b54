package dev.relay.receiver.otlp;

import dev.relay.json.JsonWriter;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * A refusal as the OTLP/HTTP spec has it: a {@code google.rpc.Status} in the request's encoding (protobuf or JSON),
 * or plain text when the request's content type is neither.
 */
final class ErrorResponses {
  /** Seconds a client is told to wait (Retry-After) when the pipeline refuses a request for now. */
  static final int RETRY_AFTER_SECONDS = 1;

  private ErrorResponses() {}

  static FullHttpResponse of(BodyFormat format, HttpRefusal r) {
    byte[] body;
    String type;
    switch (format) {
      case PROTOBUF -> {
        body = com.google.rpc.Status.newBuilder().setCode(r.code).setMessage(r.getMessage()).build().toByteArray();
        type = BodyFormat.PROTOBUF_TYPE;
      }
      case JSON -> {
        body = new JsonWriter(64 + r.getMessage().length()).beginObject().name("code").value(r.code)
            .name("message").value(r.getMessage()).endObject().toByteArray();
        type = BodyFormat.JSON_TYPE;
      }
      default -> {
        body = (r.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        type = "text/plain; charset=utf-8";
      }
    }
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, r.status, Unpooled.wrappedBuffer(body));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    if (r.status.equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
      res.headers().set(HttpHeaderNames.ALLOW, "POST");
    } else if (r.challenge != null) {
      res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, r.challenge);
    } else if (r.status.equals(HttpResponseStatus.SERVICE_UNAVAILABLE)) {
      res.headers().set(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    return res;
  }
}
