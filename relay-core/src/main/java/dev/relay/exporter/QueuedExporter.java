package dev.relay.exporter;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.Exporter;
import dev.relay.component.Signal;
import dev.relay.consumer.ConsumeException;
import dev.relay.otlp.Batch;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.queue.ExportQueue;
import dev.relay.queue.MemoryQueue;
import dev.relay.queue.PersistentQueue;
import dev.relay.queue.QueueEntry;
import dev.relay.telemetry.Meters;
import dev.relay.telemetry.ThrottlingLogger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exporter made of a bounded queue, consumer threads and a {@link BatchSender}. Receivers only ever enqueue, so a
 * slow or dead destination never blocks them or another exporter. Consumers merge what has queued up (within the
 * batch limits) into one send, and retry retryable failures with backoff.
 */
public final class QueuedExporter implements Exporter {
  private static final Logger LOG = LoggerFactory.getLogger(QueuedExporter.class);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long BLOCK_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  /** The longest a receiving call waits for space with {@code block_on_overflow}. */
  static final long MAX_BLOCK_NANOS = TimeUnit.SECONDS.toNanos(30);

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

  /** Why spans were dropped after they were accepted, as the {@code reason} tag of the dropped counter. */
  public enum DropReason {
    /** The queue was full and the exporter drops rather than refuses ({@link WhenFull#DROP}). */
    QUEUE_FULL,
    /** The destination refused the data with a permanent error. */
    PERMANENT_ERROR,
    /** A retryable failure, with {@code retry_on_failure.enabled: false}. */
    RETRY_DISABLED,
    /** Still failing when {@code retry_on_failure.max_elapsed_time} ran out. */
    RETRIES_EXHAUSTED,
    /** Undelivered when {@code service.shutdown_timeout} ran out (memory queues only). */
    SHUTDOWN,
    /** A bug; logged. */
    UNEXPECTED_ERROR;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Queue, batching, timeout and retry settings; checked when built. {@code maxQueuedBytes} guards memory whatever
   * the sizer counts. {@code storage}, when set, keeps the queue on disk.
   */
  public record Settings(
      Sizer sizer,
      long queueSize,
      long maxQueuedBytes,
      int numConsumers,
      WhenFull whenFull,
      boolean blockOnOverflow,
      PersistentQueue.Settings storage,
      RetryPolicy retry,
      Duration timeout,
      Duration flushTimeout,
      int minBatchSpans,
      int maxBatchSpans,
      int maxBatchBytes,
      Set<Signal> signals,
      boolean queueEnabled) {
    public Settings {
      if (!queueEnabled && storage != null) {
        throw new IllegalArgumentException("a persistent queue needs the queue enabled");
      }
      if (signals == null || signals.isEmpty()) {
        throw new IllegalArgumentException("an exporter exports at least one signal");
      }
      signals = Set.copyOf(signals);
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
      if (flushTimeout == null || flushTimeout.isNegative()) {
        throw new IllegalArgumentException("flush_timeout must not be negative");
      }
      if (maxBatchSpans < 1) {
        throw new IllegalArgumentException("max_size must be at least 1");
      }
      if (minBatchSpans < 0 || minBatchSpans > maxBatchSpans) {
        throw new IllegalArgumentException("min_size must be between 0 and max_size (" + maxBatchSpans + ")");
      }
      if (maxBatchBytes < 0) {
        throw new IllegalArgumentException("maxBatchBytes must not be negative");
      }
    }

    public static Builder builder() {
      return new Builder();
    }

    public Builder toBuilder() {
      Builder b = new Builder();
      b.sizer = sizer;
      b.queueSize = queueSize;
      b.maxQueuedBytes = maxQueuedBytes;
      b.numConsumers = numConsumers;
      b.whenFull = whenFull;
      b.blockOnOverflow = blockOnOverflow;
      b.storage = storage;
      b.retry = retry;
      b.timeout = timeout;
      b.flushTimeout = flushTimeout;
      b.minBatchSpans = minBatchSpans;
      b.maxBatchSpans = maxBatchSpans;
      b.maxBatchBytes = maxBatchBytes;
      b.signals = signals;
      b.queueEnabled = queueEnabled;
      return b;
    }
  }

