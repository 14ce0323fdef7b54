package dev.relay.exporter;

import dev.relay.otlp.Batch;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets the receiving thread send a batch itself, skipping the queue, when the queue is empty and no consumer is
 * delivering: a hand-off to a consumer thread is a wake-up, and on a machine of few cores it is most of a small
 * request's latency. Only for a sender that {@link BatchSender#neverWaits never waits}, in an exporter with one
 * consumer that neither retries (a retry would sleep on the caller's thread) nor waits to batch, and for batches
 * of at most {@link #MAX_BYTES}.
 *
 * <p>Order is kept: a batch goes past the queue only while nothing admitted earlier is still undelivered, and the
 * sender is used by one thread at a time (the caller only when it gets the lock at once; a consumer waits for it).
 */
final class CallerSends {
  private final BatchSender sender;
  private final boolean enabled;
  private final RetryLoop retry;
  private final ExporterMeters meters;
  private final RunState state;
  private final Runnable wakeConsumer;
  private final ReentrantLock sending = new ReentrantLock();
  /** Batches admitted to the queue and not yet delivered or dropped by a consumer. */
  private final AtomicInteger undelivered = new AtomicInteger();

  /** Where the caller may not send at all ({@link #applies}), every method does nothing. */
  CallerSends(BatchSender sender, QueuedExporterSettings settings, RetryLoop retry, ExporterMeters meters,
      RunState state, Runnable wakeConsumer) {
    this.sender = sender;
    this.enabled = applies(sender, settings);
    this.retry = retry;
    this.meters = meters;
    this.state = state;
    this.wakeConsumer = wakeConsumer;
  }

  /** Larger batches go through the queue: routing and rendering them would hold the receiving thread too long. */
  static final int MAX_BYTES = 256 * 1024;

  /**
   * Whether an exporter with this sender and these settings may send on the caller's thread: one consumer (whose
   * order the caller keeps), an in-memory queue that never blocks, no retry, no waiting to batch.
   */
  static boolean applies(BatchSender sender, QueuedExporterSettings settings) {
    return sender.neverWaits() && settings.queueEnabled() && settings.storage() == null
        && !settings.blockOnOverflow() && settings.numConsumers() == 1 && !settings.retry().enabled()
        && settings.minBatchSpans() == 0;
  }

  /**
   * Sends {@code batch} on this thread if nothing is queued or being delivered and no other thread is sending;
   * false when the caller must queue it instead. What the send drops is counted as a consumer's send would count it;
   * a backlog the send leaves in the sender wakes the consumer.
   */
  boolean trySend(Batch batch) {
    if (!enabled || undelivered.get() != 0 || batch.bytes().length > MAX_BYTES || !sending.tryLock()) {
      return false;
    }
    try {
      if (undelivered.get() != 0 || !state.accepting() || !state.started()) {
        return false;
      }
      send(batch.compact());
      if (sender.hasBacklog()) {
        // The sender holds work of its own now (e.g. replies due): the idle consumer must come and catch up.
        wakeConsumer.run();
      }
      return true;
    } finally {
      sending.unlock();
    }
  }

  /** As a consumer sends: what is dropped, even by a bug, is counted, and the caller is not failed for it. */
  private void send(Batch batch) {
    int items = batch.itemCount();
    if (retry.sendGuarded(List.of(batch), items, state.drainDeadline()) == RetryLoop.Outcome.ABANDONED) {
      meters.dropped(batch.signal(), DropReason.SHUTDOWN, items);
    }
  }

  /** Called before a batch is offered to the queue; {@link #delivered} or {@link #notQueued} must follow. */
  void queuing() {
    if (enabled) {
      undelivered.incrementAndGet();
    }
  }

  /** The offered batch did not go into the queue (full, refused). */
  void notQueued() {
    if (enabled) {
      undelivered.decrementAndGet();
    }
  }

  /** A consumer is done with {@code batches} queued batches: delivered, or dropped and counted. */
  void delivered(int batches) {
    if (enabled) {
      undelivered.addAndGet(-batches);
    }
  }

  /**
   * Taken by a consumer (or shutdown) around each use of the sender; waits while a caller is sending. Nothing to
   * take where callers never send: consumers of other exporters use their sender concurrently.
   */
  void lock() {
    if (enabled) {
      sending.lock();
    }
  }

  void unlock() {
    if (enabled) {
      sending.unlock();
    }
  }
}
