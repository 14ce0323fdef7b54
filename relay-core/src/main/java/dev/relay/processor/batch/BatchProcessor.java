package dev.relay.processor.batch;

import dev.relay.consumer.Capabilities;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the requests of one pipeline together into batches, as the Collector's batch processor does: a batch is
 * handed on once it holds {@code send_batch_size} items, or {@code timeout} after its first request arrived, and a
 * batch above {@code send_batch_max_size} is split, the rest (below {@code send_batch_size}) held for the next one.
 * With {@code metadata_keys}, each distinct combination of the client's values for them has a batcher of its own.
 *
 * <p>The receiving thread appends its request under a lock (once per request, never per item). The thread whose
 * request fills a batch hands it on itself, outside the lock, so the processor holds less than {@code
 * send_batch_size} per batcher and never refuses for want of room, and that thread gets the outcome ({@link
 * BatchHandOn}). One timer thread hands on the batches whose time is up, waiting for the exporters at most {@link
 * #TIMER_HAND_ON_LIMIT}. Merging concatenates serialized requests ({@link PendingBatch}); only splitting decodes.
 */
final class BatchProcessor implements TracesProcessor, LogsProcessor, MetricsProcessor {
  /**
   * A batch ends before it would pass this many serialized bytes, as the OTLP exporter's merges do: Tempo's default
   * gRPC receive limit is 4 MiB. One request alone may be larger; it goes on as it came.
   */
  static final int MAX_BATCH_BYTES = 4 * 1024 * 1024 - 64 * 1024;
  /**
   * The longest the timer thread waits for the exporters to take a due batch (queue space, or a synchronous export):
   * as long as an OpenTelemetry SDK waits for a relay by default. A stuck destination cannot stall the timer longer.
   */
  static final Duration TIMER_HAND_ON_LIMIT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);

  private final ComponentId id;
  private final BatchConfig config;
  private final Signal signal;
  private final BatchHandOn handOn;
  private final long timeoutNanos;
  private final int maxItems;

  private final Object lock = new Object();
  /** Guarded by {@link #lock}, as are the two fields after it; shards are never removed, as in the Collector. */
  private final Map<List<List<String>>, Shard> shards = new LinkedHashMap<>();
  private ScheduledThreadPoolExecutor scheduler;
  private boolean stopped;

  BatchProcessor(ComponentId id, BatchConfig config, Signal signal, Consumers next, TelemetrySettings telemetry) {
    this.id = id;
    this.config = config;
    this.signal = signal;
    this.timeoutNanos = config.timeout().toNanos();
    this.maxItems = config.sendBatchMaxSize() > 0 ? config.sendBatchMaxSize() : Integer.MAX_VALUE;
    BatchMeters meters = new BatchMeters(id, signal, telemetry.meterRegistry(), this::batchers);
    this.handOn = new BatchHandOn(id, signal, next, meters, config.sendBatchMaxSize());
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
    if (config.immediate() || handOn.steppingAside()) {
      handOn.alone(batch);
      return;
    }
    List<List<String>> key = shardKey();
    int length = batch.bytes().length; // encoded once, outside the lock, for a batch built in the relay
    boolean alone;
    boolean tooMany = false;
    PendingBatch full = null;
    PendingBatch filled = null;
    synchronized (lock) {
      alone = stopped || scheduler == null; // not running: nothing is held, the request goes on alone
      Shard shard = alone ? null : shards.get(key);
      if (!alone && shard == null) {
        tooMany = config.metadataCardinalityLimit() > 0 && shards.size() >= config.metadataCardinalityLimit();
        if (!tooMany) {
          shard = new Shard(key);
          shards.put(key, shard);
        }
      }
      if (shard != null) {
        PendingBatch pending = shard.pending;
        if (!pending.isEmpty() && pending.bytes() + length > MAX_BATCH_BYTES) {
          full = shard.take(); // the request does not fit: what is held goes on first
        }
        boolean first = shard.pending.isEmpty();
        // Bytes only: a decoded or opened form, held for up to `timeout` for every request, would be several
        // times the size, and merging reads only the bytes.
        shard.pending.add(batch.compact(), length, System.nanoTime());
        if (isFull(shard.pending)) {
          filled = shard.take();
        } else if (first) {
          schedule(shard, timeoutNanos);
        }
      }
    }
    if (tooMany) {
      // As the Collector: a permanent error, so the client does not retry what can never be batched.
      throw ConsumeException.permanent("processor " + id + ": too many batcher metadata-value combinations"
          + " (metadata_cardinality_limit " + config.metadataCardinalityLimit() + ")");
    }
    if (alone) {
      handOn.alone(batch);
      return;
    }
    if (full != null) {
      handOn.merged(full.merge(signal), true, 0); // below send_batch_size, so below send_batch_max_size too
    }
    if (filled != null) {
      handOnFilled(key, filled, batch.itemCount());
    }
  }

  private boolean isFull(PendingBatch pending) {
    return pending.items() >= config.sendBatchSize() || pending.bytes() >= MAX_BATCH_BYTES;
  }

  /** The caller's values for {@code metadata_keys}, one list per key; empty without metadata_keys. */
  private List<List<String>> shardKey() {
    if (config.metadataKeys().isEmpty()) {
      return List.of();
    }
    RequestContext context = RequestContext.current();
    List<List<String>> key = new ArrayList<>(config.metadataKeys().size());
    for (String k : config.metadataKeys()) {
      key.add(context.metadata(k));
    }
    return List.copyOf(key);
  }

  /**
   * Hands on a batch that reached {@code send_batch_size}, whose last {@code ownItems} items are the caller's: whole
   * when it is no larger than {@code send_batch_max_size}, else in parts of that size, the rest held back when it is
   * below {@code send_batch_size}, as the Collector does. The caller gets the first refusal of a part holding its
   * items.
   */
  private void handOnFilled(List<List<String>> key, PendingBatch filled, int ownItems) {
    Batch merged = filled.merge(signal);
    if (filled.items() <= maxItems) {
      handOn.merged(merged, true, ownItems);
      return;
    }
    List<Batch> parts = BatchSplitter.split(merged, maxItems);
    Batch rest = parts.get(parts.size() - 1);
    boolean hold = rest.itemCount() < config.sendBatchSize();
    int ownFrom = filled.items() - ownItems;
    RuntimeException refusal = null;
    int at = 0;
    for (Batch part : hold ? parts.subList(0, parts.size() - 1) : parts) {
      int end = at + part.itemCount();
      int own = Math.max(0, end - Math.max(at, ownFrom));
      try {
        handOn.merged(part, true, own);
      } catch (RuntimeException e) {
        refusal = refusal == null ? e : refusal;
      }
      at = end;
    }
    if (hold) {
      putBack(key, rest, filled.startNanos());
    }
    if (refusal != null) {
      throw refusal;
    }
  }

  /**
   * Puts the rest of a split batch back ahead of what its batcher holds, with the timer of its oldest item, so that
   * none waits longer than {@code timeout} for it.
   */
  private void putBack(List<List<String>> key, Batch rest, long since) {
    Batch compact = rest.compact();
    PendingBatch filled = null;
    boolean alone;
    synchronized (lock) {
      Shard shard = shards.get(key);
      alone = stopped || shard == null;
      if (!alone) {
        shard.pending.addFirst(compact, compact.bytes().length, since);
        if (isFull(shard.pending)) {
          filled = shard.take();
        } else {
          schedule(shard, Math.max(0, shard.pending.startNanos() + timeoutNanos - System.nanoTime()));
        }
      }
    }
    if (alone) {
      handOn.due(compact); // shutdown took what was held already
    } else if (filled != null) {
      handOnFilled(key, filled, 0);
    }
  }

  /** (Re)starts {@code shard}'s timer. Called with the lock held. */
  private void schedule(Shard shard, long delayNanos) {
    shard.cancelTimer();
    PendingBatch started = shard.pending;
    shard.timer = scheduler.schedule(() -> onTimeout(shard, started), delayNanos, TimeUnit.NANOSECONDS);
  }

  /** On the timer thread: hands on {@code started} if it is still what {@code shard} holds. */
  private void onTimeout(Shard shard, PendingBatch started) {
    PendingBatch due;
    synchronized (lock) {
      if (shard.pending != started || started.isEmpty()) {
        return; // it filled up and went on first
      }
      shard.timer = null;
      due = shard.take();
    }
    try (RequestContext.Scope ignored =
        RequestContext.EMPTY.withDeadlineIn(TIMER_HAND_ON_LIMIT.toNanos()).makeCurrent()) {
      handOn.due(due.merge(signal));
    } catch (RuntimeException e) {
      LOG.warn("processor {}: handing on a batch failed: {}", id, e.toString()); // due() counts; this is a bug
    }
  }

  private int batchers() {
    synchronized (lock) {
      return Math.max(1, shards.size());
    }
  }

  @Override
  public void start() {
    String unit = BatchHandOn.unit(signal);
    if (config.immediate()) {
      LOG.info("processor {}: timeout or send_batch_size is 0: {} go on as they come{}", id, unit,
          config.sendBatchMaxSize() > 0 ? ", in parts of at most " + config.sendBatchMaxSize() : "");
      return;
    }
    LOG.info("processor {}: {} go on in batches of {}{} or after {}{}; requests are put together without being"
        + " re-encoded, and a batch ends before 4 MiB", id, unit, config.sendBatchSize(),
        config.sendBatchMaxSize() > 0 ? " (split at " + config.sendBatchMaxSize() + ")" : "", config.timeout(),
        config.metadataKeys().isEmpty() ? "" : ", one batcher per distinct value of " + config.metadataKeys()
            + " (client metadata: the receiver needs include_metadata)");
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
   * longer), and counts what is refused as lost; then waits, within the same time, for a batch the timer thread is
   * handing on. Requests that arrive after this go on alone.
   */
  @Override
  public void shutdown(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<PendingBatch> left = new ArrayList<>();
    ScheduledThreadPoolExecutor s;
    synchronized (lock) {
      stopped = true;
      for (Shard shard : shards.values()) {
        if (!shard.pending.isEmpty()) {
          left.add(shard.take());
        }
        shard.cancelTimer();
      }
      s = scheduler;
    }
    if (s != null) {
      s.shutdown();
    }
    try (RequestContext.Scope ignored = RequestContext.EMPTY.withDeadlineIn(timeout.toNanos()).makeCurrent()) {
      for (PendingBatch batch : left) {
        handOn.atShutdown(batch.merge(signal));
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

  /**
   * Its lock is held only to add a request, never across a hand-on; the request that fills a batch hands it on
   * itself, so what the exporters may do is counted by the graph.
   */
  @Override
  public Capabilities capabilities() {
    return Capabilities.NEVER_BLOCKS;
  }

  @Override
  public String describe() {
    String unit = BatchHandOn.unit(signal);
    return config.immediate() ? "batch: none (timeout or send_batch_size is 0)"
        : "batch: " + config.sendBatchSize() + " " + unit + " or " + config.timeout();
  }
}