  /**
   * Builds {@link Settings}. Defaults: 1000 requests, one consumer, refuse when full, default retry, 5 s timeout,
   * no waiting for a minimum batch, batches of up to 8192 spans, a quarter of the heap as the memory guard.
   */
  public static final class Builder {
    private Sizer sizer = Sizer.REQUESTS;
    private long queueSize = 1000;
    private long maxQueuedBytes = defaultMaxQueuedBytes();
    private int numConsumers = 1;
    private WhenFull whenFull = WhenFull.REJECT;
    private boolean blockOnOverflow;
    private PersistentQueue.Settings storage;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private Duration timeout = Duration.ofSeconds(5);
    private Duration flushTimeout = Duration.ofMillis(200);
    private int minBatchSpans;
    private int maxBatchSpans = 8192;
    private int maxBatchBytes;
    private Set<Signal> signals = Set.of(Signal.TRACES);
    private boolean queueEnabled = true;

    private Builder() {}

    /**
     * {@code sending_queue.enabled}: false exports on the caller's thread, as the Collector does, and hands the
     * outcome back to the receiver (after the retries, within the client's gRPC deadline).
     */
    public Builder queueEnabled(boolean queueEnabled) {
      this.queueEnabled = queueEnabled;
      return this;
    }

    /** The signals the exporter takes; meters are created for these. */
    public Builder signals(Set<Signal> signals) {
      this.signals = signals;
      return this;
    }

    public Builder queue(Sizer sizer, long queueSize) {
      this.sizer = sizer;
      this.queueSize = queueSize;
      return this;
    }

    public Builder maxQueuedBytes(long maxQueuedBytes) {
      this.maxQueuedBytes = maxQueuedBytes;
      return this;
    }

    public Builder numConsumers(int numConsumers) {
      this.numConsumers = numConsumers;
      return this;
    }

    public Builder whenFull(WhenFull whenFull) {
      this.whenFull = whenFull;
      return this;
    }

    public Builder blockOnOverflow(boolean blockOnOverflow) {
      this.blockOnOverflow = blockOnOverflow;
      return this;
    }

    public Builder storage(PersistentQueue.Settings storage) {
      this.storage = storage;
      return this;
    }

    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** {@code min_size} and {@code max_size} in spans; {@code flush_timeout} is how long to wait for min_size. */
    public Builder batch(Duration flushTimeout, int minBatchSpans, int maxBatchSpans) {
      this.flushTimeout = flushTimeout;
      this.minBatchSpans = minBatchSpans;
      this.maxBatchSpans = maxBatchSpans;
      return this;
    }

    public Builder maxBatchBytes(int maxBatchBytes) {
      this.maxBatchBytes = maxBatchBytes;
      return this;
    }

    public Settings build() {
      return new Settings(sizer, queueSize, maxQueuedBytes, numConsumers, whenFull, blockOnOverflow, storage, retry,
          timeout, flushTimeout, minBatchSpans, maxBatchSpans, maxBatchBytes, signals, queueEnabled);
    }
  }

  private final ComponentId id;
  private final BatchSender sender;
  private final Settings settings;
  private final ToLongFunction<Batch> weigher;
  private final Sleeper sleeper;
  private final LongSupplier nanoTime;
  private final ThrottlingLogger throttled;
  private final List<Thread> workers = new ArrayList<>();
  private final Counter retries;
  private final Map<Signal, SignalMeters> meters = new EnumMap<>(Signal.class);

  private volatile ExportQueue<Batch> queue;
  private volatile boolean accepting = true;
  private volatile boolean started;
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
    this.weigher = switch (settings.sizer()) {
      case REQUESTS -> b -> 1;
      case ITEMS -> Batch::itemCount;
      case BYTES -> b -> b.bytes().length;
    };
    this.throttled = new ThrottlingLogger(LOG);
    var registry = telemetry.meterRegistry();
    String tag = id.toString();
    this.retries = Meters.counter(registry, Meters.EXPORTER_RETRIES, "exporter", tag);
    for (Signal signal : settings.signals()) {
      meters.put(signal, new SignalMeters(registry, signal, tag));
    }
    // Both in the sizer's unit (requests, items or bytes), so that size / capacity is the fill ratio.
    Gauge.builder(Meters.EXPORTER_QUEUE_SIZE, this, e -> e.queue == null ? 0 : e.queue.used()).tag("exporter", tag)
        .register(registry);
    Gauge.builder(Meters.EXPORTER_QUEUE_CAPACITY, settings, Settings::queueSize).tag("exporter", tag)
        .register(registry);
    if (settings.storage() != null) {
      Gauge.builder(Meters.EXPORTER_QUEUE_DISK_BYTES, this,
              e -> e.queue instanceof PersistentQueue<?> pq ? pq.diskBytes() : 0)
          .tag("exporter", tag).baseUnit("bytes").register(registry);
      FunctionCounter.builder(Meters.EXPORTER_QUEUE_CORRUPT_RECORDS, this,
              e -> e.queue instanceof PersistentQueue<?> pq ? pq.corruptRecords() : 0)
          .tag("exporter", tag).register(registry);
    }
  }

