package dev.relay.exporter;

import dev.relay.otlp.Signal;
import dev.relay.telemetry.ThrottlingLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exporter's log: its parts share one throttle, so that a failing destination cannot flood the log. The
 * logger keeps {@link QueuedExporter}'s name, which the parts' lines have always had.
 */
final class ExporterLog {
  private static final Logger LOG = LoggerFactory.getLogger(QueuedExporter.class);

  private final ThrottlingLogger throttled = new ThrottlingLogger(LOG);

  /** Unthrottled, for the rare lines (shutdown). */
  Logger plain() {
    return LOG;
  }

  void warn(String message) {
    throttled.warn(message);
  }

  void error(String message) {
    throttled.error(message);
  }

  /** What the items of {@code signal} are called in messages. */
  static String unit(Signal signal) {
    return switch (signal) {
      case TRACES -> "spans";
      case LOGS -> "log records";
      case METRICS -> "data points";
    };
  }
}
