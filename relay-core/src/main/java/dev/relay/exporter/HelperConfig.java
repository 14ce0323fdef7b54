package dev.relay.exporter;

import dev.relay.config.ConfigMap;
import java.time.Duration;

/**
 * Reads the settings every queued exporter shares, named as in the Collector's exporterhelper: {@code timeout},
 * {@code retry_on_failure} and {@code sending_queue}.
 */
public final class HelperConfig {
  private HelperConfig() {}

  public static Duration timeout(ConfigMap cfg, Duration defaultValue) {
    Duration t = cfg.duration("timeout", defaultValue);
    if (t.isZero()) {
      cfg.problem("timeout", "timeout must be more than 0");
      return defaultValue;
    }
    return t;
  }

  /** {@code retry_on_failure: {enabled, initial_interval, max_interval, multiplier, randomization_factor, max_elapsed_time}}. */
  public static RetryPolicy retry(ConfigMap parent, RetryPolicy defaults) {
    ConfigMap cfg = parent.map("retry_on_failure");
    boolean enabled = cfg.bool("enabled", defaults.enabled());
    Duration initial = cfg.duration("initial_interval", defaults.initialInterval());
    Duration max = cfg.duration("max_interval", defaults.maxInterval());
    double multiplier = decimal(cfg, "multiplier", defaults.multiplier());
    double randomization = decimal(cfg, "randomization_factor", defaults.randomizationFactor());
    Duration maxElapsed = cfg.duration("max_elapsed_time", defaults.maxElapsedTime());
    cfg.rejectUnknown();
    try {
      return new RetryPolicy(enabled, initial, max, multiplier, randomization, maxElapsed);
    } catch (IllegalArgumentException e) {
      parent.problem("retry_on_failure", e.getMessage());
      return defaults;
    }
  }

  /** The {@code sending_queue} settings. */
  public record QueueSettings(QueuedExporter.Sizer sizer, long queueSize, int numConsumers) {}

  /**
   * {@code sending_queue: {sizer, queue_size, num_consumers}}: {@code queue_size} counts what {@code sizer} names
   * (requests, items, bytes), as in the Collector.
   */
  public static QueueSettings queue(ConfigMap parent, int defaultSize, int defaultConsumers) {
    ConfigMap cfg = parent.map("sending_queue");
    String sizer = cfg.choice("sizer", "requests", "requests", "items", "bytes");
    long size = cfg.integer("queue_size", defaultSize, 1, Long.MAX_VALUE / 2);
    int consumers = (int) cfg.integer("num_consumers", defaultConsumers, 1, 256);
    cfg.rejectUnknown();
    return new QueueSettings(
        QueuedExporter.Sizer.valueOf(sizer.toUpperCase(java.util.Locale.ROOT)), size, consumers);
  }

  private static double decimal(ConfigMap cfg, String key, double defaultValue) {
    var node = cfg.get(key);
    if (node == null || node.isNull()) {
      return defaultValue;
    }
    String s = node.asString();
    try {
      return s == null ? defaultValue : Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      node.problem("expected a number, found '" + s + "'");
      return defaultValue;
    }
  }
}
