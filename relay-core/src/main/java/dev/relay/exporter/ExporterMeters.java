package dev.relay.exporter;

import dev.relay.component.ComponentId;
import dev.relay.otlp.Signal;
import dev.relay.otlp.Batch;
import dev.relay.queue.ExportQueue;
import dev.relay.queue.PersistentQueue;
import dev.relay.telemetry.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every meter of one exporter, created once, when the exporter is: items sent, failed and dropped (by reason) per
 * signal it exports, retries, and its queue's fill, capacity and (on disk) size and corrupt records.
 */
final class ExporterMeters {
  private final Counter retries;
  private final Map<Signal, SignalMeters> bySignal = new EnumMap<>(Signal.class);
  /** The exporter's queue, null until it starts; held here, as micrometer holds a gauge's object weakly. */
  private final Supplier<ExportQueue<Batch>> queue;

  ExporterMeters(ComponentId id, QueuedExporterSettings settings, MeterRegistry registry,
      Supplier<ExportQueue<Batch>> queue) {
    this.queue = queue;
    String tag = id.toString();
    this.retries = Meters.counter(registry, Meters.EXPORTER_RETRIES, "exporter", tag);
    for (Signal signal : settings.signals()) {
      bySignal.put(signal, new SignalMeters(registry, signal, tag));
    }
    // Both in the sizer's unit (requests, items or bytes), so that size / capacity is the fill ratio.
    Gauge.builder(Meters.EXPORTER_QUEUE_SIZE, this, ExporterMeters::queueUsed).tag("exporter", tag)
        .register(registry);
    Gauge.builder(Meters.EXPORTER_QUEUE_CAPACITY, settings, QueuedExporterSettings::queueSize).tag("exporter", tag)
        .register(registry);
    if (settings.storage() != null) {
      Gauge.builder(Meters.EXPORTER_QUEUE_DISK_BYTES, this,
              m -> m.queue.get() instanceof PersistentQueue<?> pq ? pq.diskBytes() : 0)
          .tag("exporter", tag).baseUnit("bytes").register(registry);
      FunctionCounter.builder(Meters.EXPORTER_QUEUE_CORRUPT_RECORDS, this,
              m -> m.queue.get() instanceof PersistentQueue<?> pq ? pq.corruptRecords() : 0)
          .tag("exporter", tag).register(registry);
    }
  }

  private double queueUsed() {
    ExportQueue<Batch> q = queue.get();
    return q == null ? 0 : q.used();
  }

  /** Whether the exporter takes {@code signal} (it has meters for it). */
  boolean exports(Signal signal) {
    return bySignal.containsKey(signal);
  }

  void sent(Signal signal, long items) {
    bySignal.get(signal).sent.increment(items);
  }

  /** Items the queue could not take: refused, or dropped if the exporter drops when full. */
  void enqueueFailed(Signal signal, long items) {
    bySignal.get(signal).enqueueFailed.increment(items);
  }

  /** Items accepted but never delivered: a failed send, and a drop for {@code reason}. */
  void dropped(Signal signal, DropReason reason, long items) {
    SignalMeters m = bySignal.get(signal);
    m.sendFailed.increment(items);
    m.dropped.get(reason).increment(items);
  }

  /** Items the queue could not take, dropped rather than refused: not a failed send, as none was tried. */
  void droppedWhenFull(Signal signal, long items) {
    bySignal.get(signal).dropped.get(DropReason.QUEUE_FULL).increment(items);
  }

  void retried() {
    retries.increment();
  }

  /** The meters of one signal: sent, failed and dropped spans (or log records, or data points). */
  private static final class SignalMeters {
    final Counter sent;
    final Counter sendFailed;
    final Counter enqueueFailed;
    final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);

    SignalMeters(MeterRegistry registry, Signal signal, String tag) {
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
}
