package dev.relay.receiver.otlp;

import com.google.rpc.Code;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the event loop learnt from a request's head, carried to the pool with its body; {@code metadata} holds its
 * headers when the receiver includes them ({@code include_metadata}), else nothing.
 */
record RequestHead(OtlpHttpSignal signal, BodyFormat format, boolean gzip, boolean keepAlive, String origin,
    Map<String, List<String>> metadata) {
  /**
   * The head of a request to {@code path}, which serves {@code signal}; or the refusal of its method,
   * Content-Type or Content-Encoding.
   */
  static RequestHead check(HttpRequest req, String path, OtlpHttpSignal signal, BodyFormat format, boolean keepAlive,
      String allowedOrigin, boolean includeMetadata) throws HttpRefusal {
    if (!req.method().equals(HttpMethod.POST)) {
      throw new HttpRefusal(HttpResponseStatus.METHOD_NOT_ALLOWED, Code.UNIMPLEMENTED,
          req.method() + " is not allowed on " + path + "; use POST");
    }
    if (format == BodyFormat.OTHER) {
      throw new HttpRefusal(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, Code.INVALID_ARGUMENT,
          "unsupported Content-Type '" + req.headers().get(HttpHeaderNames.CONTENT_TYPE) + "'; use "
              + BodyFormat.PROTOBUF_TYPE + " or " + BodyFormat.JSON_TYPE);
    }
    String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING);
    boolean gzip = false;
    if (encoding != null && !encoding.isBlank()) {
      String e = encoding.trim().toLowerCase(Locale.ROOT);
      if (e.equals("gzip") || e.equals("x-gzip")) {
        gzip = true;
      } else if (!e.equals("identity")) {
        throw new HttpRefusal(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT,
            "unsupported Content-Encoding '" + encoding + "'; use gzip or none");
      }
    }
    return new RequestHead(signal, format, gzip, keepAlive, allowedOrigin,
        includeMetadata ? headers(req) : Map.of());
  }

  /** The request's headers by name, each with its values in order, as the Collector's client metadata has them. */
  private static Map<String, List<String>> headers(HttpRequest req) {
    Map<String, List<String>> out = new HashMap<>();
    for (String name : req.headers().names()) {
      out.put(name, req.headers().getAll(name));
    }
    return out;
  }
}
