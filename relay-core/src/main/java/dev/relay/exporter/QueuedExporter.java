package dev.relay.exporter;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesExporter;
import dev.relay.consumer.ConsumeException;
import dev.relay.otlp.TracesBatch;
import dev.relay.queue.MemoryQueue;
import dev.relay.telemetry.Meters;
import dev.relay.telemetry.ThrottlingLogger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exporter made of a bounded queue, consumer threads and a {@link BatchSender}. Receivers only ever enqueue, so a
 * slow or dead destination never blocks them or another exporter. Consumers merge what has queued up (within the
 * batch limits) into one send, and retry retryable failures with backoff.
 */
public final class QueuedExporter implements TracesExporter {
  private static final Logger LOG = LoggerFactory.getLogger(QueuedExporter.class);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** What to do when the queue is full. */
  public enum WhenFull {
    /** Refuse the batch with a retryable error, so the client sends it again later. */
    REJECT,
    /** Accept and drop the batch, counting it: for best-effort destinations. */
    DROP
  }

  /** What a queue's size counts, as the Collector's {@code sending_queue.sizer}. */
  public enum Sizer {
    REQUESTS,
    ITEMS,
    BYTES
  }

  /**
   * Queue, batching, timeout and retry settings; checked when built. {@code maxQueuedBytes} guards memory whatever
   * the sizer counts.
   */
  public record Settings(
      Sizer sizer,
      long queueSize,
      long maxQueuedBytes,
      int numConsumers,
      WhenFull whenFull,
      RetryPolicy retry,
      Duration timeout,
      int maxBatchSpans,
      int maxBatchBytes) {
    public Settings {
      Objects.requireNonNull(sizer, "sizer");
      if (queueSize < 1) {
        throw new IllegalArgumentException("queue_size must be at least 1");
      }
      if (maxQueuedBytes < 1) {
        throw new IllegalArgumentException("maxQueuedBytes must be at least 1");
      }
      if (numConsumers < 1) {
        throw new IllegalArgumentException("num_consumers must be at least 1");
      }
      Objects.requireNonNull(whenFull, "whenFull");
      Objects.requireNonNull(retry, "retry");
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      if (maxBatchSpans < 1) {
        throw new IllegalArgumentException("maxBatchSpans must be at least 1");
      }
    }
  }

  private final ComponentId id;
  private final BatchSender sender;
  private final Settings settings;
  private final MemoryQueue<TracesBatch> queue;
  private final Sleeper sleeper;
  private final LongSupplier nanoTime;
  private final ThrottlingLogger throttled;
  private final List<Thread> workers = new ArrayList<>();
  private final Counter sent;
  private final Counter sendFailed;
  private final Counter enqueueFailed;
  private final Counter retries;

  private volatile boolean accepting = true;
  private volatile boolean stopNow;
  private volatile long drainDeadline = Long.MAX_VALUE;

