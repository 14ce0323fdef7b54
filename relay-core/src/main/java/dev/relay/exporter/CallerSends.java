package dev.relay.exporter;

import dev.relay.component.ComponentId;
import dev.relay.otlp.Batch;
import dev.relay.queue.ExportQueue;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets the receiving thread send a batch itself, skipping the queue, while the queue is empty and no consumer is
 * delivering: a hand-off to a consumer thread is a wake-up (and, for a consumer that waits for the answer, a second
 * one), and on a machine of few cores that is much of a small request's cost and latency. Only for a sender that
 * {@link BatchSender#neverWaits never waits}, with an in-memory queue that neither blocks nor waits to batch.
 *
 * <p>With one consumer (the {@code redis} exporter) the sender is used by one thread at a time and in order: the
 * caller sends only if it gets the lock at once and nothing admitted earlier is undelivered, and a consumer takes
 * the lock around each use. With more, as many callers may send at once as there are consumers, as the consumers
 * would. The caller's send is the first attempt: a retryable failure puts the batch in the queue, where a consumer
 * retries it as configured; what cannot be delivered is counted as dropped.
 */
final class CallerSends {
  /** Larger batches go through the queue: compressing them would hold the receiving thread too long. */
  static final int MAX_BYTES = 256 * 1024;

  private final ComponentId id;
  private final BatchSender sender;
  private final QueuedExporterSettings settings;
  private final ExporterMeters meters;
  private final RunState state;
  private final ExporterLog log;
  private final Supplier<ExportQueue<Batch>> queue;
  private final boolean enabled;
  private final boolean exclusive;
  private final ReentrantLock sending = new ReentrantLock();
  /** Batches admitted to the queue and not yet delivered or dropped by a consumer. */
  private final AtomicInteger undelivered = new AtomicInteger();
  /** Callers' sends not yet answered. */
  private final AtomicInteger inFlight = new AtomicInteger();

  CallerSends(ComponentId id, BatchSender sender, QueuedExporterSettings settings, ExporterMeters meters,
      RunState state, ExporterLog log, Supplier<ExportQueue<Batch>> queue) {
    this.id = id;
    this.sender = sender;
    this.settings = settings;
    this.meters = meters;
    this.state = state;
    this.log = log;
    this.queue = queue;
    this.enabled = applies(sender, settings);
    this.exclusive = settings.numConsumers() == 1;
  }

  /** Whether an exporter with this sender and these settings lets the caller send. */
  static boolean applies(BatchSender sender, QueuedExporterSettings settings) {
    return sender.neverWaits() && settings.queueEnabled() && settings.storage() == null
        && !settings.blockOnOverflow() && settings.minBatchSpans() == 0;
  }

  /**
   * Sends {@code batch} on this thread if nothing is queued or being delivered; false when the caller must queue
   * it instead. Once it returns true the batch is the exporter's: delivered, queued again for a retry, or counted.
   */
  boolean trySend(Batch batch) {
    if (!enabled || undelivered.get() != 0 || batch.bytes().length > MAX_BYTES) {
      return false;
    }
    if (exclusive) {
      if (!sending.tryLock()) {
        return false;
      }
      try {
        return mayStart() && start(batch);
      } finally {
        sending.unlock();
      }
    }
    return mayStart() && start(batch);
  }

  private boolean mayStart() {
    return undelivered.get() == 0 && state.accepting() && state.started();
  }

  private boolean start(Batch batch) {
    int n = inFlight.incrementAndGet();
    if (n > settings.numConsumers()) {
      inFlight.decrementAndGet();
      return false;
    }
    Batch compact = batch.compact();
    CompletableFuture<Void> sent;
    try {
      sent = sender.send(List.of(compact), settings.timeout());
    } catch (RuntimeException | StackOverflowError e) {
      sent = CompletableFuture.failedFuture(ExportException.permanent("sender failed: " + e, e));
    }
    sent.whenComplete((ok, error) -> {
      try {
        if (error == null) {
          meters.sent(compact.signal(), compact.itemCount());
        } else {
          failed(compact, RetryLoop.classify(error));
        }
      } finally {
        inFlight.decrementAndGet();
      }
    });
    return true;
  }

  /** The first attempt failed: a consumer retries it if the policy allows and the queue takes it; else counted. */
  private void failed(Batch batch, ExportException failure) {
    int items = batch.itemCount();
    if (!failure.retryable() || !settings.retry().enabled()) {
      RetryLoop.drop(id, batch.signal(), items, failure, meters, log);
      return;
    }
    ExportQueue<Batch> q = queue.get();
    if (!state.accepting() || q == null) {
      meters.dropped(batch.signal(), DropReason.SHUTDOWN, items);
      return;
    }
    queuing();
    if (q.offer(batch)) {
      meters.retried();
      return;
    }
    notQueued();
    meters.dropped(batch.signal(), DropReason.QUEUE_FULL, items);
    log.warn("exporter " + id + ": dropping " + items + " " + ExporterLog.unit(batch.signal()) + " that failed ("
        + failure.getMessage() + "): the sending queue is full, so it cannot be retried");
  }

  /** Waits, until {@code deadline} (a {@code nanoTime}), for the callers' sends to be answered. */
  void awaitAnswers(long deadline) {
    while (inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // only at shutdown
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
   * Taken by the one consumer (and by shutdown) around each use of the sender; waits while a caller is sending.
   * Nothing to take where consumers share the sender anyway.
   */
  void lock() {
    if (enabled && exclusive) {
      sending.lock();
    }
  }

  void unlock() {
    if (enabled && exclusive) {
      sending.unlock();
    }
  }
}
