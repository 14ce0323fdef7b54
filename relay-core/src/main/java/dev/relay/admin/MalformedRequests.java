package dev.relay.admin;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/** The answer to a request Netty's decoder could not read: what was too long, or else a plain 400. */
final class MalformedRequests {
  private MalformedRequests() {}

  static HttpResponseStatus status(Throwable cause) {
    if (cause instanceof TooLongHttpHeaderException) {
      return HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
    }
    if (cause instanceof TooLongHttpLineException) {
      return HttpResponseStatus.REQUEST_URI_TOO_LONG;
    }
    return HttpResponseStatus.BAD_REQUEST;
  }

  static String reason(Throwable cause) {
    if (cause instanceof TooLongHttpHeaderException) {
      return "the headers are larger than 8192 bytes";
    }
    if (cause instanceof TooLongHttpLineException) {
      return "the request line is longer than 4096 bytes";
    }
    return cause instanceof TooLongFrameException ? "too long" : "cannot be parsed";
  }
}
