package dev.relay.exporter;

import dev.relay.component.ComponentId;
import dev.relay.consumer.ConsumeException;
import dev.relay.consumer.RequestContext;
import dev.relay.otlp.Batch;
import dev.relay.queue.ExportQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Backpressure: puts a receiver's batch in the queue without blocking it for long. When the queue is full it waits
 * for space if {@code block_on_overflow} says so (within the caller's deadline), then refuses the batch with a
 * retryable error or drops it, counted, as the exporter's {@link QueuedExporterSettings.WhenFull} says.
 */
final class QueueAdmission {
  private static final long BLOCK_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  /** The longest a receiving call waits for space with {@code block_on_overflow}. */
  static final long MAX_BLOCK_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final ComponentId id;
  private final QueuedExporterSettings settings;
  private final ExporterMeters meters;
  private final RunState state;
  private final ExporterLog log;
  private final LongSupplier nanoTime;

  QueueAdmission(ComponentId id, QueuedExporterSettings settings, ExporterMeters meters, RunState state,
      ExporterLog log, LongSupplier nanoTime) {
    this.id = id;
    this.settings = settings;
    this.meters = meters;
    this.state = state;
    this.log = log;
    this.nanoTime = nanoTime;
  }

  /**
   * Queues a non-empty batch of a signal the exporter takes; {@code queue} is null before the exporter starts.
   * Returns whether the batch was queued; false when a full queue dropped it (counted).
   */
  boolean admit(ExportQueue<Batch> queue, Batch batch) {
    if (!state.accepting() || queue == null) {
      throw ConsumeException.retryable("exporter " + id + " is " + (queue == null ? "not started" : "shutting down"));
    }
    Batch compact = batch.compact();
    if (queue.offer(compact)) {
      return true;
    }
    if (settings.blockOnOverflow() && waitForSpace(queue, compact)) {
      return true;
    }
    meters.enqueueFailed(batch.signal(), batch.itemCount());
    String why = queue.persistent()
        ? "persistent queue is full (" + settings.queueSize() + " " + settings.sizer().configName()
            + ", or its max_size_mib on disk)"
        : "sending queue is full (" + settings.queueSize() + " " + settings.sizer().configName()
            + ", or its memory guard of " + settings.maxQueuedBytes() + " bytes)";
    if (settings.whenFull() == QueuedExporterSettings.WhenFull.REJECT) {
      throw ConsumeException.retryable("exporter " + id + ": " + why);
    }
    meters.droppedWhenFull(batch.signal(), batch.itemCount());
    log.warn("exporter " + id + ": " + why + "; dropping " + batch.itemCount() + " "
        + ExporterLog.unit(batch.signal()));
    return false;
  }

  /**
   * Backpressure by waiting: rare and per request, so a short park beats a signal on every take. The wait ends with
   * the caller's deadline (after which it sends again anyway) or when it gives up, and is never longer than {@link
   * #MAX_BLOCK_NANOS}, so that a queue that stays full (a dead destination, a full disk) cannot hold every receiver
   * thread.
   */
  private boolean waitForSpace(ExportQueue<Batch> queue, Batch compact) {
    RequestContext caller = RequestContext.current();
    long until = nanoTime.getAsLong() + Math.min(MAX_BLOCK_NANOS, caller.timeLeftNanos());
    while (state.accepting() && !Thread.currentThread().isInterrupted() && !caller.isCancelled()
        && nanoTime.getAsLong() < until) {
      LockSupport.parkNanos(BLOCK_PARK_NANOS);
      if (queue.offer(compact)) {
        return true;
      }
    }
    return false;
  }
}
