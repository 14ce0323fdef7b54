package dev.relay.processor.batch;

import dev.relay.component.ComponentId;
import dev.relay.component.LogsProcessor;
import dev.relay.component.MetricsProcessor;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.consumer.ConsumeException;
import dev.relay.consumer.Consumers;
import dev.relay.consumer.RequestContext;
import dev.relay.otlp.Batch;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.Signal;
import dev.relay.otlp.TracesBatch;
import dev.relay.processor.batch.BatchMeters.Loss;
import dev.relay.telemetry.ThrottlingLogger;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the requests of one pipeline together into batches, as the Collector's batch processor does: a batch is
 * handed on once it holds {@code send_batch_size} items, or {@code timeout} after its first request arrived.
 *
 * <p>The receiving thread appends its request under a lock (once per request, never per item). The thread whose
 * request fills a batch hands it on itself, so the processor holds at most one batch short of {@code
 * send_batch_size} and never refuses for want of room, and that thread also gets the outcome: a refusal from
 * further on (a full queue) reaches its client. One timer thread hands on the batches whose time is up. Merging
 * concatenates serialized requests ({@link PendingBatch}), so nothing is re-encoded.
 *
 * <p>When a merged batch is refused, the clients of its other requests were answered already: their items are
 * counted as lost ({@code reason="refused"}). So that a destination that refuses does not turn refusals into losses,
 * the processor then steps aside: each request goes on alone, on its own thread, so its own client sees the refusal
 * and retries, until one is accepted again.
 */
