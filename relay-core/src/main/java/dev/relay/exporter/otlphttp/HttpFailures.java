package dev.relay.exporter.otlphttp;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.relay.exporter.ExportException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * OTLP/HTTP's retry rules: 429, 502, 503 and 504 are retried, a 429 or 503 after the {@code Retry-After} the peer
 * sent (seconds or an HTTP date; more than an hour counts as an hour); every other status is permanent. A failure to
 * connect or to get an answer in time is retried.
 */
final class HttpFailures {
  static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);
  /** How much of an error body ends up in a message. */
  private static final int MAX_MESSAGE_CHARS = 256;

  private HttpFailures() {}

  static boolean retryable(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /** The failure an answer with a non-2xx {@code status} means. */
  static ExportException classify(URI url, int status, String retryAfter, String contentType, byte[] body,
      Instant now) {
    String detail = detail(contentType, body);
    String message = "HTTP " + status + " from " + url + (detail.isEmpty() ? "" : ": " + detail);
    if (!retryable(status)) {
      return ExportException.permanent(message, null);
    }
    // As in the Collector and OTLP's spec, only the throttling statuses carry a delay to honour.
    boolean throttled = status == 429 || status == 503;
    return ExportException.retryable(message, null, throttled ? retryAfter(retryAfter, now) : null);
  }

  /** A request that got no answer: the connection failed, or the peer did not answer in time. */
  static ExportException noAnswer(URI url, Throwable t, Duration timeout) {
    if (t instanceof HttpTimeoutException) {
      return ExportException.retryable("no answer from " + url + " within " + timeout, t, null);
    }
    String what = t instanceof ConnectException ? "cannot connect to " : "request to ";
    return ExportException.retryable(what + url + " failed: " + t, t, null);
  }

  /**
   * The delay a {@code Retry-After} header asks for: a number of seconds, or an HTTP date (in the past: none). Null
   * when there is no header or it cannot be read; capped at an hour.
   */
  static Duration retryAfter(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.trim();
    Duration d;
    if (h.chars().allMatch(Character::isDigit)) {
      d = h.length() > 7 ? MAX_RETRY_DELAY : Duration.ofSeconds(Long.parseLong(h));
    } else {
      try {
        Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        d = at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return d.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : d;
  }

  /**
   * What an error body says: the message of a protobuf {@code google.rpc.Status} (as OTLP asks servers to answer),
   * or the start of a text or JSON body; empty when there is none.
   */
  static String detail(String contentType, byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (type.startsWith("application/x-protobuf") || type.startsWith("application/protobuf")) {
      try {
        return shorten(com.google.rpc.Status.parseFrom(body).getMessage());
      } catch (InvalidProtocolBufferException e) {
        return "";
      }
    }
    if (type.startsWith("text/") || type.startsWith("application/json")) {
      return shorten(new String(body, StandardCharsets.UTF_8).strip());
    }
    return "";
  }

  private static String shorten(String s) {
    return s.length() <= MAX_MESSAGE_CHARS ? s : s.substring(0, MAX_MESSAGE_CHARS) + "…";
  }
}
