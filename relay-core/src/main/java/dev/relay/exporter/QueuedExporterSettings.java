package dev.relay.exporter;

import dev.relay.otlp.Signal;
import dev.relay.queue.PersistentQueue;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link QueuedExporter} does: its queue, batching, timeout and retry; checked when built. {@code
 * maxQueuedBytes} guards memory whatever the sizer counts. {@code storage}, when set, keeps the queue on disk.
 * Build one with {@link #builder()}, from an exporter's parsed {@link ExporterHelperSettings} ({@link
 * Builder#helper}) and what the exporter fixes for itself (signals, when-full policy, byte limit).
 */
public record QueuedExporterSettings(
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

  /** What a queue's size counts, as the Collector's {@code sending_queue.sizer}. */
  public enum Sizer {
    REQUESTS,
    ITEMS,
    BYTES;

    /** As written in the config and in messages: {@code requests}, {@code items}, {@code bytes}. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What to do when the queue is full. */
  public enum WhenFull {
    /** Refuse the batch with a retryable error, so the client sends it again later. */
    REJECT,
    /** Accept and drop the batch, counting it: for best-effort destinations. */
    DROP
  }

  public QueuedExporterSettings {
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

  /** A default memory guard for one exporter's queue: a quarter of the heap. */
  public static long defaultMaxQueuedBytes() {
    return Math.max(1 << 20, Runtime.getRuntime().maxMemory() / 4);
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

  /**
   * Builds {@link QueuedExporterSettings}. Defaults: 1000 requests, one consumer, refuse when full, default retry,
   * 5 s timeout, no waiting for a minimum batch, batches of up to 8192 spans, a quarter of the heap as the memory
   * guard.
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
     * Everything the user configures ({@code timeout}, {@code retry_on_failure}, {@code sending_queue}, {@code
     * batch}) at once. A batch {@code max_size} of 0 keeps this builder's span limit, unless a {@code min_size} is
     * given: then batches have no span limit, as in the Collector.
     */
    public Builder helper(ExporterHelperSettings helper) {
      ExporterHelperSettings.QueueSettings q = helper.queue();
      ExporterHelperSettings.BatchSettings b = helper.batch();
      int maxSpans = b.maxSize() > 0 ? b.maxSize() : b.minSize() > 0 ? Integer.MAX_VALUE : maxBatchSpans;
      return queue(q.sizer(), q.queueSize())
          .numConsumers(q.numConsumers())
          .blockOnOverflow(q.blockOnOverflow())
          .storage(q.storage())
          .queueEnabled(q.enabled())
          .retry(helper.retry())
          .timeout(helper.timeout())
          .batch(b.flushTimeout(), b.minSize(), maxSpans);
    }

    /**
     * {@code sending_queue.enabled}: false exports on the caller's thread, as the Collector does, and hands the
     * outcome back to the receiver (after the retries, within the caller's deadline).
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

    public QueuedExporterSettings build() {
      return new QueuedExporterSettings(sizer, queueSize, maxQueuedBytes, numConsumers, whenFull, blockOnOverflow,
          storage, retry, timeout, flushTimeout, minBatchSpans, maxBatchSpans, maxBatchBytes, signals, queueEnabled);
    }
  }
}
