package dev.relay.receiver.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import dev.relay.component.ComponentId;
import dev.relay.consumer.ConsumeException;
import dev.relay.consumer.RequestContext;
import dev.relay.otlp.OtlpJson;
import dev.relay.otlp.OtlpJsonException;
import dev.relay.telemetry.ThrottlingLogger;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * A received request's way into the pipeline, on the receiver's pool or its event loop: gunzip, JSON to protobuf,
 * the signal's export, and the answer. Every failure becomes a refusal; one that is not the request's fault is
 * logged. Gunzip and JSON are CPU work bounded by {@code max_request_body_size}; they never wait.
 */
final class HttpExport {
  static final int JSON_DECODE_FACTOR = 2;
  private final ComponentId id;
  private final long maxRequestBodySize;
  private final ThrottlingLogger throttled;

  HttpExport(ComponentId id, long maxRequestBodySize, ThrottlingLogger throttled) {
    this.id = id;
    this.maxRequestBodySize = maxRequestBodySize;
    this.throttled = throttled;
  }

  /** Decodes, validates and hands the request to the pipeline; the success answer, or the refusal. */
  FullHttpResponse export(RequestHead h, byte[] raw, java.util.Map<String, String> client, Reservation held)
      throws HttpRefusal {
    try {
      byte[] decoded = h.gzip() ? Gunzip.inflate(raw, maxRequestBodySize, held) : raw;
      byte[] protobuf = decoded;
      if (h.format() == BodyFormat.JSON) {
        // The request builder and its serialized bytes: about twice the JSON, held until the request is answered.
        held.grow(JSON_DECODE_FACTOR * (long) decoded.length);
        try {
          protobuf = OtlpJson.merge(decoded, h.signal().newRequestBuilder()).build().toByteArray();
        } catch (OtlpJsonException e) {
          throw new HttpRefusal(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT, e.getMessage());
        }
      }
      // An HTTP request carries no deadline: the pipeline gets the authenticated client and, when they are
      // included, the request's headers.
      RequestContext context = client.isEmpty() ? RequestContext.EMPTY : RequestContext.EMPTY.withAuth(client);
      if (!h.metadata().isEmpty()) {
        context = context.withMetadata(h.metadata());
      }
      if (!CallPool.onPool()) {
        context = context.nonBlocking(); // on the event loop, as the gRPC receiver tells it
      }
      try (RequestContext.Scope ignored = context.makeCurrent()) {
        h.signal().export(protobuf);
      } catch (InvalidProtocolBufferException e) {
        throw new HttpRefusal(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT,
            "malformed " + h.signal().newRequestBuilder().getDescriptorForType().getName() + ": " + e.getMessage());
      } catch (ConsumeException e) {
        throw e.retryable()
            ? new HttpRefusal(HttpResponseStatus.SERVICE_UNAVAILABLE, Code.UNAVAILABLE, e.getMessage(), true)
            : new HttpRefusal(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT, e.getMessage(), true);
      }
      Message ok = h.signal().successResponse();
      boolean json = h.format() == BodyFormat.JSON;
      byte[] bytes = json ? "{}".getBytes(StandardCharsets.UTF_8) : ok.toByteArray();
      FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
          Unpooled.wrappedBuffer(bytes));
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, json ? BodyFormat.JSON_TYPE : BodyFormat.PROTOBUF_TYPE);
      return res;
    } catch (RuntimeException | StackOverflowError e) {
      throttled.error("receiver " + id + " (OTLP/HTTP): failed on a request: " + e);
      throw new HttpRefusal(HttpResponseStatus.INTERNAL_SERVER_ERROR, Code.INTERNAL,
          "relay failed to process the request", true);
    }
  }
}