  /** A default memory guard for one exporter's queue: a quarter of the heap. */
  public static long defaultMaxQueuedBytes() {
    return Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 4);
  }

  public QueuedExporter(ComponentId id, BatchSender sender, Settings settings, TelemetrySettings telemetry) {
    this(id, sender, settings, telemetry, Sleeper.SYSTEM, System::nanoTime);
  }

  public QueuedExporter(
      ComponentId id,
      BatchSender sender,
      Settings settings,
      TelemetrySettings telemetry,
      Sleeper sleeper,
      LongSupplier nanoTime) {
    this.id = Objects.requireNonNull(id, "id");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    ToLongFunction<TracesBatch> weigher = switch (settings.sizer()) {
      case REQUESTS -> b -> 1;
      case ITEMS -> TracesBatch::spanCount;
      case BYTES -> b -> b.bytes().length;
    };
    // Queued batches are compacted to their bytes, so bytes().length is what they hold in memory.
    this.queue = new MemoryQueue<>(settings.queueSize(), weigher, settings.maxQueuedBytes(), b -> b.bytes().length);
    this.throttled = new ThrottlingLogger(LOG);
    var registry = telemetry.meterRegistry();
    String tag = id.toString();
    this.sent = Meters.counter(registry, Meters.EXPORTER_SENT_SPANS, "exporter", tag);
    this.sendFailed = Meters.counter(registry, Meters.EXPORTER_SEND_FAILED_SPANS, "exporter", tag);
    this.enqueueFailed = Meters.counter(registry, Meters.EXPORTER_ENQUEUE_FAILED_SPANS, "exporter", tag);
    this.retries = Meters.counter(registry, Meters.EXPORTER_RETRIES, "exporter", tag);
    // Both in the sizer's unit (requests, items or bytes), so that size / capacity is the fill ratio.
    Gauge.builder(Meters.EXPORTER_QUEUE_SIZE, queue, MemoryQueue::used).tag("exporter", tag).register(registry);
    Gauge.builder(Meters.EXPORTER_QUEUE_CAPACITY, settings, Settings::queueSize).tag("exporter", tag)
        .register(registry);
  }

  @Override
  public void consumeTraces(TracesBatch batch) {
    if (batch.isEmpty()) {
      return;
    }
    if (!accepting) {
      throw ConsumeException.retryable("exporter " + id + " is shutting down");
    }
    if (queue.offer(batch.compact())) {
      return;
    }
    enqueueFailed.increment(batch.spanCount());
    if (settings.whenFull() == WhenFull.REJECT) {
      throw ConsumeException.retryable("sending queue of exporter " + id + " is full");
    }
    throttled.warn("exporter " + id + ": sending queue is full (" + settings.queueSize() + " "
        + settings.sizer().name().toLowerCase(java.util.Locale.ROOT) + ", or its memory guard of "
        + settings.maxQueuedBytes() + " bytes); dropping "
        + batch.spanCount() + " spans");
  }

  @Override
  public void start() throws Exception {
    sender.start();
    for (int i = 0; i < settings.numConsumers(); i++) {
      Thread t = new Thread(this::work, "relay-exporter-" + id + "-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  @Override
  public void shutdown(Duration timeout) {
    accepting = false;
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    drainDeadline = deadline;
    for (Thread t : workers) {
      long left = deadline - nanoTime.getAsLong();
      try {
        if (left > 0) {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    stopNow = true;
    for (Thread t : workers) {
      t.interrupt();
    }
    for (Thread t : workers) {
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    long left = 0;
    List<TracesBatch> rest = new ArrayList<>();
    queue.drainTo(rest, Integer.MAX_VALUE);
    for (TracesBatch b : rest) {
      left += b.spanCount();
    }
    if (left > 0) {
      sendFailed.increment(left);
      LOG.warn("exporter {}: shutdown timeout reached; {} queued spans were not delivered", id, left);
    }
    sender.shutdown(Duration.ofNanos(Math.max(0, deadline - nanoTime.getAsLong())));
  }

  @Override
  public String describe() {
    return sender.describe();
  }

  @Override
  public String state() {
    return sender.state();
  }

  /** Spans waiting in the queue (for tests and the admin view). */
  public int queuedRequests() {
    return queue.size();
  }

  private void work() {
    List<TracesBatch> pending = new ArrayList<>();
    TracesBatch carry = null;
    while (!stopNow) {
      TracesBatch first;
      try {
        first = carry != null ? carry : queue.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        break;
      }
      carry = null;
      if (first == null) {
        sender.idle();
        if (!accepting) {
          return;
        }
        continue;
      }
      pending.clear();
      pending.add(first);
      int spans = first.spanCount();
      long bytes = settings.maxBatchBytes() > 0 ? first.bytes().length : 0;
      while (spans < settings.maxBatchSpans()) {
        TracesBatch next = queue.poll();
        if (next == null) {
          break;
        }
        long nextBytes = settings.maxBatchBytes() > 0 ? next.bytes().length : 0;
        if (spans + next.spanCount() > settings.maxBatchSpans()
            || (settings.maxBatchBytes() > 0 && bytes + nextBytes > settings.maxBatchBytes())) {
          carry = next;
          break;
        }
        pending.add(next);
        spans += next.spanCount();
        bytes += nextBytes;
      }
      try {
        sendWithRetry(pending, spans);
      } catch (RuntimeException | StackOverflowError e) {
        // A bug must cost this batch, not the consumer thread: the queue would stop draining for good.
        sendFailed.increment(spans);
        throttled.error("exporter " + id + ": dropping " + spans + " spans after an unexpected error: " + e);
      }
    }
    if (carry != null) {
      sendFailed.increment(carry.spanCount());
    }
  }

  private void sendWithRetry(List<TracesBatch> batches, int spans) {
    long start = nanoTime.getAsLong();
    RetryPolicy retry = settings.retry();
    for (int attempt = 1; ; attempt++) {
      ExportException failure;
      try {
        sender.send(batches, settings.timeout())
            .get(settings.timeout().toNanos() * 2 + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        sent.increment(spans);
        return;
      } catch (InterruptedException e) {
        sendFailed.increment(spans);
        Thread.currentThread().interrupt();
        return;
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
        // One client's bad request must not cost the others theirs: send the merged batches one by one.
        for (TracesBatch b : batches) {
          sendWithRetry(List.of(b), b.spanCount());
        }
        return;
      }
      if (!failure.retryable() || !retry.enabled()) {
        sendFailed.increment(spans);
        throttled.warn("exporter " + id + ": dropping " + spans + " spans after a "
            + (failure.retryable() ? "failure (retry disabled)" : "permanent failure") + ": " + failure.getMessage());
        return;
      }
      long wait = retry.backoffNanos(attempt, () -> ThreadLocalRandom.current().nextDouble());
      if (failure.retryAfter() != null) {
        wait = Math.max(wait, failure.retryAfter().toNanos());
      }
      long now = nanoTime.getAsLong();
      boolean elapsed = !retry.maxElapsedTime().isZero() && now - start + wait > retry.maxElapsedTime().toNanos();
      if (elapsed || stopNow || now + wait > drainDeadline) {
        sendFailed.increment(spans);
        throttled.warn("exporter " + id + ": dropping " + spans + " spans after " + attempt + " attempts"
            + (elapsed ? " (max_elapsed_time reached)" : " (shutting down)") + ": " + failure.getMessage());
        return;
      }
      throttled.warn("exporter " + id + ": send failed, retrying in " + TimeUnit.NANOSECONDS.toMillis(wait)
          + " ms: " + failure.getMessage());
      retries.increment();
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        sendFailed.increment(spans);
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
