package dev.relay.admin;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a {@code GET /activity/stream} asks for: exactly one of a pub/sub {@code channel}, a {@code pattern} or a
 * {@code stream}; for a stream, how many past entries to {@code replay}, the entry {@code field} holding the event,
 * and the {@code Last-Event-ID} of a reconnecting EventSource (null when none).
 */
record ActivityRequest(String channel, String pattern, String stream, int replay, String field, String lastEventId) {
  static final int MAX_REPLAY = 10_000;
  private static final Set<String> PARAMS = Set.of("channel", "pattern", "stream", "replay", "field");
  private static final Pattern STREAM_ID = Pattern.compile("\\d{1,20}(-\\d{1,20})?");

  /** A request that cannot be served; its message is the body of the 400 answer. */
  static final class Invalid extends Exception {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads and checks the query parameters of {@code uri} and the {@code Last-Event-ID} header.
   *
   * @throws Invalid when a parameter is unknown, repeated, missing or out of range
   */
  static ActivityRequest parse(String uri, String lastEventId) throws Invalid {
    Map<String, List<String>> p;
    try {
      p = new QueryStringDecoder(uri).parameters();
    } catch (IllegalArgumentException e) {
      // Found by fuzzing: a bad %-escape used to escape as an exception, and the connection closed unanswered.
      throw new Invalid("malformed query: " + e.getMessage());
    }
    for (Map.Entry<String, List<String>> e : p.entrySet()) {
      if (!PARAMS.contains(e.getKey())) {
        throw new Invalid("unknown query parameter '" + e.getKey()
            + "' (known: channel, pattern, stream, replay, field)");
      }
      if (e.getValue().size() > 1) {
        throw new Invalid("query parameter '" + e.getKey() + "' is given twice");
      }
    }
    String channel = one(p, "channel");
    String pattern = one(p, "pattern");
    String stream = one(p, "stream");
    int given = (channel != null ? 1 : 0) + (pattern != null ? 1 : 0) + (stream != null ? 1 : 0);
    if (given != 1) {
      throw new Invalid(given == 0
          ? "missing query parameter: give channel=<name>, pattern=<glob> or stream=<key>"
          : "give only one of channel=, pattern= and stream=");
    }
    for (String k : new String[] {"channel", "pattern", "stream", "field"}) {
      String v = one(p, k);
      if (v != null && (v.isEmpty() || v.length() > 1024)) {
        throw new Invalid("query parameter '" + k + "' must be 1 to 1024 characters");
      }
    }
    if (stream == null) {
      for (String k : new String[] {"replay", "field"}) {
        if (p.containsKey(k)) {
          throw new Invalid(k + "= applies to stream=, not to a pub/sub channel");
        }
      }
    }
    int replay = 0;
    String replayText = one(p, "replay");
    if (replayText != null) {
      try {
        replay = Integer.parseInt(replayText);
      } catch (NumberFormatException e) {
        replay = -1;
      }
      if (replay < 0 || replay > MAX_REPLAY) {
        throw new Invalid("replay must be a whole number from 0 to " + MAX_REPLAY + ", found '" + replayText + "'");
      }
    }
    String field = one(p, "field") == null ? "event" : one(p, "field");
    if (stream != null && lastEventId != null && !STREAM_ID.matcher(lastEventId).matches()) {
      throw new Invalid(
          "Last-Event-ID must be a stream entry id such as 1718000000000-0, found '" + lastEventId + "'");
    }
    return new ActivityRequest(channel, pattern, stream, replay, field, lastEventId);
  }

  private static String one(Map<String, List<String>> p, String key) {
    List<String> v = p.get(key);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /**
   * The 403 answer to a request for a {@code what} (channel, pattern, stream) outside the allow-list; it names
   * neither the key asked for nor what is allowed.
   */
  static FullHttpResponse forbidden(String what) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FORBIDDEN,
        Unpooled.wrappedBuffer(("{\"error\":\"forbidden\",\"message\":\"this " + what
            + " is not in service.admin.activity.allow\"}\n").getBytes(StandardCharsets.UTF_8)));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
    return res;
  }

  /** The plain-text answer to a request that is not streamed: a bad request, or Redis or the relay not able to. */
  static FullHttpResponse refusal(HttpResponseStatus status, String message) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.wrappedBuffer((message + "\n").getBytes(StandardCharsets.UTF_8)));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    return res;
  }
}
