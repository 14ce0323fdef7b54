package dev.relay.exporter;

import dev.relay.config.ConfigMap;
import dev.relay.exporter.ExporterHelperSettings.BatchSettings;
import dev.relay.exporter.ExporterHelperSettings.QueueSettings;
import dev.relay.queue.PersistentQueue;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads the settings every queued exporter shares, named as in the Collector's exporterhelper: {@code timeout},
 * {@code retry_on_failure}, {@code sending_queue} and {@code batch}.
 */
public final class HelperConfig {
  private HelperConfig() {}

  /**
   * The shared settings of the exporter whose config is {@code cfg}, in one call. {@code defaults} gives the
   * timeout, the retry policy, the queue's {@code enabled}, {@code sizer}, {@code queue_size}, {@code
   * num_consumers} and {@code block_on_overflow}, and the batch settings used when no {@code batch} section is
   * given; a queue is on disk only when {@code storage} says so.
   */
  public static ExporterHelperSettings read(ConfigMap cfg, ExporterHelperSettings defaults) {
    Duration timeout = timeout(cfg, defaults.timeout());
    RetryPolicy retry = retry(cfg, defaults.retry());
    QueueSettings queue = queue(cfg, defaults.queue());
    BatchSettings batch = batch(cfg, defaults.batch());
    return new ExporterHelperSettings(timeout, retry, queue, batch);
  }

  private static Duration timeout(ConfigMap cfg, Duration defaultValue) {
    Duration t = cfg.duration("timeout", defaultValue);
    if (t.isZero()) {
      cfg.problem("timeout", "timeout must be more than 0");
      return defaultValue;
    }
    return t;
  }

  /** {@code retry_on_failure: {enabled, initial_interval, max_interval, multiplier, randomization_factor, max_elapsed_time}}. */
  private static RetryPolicy retry(ConfigMap parent, RetryPolicy defaults) {
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

  static final long DEFAULT_MAX_SIZE_MIB = 1024;

  /**
   * {@code sending_queue: {enabled, sizer, queue_size, num_consumers, block_on_overflow, storage}}: {@code
   * queue_size} counts what {@code sizer} names (requests, items, bytes), as in the Collector. {@code storage} is a
   * directory, or {@code {directory, fsync, fsync_interval, max_size_mib}}.
   */
  private static QueueSettings queue(ConfigMap parent, QueueSettings defaults) {
    ConfigMap cfg = parent.map("sending_queue");
    boolean enabled = cfg.bool("enabled", defaults.enabled());
    String sizer = cfg.choice("sizer", defaults.sizer().configName(), "requests", "items", "bytes");
    long size = cfg.integer("queue_size", defaults.queueSize(), 1, Long.MAX_VALUE / 2);
    int consumers = (int) cfg.integer("num_consumers", defaults.numConsumers(), 1, 256);
    boolean block = cfg.bool("block_on_overflow", defaults.blockOnOverflow());
    PersistentQueue.Settings storage = storage(cfg);
    if (!enabled && storage != null) {
      cfg.problem("storage", "a persistent queue needs the queue: remove 'enabled: false' or the storage");
      storage = null;
    }
    if (cfg.has("batch")) {
      cfg.get("batch"); // read by batch(), which knows both places it may be
    }
    cfg.rejectUnknown();
    return new QueueSettings(enabled,
        QueuedExporterSettings.Sizer.valueOf(sizer.toUpperCase(java.util.Locale.ROOT)), size, consumers, block,
        storage);
  }

  private static PersistentQueue.Settings storage(ConfigMap queue) {
    var node = queue.get("storage");
    if (node == null || node.isNull()) {
      return null;
    }
    String directory;
    PersistentQueue.Fsync fsync = PersistentQueue.Fsync.ALWAYS;
    Duration interval = Duration.ofSeconds(1);
    long maxMib = DEFAULT_MAX_SIZE_MIB;
    if (node.isMap()) {
      ConfigMap cfg = node.asMap();
      directory = cfg.requiredString("directory");
      fsync = PersistentQueue.Fsync.valueOf(
          cfg.choice("fsync", "always", "always", "interval", "never").toUpperCase(java.util.Locale.ROOT));
      interval = cfg.duration("fsync_interval", interval);
      if (interval.isZero()) {
        cfg.problem("fsync_interval", "fsync_interval must be more than 0");
        interval = Duration.ofSeconds(1);
      }
      maxMib = cfg.integer("max_size_mib", DEFAULT_MAX_SIZE_MIB, 1, 1L << 30);
      cfg.rejectUnknown();
    } else {
      directory = node.asString();
      if (directory != null && directory.matches("file_storage(/.*)?")) {
        node.problem("'" + directory + "' names a Collector storage extension; Relay has none: give the queue's "
            + "directory instead (e.g. /var/lib/relay/queue)");
        return null;
      }
    }
    if (directory == null || directory.isBlank()) {
      if (directory != null) {
        node.problem("the queue's directory must not be empty");
      }
      return null;
    }
    long maxBytes = maxMib << 20;
    return new PersistentQueue.Settings(Path.of(directory), fsync, interval, maxBytes,
        PersistentQueue.Settings.segmentBytesFor(maxBytes));
  }

  /**
   * {@code batch: {flush_timeout, min_size, max_size}}, at the exporter's top level or under {@code sending_queue}
   * (where newer Collectors put it). Without it: {@code defaults}.
   */
  private static BatchSettings batch(ConfigMap parent, BatchSettings defaults) {
    ConfigMap queue = parent.has("sending_queue") ? parent.map("sending_queue") : null;
    boolean top = parent.has("batch");
    boolean nested = queue != null && queue.has("batch");
    if (top && nested) {
      parent.problem("batch", "give batch either here or under sending_queue, not both");
    }
    if (!top && !nested) {
      return defaults;
    }
    ConfigMap cfg = top ? parent.map("batch") : queue.map("batch");
    Duration flush = cfg.duration("flush_timeout", Duration.ofMillis(200));
    long max = cfg.integer("max_size", 0, 0, Integer.MAX_VALUE);
    long min = cfg.integer("min_size", max > 0 ? Math.min(8192, max) : 8192, 0, Integer.MAX_VALUE);
    if (cfg.has("sizer") && !"items".equalsIgnoreCase(cfg.string("sizer", "items"))) {
      cfg.problem("sizer", "batch sizes count spans here: only 'items' is supported");
    }
    if (max > 0 && min > max) {
      cfg.problem("min_size", "min_size (" + min + ") must not be more than max_size (" + max + ")");
      min = max;
    }
    cfg.rejectUnknown();
    return new BatchSettings(flush, (int) min, (int) max);
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
