package dev.relay.receiver.otlp;

import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/** CORS for browser SDKs, as {@code cors} configures it: preflight answers, and the headers of other answers. */
final class CorsResponses {
  private final OtlpHttpConfig.Cors cors;

  CorsResponses(OtlpHttpConfig.Cors cors) {
    this.cors = cors;
  }

  /** The request's Origin when CORS allows it, to be answered with {@link #allow}; else null. */
  String allowedOrigin(String origin) {
    return cors.enabled() && cors.allowsOrigin(origin) ? origin : null;
  }

  /** Adds the headers that let the browser read the answer; nothing when {@code allowedOrigin} is null. */
  void allow(FullHttpResponse res, String allowedOrigin) {
    if (allowedOrigin == null) {
      return;
    }
    res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, cors.allowsAnyOrigin() ? "*" : allowedOrigin);
    res.headers().add(HttpHeaderNames.VARY, "Origin");
  }

  boolean isPreflight(HttpRequest req) {
    return req.method().equals(HttpMethod.OPTIONS) && cors.enabled()
        && req.headers().get(HttpHeaderNames.ORIGIN) != null
        && req.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
  }

  /** The answer to a preflight request ({@link #isPreflight}). */
  FullHttpResponse preflight(HttpRequest req) {
    HttpHeaders h = req.headers();
    String origin = h.get(HttpHeaderNames.ORIGIN);
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
    res.headers().add(HttpHeaderNames.VARY, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    String requestedHeaders = h.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS, "");
    boolean headersOk = true;
    for (String header : requestedHeaders.split(",")) {
      headersOk &= cors.allowsHeader(header);
    }
    boolean methodOk = "POST".equalsIgnoreCase(h.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD).trim());
    if (cors.allowsOrigin(origin) && methodOk && headersOk) {
      res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, cors.allowsAnyOrigin() ? "*" : origin);
      res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "POST");
      if (!requestedHeaders.isBlank()) {
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requestedHeaders);
      }
      if (cors.maxAgeSeconds() > 0) {
        res.headers().set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, cors.maxAgeSeconds());
      }
    }
    // A refused preflight is answered without CORS headers, as the Collector (rs/cors) does: the browser then
    // refuses to send the request.
    return res;
  }
}
