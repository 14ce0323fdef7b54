package dev.relay.app.logging;

import dev.relay.json.JsonWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * One log event as one line of JSON, with the Collector's (zap's) key names: {@code level} (lower case), {@code ts}
 * (UTC, milliseconds), {@code logger}, {@code msg}, the initial fields, then {@code error} and {@code stacktrace}
 * when there is a throwable. The line is printed with one call, so lines from several threads do not interleave.
 */
final class JsonLogLine {
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

  private JsonLogLine() {}

  static String render(long epochMillis, Level level, String logger, String message, Throwable throwable,
      Map<String, String> fields) {
    JsonWriter w = new JsonWriter(256).beginObject();
    w.name("level").value(level == Level.TRACE ? "debug" : level.name().toLowerCase(java.util.Locale.ROOT));
    w.name("ts").value(TS.format(java.time.Instant.ofEpochMilli(epochMillis)));
    w.name("logger").value(logger);
    w.name("msg").value(message);
    fields.forEach((k, v) -> w.name(k).value(v));
    if (throwable != null) {
      w.name("error").value(throwable.toString());
      StringWriter trace = new StringWriter();
      throwable.printStackTrace(new PrintWriter(trace));
      w.name("stacktrace").value(trace.toString());
    }
    return w.endObject().toString();
  }

  static void write(PrintStream out, long epochMillis, Level level, String logger, String message, Throwable throwable,
      Map<String, String> fields) {
    out.println(render(epochMillis, level, logger, message, throwable, fields));
  }

  /** The initial fields for a console line, as zap's console encoder shows them: one JSON object at the end. */
  static String fieldsSuffix(Map<String, String> fields) {
    if (fields.isEmpty()) {
      return "";
    }
    JsonWriter w = new JsonWriter(64).beginObject();
    fields.forEach((k, v) -> w.name(k).value(v));
    return "\t" + w.endObject();
  }
}
