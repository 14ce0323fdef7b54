package dev.relay.exporter;

import dev.relay.component.ComponentId;
import dev.relay.component.Exporter;
import dev.relay.component.TelemetrySettings;
import dev.relay.consumer.Capabilities;
import dev.relay.consumer.ConsumeException;
import dev.relay.otlp.Batch;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.queue.ExportQueue;
import dev.relay.queue.PersistentQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * An exporter made of a bounded queue, consumer threads and a {@link BatchSender}: the one class an exporter's
 * factory builds. Receivers only ever enqueue ({@link QueueAdmission}), so a slow or dead destination never blocks
 * them or another exporter. Consumers ({@link QueueConsumer}) merge what has queued up ({@link Batcher}) into one
 * send and retry retryable failures with backoff ({@link RetryLoop}). Without a queue, the caller's thread sends
 * ({@link SyncExport}); with a sender that never waits, the caller sends while the queue is empty ({@link
 * CallerSends}). This class wires those parts and runs their life: start, drain, stop.
 */
public final class QueuedExporter implements Exporter {
  private final ComponentId id;
  private final BatchSender sender;
  private final QueuedExporterSettings settings;
  private final LongSupplier nanoTime;
  private final RunState state = new RunState();
  private final ExporterLog log = new ExporterLog();
  private final ExporterMeters meters;
  private final RetryLoop retry;
  private final QueueAdmission admission;
  private final SyncExport sync;
  private final CallerSends callerSends;
  private final List<Thread> workers = new ArrayList<>();
  private final List<Batcher> batchers = new ArrayList<>();
  private final Capabilities capabilities;

  private volatile ExportQueue<Batch> queue;

  public QueuedExporter(ComponentId id, BatchSender sender, QueuedExporterSettings settings,
      TelemetrySettings telemetry) {
    this(id, sender, settings, telemetry, Sleeper.SYSTEM, System::nanoTime);
  }

  /** With the sleeper and clock of the retry loop and the batcher injected, so tests need not really wait. */
  public QueuedExporter(
      ComponentId id,
      BatchSender sender,
      QueuedExporterSettings settings,
      TelemetrySettings telemetry,
      Sleeper sleeper,
      LongSupplier nanoTime) {
    this.id = Objects.requireNonNull(id, "id");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    Objects.requireNonNull(sleeper, "sleeper");
    this.meters = new ExporterMeters(id, settings, telemetry.meterRegistry(), () -> queue);
    this.retry = new RetryLoop(id, sender, settings, meters, state, log, sleeper, nanoTime);
    this.admission = new QueueAdmission(id, settings, meters, state, log, nanoTime);
    this.sync = new SyncExport(id, retry, state, nanoTime);
    this.callerSends = new CallerSends(sender, settings, retry, meters, state, () -> batchers.get(0).wake());
    this.capabilities = capabilities(settings);
  }

  /**
   * Only an in-memory queue that refuses or drops when full never blocks its caller. Without a queue the caller
   * sends ({@link SyncExport}); {@code block_on_overflow} waits for room; a persistent queue writes (and may fsync)
   * on the caller's thread.
   */
  static Capabilities capabilities(QueuedExporterSettings settings) {
    return Capabilities.of(!settings.queueEnabled() || settings.blockOnOverflow() || settings.storage() != null);
  }

  @Override
  public Capabilities capabilities() {
    return capabilities;
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
    if (!meters.exports(batch.signal())) {
      throw ConsumeException.permanent("exporter " + id + " does not export " + batch.signal().configName());
    }
    if (!settings.queueEnabled()) {
      sync.export(batch);
    } else if (!callerSends.trySend(batch)) {
      enqueue(batch);
    }
  }

  private void enqueue(Batch batch) {
    callerSends.queuing();
    boolean queued = false;
    try {
      queued = admission.admit(queue, batch);
    } finally {
      if (!queued) {
        callerSends.notQueued();
      }
    }
  }

  @Override
  public void start() throws Exception {
    if (!settings.queueEnabled()) {
      sender.start();
      state.markStarted();
      return;
    }
    ExportQueue<Batch> q = ExportQueues.open(id, settings);
    queue = q;
    try {
      sender.start();
    } catch (Exception e) {
      q.close();
      throw e;
    }
    for (int i = 0; i < settings.numConsumers(); i++) {
      Batcher batcher = new Batcher(q, settings, state, nanoTime);
      batchers.add(batcher);
      Thread t = new Thread(new QueueConsumer(q, batcher, retry, sender, callerSends, meters, state),
          "relay-exporter-" + id + "-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
    state.markStarted();
  }

  /**
   * Stops accepting, lets the consumers deliver what is queued until {@code timeout} runs out, then stops them and
   * counts what a memory queue could not deliver (a persistent queue keeps it for the next start).
   */
  @Override
  public void shutdown(Duration timeout) {
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    state.drainUntil(deadline);
    for (Batcher b : batchers) {
      b.wake();
    }
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
    state.stopNow();
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
    closeQueue();
    callerSends.lock(); // a caller still sending finishes first: the sender is used by one thread at a time
    try {
      sender.shutdown(Duration.ofNanos(Math.max(0, deadline - nanoTime.getAsLong())));
    } finally {
      callerSends.unlock();
    }
  }

  private void closeQueue() {
    ExportQueue<Batch> q = queue;
    if (q == null) {
      return;
    }
    long waiting = q instanceof PersistentQueue<?> pq ? pq.pending() : q.size();
    long left = 0;
    for (Batch b : q.close()) {
      left += b.itemCount();
      meters.dropped(b.signal(), DropReason.SHUTDOWN, b.itemCount());
    }
    if (left > 0) {
      log.plain().warn("exporter {}: shutdown timeout reached; {} queued items were not delivered", id, left);
    } else if (q.persistent() && waiting > 0) {
      log.plain().info("exporter {}: {} requests stay in the persistent queue and will be sent after the next start",
          id, waiting);
    }
  }

  @Override
  public void awaitReady(Duration timeout) {
    sender.awaitReady(timeout);
  }

  /** A persistent queue's directory is locked by one instance at a time. */
  @Override
  public boolean holdsExclusiveStorage() {
    return settings.queueEnabled() && settings.storage() != null;
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
}
