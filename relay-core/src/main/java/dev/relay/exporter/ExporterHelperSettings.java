package dev.relay.exporter;

import dev.relay.queue.PersistentQueue;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings every configurable exporter shares, as the user wrote them (the Collector's exporterhelper): {@code
 * timeout}, {@code retry_on_failure}, {@code sending_queue} and {@code batch}. An exporter's config record embeds
 * one, read by {@link HelperConfig#read}; its factory hands it to {@link QueuedExporterSettings.Builder#helper}.
 */
public record ExporterHelperSettings(
    Duration timeout, RetryPolicy retry, QueueSettings queue, BatchSettings batch) {
  public ExporterHelperSettings {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(batch, "batch");
  }

  /** The {@code sending_queue} settings; {@code storage} is null for a memory queue. */
  public record QueueSettings(
      boolean enabled,
      QueuedExporterSettings.Sizer sizer,
      long queueSize,
      int numConsumers,
      boolean blockOnOverflow,
      PersistentQueue.Settings storage) {}

  /** The {@code batch} settings, in spans. {@code maxSize} 0 means no limit but the exporter's own. */
  public record BatchSettings(Duration flushTimeout, int minSize, int maxSize) {
    /** What an exporter does with no {@code batch} section: send what has queued up, without waiting. */
    public static final BatchSettings NONE = new BatchSettings(Duration.ofMillis(200), 0, 0);
  }
}