  /** Where this exporter's persistent queue lives: its own directory under the configured one. */
  public static Path storageDirectory(Path configured, ComponentId id) {
    return configured.resolve(id.toString().replaceAll("[^A-Za-z0-9_.-]", "_"));
  }

  /** The meters of one signal, created once: sent, failed and dropped spans (or log records, or data points). */
  private static final class SignalMeters {
    final Counter sent;
    final Counter sendFailed;
    final Counter enqueueFailed;
    final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);

    SignalMeters(io.micrometer.core.instrument.MeterRegistry registry, Signal signal, String tag) {
      sent = Meters.counter(registry, Meters.forSignal(Meters.EXPORTER_SENT, signal), "exporter", tag);
      sendFailed = Meters.counter(registry, Meters.forSignal(Meters.EXPORTER_SEND_FAILED, signal), "exporter", tag);
      enqueueFailed =
          Meters.counter(registry, Meters.forSignal(Meters.EXPORTER_ENQUEUE_FAILED, signal), "exporter", tag);
      for (DropReason reason : DropReason.values()) {
        dropped.put(reason, Meters.counter(registry, Meters.forSignal(Meters.EXPORTER_DROPPED, signal),
            "exporter", tag, "reason", reason.tag()));
      }
    }
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
    SignalMeters m = meters.get(batch.signal());
    if (m == null) {
      throw ConsumeException.permanent("exporter " + id + " does not export " + batch.signal().configName());
    }
    if (!settings.queueEnabled()) {
      exportNow(batch);
      return;
    }
    ExportQueue<Batch> q = queue;
    if (!accepting || q == null) {
      throw ConsumeException.retryable("exporter " + id + " is " + (q == null ? "not started" : "shutting down"));
    }
    Batch compact = batch.compact();
    if (q.offer(compact)) {
      return;
    }
    if (settings.blockOnOverflow()) {
      // Backpressure by waiting: rare and per request, so a short park beats a signal on every take. The wait
      // ends with the client's gRPC deadline (after which it sends again anyway) and is never longer than
      // MAX_BLOCK_NANOS, so that a queue that stays full (a dead destination, a full disk) cannot hold every
      // receiver thread.
      io.grpc.Context call = io.grpc.Context.current();
      long until = nanoTime.getAsLong() + Math.min(MAX_BLOCK_NANOS, callTimeLeftNanos());
      while (accepting && !Thread.currentThread().isInterrupted() && !call.isCancelled()
          && nanoTime.getAsLong() < until) {
        LockSupport.parkNanos(BLOCK_PARK_NANOS);
        if (q.offer(compact)) {
          return;
        }
      }
    }
    m.enqueueFailed.increment(batch.itemCount());
    String why = q.persistent()
        ? "persistent queue is full (" + settings.queueSize() + " " + sizerUnit() + ", or its max_size_mib on disk)"
        : "sending queue is full (" + settings.queueSize() + " " + sizerUnit() + ", or its memory guard of "
            + settings.maxQueuedBytes() + " bytes)";
    if (settings.whenFull() == WhenFull.REJECT) {
      throw ConsumeException.retryable("exporter " + id + ": " + why);
    }
    m.dropped.get(DropReason.QUEUE_FULL).increment(batch.itemCount());
    throttled.warn("exporter " + id + ": " + why + "; dropping " + batch.itemCount() + " " + unit(batch.signal()));
  }

  /**
   * Without a queue: sends on the caller's thread, retrying as configured but never past the client's gRPC
   * deadline, and reports the outcome as the Collector does: delivered, or a permanent or retryable failure.
   */
  private void exportNow(Batch batch) {
    if (!accepting || !started) {
      throw ConsumeException.retryable("exporter " + id + " is " + (started ? "shutting down" : "not started"));
    }
    long left = callTimeLeftNanos();
    long deadline = left == Long.MAX_VALUE ? drainDeadline : Math.min(drainDeadline, nanoTime.getAsLong() + left);
    Outcome outcome;
    try {
      outcome = attempt(List.of(new QueueEntry<>(batch.compact(), 0)), batch.itemCount(), deadline);
    } catch (RuntimeException | StackOverflowError e) {
      drop(batch.signal(), DropReason.UNEXPECTED_ERROR, batch.itemCount());
      throttled.error("exporter " + id + ": dropping " + batch.itemCount() + " " + unit(batch.signal())
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

  /** What is left of the receiving gRPC call's deadline, or Long.MAX_VALUE when it has none (or is not gRPC). */
  private static long callTimeLeftNanos() {
    io.grpc.Deadline deadline = io.grpc.Context.current().getDeadline();
    return deadline == null ? Long.MAX_VALUE : deadline.timeRemaining(TimeUnit.NANOSECONDS);
  }

  private String sizerUnit() {
    return settings.sizer().name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public void start() throws Exception {
    if (!settings.queueEnabled()) {
      sender.start();
      started = true;
      return;
    }
    if (settings.storage() != null) {
      PersistentQueue.Settings st = settings.storage();
      Path dir = storageDirectory(st.directory(), id);
      try {
        queue = new PersistentQueue<>(
            new PersistentQueue.Settings(dir, st.fsync(), st.fsyncInterval(), st.maxBytes(), st.segmentBytes()),
            BatchCodec.INSTANCE, settings.queueSize(), weigher);
      } catch (IOException e) {
        throw new IOException("exporter " + id + " cannot open its persistent queue in " + dir + ": " + e.getMessage(),
            e);
      }
    } else {
      // Queued batches are compacted to their bytes, so bytes().length is what they hold in memory.
      queue = new MemoryQueue<>(settings.queueSize(), weigher, settings.maxQueuedBytes(), b -> b.bytes().length);
    }
    try {
      sender.start();
    } catch (Exception e) {
      queue.close();
      throw e;
    }
    for (int i = 0; i < settings.numConsumers(); i++) {
      Thread t = new Thread(this::work, "relay-exporter-" + id + "-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
    started = true;
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
    ExportQueue<Batch> q = queue;
    if (q != null) {
      long waiting = q instanceof PersistentQueue<?> pq ? pq.pending() : q.size();
      long left = 0;
      for (Batch b : q.close()) {
        left += b.itemCount();
        drop(b.signal(), DropReason.SHUTDOWN, b.itemCount());
      }
      if (left > 0) {
        LOG.warn("exporter {}: shutdown timeout reached; {} queued items were not delivered", id, left);
      } else if (q.persistent() && waiting > 0) {
        LOG.info("exporter {}: {} requests stay in the persistent queue and will be sent after the next start", id,
            waiting);
      }
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

  /** Requests waiting in the queue (for tests and the admin view). */
  public int queuedRequests() {
    ExportQueue<Batch> q = queue;
    return q == null ? 0 : q.size();
  }

  private void drop(Signal signal, DropReason reason, long items) {
    SignalMeters m = meters.get(signal);
    m.sendFailed.increment(items);
    m.dropped.get(reason).increment(items);
  }

  private static String unit(Signal signal) {
    return switch (signal) {
      case TRACES -> "spans";
      case LOGS -> "log records";
      case METRICS -> "data points";
    };
  }

  /** What became of an attempt to deliver some queued entries. */
  private enum Outcome {
    /** Delivered. */
    SENT,
    /** Dropped for good (and counted) after a permanent failure: what a synchronous export reports as permanent. */
    DROPPED_PERMANENT,
    /** Dropped (and counted) after retryable failures: what a synchronous export reports as retryable. */
    DROPPED_RETRYABLE,
    /** A merged send failed permanently: send the entries one by one. */
    SPLIT,
    /** Given up because the exporter is stopping: a persistent queue keeps the entries. */
    ABANDONED
  }

  private void work() {
    ExportQueue<Batch> q = queue;
    List<QueueEntry<Batch>> pending = new ArrayList<>();
    QueueEntry<Batch> carry = null;
    while (!stopNow) {
      QueueEntry<Batch> first;
      try {
        first = carry != null ? carry : q.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
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
      int spans = first.item().itemCount();
      Signal signal = first.item().signal();
      long bytes = settings.maxBatchBytes() > 0 ? first.item().bytes().length : 0;
      long flushAt = nanoTime.getAsLong() + settings.flushTimeout().toNanos();
      while (spans < settings.maxBatchSpans()) {
        QueueEntry<Batch> next = q.poll();
        if (next == null && spans < settings.minBatchSpans() && accepting) {
          long wait = flushAt - nanoTime.getAsLong();
          if (wait > 0) {
            try {
              next = q.poll(wait, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        }
        if (next == null) {
          break;
        }
        long nextBytes = settings.maxBatchBytes() > 0 ? next.item().bytes().length : 0;
        if (next.item().signal() != signal || spans + next.item().itemCount() > settings.maxBatchSpans()
            || (settings.maxBatchBytes() > 0 && bytes + nextBytes > settings.maxBatchBytes())) {
          carry = next;
          break;
        }
        pending.add(next);
        spans += next.item().itemCount();
        bytes += nextBytes;
      }
      deliver(q, pending, spans);
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    if (carry != null && !q.persistent()) {
      drop(carry.item().signal(), DropReason.SHUTDOWN, carry.item().itemCount());
    }
  }

  private void deliver(ExportQueue<Batch> q, List<QueueEntry<Batch>> entries, int spans) {
    Signal signal = entries.get(0).item().signal();
    Outcome outcome;
    try {
      outcome = attempt(entries, spans, drainDeadline);
    } catch (RuntimeException | StackOverflowError e) {
      // A bug must cost this batch, not the consumer thread: the queue would stop draining for good.
      drop(signal, DropReason.UNEXPECTED_ERROR, spans);
      throttled.error("exporter " + id + ": dropping " + spans + " " + unit(signal) + " after an unexpected error: "
          + e);
      outcome = Outcome.DROPPED_RETRYABLE;
    }
    if (outcome == Outcome.SPLIT) {
      // One client's bad request must not cost the others theirs: send the merged batches one by one.
      for (QueueEntry<Batch> e : List.copyOf(entries)) {
        deliver(q, List.of(e), e.item().itemCount());
      }
      return;
    }
    if (outcome == Outcome.ABANDONED) {
      if (q.persistent()) {
        return; // not done: sent again after the next start
      }
      drop(signal, DropReason.SHUTDOWN, spans);
    }
    for (QueueEntry<Batch> e : entries) {
      q.done(e);
    }
  }

  private Outcome attempt(List<QueueEntry<Batch>> entries, int spans, long deadline) {
    List<Batch> batches = new ArrayList<>(entries.size());
    for (QueueEntry<Batch> e : entries) {
      batches.add(e.item());
    }
    Signal signal = batches.get(0).signal();
    SignalMeters m = meters.get(signal);
    String what = spans + " " + unit(signal);
    long start = nanoTime.getAsLong();
    RetryPolicy retry = settings.retry();
    for (int attempt = 1; ; attempt++) {
      ExportException failure;
      try {
        sender.send(batches, settings.timeout())
            .get(settings.timeout().toNanos() * 2 + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        m.sent.increment(spans);
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
        drop(signal, failure.retryable() ? DropReason.RETRY_DISABLED : DropReason.PERMANENT_ERROR, spans);
        throttled.warn("exporter " + id + ": dropping " + what + " after a "
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
        drop(signal, DropReason.RETRIES_EXHAUSTED, spans);
        throttled.warn("exporter " + id + ": dropping " + what + " after " + attempt
            + " attempts (max_elapsed_time reached): " + failure.getMessage());
        return Outcome.DROPPED_RETRYABLE;
      }
      if (stopNow || now + wait > deadline) {
        throttled.warn("exporter " + id + ": giving up on " + what + " after " + attempt
            + " attempts (shutting down): " + failure.getMessage());
        return Outcome.ABANDONED;
      }
      throttled.warn("exporter " + id + ": send failed, retrying in " + TimeUnit.NANOSECONDS.toMillis(wait)
          + " ms: " + failure.getMessage());
      retries.increment();
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.ABANDONED;
      }
    }
  }
}
