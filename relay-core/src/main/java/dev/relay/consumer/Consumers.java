package dev.relay.consumer;

import dev.relay.otlp.Signal;
import dev.relay.otlp.Batch;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.TracesBatch;

/**
 * What a receiver feeds, per signal: null for a signal no pipeline of the receiver carries (the receiver then
 * answers that signal as unimplemented).
 */
public record Consumers(TracesConsumer traces, LogsConsumer logs, MetricsConsumer metrics) {
  public boolean has(Signal signal) {
    return switch (signal) {
      case TRACES -> traces != null;
      case LOGS -> logs != null;
      case METRICS -> metrics != null;
    };
  }

  /** What calling the consumer of {@code signal}, which must exist, may do to the caller ({@link Capabilities}). */
  public Capabilities capabilities(Signal signal) {
    return switch (signal) {
      case TRACES -> traces.capabilities();
      case LOGS -> logs.capabilities();
      case METRICS -> metrics.capabilities();
    };
  }

  /** Hands {@code batch} to the consumer of its signal, which must exist. */
  public void consume(Batch batch) {
    if (batch instanceof TracesBatch t) {
      traces.consumeTraces(t);
    } else if (batch instanceof LogsBatch l) {
      logs.consumeLogs(l);
    } else {
      metrics.consumeMetrics((MetricsBatch) batch);
    }
  }
}
