package dev.relay.app.logging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * What every {@link RelayLogger} reads on each call: the lowest level written, JSON or console, and the fields
 * every line carries ({@code service.telemetry.logs}). Set once at start; volatile, so a logger made earlier (a
 * static one) follows. While the config that holds these settings is read, lines are held ({@link #hold}) and written
 * once they apply, so that a JSON-logging relay writes nothing but JSON.
 */
public final class LogSettings {
  /** A line logged while lines were held. */
  record Held(RelayLogger logger, long epochMillis, Level level, String message, Throwable throwable) {}

  private static final int MAX_HELD = 1000;
  private static volatile Level level = Level.INFO;
  private static volatile boolean json;
  private static volatile Map<String, String> initialFields = Map.of();
  private static List<Held> held;

  private LogSettings() {}

  /** Holds the lines logged from now on (up to a thousand) until {@link #apply} or {@link #release}. */
  public static synchronized void hold() {
    held = new ArrayList<>();
  }

  /**
   * Applies {@code service.telemetry.logs}: {@code levelName} is debug, info, warn or error; {@code jsonEncoding}
   * writes one JSON object a line instead of slf4j-simple's text. Then writes the lines held, if any.
   */
  public static void apply(String levelName, boolean jsonEncoding, Map<String, String> fields) {
    level = Level.valueOf(levelName.toUpperCase(Locale.ROOT));
    json = jsonEncoding;
    initialFields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    release();
  }

  /** Writes the lines held, with the settings as they are, and stops holding. */
  public static void release() {
    List<Held> lines;
    synchronized (LogSettings.class) {
      lines = held;
      held = null;
    }
    if (lines != null) {
      for (Held h : lines) {
        h.logger().write(h.epochMillis(), h.level(), h.message(), h.throwable());
      }
    }
  }

  /** Keeps a line for later if lines are held; false when it is to be written now. */
  static synchronized boolean heldBack(RelayLogger logger, Level at, String message, Throwable throwable) {
    if (held == null) {
      return false;
    }
    if (held.size() < MAX_HELD) {
      held.add(new Held(logger, System.currentTimeMillis(), at, message, throwable));
    }
    return true;
  }

  static Level level() {
    return level;
  }

  static boolean json() {
    return json;
  }

  static Map<String, String> initialFields() {
    return initialFields;
  }
}
