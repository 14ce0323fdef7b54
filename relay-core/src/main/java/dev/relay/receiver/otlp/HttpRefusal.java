package dev.relay.receiver.otlp;

import com.google.rpc.Code;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/** A request refused with an HTTP status, a gRPC code for the google.rpc.Status body, and a message. */
final class HttpRefusal extends Exception {
  private static final long serialVersionUID = 1L;
  final transient HttpResponseStatus status;
  final int code;
  /** The pipeline refused it (its spans are counted as refused there), as opposed to the request itself. */
  final boolean byPipeline;
  /** The {@code WWW-Authenticate} value of a 401; null otherwise. */
  final String challenge;

  HttpRefusal(HttpResponseStatus status, Code code, String message) {
    this(status, code, message, false);
  }

  HttpRefusal(HttpResponseStatus status, Code code, String message, boolean byPipeline) {
    this(status, code, message, byPipeline, null);
  }

  private HttpRefusal(HttpResponseStatus status, Code code, String message, boolean byPipeline, String challenge) {
    super(message, null, false, false);
    this.status = status;
    this.code = code.getNumber();
    this.byPipeline = byPipeline;
    this.challenge = challenge;
  }

  /** 401 with {@code challenge} as {@code WWW-Authenticate}. */
  static HttpRefusal unauthenticated(String message, String challenge) {
    return new HttpRefusal(HttpResponseStatus.UNAUTHORIZED, Code.UNAUTHENTICATED, message, false, challenge);
  }

  /** A request Netty's decoder could not read: 431 for headers too large, 414 for a long request line, else 400. */
  static HttpRefusal malformed(Throwable cause) {
    if (cause instanceof TooLongHttpHeaderException) {
      return new HttpRefusal(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, Code.INVALID_ARGUMENT,
          "the request headers are larger than " + MAX_HEADER_BYTES + " bytes");
    }
    if (cause instanceof TooLongHttpLineException) {
      return new HttpRefusal(HttpResponseStatus.REQUEST_URI_TOO_LONG, Code.INVALID_ARGUMENT,
          "the request line is longer than " + MAX_LINE_BYTES + " bytes");
    }
    return new HttpRefusal(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT, "malformed HTTP request: " + cause);
  }

  /** Netty's {@code HttpServerCodec} defaults, which the receiver keeps. */
  static final int MAX_HEADER_BYTES = 8192;
  static final int MAX_LINE_BYTES = 4096;

  /** {@code what} (e.g. "the body") passed {@code max_request_body_size}. */
  static HttpRefusal tooLarge(String what, long maxRequestBodySize) {
    return new HttpRefusal(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Code.RESOURCE_EXHAUSTED,
        what + " is larger than max_request_body_size (" + maxRequestBodySize + " bytes)");
  }
}
