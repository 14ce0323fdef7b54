package dev.relay.processor.batch;

import dev.relay.component.ComponentId;
import dev.relay.otlp.Signal;
import dev.relay.telemetry.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.IntSupplier;

/** A batch processor's meters, as the Collector's: send sizes, what triggered each send, and what was lost. */
final class BatchMeters {
  /** Why items were lost. */
  enum Loss {
    /** A consumer after the processor refused a merged batch whose clients had been answered already. */
    REFUSED("refused"),
    /** Shutdown could not hand them on before {@code shutdown_timeout}. */
    SHUTDOWN("shutdown");

    final String tag;

    Loss(String tag) {
      this.tag = tag;
    }
  }

  private final DistributionSummary sendSize;
  private final Counter sizeTriggered;
  private final Counter timeoutTriggered;
  private final Counter refused;
  private final Counter shutdown;

  BatchMeters(ComponentId id, Signal signal, MeterRegistry registry, IntSupplier batchers) {
    String processor = id.toString();
    sendSize = DistributionSummary.builder(Meters.BATCH_SEND_SIZE).tag("processor", processor)
        .description("Items in each batch handed on").register(registry);
    sizeTriggered = Meters.counter(registry, Meters.BATCH_SIZE_TRIGGER_SEND, "processor", processor);
    timeoutTriggered = Meters.counter(registry, Meters.BATCH_TIMEOUT_TRIGGER_SEND, "processor", processor);
    String dropped = Meters.forSignal(Meters.BATCH_DROPPED, signal);
    refused = Meters.counter(registry, dropped, "processor", processor, "reason", Loss.REFUSED.tag);
    shutdown = Meters.counter(registry, dropped, "processor", processor, "reason", Loss.SHUTDOWN.tag);
    // One batcher per distinct metadata_keys combination seen (one in all without metadata_keys).
    Gauge.builder(Meters.BATCH_METADATA_CARDINALITY, batchers::getAsInt).tag("processor", processor)
        .register(registry);
  }

  /** A batch of {@code items} was handed on, because it was full ({@code bySize}) or its time was up. */
  void sent(boolean bySize, int items) {
    sendSize.record(items);
    (bySize ? sizeTriggered : timeoutTriggered).increment();
  }

  void lost(Loss why, long items) {
    (why == Loss.REFUSED ? refused : shutdown).increment(items);
  }
}
