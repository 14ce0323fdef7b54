package dev.relay.processor.memorylimiter;

import dev.relay.consumer.Capabilities;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.consumer.ConsumeException;
import dev.relay.component.LogsProcessor;
import dev.relay.otlp.Signal;
import dev.relay.component.MetricsProcessor;
import dev.relay.consumer.Consumers;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.Batch;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.telemetry.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses batches, with a retryable error, while the heap in use is at or above the soft limit
 * ({@code limit - spike}), as the Collector's memory_limiter does. One daemon thread measures every
 * {@code check_interval}; the hot path reads a volatile flag and does no per-span work.
 *
 * <p>"In use" is the heap used now while that is below the soft limit. At or above it, the heap used after the
 * last GC is taken instead (the smaller of the two): raw heap usage counts garbage the JVM has not collected yet,
 * and G1 routinely lets the young generation fill most of the heap, so floating garbage alone must not cause
 * refusals. When the raw usage reaches the hard limit, or refusing is about to begin, a GC is forced
 * ({@code System.gc()}, at most once every {@link #MIN_GC_INTERVAL}) and memory is measured again.
 */
final class MemoryLimiterProcessor implements TracesProcessor, LogsProcessor, MetricsProcessor {
  static final Duration MIN_GC_INTERVAL = Duration.ofSeconds(10);
  static final String REFUSED_MESSAGE = "data refused due to high memory usage";
  private static final Logger LOG = LoggerFactory.getLogger(MemoryLimiterProcessor.class);
  private static final ConsumeException REFUSED = ConsumeException.retryable(REFUSED_MESSAGE);
  private static final long MIB = MemoryLimiterConfig.MIB;

  private final ComponentId id;
  private final MemoryLimiterConfig config;
  private final Consumers next;
  private final MemoryReader memory;
  private final Runnable gc;
  private final LongSupplier nanoTime;
  private final LongSupplier totalMemory;
  private final Counter refused;
  private volatile boolean refusing;
  private MemoryLimiterConfig.Limits limits;
  private long lastGcNanos;
  private boolean gcDone;
  private ScheduledExecutorService scheduler;

  MemoryLimiterProcessor(ComponentId id, MemoryLimiterConfig config, Consumers next, TelemetrySettings telemetry) {
    this(id, config, next, telemetry, new JvmMemoryReader(), System::gc, System::nanoTime,
        Runtime.getRuntime()::maxMemory);
  }

  /** For tests: a traces processor, with memory readings, the GC, the clock and the max heap injected. */
  MemoryLimiterProcessor(ComponentId id, MemoryLimiterConfig config, TracesConsumer next,
      TelemetrySettings telemetry, MemoryReader memory, Runnable gc, LongSupplier nanoTime,
      LongSupplier totalMemory) {
    this(id, config, new Consumers(next, null, null), telemetry, memory, gc, nanoTime, totalMemory);
  }

  /** Memory readings, the GC, the clock and the max heap are injected; {@code next} has one signal's consumer. */
  MemoryLimiterProcessor(ComponentId id, MemoryLimiterConfig config, Consumers next,
      TelemetrySettings telemetry, MemoryReader memory, Runnable gc, LongSupplier nanoTime,
      LongSupplier totalMemory) {
    this.id = id;
    this.config = config;
    this.next = next;
    this.memory = memory;
    this.gc = gc;
    this.nanoTime = nanoTime;
    this.totalMemory = totalMemory;
    var registry = telemetry.meterRegistry();
    Signal signal = next.has(Signal.TRACES) ? Signal.TRACES : next.has(Signal.LOGS) ? Signal.LOGS : Signal.METRICS;
    this.refused = Meters.counter(registry, Meters.forSignal(Meters.MEMORY_LIMITER_REFUSED, signal), "processor",
        id.toString());
    Gauge.builder(Meters.MEMORY_LIMITER_REFUSING, this, p -> p.refusing ? 1 : 0)
        .tag("processor", id.toString()).register(registry);
    if (config.limitMib() > 0) {
      limits = config.limits(0);
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
    if (refusing) {
      refused.increment(batch.itemCount());
      throw REFUSED;
    }
    next.consume(batch);
  }

  /**
   * Resolves percentage limits against the max heap, measures once (so a relay started above its limit refuses
   * from its first request) and starts the measuring thread.
   */
  @Override
  public synchronized void start() {
    if (limits == null) {
      long total = totalMemory.getAsLong();
      if (total == Long.MAX_VALUE || total <= 0) {
        throw new IllegalStateException("processor " + id + ": the JVM reports no maximum heap size, so "
            + "limit_percentage has nothing to take a percentage of; set -Xmx or use limit_mib");
      }
      limits = config.limits(total);
    }
    LOG.info("processor {}: memory limit {} MiB, soft limit {} MiB, checked every {}", id, limits.hard() / MIB,
        limits.soft() / MIB, config.checkInterval());
    check();
    long every = config.checkInterval().toNanos();
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "relay-memory-limiter-" + id);
      t.setDaemon(true);
      return t;
    });
    scheduler.scheduleAtFixedRate(this::checkSafely, every, every, TimeUnit.NANOSECONDS);
  }

  @Override
  public synchronized void shutdown(Duration timeout) {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  private void checkSafely() {
    try {
      check();
    } catch (RuntimeException e) {
      LOG.warn("processor {}: memory check failed: {}", id, e.toString());
    }
  }

  /** One measurement: sets whether batches are refused until the next one. Called by one thread at a time. */
  synchronized void check() {
    long raw = memory.heapUsed();
    long inUse = inUse(raw);
    boolean refuse = inUse >= limits.soft();
    if ((raw >= limits.hard() || (refuse && !refusing)) && gcAllowed()) {
      LOG.info("processor {}: heap used {} MiB ({} MiB after the last GC), soft limit {} MiB, hard limit {} MiB;"
          + " forcing a GC", id, raw / MIB, inUse / MIB, limits.soft() / MIB, limits.hard() / MIB);
      gc.run();
      gcDone = true;
      lastGcNanos = nanoTime.getAsLong();
      raw = memory.heapUsed();
      inUse = inUse(raw);
      refuse = inUse >= limits.soft();
    }
    if (refuse && !refusing) {
      LOG.warn("processor {}: heap in use {} MiB is at or above the soft limit of {} MiB; refusing data", id,
          inUse / MIB, limits.soft() / MIB);
    } else if (!refuse && refusing) {
      LOG.info("processor {}: heap in use {} MiB is back below the soft limit of {} MiB; accepting data", id,
          inUse / MIB, limits.soft() / MIB);
    }
    refusing = refuse;
  }

  private long inUse(long raw) {
    if (raw < limits.soft()) {
      return raw;
    }
    long afterGc = memory.heapUsedAfterLastGc();
    return afterGc < 0 ? raw : Math.min(raw, afterGc);
  }

  private boolean gcAllowed() {
    return !gcDone || nanoTime.getAsLong() - lastGcNanos >= MIN_GC_INTERVAL.toNanos();
  }

  boolean refusing() {
    return refusing;
  }

  MemoryLimiterConfig.Limits limits() {
    return limits;
  }

  /** Refuses while memory is high (a volatile read); it never waits for memory to come back. */
  @Override
  public Capabilities capabilities() {
    return Capabilities.NEVER_BLOCKS;
  }

  @Override
  public String describe() {
    String limit = config.limitMib() > 0 ? config.limitMib() + " MiB" : config.limitPercentage() + "% of the heap";
    return "memory_limiter: limit " + limit + ", checked every " + config.checkInterval();
  }
}
