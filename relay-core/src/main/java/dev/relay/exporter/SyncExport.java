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
  private final RunState state;
  private final LongSupplier nanoTime;

  SyncExport(ComponentId id, RetryLoop retry, RunState state, LongSupplier nanoTime) {
    this.id = id;
    this.retry = retry;
    this.state = state;
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
    RetryLoop.Outcome outcome = retry.sendGuarded(List.of(batch.compact()), batch.itemCount(), deadline);
    switch (outcome) {
      case SENT -> {
        // delivered
      }
      case DROPPED_PERMANENT -> throw ConsumeException.permanent("exporter " + id + ": the destination refused the "
          + "data permanently");
      case FAILED_UNEXPECTEDLY -> throw ConsumeException.retryable("exporter " + id + " failed unexpectedly");
      default -> throw ConsumeException.retryable("exporter " + id + ": the destination did not take the data");
    }
  }
}
