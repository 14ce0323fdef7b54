package dev.relay.exporter;

import dev.relay.component.ComponentId;
import dev.relay.otlp.Signal;
import dev.relay.otlp.Batch;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Sends batches with the per-attempt timeout, retrying retryable failures with the {@link RetryPolicy}'s jittered
 * backoff, or after the delay the peer asked for ({@code RetryInfo}) when that is longer, until {@code
 * max_elapsed_time} or the deadline. What it gives up on is counted as dropped, by reason, and logged. The sleeper
 * and clock are injected, so tests never really sleep.
 */
final class RetryLoop {
  /** What became of an attempt to deliver some batches. */
  enum Outcome {
    /** Delivered. */
    SENT,
    /** Dropped for good (and counted) after a permanent failure: what a synchronous export reports as permanent. */
    DROPPED_PERMANENT,
    /** Dropped (and counted) after retryable failures: what a synchronous export reports as retryable. */
    DROPPED_RETRYABLE,
    /** A merged send failed permanently: send the batches one by one. Not counted. */
    SPLIT,
    /** Given up because the exporter is stopping: a persistent queue keeps the batches. Not counted. */
    ABANDONED,
    /** Dropped (and counted, and logged) after a bug: something on the way threw. */
    FAILED_UNEXPECTEDLY
  }

  private final ComponentId id;
  private final BatchSender sender;
  private final QueuedExporterSettings settings;
  private final ExporterMeters meters;
  private final RunState state;
  private final ExporterLog log;
  private final Sleeper sleeper;
  private final LongSupplier nanoTime;

  RetryLoop(ComponentId id, BatchSender sender, QueuedExporterSettings settings, ExporterMeters meters,
      RunState state, ExporterLog log, Sleeper sleeper, LongSupplier nanoTime) {
    this.id = id;
    this.sender = sender;
    this.settings = settings;
    this.meters = meters;
    this.state = state;
    this.log = log;
    this.sleeper = sleeper;
    this.nanoTime = nanoTime;
  }

  /**
   * {@link #send}, where a bug (anything thrown on the way) costs these batches, counted and logged, and not the
   * calling thread: a consumer thread that died would leave its queue undrained for good.
   */
  Outcome sendGuarded(List<Batch> batches, int items, long deadline) {
    try {
      return send(batches, items, deadline);
    } catch (RuntimeException | StackOverflowError e) {
      Signal signal = batches.get(0).signal();
      meters.dropped(signal, DropReason.UNEXPECTED_ERROR, items);
      log.error("exporter " + id + ": dropping " + items + " " + ExporterLog.unit(signal)
          + " after an unexpected error: " + e);
      return Outcome.FAILED_UNEXPECTEDLY;
    }
  }

  /**
   * Sends {@code batches} (all of one signal, {@code items} in all) until delivered, dropped, or abandoned because
   * the exporter stops or the next try would start after {@code deadline} (a {@code nanoTime}).
   */
  Outcome send(List<Batch> batches, int items, long deadline) {
    Signal signal = batches.get(0).signal();
    String what = items + " " + ExporterLog.unit(signal);
    long start = nanoTime.getAsLong();
    RetryPolicy retry = settings.retry();
    for (int attempt = 1; ; attempt++) {
      ExportException failure;
      try {
        sender.send(batches, settings.timeout())
            .get(settings.timeout().toNanos() * 2 + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        meters.sent(signal, items);
        return Outcome.SENT;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.ABANDONED;
      } catch (TimeoutException e) {
        failure = ExportException.retryable("no answer within " + settings.timeout(), e, null);
      } catch (ExecutionException e) {
        failure = e.getCause() instanceof ExportException ee
            ? ee
            : ExportException.retryable(String.valueOf(e.getCause()), e.getCause(), null);
      } catch (RuntimeException e) {
        failure = ExportException.permanent("sender failed: " + e, e);
      }
      if (!failure.retryable() && batches.size() > 1) {
        return Outcome.SPLIT;
      }
      if (!failure.retryable() || !retry.enabled()) {
        meters.dropped(signal, failure.retryable() ? DropReason.RETRY_DISABLED : DropReason.PERMANENT_ERROR, items);
        log.warn("exporter " + id + ": dropping " + what + " after a "
            + (failure.retryable() ? "failure (retry disabled)" : "permanent failure") + ": " + failure.getMessage());
        return failure.retryable() ? Outcome.DROPPED_RETRYABLE : Outcome.DROPPED_PERMANENT;
      }
      long wait = retry.backoffNanos(attempt, () -> ThreadLocalRandom.current().nextDouble());
      if (failure.retryAfter() != null) {
        wait = Math.max(wait, failure.retryAfter().toNanos());
      }
      long now = nanoTime.getAsLong();
      boolean elapsed = !retry.maxElapsedTime().isZero() && now - start + wait > retry.maxElapsedTime().toNanos();
      if (elapsed) {
        meters.dropped(signal, DropReason.RETRIES_EXHAUSTED, items);
        log.warn("exporter " + id + ": dropping " + what + " after " + attempt
            + " attempts (max_elapsed_time reached): " + failure.getMessage());
        return Outcome.DROPPED_RETRYABLE;
      }
      if (state.stoppingNow() || now + wait > deadline) {
        log.warn("exporter " + id + ": giving up on " + what + " after " + attempt
            + " attempts (shutting down): " + failure.getMessage());
        return Outcome.ABANDONED;
      }
      log.warn("exporter " + id + ": send failed, retrying in " + TimeUnit.NANOSECONDS.toMillis(wait)
          + " ms: " + failure.getMessage());
      meters.retried();
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.ABANDONED;
      }
    }
  }
}