final class BatchProcessor implements TracesProcessor, LogsProcessor, MetricsProcessor {
  /**
   * A batch ends before it would pass this many serialized bytes, as the OTLP exporter's merges do: Tempo's default
   * gRPC receive limit is 4 MiB. One request alone may be larger; it goes on as it came.
   */
  static final int MAX_BATCH_BYTES = 4 * 1024 * 1024 - 64 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);

  private final ComponentId id;
  private final BatchConfig config;
  private final Signal signal;
  private final Consumers next;
  private final BatchMeters meters;
  private final ThrottlingLogger warnings = new ThrottlingLogger(LOG);
  private final long timeoutNanos;
  private final int maxItems;

  private final Object lock = new Object();
  /** Guarded by {@link #lock}, as are the three fields after it. */
  private PendingBatch pending = new PendingBatch();
  private ScheduledFuture<?> timer;
  private ScheduledThreadPoolExecutor scheduler;
  private boolean stopped;
  /** Set when a merged batch was refused with a retryable error: requests go on alone until one is accepted. */
  private volatile boolean stepAside;

  BatchProcessor(ComponentId id, BatchConfig config, Signal signal, Consumers next, TelemetrySettings telemetry) {
    this.id = id;
    this.config = config;
    this.signal = signal;
    this.next = next;
    this.meters = new BatchMeters(id, signal, telemetry.meterRegistry());
    this.timeoutNanos = config.timeout().toNanos();
    this.maxItems = config.sendBatchMaxSize() > 0 ? config.sendBatchMaxSize() : Integer.MAX_VALUE;
  }

  @Override
  public void consumeTraces(TracesBatch batch) {
    consume(batch);
  }

  @Override
  public void consumeLogs(LogsBatch batch) {
    consume(batch);
  }

  @Override
  public void consumeMetrics(MetricsBatch batch) {
    consume(batch);
  }

  private void consume(Batch batch) {
    if (batch.isEmpty()) {
      return;
    }
    if (config.immediate() || stepAside) {
      handOnAlone(batch);
      return;
    }
    int length = batch.bytes().length; // encoded once, outside the lock, for a batch built in the relay
    boolean alone;
    PendingBatch full = null;
    PendingBatch filled = null;
    synchronized (lock) {
      alone = stopped || scheduler == null; // not running: nothing is held, the request goes on alone
      if (!alone) {
        if (!pending.isEmpty() && (pending.items() + (long) batch.itemCount() > maxItems
            || pending.bytes() + length > MAX_BATCH_BYTES)) {
          full = take(); // the request does not fit: what is held goes on first
        }
        boolean first = pending.isEmpty();
        // Bytes only: a decoded or opened form, held for up to `timeout` for every request, would be several
        // times the size, and merging reads only the bytes.
        pending.add(batch.compact(), length);
        if (pending.items() >= config.sendBatchSize() || pending.bytes() >= MAX_BATCH_BYTES) {
          filled = take();
        } else if (first) {
          PendingBatch started = pending;
          timer = scheduler.schedule(() -> onTimeout(started), timeoutNanos, TimeUnit.NANOSECONDS);
        }
      }
    }
    if (alone) {
      handOnAlone(batch);
      return;
    }
    if (full != null) {
      handOn(full, true, null);
    }
    if (filled != null) {
      handOn(filled, true, batch);
    }
  }

  /** Takes what is held, leaving an empty batch and no timer. Called with the lock held. */
  private PendingBatch take() {
    PendingBatch taken = pending;
    pending = new PendingBatch();
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
    return taken;
  }

  /** On the timer thread: hands on {@code started} if it is still the batch being filled. */
  private void onTimeout(PendingBatch started) {
    PendingBatch due;
    synchronized (lock) {
      if (pending != started || pending.isEmpty()) {
        return; // it filled up and went on first
      }
      timer = null;
      due = take();
    }
    try {
      handOn(due, false, null);
    } catch (RuntimeException e) {
      // handOn rethrows only a failure that concerns the calling thread's own request, and here there is none
      LOG.warn("processor {}: handing on a batch failed: {}", id, e.toString());
    }
  }

  /**
   * Hands a merged batch on. On failure, the items of requests other than {@code own} (whose clients had their
   * answer) are counted as lost, and the failure is rethrown when {@code own} was part of the batch, so that its
   * client sees it. {@code own} is the calling client's request when it filled this batch (null for a full or due
   * one).
   */
  private void handOn(PendingBatch batch, boolean bySize, Batch own) {
    try {
      next.consume(batch.merge(signal));
      meters.sent(bySize, batch.items());
      if (stepAside) {
        stepAside = false;
      }
    } catch (RuntimeException e) {
      boolean ownInside = own != null; // the caller's request is the last one of a batch it filled
      long lost = batch.items() - (ownInside ? own.itemCount() : 0);
      boolean retryable = e instanceof ConsumeException ce && ce.retryable();
      if (lost > 0) {
        meters.lost(Loss.REFUSED, lost);
        warnings.warn("processor " + id + ": a batch of " + batch.items() + " " + unit() + " was refused further"
            + " on (" + e.getMessage() + "); " + lost + " of them, whose clients had been answered, are lost"
            + (retryable ? "; requests go on one by one until one is accepted" : ""));
      }
      if (retryable) {
        stepAside = true;
      }
      if (ownInside) {
        throw e;
      }
    }
  }

  /** Hands one request on as it came, on the caller's thread, which gets the outcome. */
  private void handOnAlone(Batch batch) {
    next.consume(batch);
    meters.sent(true, batch.itemCount());
    if (stepAside) {
      stepAside = false;
    }
  }

  @Override
  public void start() {
    if (!config.metadataKeys().isEmpty()) {
      LOG.info("processor {}: metadata_keys {} accepted, but Relay has no client metadata yet: all {} share one"
          + " batch, as a Collector's would when no client sends those keys", id, config.metadataKeys(), unit());
    }
    if (config.immediate()) {
      LOG.info("processor {}: timeout or send_batch_size is 0: {} go on as they come, requests never split", id,
          unit());
      return;
    }
    LOG.info("processor {}: {} go on in batches of {}{} or after {}; requests are put together without being"
        + " re-encoded and never split, and a batch ends before 4 MiB", id, unit(), config.sendBatchSize(),
        config.sendBatchMaxSize() > 0 ? " (at most " + config.sendBatchMaxSize() + " unless one request is larger)"
            : "", config.timeout());
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "relay-batch-" + id + "-" + signal.configName());
      t.setDaemon(true);
      return t;
    });
    s.setRemoveOnCancelPolicy(true);
    s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    synchronized (lock) {
      scheduler = s;
    }
  }

  /**
   * Hands on what is held, on the calling thread and within {@code timeout} (an exporter waits for queue space no
   * longer), and counts it as lost if it is refused; then waits, within the same time, for a batch the timer thread
   * is handing on. Requests that arrive after this go on alone.
   */
  @Override
  public void shutdown(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    PendingBatch left;
    ScheduledThreadPoolExecutor s;
    synchronized (lock) {
      stopped = true;
      left = take();
      s = scheduler;
    }
    if (s != null) {
      s.shutdown();
    }
    if (!left.isEmpty()) {
      try (RequestContext.Scope ignored = RequestContext.EMPTY.withDeadlineIn(timeout.toNanos()).makeCurrent()) {
        next.consume(left.merge(signal));
        meters.sent(false, left.items());
      } catch (RuntimeException e) {
        meters.lost(Loss.SHUTDOWN, left.items());
        LOG.warn("processor {}: {} {} held at shutdown could not be handed on: {}", id, left.items(), unit(),
            e.getMessage());
      }
    }
    if (s != null) {
      try {
        // A timer hand-on still running is waiting on the exporters; they are stopped next, which ends it. Waiting
        // for it here could take the whole drain time from them.
        long wait = Math.min(Math.max(0, deadline - System.nanoTime()), TimeUnit.SECONDS.toNanos(1));
        s.awaitTermination(wait, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private String unit() {
    return switch (signal) {
      case TRACES -> "spans";
      case LOGS -> "log records";
      case METRICS -> "data points";
    };
  }

  @Override
  public String describe() {
    return config.immediate() ? "batch: none (timeout or send_batch_size is 0)"
        : "batch: " + config.sendBatchSize() + " " + unit() + " or " + config.timeout();
  }
}
