package dev.relay.exporter;

import dev.relay.otlp.Signal;
import dev.relay.otlp.Batch;
import dev.relay.queue.ExportQueue;
import dev.relay.queue.QueueEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Merges what has queued up into one send, as the Collector's batcher: entries of one signal, up to {@code
 * max_size} spans (and the exporter's byte limit), waiting up to {@code flush_timeout} for {@code min_size}. One per
 * consumer thread: an entry that did not fit is carried over as the first of the next batch.
 */
final class Batcher {
  /** How long to wait for a batch while the sender has a backlog of its own to catch up on (Redis routes). */
  static final long BACKLOG_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  /** An idle wait's length: shutdown ends it earlier through {@link IdleWake}. */
  private static final long IDLE_WAIT_NANOS = TimeUnit.HOURS.toNanos(1);

  private final ExportQueue<Batch> queue;
  private final QueuedExporterSettings settings;
  private final RunState state;
  private final LongSupplier nanoTime;
  private final IdleWake wake = new IdleWake();
  private QueueEntry<Batch> carry;

  Batcher(ExportQueue<Batch> queue, QueuedExporterSettings settings, RunState state, LongSupplier nanoTime) {
    this.queue = queue;
    this.settings = settings;
    this.state = state;
    this.nanoTime = nanoTime;
  }

  /**
   * The entries to send together next; empty when none came: within a short poll while {@code backlog} (the sender
   * has work of its own), else when shutdown began. Interrupted while waiting for {@code min_size}, it returns what
   * it has with the thread's interrupt flag set.
   */
  List<QueueEntry<Batch>> next(boolean backlog) throws InterruptedException {
    QueueEntry<Batch> first = carry != null ? carry : queue.poll();
    carry = null;
    if (first == null) {
      first = backlog ? queue.poll(BACKLOG_POLL_NANOS, TimeUnit.NANOSECONDS) : waitIdle();
    }
    if (first == null) {
      return List.of();
    }
    List<QueueEntry<Batch>> merged = new ArrayList<>();
    merged.add(first);
    int maxSpans = settings.maxBatchSpans();
    int maxBytes = settings.maxBatchBytes();
    int spans = first.item().itemCount();
    Signal signal = first.item().signal();
    long bytes = maxBytes > 0 ? first.item().bytes().length : 0;
    long flushAt = nanoTime.getAsLong() + settings.flushTimeout().toNanos();
    while (spans < maxSpans) {
      QueueEntry<Batch> next = queue.poll();
      if (next == null && spans < settings.minBatchSpans() && state.accepting()) {
        long wait = flushAt - nanoTime.getAsLong();
        if (wait > 0) {
          try {
            next = queue.poll(wait, TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
      if (next == null) {
        break;
      }
      long nextBytes = maxBytes > 0 ? next.item().bytes().length : 0;
      if (next.item().signal() != signal || spans + next.item().itemCount() > maxSpans
          || (maxBytes > 0 && bytes + nextBytes > maxBytes)) {
        carry = next;
        break;
      }
      merged.add(next);
      spans += next.item().itemCount();
      bytes += nextBytes;
    }
    return merged;
  }

  private QueueEntry<Batch> waitIdle() throws InterruptedException {
    if (!wake.enter(state)) {
      return null;
    }
    try {
      QueueEntry<Batch> e = queue.poll(IDLE_WAIT_NANOS, TimeUnit.NANOSECONDS);
      wake.leave(false);
      return e;
    } catch (InterruptedException e) {
      wake.leave(true);
      if (state.stoppingNow()) {
        throw e;
      }
      return null; // woken by shutdown: the caller sees an empty batch and a relay that stopped accepting
    }
  }

  /** Ends this batcher's idle wait: shutdown began, or the sender has a backlog for its consumer to catch up on. */
  void wake() {
    wake.wake();
  }

  /** The entry taken but not yet sent (it did not fit the last batch), or null. */
  QueueEntry<Batch> carried() {
    return carry;
  }
}
