package dev.relay.exporter;

import dev.relay.component.ComponentId;
import dev.relay.consumer.ConsumeException;
import dev.relay.consumer.RequestContext;
import dev.relay.otlp.Batch;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The path without a queue ({@code sending_queue.enabled: false}): sends on the caller's thread, retrying as
 * configured but never past the caller's deadline, and reports the outcome as the Collector does: delivered, or a
 * permanent or retryable failure.
 */
final class SyncExport {
  private final ComponentId id;
  private final RetryLoop retry;
  private final ExporterMeters meters;
  private final RunState state;
  private final ExporterLog log;
  private final LongSupplier nanoTime;

  SyncExport(ComponentId id, RetryLoop retry, ExporterMeters meters, RunState state, ExporterLog log,
      LongSupplier nanoTime) {
    this.id = id;
    this.retry = retry;
    this.meters = meters;
    this.state = state;
    this.log = log;
    this.nanoTime = nanoTime;
  }

  /** Exports a non-empty batch of a signal the exporter takes, or throws why not. */
  void export(Batch batch) {
    if (!state.accepting() || !state.started()) {
      throw ConsumeException.retryable("exporter " + id + " is " + (state.started() ? "shutting down" : "not started"));
    }
    long left = RequestContext.current().timeLeftNanos();
    long drain = state.drainDeadline();
    long deadline = left == Long.MAX_VALUE ? drain : Math.min(drain, nanoTime.getAsLong() + left);
    RetryLoop.Outcome outcome;
    try {
      outcome = retry.send(List.of(batch.compact()), batch.itemCount(), deadline);
    } catch (RuntimeException | StackOverflowError e) {
      meters.dropped(batch.signal(), DropReason.UNEXPECTED_ERROR, batch.itemCount());
      log.error("exporter " + id + ": dropping " + batch.itemCount() + " " + ExporterLog.unit(batch.signal())
          + " after an unexpected error: " + e);
      throw ConsumeException.retryable("exporter " + id + " failed unexpectedly");
    }
    switch (outcome) {
      case SENT -> {
        // delivered
      }
      case DROPPED_PERMANENT -> throw ConsumeException.permanent("exporter " + id + ": the destination refused the "
          + "data permanently");
      default -> throw ConsumeException.retryable("exporter " + id + ": the destination did not take the data");
    }
  }
}
